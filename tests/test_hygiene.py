"""warclaims.hygiene: each kind of sloppy span found, each exception of the guidelines kept.

Texts here are synthetic (made up for the tests), modelled on the cases issue 15 reported
("Homs\\n", "zbollah", two overlapping ORG spans) and on GUIDELINES.md section 0.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warclaims.hygiene import KINDS, Finding, check_layers, check_record, counts, inside_word, kind_of, quick_clean


def span(text: str, piece: str, occurrence: int = 1) -> tuple[int, int]:
    """Offsets of the `occurrence`-th `piece` in `text` (so no offset in a test is miscounted)."""
    at = -1
    for _ in range(occurrence):
        at = text.index(piece, at + 1)
    return at, at + len(piece)


def ent(text: str, piece: str, type_: str = "GPE", occurrence: int = 1) -> dict[str, Any]:
    s, e = span(text, piece, occurrence)
    return {"id": f"e{s}", "start": s, "end": e, "text": text[s:e], "type": type_}


def claim(text: str, piece: str) -> dict[str, Any]:
    s, e = span(text, piece)
    return {"id": f"c{s}", "start": s, "end": e, "text": text[s:e], "source_id": None, "cue_id": None,
            "quote": "indirect", "certainty": "asserted"}


def kinds(text: str, **layers: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(f.path, f.kind) for f in check_layers(text, layers)]


T = "Jihadists advance on Homs\nwhile Hezbollah sends troops, the U.S. said."


def test_clean_spans_have_no_findings() -> None:
    assert kinds(T, entities=[ent(T, "Homs"), ent(T, "Hezbollah", "ARMED_GROUP"), ent(T, "U.S.")]) == []


def test_trailing_newline_and_leading_space_are_whitespace() -> None:
    assert kinds(T, entities=[ent(T, "Homs\n"), ent(T, " Hezbollah", "ARMED_GROUP")]) == [
        ("$.entities[0]", "whitespace"), ("$.entities[1]", "whitespace")]


def test_span_cut_inside_a_word() -> None:
    found = check_layers(T, {"entities": [ent(T, "zbollah", "ARMED_GROUP"), ent(T, "Hom")]})
    assert [(f.path, f.kind) for f in found] == [("$.entities[0]", "mid-word"), ("$.entities[1]", "mid-word")]
    assert "begins inside a word ('Hezbollah')" in found[0].message
    assert "ends inside a word ('Homs')" in found[1].message


def test_overlap_within_one_layer_is_reported_on_the_later_span() -> None:
    text = "the Syrian Observatory for Human Rights said"
    a, b = ent(text, "Syrian Observatory", "ORG"), ent(text, "Observatory for Human Rights", "ORG")
    found = check_layers(text, {"entities": [a, b]})
    assert [(f.path, f.kind) for f in found] == [("$.entities[1]", "overlap")]
    assert "$.entities[0]" in found[0].message and (found[0].start, found[0].end) == (b["start"], b["end"])


def test_overlap_across_layers_is_allowed() -> None:
    text = "Activists from the Syrian Observatory report that ..."
    source = {"id": "s1", **dict(zip(("start", "end"), span(text, "Activists from the Syrian Observatory"))), "kind": "named"}
    assert kinds(text, entities=[ent(text, "Syrian Observatory", "ORG")], sources=[source]) == []


def test_same_span_other_label_is_a_duplicate_same_label_is_left_to_validate() -> None:
    assert kinds(T, entities=[ent(T, "Homs"), ent(T, "Homs", "LOC")]) == [("$.entities[1]", "duplicate")]
    assert kinds(T, entities=[ent(T, "Homs"), ent(T, "Homs")]) == []  # validate.check_duplicate_spans rejects it


def test_final_full_stop_and_comma_are_punctuation() -> None:
    assert kinds(T, claims=[claim(T, "Hezbollah sends troops,")]) == [("$.claims[0]", "punctuation")]
    text = "Rebels said the town fell."
    assert kinds(text, claims=[claim(text, "the town fell.")]) == [("$.claims[0]", "punctuation")]


@pytest.mark.parametrize("name", ["U.S.", "U.N.", "Martin Luther King Jr.", "George W.", "U.S.-led coalition"])
def test_abbreviations_keep_their_full_stop(name: str) -> None:
    text = f"It was {name} that day."
    assert kinds(text, entities=[ent(text, name, "PERSON")]) == []


@pytest.mark.parametrize("piece", ["“the mother of all battles”", "\"the mother of all battles\"", "(HTS)", "•Around 15"])
def test_enclosing_or_lost_quotation_marks_and_brackets_are_punctuation(piece: str) -> None:
    text = f"He said {piece} then"
    found = check_layers(text, {"claims": [claim(text, piece)]})
    assert [f.kind for f in found] == ["punctuation"]


@pytest.mark.parametrize("piece", ["Hezbollah has dispatched “surveillance troops”", "the Syrian Democratic Forces (SDF)",
                                   "“surveillance troops” went to Homs", "\"guided missile\" hit the plant"])
def test_marks_paired_inside_the_span_stay(piece: str) -> None:
    text = f"Reports said {piece} on Monday."
    assert kinds(text, claims=[claim(text, piece)]) == []


def test_bullet_inside_a_word_is_a_letter_at_its_start_a_quotation_mark() -> None:
    text = "Mevlt avu•olu said •Around 15 were killed"
    assert kinds(text, entities=[ent(text, "Mevlt avu•olu", "PERSON")]) == []
    assert inside_word(text, text.index("olu"))  # a span starting after the lost letter would cut the word
    assert not inside_word(text, text.index("Around"))  # the lost quotation mark is a boundary
    assert kinds(text, claims=[claim(text, "Around 15 were killed")]) == []


def test_percent_and_symbols_are_not_punctuation() -> None:
    text = "Turnout was 50% in Homs."
    assert kinds(text, claims=[claim(text, "Turnout was 50%")]) == []


def test_glued_possessive_is_one_token() -> None:
    text = "in Syrias northern Idlib province"
    assert kinds(text, entities=[ent(text, "Syrias")]) == []
    assert kinds(text, entities=[ent(text, "Syria")]) == [("$.entities[0]", "mid-word")]


def test_malformed_items_are_passed_over() -> None:
    layers = {"entities": [None, {"start": "1", "end": 3}, {"start": 5, "end": 2}, {"start": 0, "end": 999}], "claims": "x"}
    assert check_layers("short text", layers) == []
    assert check_record(["not", "a", "record"]) == [] and check_record({"text": None}) == []


def test_located_findings_keep_their_kind_and_counts_cover_every_kind() -> None:
    f = Finding("$.entities[0]", "overlap", "overlaps", "x", 0, 1)
    p = f.located("docs.jsonl", 3, "warning: ")
    assert p.render() == "docs.jsonl:3: $.entities[0]: warning: [overlap] overlaps"
    assert kind_of(p) == "overlap" and kind_of(type(p)("f", 1, "$", "other problem")) is None
    assert counts([f, p]) == {**dict.fromkeys(KINDS, 0), "overlap": 2}


class _Span:
    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab •é\u0301.\"“”()-\n'", min_size=1, max_size=24),
       st.lists(st.tuples(st.integers(0, 24), st.integers(1, 24)), max_size=5))
def test_quick_clean_never_passes_a_span_with_a_finding(text: str, pairs: list[tuple[int, int]]) -> None:
    spans = [{"id": f"x{i}", "start": s, "end": e, "type": "GPE"} for i, (s, e) in enumerate(pairs) if s < e <= len(text)]
    if quick_clean(text, [[_Span(d["start"], d["end"]) for d in spans]]):
        assert check_layers(text, {"entities": spans}) == []


def test_quick_clean_passes_ordinary_spans_and_doubts_the_rest() -> None:
    text = "Hezbollah said Homs fell."
    assert quick_clean(text, [[_Span(0, 9), _Span(15, 19)], []])
    assert not quick_clean(text, [[_Span(15, 19), _Span(0, 9)]])  # out of text order: checked in full
    assert not quick_clean(text, [[_Span(15, 25)]])  # ends with "."
    assert not quick_clean(text, [[_Span(1, 9)]])  # begins inside a word
