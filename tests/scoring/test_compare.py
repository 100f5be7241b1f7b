"""warclaims.compare: which side submitted a layer, and "not submitted" in the rendered comparison."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.console import Console

from warclaims import reports
from warclaims.cli import cli
from warclaims.compare import CompareReport, compare_documents
from warclaims.scoring import HEADLINE

from .synth import as_submission
from .test_scoring import corpus, docs_of, preds_of

ENTITIES, ATTRIBUTION, STANCE = HEADLINE
ALL = ("entities", "sources", "cues", "claims", "stances")


def _compare(layers_a: tuple[str, ...], layers_b: tuple[str, ...], bootstrap: int = 50) -> CompareReport:
    gold = corpus(11, 6)
    a = preds_of([as_submission(d, layers_a) for d in gold])
    b = preds_of([as_submission(d, layers_b) for d in gold])
    return compare_documents(docs_of(gold), a, b, bootstrap=bootstrap, seed=0)


def _rows(report: CompareReport) -> dict[str, str]:
    console = Console(width=200, record=True)
    for part in reports.render_compare(report, "a.jsonl", "b.jsonl"):
        console.print(part)
    text = console.export_text()
    names = {"entities strict F1": ENTITIES, "attribution F1": ATTRIBUTION, "stance F_avg e2e": STANCE,
             "headline": "headline"}
    rows = [ln for ln in text.splitlines() if ln.startswith("│")]
    return {m: next(ln for ln in rows if ln.startswith(f"│ {label} ")) for label, m in names.items()}


def test_a_layer_counts_as_submitted_when_a_line_has_it() -> None:
    c = _compare(ALL, ("entities", "sources", "cues", "claims"))
    assert c.submitted(ENTITIES) == (True, True)
    assert c.submitted(ATTRIBUTION) == (True, True)  # attribution needs claims
    assert c.submitted(STANCE) == (True, False)
    assert c.submitted("headline") == (True, True)
    assert _compare(("entities",), ("entities",)).submitted(ATTRIBUTION) == (False, False)


@pytest.mark.parametrize("bootstrap", [0, 50])
def test_not_submitted_instead_of_a_zero_difference(bootstrap: int) -> None:
    c = _compare(("entities", "sources", "claims"), ("entities", "sources", "stances"), bootstrap)
    rows = _rows(c)
    assert rows[ENTITIES].count("not submitted") == 0 and "+0.0" in rows[ENTITIES]  # both submitted: a real 0
    for m in (ATTRIBUTION, STANCE):  # one side did not submit: no difference, no interval, no win share
        assert rows[m].count("not submitted") == 2 and "%" not in rows[m] and "+0.0" not in rows[m]
    assert "not submitted" not in rows["headline"]  # the headline counts a missing task as 0, as defined
    neither = _rows(_compare(("entities",), ("entities",), bootstrap))
    assert neither[STANCE].count("not submitted") == 3 and "+0.0" not in neither[STANCE]


def test_json_says_which_side_submitted() -> None:
    d = _compare(ALL, ("entities",)).to_dict()["metrics"]
    assert d[STANCE]["submitted"] == {"a": True, "b": False}
    assert d[ENTITIES]["submitted"] == {"a": True, "b": True}
    assert d[STANCE]["b"] is None


def test_cli_prints_not_submitted(tmp_path: Path) -> None:
    gold = corpus(12, 4)
    paths = {}
    for name, layers in (("gold", None), ("a", ALL), ("b", ("entities", "sources", "cues", "claims"))):
        rows: list[dict[str, Any]] = gold if layers is None else [as_submission(d, layers) for d in gold]
        paths[name] = tmp_path / f"{name}.jsonl"
        paths[name].write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", "compare", str(paths["a"]), str(paths["b"]), "--gold",
                                      str(paths["gold"]), "--bootstrap", "20"])
    assert result.exit_code == 0, result.output
    stance = next(ln for ln in result.stdout.splitlines() if "stance F_avg e2e" in ln)
    assert "not submitted" in stance and "%" not in stance
