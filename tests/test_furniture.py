"""Tests for warclaims.furniture: per-rule synthetic cases, no-cut cases, rebuild property, determinism."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warclaims.furniture import RULES, Cut, apply_cuts, find_furniture, rebuild

CORPUS = Path("/work/shared/corpus/fakes.jsonl")


def _clean(text: str, outlet: str) -> tuple[str, list[Cut]]:
    cuts = find_furniture(text, outlet)
    return apply_cuts(text, cuts), cuts


# All strings below are SYNTHETIC, written for these tests (not corpus text).
@pytest.mark.parametrize(
    ("outlet", "text", "expected", "rule"),
    [
        ("nna", "Wed 05 Apr 2017 Town shelled again. Five people died.", "Town shelled again. Five people died.",
         "leading-date"),
        ("alaraby", "6 July 2015 Rebels took a hill. It was quiet.", "Rebels took a hill. It was quiet.",
         "leading-date"),
        ("jordantimes", "Last updated at Apr 052017 A strike hit a town.", "A strike hit a town.", "leading-date"),
        ("tass", "August 22 2013 1849 UTC+3 A blast hit a depot.", "A blast hit a depot.", "leading-date"),
        ("etilaf", "Thursday 31 July 2014 10:59 Coalition condemns raid.", "Coalition condemns raid.",
         "leading-date"),
        ("sana", "Bombs hit a market 8 November 2016 SANA Members of a group fled.",
         "Bombs hit a market Members of a group fled.", "dateline"),
        ("ahram", "Blast kills ten Monitor AFP Friday 1 Jul 2016 A blast killed ten.",
         "Blast kills ten Monitor AFP A blast killed ten.", "dateline"),
        ("alaraby", "Rebels lose town. Tags Syria Idlib rebels At least 5 died in the town.",
         "Rebels lose town. At least 5 died in the town.", "tags-block"),
        ("sputnik", "A strike hit a base. ... 12 Related Base Hit Again Tags strike Syria Community "
         "standardsDiscussion Comment via FacebookComment via Sputnik News", "A strike hit a base.", "related-list"),
        ("reuters", "Talks stalled. Reporting by Jane Roe; Editing by John Doe Our Standards:The Thomson Reuters "
         "Trust Principles.", "Talks stalled.", "outlet-footer"),
        ("nna", "Ten people died in the blast. --Reuters", "Ten people died in the blast.", "byline-credit"),
        ("etilaf", "The Coalition condemned the raid. (Source: Syrian Coalition) Twitter",
         "The Coalition condemned the raid.", "share-links"),
        ("sana", "Shells damaged several houses. Manar al-Freih / Hazem Sabbagh", "Shells damaged several houses.",
         "byline-credit"),
        ("manar", "May 1 2017 Army retakes hill. Army units retook the strategic hill near the town on Monday. "
         "Army units retook the strategic hill near the town on Monday. Clashes went on.",
         "Army retakes hill. Army units retook the strategic hill near the town on Monday. Clashes went on.",
         "repeated-lede"),
    ],
)
def test_rule_cases(outlet: str, text: str, expected: str, rule: str) -> None:
    out, cuts = _clean(text, outlet)
    assert out == expected
    assert rule in {c.rule for c in cuts}
    assert rebuild(out, cuts) == text


@pytest.mark.parametrize(
    ("outlet", "text"),
    [  # SYNTHETIC: dates inside prose are content and must survive.
        ("alaraby", "Rebels advanced. On 6 July 2015 rebels took the hill near the town."),
        ("sana", "Shells hit Aleppo. On 8 November 2016 SANA reported that shells hit the city."),
        ("manar", "Army retakes hill. The army said it retook the hill on Monday after heavy clashes."),
        ("nna", "Ten people died in the blast said the Reuters report."),
        ("alaraby", "Rebels lose town. Tags on the wall were seen by the residents of the town."),
    ],
)
def test_no_cut_for_prose(outlet: str, text: str) -> None:
    assert find_furniture(text, outlet) == []


def test_rules_documented() -> None:
    assert all(isinstance(v, str) and v for v in RULES.values())


def test_cut_text_is_well_formed_and_determinism() -> None:
    text = "Wed 05 Apr 2017 Town shelled. Ten died. --Reuters"  # SYNTHETIC
    a, b = find_furniture(text, "nna"), find_furniture(text, "nna")
    assert a == b
    out = apply_cuts(text, a)
    assert out == out.strip() and "  " not in out


@pytest.mark.skipif(not CORPUS.exists(), reason="FA-KES corpus file absent")
def test_corpus_rebuild_and_shape() -> None:
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text, outlet = row["text"], row["outlet"]
        cuts = find_furniture(text, outlet)
        assert cuts == find_furniture(text, outlet)
        assert all(c.rule in RULES and text[c.start:c.end] == c.text for c in cuts)
        assert all(x.end <= y.start for x, y in zip(cuts, cuts[1:]))
        out = apply_cuts(text, cuts)
        assert rebuild(out, cuts) == text
        if text.strip():
            assert out == out.strip(), row["id"]
            if "  " not in text:
                assert "  " not in out, row["id"]


hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies


@st.composite
def _text_and_cuts(draw: st.DrawFn) -> tuple[str, list[Cut]]:
    text = draw(st.text(max_size=60))
    points = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    cuts = [Cut(s, e, "x", text[s:e]) for s, e in zip(points[::2], points[1::2])]
    return text, cuts


@hypothesis.given(_text_and_cuts())
def test_rebuild_property_random(data: tuple[str, list[Cut]]) -> None:
    text, cuts = data
    assert rebuild(apply_cuts(text, cuts), cuts) == text


@hypothesis.given(st.text(max_size=200), st.sampled_from(sorted({"sputnik", "sana", "manar", "alaraby", "trt"})))
def test_rebuild_property_find(text: str, outlet: str) -> None:
    cuts = find_furniture(text, outlet)
    assert rebuild(apply_cuts(text, cuts), cuts) == text
