"""warclaims.lint and the commands that show span hygiene: `validate` (warnings, --strict) and
`ls lint` (per annotator and task, --annotator, --json, --strict).

Records are the hand-made seed example (tests/data) with sloppy spans added (synthetic edits).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from warclaims.cli import cli
from warclaims.lint import context, read_reports, render, select, summary
from warclaims.validate import validate_path_hygiene

DATA = Path(__file__).parent / "data"
EXPORT = Path(__file__).parent / "labelstudio" / "data" / "small_export.json"


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def sloppy(annotator: str = "agent-first-01@warclaims.example") -> dict[str, Any]:
    """The seed example with "Homs\\n" (trailing newline) added as a second entity on Homs."""
    doc = json.loads((DATA / "seed-example.json").read_text(encoding="utf-8"))
    first = doc["entities"][0]
    end = first["end"] + 1
    assert doc["text"][first["start"]:end] == "Homs\n"
    doc["entities"].append({**first, "id": "e-sloppy", "end": end, "text": "Homs\n"})
    doc["meta"]["annotation"]["annotators"] = [annotator]
    return doc


def write(tmp_path: Path, *docs: dict[str, Any]) -> Path:
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def test_hygiene_findings_are_located_at_the_record_line(tmp_path: Path) -> None:
    clean = json.loads((DATA / "seed-example.json").read_text(encoding="utf-8"))
    path = write(tmp_path, clean, sloppy())
    found = [p for _, _, located in validate_path_hygiene(path, prefix="warning: ") for p in located]
    assert [(p.line, p.path) for p in found] == [(2, f"$.entities[{len(clean['entities'])}]")] * 2
    assert [p.message.split("]")[0] for p in found] == ["warning: [whitespace", "warning: [overlap"]


def test_validate_warns_and_strict_fails(tmp_path: Path) -> None:
    path = write(tmp_path, sloppy())
    r = run("validate", str(path))
    assert r.exit_code == 0 and "warning: [whitespace] span ends with whitespace" in r.output
    assert "2 span-hygiene warning(s)" in r.output
    r = run("validate", str(path), "--json")
    report = json.loads(r.stdout)
    assert r.exit_code == 0 and report["summary"]["warnings"] == 2 and report["problems"] == []
    assert report["summary"]["hygiene_by_kind"]["overlap"] == 1
    r = run("validate", str(path), "--strict", "--json")
    report = json.loads(r.stdout)
    assert r.exit_code == 1 and report["summary"]["problems"] == 2 and report["warnings"] == []
    assert {p["line"] for p in report["problems"]} == {1} and report["problems"][0]["path"].startswith("$.entities[")


def test_validate_clean_file_has_no_warnings() -> None:
    r = run("validate", str(DATA / "seed-example.json"), "--strict")
    assert r.exit_code == 0 and "span-hygiene" not in r.output and r.output.startswith("OK: 1 record(s)")


def test_reports_from_an_export_name_annotator_task_and_pass() -> None:
    reports, problems = read_reports(EXPORT)
    assert problems == [] and len(reports) == 3
    flagged = [r for r in reports if r.findings]
    assert [(r.doc_id, r.task_id, r.pass_, r.annotators) for r in flagged] == [("synthetic-small-2", 12, "adjudicated", ("3",))]
    assert flagged[0].findings[0].kind == "overlap"


def test_select_and_render(tmp_path: Path) -> None:
    reports, _ = read_reports(write(tmp_path, sloppy("a@x.org"), sloppy("b@x.org")))
    mine = select(reports, ["A@x.org"])
    assert [r.annotators for r in mine] == [("a@x.org",)]
    text = render(mine)
    assert text.splitlines()[0] == "a@x.org: 1 annotation(s), 1 with findings, 2 finding(s)"
    assert "[Homs⏎]" in text and "b@x.org" not in text
    assert summary(mine)["by_kind"]["whitespace"] == 1


def test_context_marks_the_span() -> None:
    assert context("advance on Homs\nwhile", 11, 16, width=5) == "…e on [Homs⏎]while"
    assert context("x", None, None) is None


def test_ls_lint_filters_by_annotator_and_prints_json(tmp_path: Path) -> None:
    path = write(tmp_path, sloppy("a@x.org"), sloppy("b@x.org"))
    r = run("ls", "lint", str(path), "--annotator", "b@x.org", "--json")
    report = json.loads(r.stdout)
    assert r.exit_code == 0 and report["summary"]["annotations"] == 1 and report["summary"]["findings"] == 2
    task = report["tasks"][0]
    assert task["annotators"] == ["b@x.org"] and task["findings"][0]["context"].endswith("[Homs⏎]⏎Jihadist forces are advancing…")
    r = run("ls", "lint", str(path), "--strict")
    assert r.exit_code == 1 and "a@x.org: 1 annotation(s), 1 with findings" in r.output
    r = run("ls", "lint", str(path), "--annotator", "nobody@x.org")
    assert r.exit_code == 0 and "no annotations by nobody@x.org" in r.output


def test_ls_lint_reports_unreadable_records(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "text": "t"}\n[1, 2]\nnot json\n', encoding="utf-8")
    r = run("ls", "lint", str(path), "--json")
    report = json.loads(r.stdout)
    assert r.exit_code == 1 and report["summary"]["unreadable"] >= 1 and report["summary"]["annotations"] == 1


def test_jsonl_fast_pass_finds_what_the_full_check_finds(tmp_path: Path) -> None:
    """validate_path_hygiene skips lines quick_clean passes; the result equals checking every record in full."""
    from warclaims.hygiene import check_record
    from warclaims.problems import Problem
    from warclaims.readers import iter_records

    clean = json.loads((DATA / "seed-example.json").read_text(encoding="utf-8"))
    shuffled = json.loads(json.dumps(clean))
    shuffled["entities"].reverse()
    abbreviation = json.loads(json.dumps(clean))
    abbreviation["text"] = "The U.S. said so."
    abbreviation["entities"] = [{"id": "e1", "start": 4, "end": 8, "text": "U.S.", "type": "GPE"}]
    path = write(tmp_path, clean, sloppy(), shuffled, abbreviation, {"id": "x", "text": 3}, {"text": "ab", "entities": [{"start": 1.0, "end": 2}]})
    with path.open("a", encoding="utf-8") as f:
        f.write("not json\n")
    full = [f.located(str(path), r.line) for r in iter_records(path) if not isinstance(r, Problem) for f in check_record(r.value)]
    assert [p for _, _, located in validate_path_hygiene(path) for p in located] == full and len(full) == 2
    assert [p for _, _, located in validate_path_hygiene(path, hygiene=False) for p in located] == []


def test_ls_lint_export_with_an_unusable_recorded_config_is_an_input_error(tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    export.write_bytes(EXPORT.read_bytes())
    (tmp_path / "MANIFEST.json").write_text(json.dumps({"exports": [{"file": "export.json", "label_config": "<View><oops"}]}),
                                            encoding="utf-8")
    r = run("ls", "lint", str(export))
    assert r.exit_code == 1 and "not well-formed XML" in r.output and "Traceback" not in r.output
