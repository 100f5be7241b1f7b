"""warclaims.ood.evaluate and `warclaims baselines ood` (the RESULTS.md out-of-domain section)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from warclaims.cli import cli
from warclaims.ood import align
from warclaims.ood.evaluate import METRICS, OOD_BEGIN, OOD_END, Evaluation, Row, Score, keep_ood_section, markdown

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = ROOT / "baselines" / "ood" / "re3d" / "documents.jsonl"
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


def test_cli_refuses_invalid_outside_records(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "Synthetic."}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["baselines", "ood", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:1" in result.output and "nothing scored" in result.output


def test_cli_refuses_a_baseline_of_a_task_the_outside_data_lacks():
    result = CliRunner().invoke(cli, ["baselines", "ood", str(OUTSIDE), "--only", "claims-linear", "--bootstrap", "0"])
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
    result = CliRunner().invoke(cli, ["baselines", "ood", str(OUTSIDE), "--dataset", str(ROOT / "dataset"),
                                       "--runs", str(ROOT / "baselines"), "--bootstrap", str(bootstrap), "--json"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    table = _table(section)
    assert len(table) == len(align.VIEWS) * len(got["baselines"]) > 0
    for b in got["baselines"]:
        for view in align.VIEWS:
            cells = [_cell(s["metrics"][m], s["intervals"].get(m)) for s in (b["test"][view], b["outside"][view])
                     for m in METRICS]
            assert table[(view, b["name"])] == cells, (view, b["name"])
    assert f"{got['outside_documents']} documents" in section and f"{got['gold_mentions']['outside']} mentions" in section
