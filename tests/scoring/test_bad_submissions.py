"""A catalogue of bad submissions: each gives a located message, exit 1 and no traceback."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from warclaims.cli import cli

from .synth import as_submission, random_document

SEED = json.loads((Path(__file__).resolve().parent.parent / "data" / "seed-example.json").read_text(encoding="utf-8"))
OTHER = random_document(random.Random(11), "synthetic-11")
GOLD = [SEED, OTHER]


def line(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode() + b"\n"


def good(doc: dict[str, Any]) -> dict[str, Any]:
    return as_submission(doc)


def with_(layer: str, index: int, **changes: Any) -> dict[str, Any]:
    sub = good(SEED)
    sub[layer] = [dict(x) for x in sub[layer]]
    sub[layer][index].update(changes)
    return sub


OK_OTHER = line(good(OTHER))
E0 = SEED["entities"][0]

# name -> (submission bytes, expected line, expected JSON path, message fragment)
CATALOGUE: dict[str, tuple[bytes, int, str, str]] = {
    "malformed JSON": (b'{"id": "seed-homs-2024", "entities": [\n' + OK_OTHER, 1, "$", "invalid JSON"),
    "empty file": (b"", 0, "$", "file is empty"),
    "not an object": (b"[1, 2]\n" + OK_OTHER, 1, "$", "expected a JSON object, got array"),
    "blank line": (line(good(SEED)) + b"\n" + OK_OTHER, 2, "$", "empty line"),
    "byte-order mark": (b"\xef\xbb\xbf" + line(good(SEED)) + OK_OTHER, 1, "$", "byte-order mark"),
    "invalid UTF-8": (b'{"id": "seed-homs-2024\xff"}\n' + OK_OTHER, 1, "$", "invalid UTF-8"),
    "NaN": (b'{"id": "seed-homs-2024", "entities": [{"id": "e1", "start": NaN, "end": 4, "type": "GPE"}]}\n' + OK_OTHER,
            1, "$", "NaN is not valid JSON"),
    "Infinity": (b'{"id": "seed-homs-2024", "entities": [{"id": "e1", "start": 0, "end": Infinity, "type": "GPE"}]}\n'
                 + OK_OTHER, 1, "$", "Infinity is not valid JSON"),
    "missing id": (line({"entities": []}) + OK_OTHER, 1, "$", "'id' is required"),
    "id of wrong type": (line({"id": 17, "entities": []}) + OK_OTHER, 1, "$.id", "expected string, got integer 17"),
    "unknown document id": (line(good(SEED)) + OK_OTHER + line({"id": "not-a-doc", "entities": []}), 3, "$.id",
                            "unknown document id 'not-a-doc' (not in the gold documents)"),
    "duplicate document id": (line(good(SEED)) + OK_OTHER + line(good(SEED)), 3, "$.id",
                              "duplicate document id 'seed-homs-2024' (first on line 1)"),
    "missing document": (line(good(SEED)), 0, "$", "no line for document 'synthetic-11' of the gold documents"),
    "unknown top-level field": (line({**good(SEED), "entitys": []}) + OK_OTHER, 1, "$", "unknown field(s)"),
    "layer not a list": (line({**good(SEED), "entities": {"e1": E0}}) + OK_OTHER, 1, "$.entities", "expected array, got object"),
    "span beyond the text": (line(with_("entities", 0, start=3398, end=3420, text=None)) + OK_OTHER, 1,
                             "$.entities[0].end", "end (3420) is beyond the text (length 3400)"),
    "start equals end": (line(with_("entities", 0, start=47, end=47, text=None)) + OK_OTHER, 1, "$.entities[0].start",
                         "start (47) must be less than end (47)"),
    "start after end": (line(with_("cues", 0, start=60, end=50, text=None)) + OK_OTHER, 1, "$.cues[0].start",
                        "must be less than end"),
    "negative offset": (line(with_("entities", 0, start=-1)) + OK_OTHER, 1, "$.entities[0].start",
                        "less than the minimum of 0"),
    "offset as string": (line(with_("entities", 0, start="47")) + OK_OTHER, 1, "$.entities[0].start",
                         "expected integer, got string"),
    "fractional offset": (line(with_("entities", 0, start=47.5)) + OK_OTHER, 1, "$.entities[0].start",
                          "expected integer, got number 47.5"),
    "span text differs from gold": (line(with_("entities", 0, text="Hama")) + OK_OTHER, 1, "$.entities[0].text",
                                    "span text 'Hama' differs from text[47:51] = 'Homs'"),
    "unknown entity type": (line(with_("entities", 0, type="CITY")) + OK_OTHER, 1, "$.entities[0].type",
                            "unknown label 'CITY'"),
    "unknown source kind": (line(with_("sources", 0, kind="official")) + OK_OTHER, 1, "$.sources[0].kind",
                            "unknown label 'official'"),
    "unknown polarity": (line(with_("stances", 0, polarity="against")) + OK_OTHER, 1, "$.stances[0].polarity",
                         "unknown label 'against'"),
    "stance target not a predicted entity": (line({**good(SEED), "entities": []}) + OK_OTHER, 1, "$.stances[0].target_id",
                                             "target_id 'e3' does not name an entity"),
    "stance holder unknown": (line(with_("stances", 0, holder_id="s9")) + OK_OTHER, 1, "$.stances[0].holder_id",
                              "holder_id 's9' is neither AUTHOR nor an entity or source id"),
    "claim source dangling": (line(with_("claims", 0, source_id="s9")) + OK_OTHER, 1, "$.claims[0].source_id",
                              "source_id 's9' does not name a span in sources"),
    "duplicate span id": (line(with_("entities", 1, id="e1")) + OK_OTHER, 1, "$.entities[1].id", "duplicate id 'e1'"),
    "same span twice": (line({**good(SEED), "entities": SEED["entities"] + [dict(E0, id="e99")]}) + OK_OTHER, 1,
                        "$.entities[7]", "same span and label as $.entities[0]"),
    "two stances on one pair": (line({**good(SEED), "stances": SEED["stances"] + [dict(SEED["stances"][0], id="t9")]})
                                + OK_OTHER, 1, "$.stances[1]", "a second stance for the pair"),
    "huge line": (line({**good(SEED), "padding": "x" * 5_000_000}) + OK_OTHER, 1, "$", "unknown field(s)"),
    "wrong split": (line({"id": "train-0001", "entities": []}) + line({"id": "train-0002", "entities": []}), 0, "$",
                    "none of the 2 submission id(s) is in the gold documents"),
}


@pytest.fixture(scope="module")
def gold_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gold") / "gold.jsonl"
    path.write_bytes(b"".join(line(d) for d in GOLD))
    return path


def test_the_catalogue_is_large_enough() -> None:
    assert len(CATALOGUE) >= 20


def test_a_good_submission_scores(gold_file: Path, tmp_path: Path) -> None:
    sub = tmp_path / "good.jsonl"
    sub.write_bytes(line(good(SEED)) + OK_OTHER)
    result = CliRunner().invoke(cli, ["score", str(sub), "--gold", str(gold_file), "--bootstrap", "0", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["metrics"]["entities"]["strict"]["micro"]["f1"] == 1.0


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_bad_submission(name: str, gold_file: Path, tmp_path: Path) -> None:
    content, line_no, path, fragment = CATALOGUE[name]
    sub = tmp_path / "sub.jsonl"
    sub.write_bytes(content)
    result = CliRunner().invoke(cli, ["score", str(sub), "--gold", str(gold_file), "--bootstrap", "0"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    located = [ln for ln in result.stderr.splitlines() if ln.startswith(f"{sub}:{line_no}: {path}: ")]
    assert any(fragment in ln for ln in located), result.stderr[:2000]
    assert all(len(ln) < 1000 for ln in result.stderr.splitlines()), "a problem message floods the output"
    assert "nothing scored" in result.stderr and result.stdout == ""


def test_json_output_of_problems(gold_file: Path, tmp_path: Path) -> None:
    sub = tmp_path / "sub.jsonl"
    sub.write_bytes(CATALOGUE["unknown entity type"][0])
    result = CliRunner().invoke(cli, ["score", str(sub), "--gold", str(gold_file), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"]["problems"] == 1
    assert data["problems"][0]["path"] == "$.entities[0].type" and data["problems"][0]["line"] == 1


def test_allow_missing_scores_missing_documents_as_empty(gold_file: Path, tmp_path: Path) -> None:
    sub = tmp_path / "sub.jsonl"
    sub.write_bytes(CATALOGUE["missing document"][0])
    result = CliRunner().invoke(cli, ["score", str(sub), "--gold", str(gold_file), "--allow-missing", "--json",
                                      "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert "1 gold document(s) had no prediction and were scored as empty" in report["notes"]
    assert report["metrics"]["entities"]["strict"]["micro"]["recall"] < 1.0


def test_many_missing_documents_are_summarised(tmp_path: Path) -> None:
    rng = random.Random(5)
    gold = tmp_path / "gold.jsonl"
    docs = [random_document(rng, f"d{i:03d}") for i in range(30)]
    gold.write_bytes(b"".join(line(d) for d in docs))
    sub = tmp_path / "sub.jsonl"
    sub.write_bytes(line(good(docs[0])))
    result = CliRunner().invoke(cli, ["score", str(sub), "--gold", str(gold)])
    assert result.exit_code == 1
    assert result.stderr.count("no line for document") == 20  # 20 groups by default, then the rest counted
    assert "... and 1 more group(s) of 1 problem(s)" in result.stderr
    result = CliRunner().invoke(cli, ["score", str(sub), "--gold", str(gold), "--max-problems", "0"])
    assert result.exit_code == 1
    assert result.stderr.count("no line for document") == 20
    assert "... 9 more document(s) of the gold documents have no line" in result.stderr


def _many_bad_lines(tmp_path: Path, n: int = 12) -> tuple[Path, Path]:
    """A gold file of n documents and a submission whose every claim lacks source_id and has end 10**6."""
    rng = random.Random(9)
    docs = [random_document(rng, f"d{i:03d}") for i in range(n)]
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(b"".join(line(d) for d in docs))
    subs = []
    for d in docs:
        sub = good(d)
        sub["claims"] = [{k: v for k, v in c.items() if k != "source_id"} for c in sub["claims"]]
        sub["entities"] = [dict(e, type="CITY") for e in sub["entities"]]
        subs.append(sub)
    path = tmp_path / "sub.jsonl"
    path.write_bytes(b"".join(line(s) for s in subs))
    return gold, path


def test_problems_are_grouped_with_counts(tmp_path: Path) -> None:
    gold, sub = _many_bad_lines(tmp_path)
    result = CliRunner().invoke(cli, ["score", str(sub), "--gold", str(gold)])
    assert result.exit_code == 1
    data = json.loads(CliRunner().invoke(cli, ["score", str(sub), "--gold", str(gold), "--json"]).stdout)
    entity_problems = [p for p in data["problems"] if p["path"].startswith("$.entities[")]
    assert len(entity_problems) > 12
    group = next(g for g in data["groups"] if g["path"] == "$.entities[*].type")
    assert group["count"] == len(entity_problems)
    assert group["first"] == {"file": str(sub), "line": 1, "path": "$.entities[0].type"}
    assert sum(g["count"] for g in data["groups"]) == len(data["problems"]) == data["summary"]["problems"]
    shown = [ln for ln in result.stderr.splitlines() if ": $.entities[*].type: " in ln]
    assert shown == [f"{sub}:1: $.entities[*].type: {group['message']}  (x {group['count']:,}; first at line 1, "
                     "$.entities[0].type)"]
    assert len([ln for ln in result.stderr.splitlines() if ln.startswith(str(sub))]) == len(data["groups"])


def test_max_problems_caps_the_groups(tmp_path: Path) -> None:
    gold, sub = _many_bad_lines(tmp_path)
    data = json.loads(CliRunner().invoke(cli, ["score", str(sub), "--gold", str(gold), "--json",
                                               "--max-problems", "1"]).stdout)
    assert len(data["problems"]) == data["summary"]["problems"]  # --json is never capped
    result = CliRunner().invoke(cli, ["score", str(sub), "--gold", str(gold), "--max-problems", "1"])
    groups = data["groups"]
    assert len([ln for ln in result.stderr.splitlines() if ln.startswith(f"{sub}:")]) == 1
    assert (f"... and {len(groups) - 1} more group(s) of {sum(g['count'] for g in groups[1:]):,} problem(s)"
            in result.stderr)


def test_problems_of_a_line_are_in_numeric_path_order(tmp_path: Path) -> None:
    rng = random.Random(4)
    doc = random_document(rng, "d000")
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(line(doc))
    sub = good(doc)
    sub["entities"] = [{"id": f"x{i}", "start": 0, "end": 1, "type": "CITY"} for i in range(12)]
    path = tmp_path / "sub.jsonl"
    path.write_bytes(line(sub))
    data = json.loads(CliRunner().invoke(cli, ["score", str(path), "--gold", str(gold), "--json"]).stdout)
    type_paths = [p["path"] for p in data["problems"] if p["path"].endswith(".type")]
    assert type_paths == [f"$.entities[{i}].type" for i in range(12)]


def test_invalid_gold_file_is_reported(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(line({**SEED, "entities": [dict(E0, type="CITY")]}))
    sub = tmp_path / "sub.jsonl"
    sub.write_bytes(line(good(SEED)))
    result = CliRunner().invoke(cli, ["score", str(sub), "--gold", str(gold)])
    assert result.exit_code == 1
    assert f"{gold}:1: $.entities[0].type: unknown label 'CITY'" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args,fragment", [
    (["--dataset", "no-such-dir"], "does not exist"),
    (["--gold", "{gold}", "--dataset", "x"], "either --gold or --dataset"),
    (["--bootstrap", "-1", "--gold", "{gold}"], "Invalid value for '--bootstrap'"),
])
def test_usage_and_input_errors(args: list[str], fragment: str, gold_file: Path, tmp_path: Path) -> None:
    sub = tmp_path / "sub.jsonl"
    sub.write_bytes(line(good(SEED)) + OK_OTHER)
    args = [a.replace("{gold}", str(gold_file)) for a in args]
    result = CliRunner().invoke(cli, ["score", str(sub), *args])
    assert result.exit_code in (1, 2)
    assert fragment in result.stderr and "Traceback" not in result.output
