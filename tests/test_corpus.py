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


RELEASE_ARTICLES = Path(__file__).resolve().parents[1] / "annotation" / "articles" / "release-0.2.0.jsonl"


def test_growth_keeps_the_earlier_selection_fills_outlets_and_balances_labels() -> None:
    # synthetic rows: 6 outlets x 20 articles, outlet5 has only 4
    rows = [corpus.fakes_article(_row(i, f"outlet{i % 6}", (i // 6) % 2)) for i in range(120) if i % 6 != 5 or i < 24]
    keep = ["fakes-0", "fakes-7"]
    rule = corpus.GrowthRule(n=60, per_outlet=8, seed=3)
    picked = corpus.grow(rows, keep, rule, exclude=["fakes-1"])
    ids = [a["id"] for a in picked]
    assert set(keep) <= set(ids) and "fakes-1" not in ids and len(ids) == 60 == len(set(ids))
    by_outlet = Counter(a["meta"]["source"] for a in picked)
    assert by_outlet["outlet5"] == 4 and all(by_outlet[f"outlet{k}"] >= 8 for k in range(5))
    labels = Counter(a["meta"]["extra"]["fakes_label"] for a in picked)
    assert abs(labels[0] - labels[1]) <= 1
    assert corpus.grow(rows, keep, rule, exclude=["fakes-1"]) == picked


def test_repeated_ids_and_near_copies_are_left_out() -> None:
    kept, repeated = corpus.unique_by_id([{"id": "a"}, {"id": "b"}, {"id": "a"}])
    assert [r["id"] for r in kept] == ["a", "b"] and repeated == ["a"]
    assert corpus.near_copies([("a", "b", 0.95), ("b", "c", 0.91)], keep=["b"]) == {"a", "c"}
    assert corpus.near_copies([("a", "b", 0.95)], keep=[]) == {"b"}


@pytest.mark.skipif(not FAKES.is_file(), reason="the raw FA-KES corpus (../shared/corpus) is not beside this checkout")
def test_release_articles_are_reproduced_from_the_corpus(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from warclaims.cli import cli

    out = tmp_path / "articles.jsonl"
    seed = FAKES.parents[1] / "seed" / "homs-2024-article.txt"
    result = CliRunner().invoke(cli, ["corpus", "select", "--fakes", str(FAKES), "--seed-article", str(seed),
                                       "--keep", str(PILOT), "--n", "299", "--per-outlet", "15", "--seed", "20261205",
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == RELEASE_ARTICLES.read_bytes()


def test_release_articles_keep_0_1_0_rebuild_fakes_exactly_and_fill_every_outlet() -> None:
    from warclaims import furniture

    articles = [json.loads(line) for line in RELEASE_ARTICLES.read_text(encoding="utf-8").splitlines()]
    pilot = {json.loads(line)["id"] for line in PILOT.read_text(encoding="utf-8").splitlines()}
    ids = [a["id"] for a in articles]
    assert len(ids) == len(set(ids)) == 300 and pilot <= set(ids)
    by_outlet = Counter(a["meta"]["source"] for a in articles if a["meta"]["corpus"] == "FA-KES")
    small = {"nna": 13, "asharqalawsat": 11, "tass": 5}
    assert all(n >= small.get(o, 15) for o, n in by_outlet.items()) and len(by_outlet) == 15
    labels = Counter(a["meta"]["extra"]["fakes_label"] for a in articles if a["meta"]["corpus"] == "FA-KES")
    assert abs(labels[0] - labels[1]) <= 1
    if FAKES.is_file():
        raw = {}
        for line in FAKES.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            raw.setdefault(row["id"], row["text"])
        for a in articles:
            if a["meta"]["corpus"] != "FA-KES":
                continue
            cuts = [furniture.Cut(c["start"], c["end"], c["rule"], c["text"]) for c in a["meta"]["extra"]["furniture"]]
            assert furniture.rebuild(a["text"], cuts) == raw[a["id"]], a["id"]
            assert a["meta"]["story"], a["id"]
