"""Article provenance and the seeded pilot selection."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from warclaims import corpus

FAKES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "fakes.jsonl"
PILOT = Path(__file__).resolve().parents[1] / "annotation" / "articles" / "pilot.jsonl"


def _row(i: int, outlet: str, label: int, text: str = "The ministry said the town was shelled. " * 20) -> dict:
    return {"id": f"fakes-{i}", "title": "t", "text": text, "outlet": outlet, "date": "4/5/17",
            "fakes_label": label, "crowd_fields": {}}


def test_fakes_article_keeps_provenance() -> None:
    a = corpus.fakes_article(_row(1, "sana", 1))
    assert a["meta"]["published"] == "2017-04-05"
    assert a["meta"]["corpus"] == "FA-KES" and a["meta"]["synthetic"] is False
    assert "CC BY 4.0" in a["meta"]["licence"] and a["meta"]["extra"]["fakes_label"] == 1


def test_selection_guarantees_outlets_and_balance() -> None:
    rows = [_row(i, f"outlet{i % 5}", i % 2) for i in range(100)]
    rule = corpus.SelectionRule(n=20, per_outlet=3, seed=1)
    chosen = corpus.select([corpus.fakes_article(r) for r in rows], rule)
    assert len(chosen) == 20
    assert min(Counter(a["meta"]["source"] for a in chosen).values()) >= 3
    assert Counter(a["meta"]["extra"]["fakes_label"] for a in chosen) == {0: 10, 1: 10}
    assert chosen == corpus.select([corpus.fakes_article(r) for r in rows], rule)


def test_selection_respects_length_bounds() -> None:
    rows = [_row(1, "a", 1, "short"), _row(2, "a", 0)]
    chosen = corpus.select([corpus.fakes_article(r) for r in rows], corpus.SelectionRule(n=2, per_outlet=1))
    assert [a["id"] for a in chosen] == ["fakes-2"]


@pytest.mark.skipif(not FAKES.exists(), reason="shared corpus not beside the checkout")
def test_shipped_pilot_is_exactly_the_seeded_selection() -> None:
    rows = [json.loads(line) for line in FAKES.open(encoding="utf-8")]
    expected = corpus.select([corpus.fakes_article(r) for r in rows], corpus.SelectionRule())
    shipped = [json.loads(line) for line in PILOT.open(encoding="utf-8")]
    assert shipped[0]["id"] == corpus.SEED_ID
    assert [json.loads(json.dumps(a)) for a in expected] == shipped[1:]
    summary = corpus.selection_summary(shipped[1:])
    assert summary["by_label"] == {"0": 30, "1": 30}
    assert min(summary["by_outlet"].values()) >= 3 and len(summary["by_outlet"]) == 15
