"""warclaims.ood.evaluate and `warclaims baselines ood` (the RESULTS.md out-of-domain section)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from warclaims.cli import cli
from warclaims.ood import align
from warclaims.ood.evaluate import (METRICS, METRICS_OF_TASK, OOD_BEGIN, OOD_END, Evaluation, Row, Score,
                                    keep_ood_section, layers_of, views_of)
from warclaims.ood.report import markdown, section
from warclaims.records import Document

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = ROOT / "baselines" / "ood" / "re3d" / "documents.jsonl"
OWN = ROOT / "baselines" / "ood" / "own" / "documents.jsonl"
RESULTS = ROOT / "baselines" / "RESULTS.md"


def test_keep_ood_section_carries_the_section_over_once():
    old = f"# Baseline results\n\nold tables\n\n{OOD_BEGIN}\nood figures\n{OOD_END}\n"
    new = "# Baseline results\n\nnew tables\n"
    kept = keep_ood_section(old, new)
    assert kept == f"# Baseline results\n\nnew tables\n\n{OOD_BEGIN}\nood figures\n{OOD_END}\n"
    assert keep_ood_section(old, kept) == kept
    assert keep_ood_section("no section", new) == new


def test_markdown_has_one_table_per_view_with_both_columns():
    score = Score({m: 0.5 for m in METRICS}, {METRICS[0]: [0.4, 0.6]})
    row = Row("entities-crf", "baseline", {"c1": 0.1}, "-", {v: score for v in align.VIEWS}, {v: score for v in align.VIEWS})
    ev = Evaluation("0.0.1", "outside", 3, 4, 5, {"test": 1, "outside": 2, "outside_aligned": 1}, {"recut": 1}, [row])
    text = markdown(ev, 1000, 0)
    for v in align.VIEWS:
        assert f"### {v}\n" in text
    assert text.count("| entities-crf | baseline | 50.0 [40.0, 60.0] | 50.0 | 50.0 | 50.0 | 50.0 [40.0, 60.0] |") == 3
    assert section([ev], 1000, 0).endswith("(add `--write` to rewrite this section).\n")


def test_markdown_of_an_own_set_has_one_view_and_a_claims_table_with_both_sides():
    claims = METRICS_OF_TASK["claims"]
    ents = Score({m: 0.5 for m in METRICS}, {})
    inside = Score({m: 0.6 for m in claims}, {claims[0]: [0.5, 0.7]})
    outside = Score({m: 0.2 for m in claims}, {})
    rows = [Row("entities-crf", "baseline", {}, "-", {"as annotated": ents}, {"as annotated": ents}),
            Row("claims-linear", "baseline", {}, "-", {"as annotated": inside}, {"as annotated": outside}, task="claims")]
    counts = {"test": 1, "outside": 2, "outside_aligned": 2, "test_claims": 3, "outside_claims": 4,
              "test_pairs": 2, "outside_pairs": 3}
    ev = Evaluation("0.0.1", "own", 3, 4, 5, counts, {}, rows, ("as annotated",), ("entities", "claims"),
                    {"conventions": "warclaims"})
    text = markdown(ev, 1000, 0)
    assert "### aligned" not in text and "### entities (strict micro)" in text
    assert "| claims-linear | baseline | in-domain | 60.0 [50.0, 70.0] | 60.0 | 60.0 | 60.0 | 60.0 | 60.0 |" in text
    assert "| claims-linear | baseline | outside | 20.0 | 20.0 | 20.0 | 20.0 | 20.0 | 20.0 |" in text
    assert "4 claims, 3 with a source" in text


def _doc(ood: dict | None) -> object:
    meta = {"source": "s", "licence": "l", "language": "en", "corpus": "c", "synthetic": True,
            "annotation": {"annotators": [], "annotation_ids": [], "guidelines_version": "g", "tool_version": "t",
                           "pass": "first", "adjudication": "none", "pre_annotated_by": None, "task_id": None,
                           "ground_truth": True, "created_at": None, "updated_at": None, "lead_time": None,
                           "origin": "draft-import"}}
    if ood is not None:
        meta["extra"] = {"ood": ood}
    return Document.from_dict({"id": "d", "text": "Synthetic.", "meta": meta, "entities": [], "sources": [],
                               "cues": [], "claims": [], "stances": []})


def test_layers_and_views_come_from_the_records():
    assert layers_of([_doc(None)]) == ("entities",) and views_of([_doc(None)]) == align.VIEWS
    own = _doc({"layers_annotated": ["entities", "claims"], "conventions": "warclaims"})
    assert layers_of([own]) == ("entities", "claims") and views_of([own]) == align.OWN_VIEWS
    with pytest.raises(ValueError, match="disagree"):
        layers_of([own, _doc(None)])
    with pytest.raises(ValueError, match="cannot be scored"):
        layers_of([_doc({"layers_annotated": ["stances"]})])


def test_cli_refuses_invalid_outside_records(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "Synthetic."}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["baselines", "ood", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:1" in result.output and "nothing scored" in result.output


def test_cli_refuses_a_baseline_of_a_task_the_outside_data_lacks():
    result = CliRunner().invoke(cli, ["baselines", "ood", str(OUTSIDE), "--only", "stance-linear", "--bootstrap", "0"])
    assert result.exit_code == 1 and "not annotated in the outside data" in result.output


def _table(section: str) -> dict[tuple[str, str], list[str]]:
    """(view, baseline) -> the eight figure cells of the committed table."""
    out, view = {}, None
    for line in section.splitlines():
        if line.startswith("### "):
            view = line[4:]
        elif line.startswith("| entities-"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            out[(view, cells[0])] = cells[2:]
    return out


def _cell(value: float, interval: list[float] | None) -> str:
    return f"{100 * value:.1f}" + (f" [{100 * interval[0]:.1f}, {100 * interval[1]:.1f}]" if interval else "")


@pytest.mark.slow
def test_command_reproduces_the_committed_table():
    text = RESULTS.read_text(encoding="utf-8")
    section = text[text.index(OOD_BEGIN):text.index(OOD_END)]
    bootstrap = int(re.search(r"from (\d+) bootstrap", section).group(1))
    result = CliRunner().invoke(cli, ["baselines", "ood", str(OUTSIDE), str(OWN), "--dataset", str(ROOT / "dataset"),
                                       "--runs", str(ROOT / "baselines"), "--bootstrap", str(bootstrap), "--json"])
    assert result.exit_code == 0, result.output
    re3d, own = json.loads(result.output)["sets"]
    part = section[:section.index("## Out-of-domain check (entities and attribution")]
    table = _table(part)
    assert len(table) == len(align.VIEWS) * len(re3d["baselines"]) > 0
    for b in re3d["baselines"]:
        for view in align.VIEWS:
            cells = [_cell(s["metrics"][m], s["intervals"].get(m)) for s in (b["test"][view], b["outside"][view])
                     for m in METRICS]
            assert table[(view, b["name"])] == cells, (view, b["name"])
    assert f"{re3d['outside_documents']} documents" in part and f"{re3d['gold_mentions']['outside']} mentions" in part
    rest = section[len(part):]
    for b in own["baselines"]:
        score = b["outside"]["as annotated"]
        metrics = METRICS_OF_TASK[b["task"]]
        cells = " | ".join(_cell(score["metrics"][m], score["intervals"].get(m)) for m in metrics)
        assert cells in rest, (b["name"], cells)
