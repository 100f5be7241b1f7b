"""Text-anchored drafts resolve to exact offsets or fail with a located problem."""

from __future__ import annotations

from hypothesis import given, strategies as st

from warclaims.anchoring import draft_to_document, find_all, resolve_draft

ARTICLE = {  # synthetic text, marked as such in meta
    "id": "synthetic-1",
    "text": "Reuters said IS fighters attacked Homs. ISIS denied it. Homs is calm, Reuters said.",
    "meta": {"title": None, "source": "synthetic", "url": None, "published": None, "language": "en",
             "licence": "CC0-1.0", "corpus": "synthetic", "synthetic": True, "story": None},
}


def test_find_all_respects_word_boundaries() -> None:
    assert find_all(ARTICLE["text"], "IS") == [13]
    assert find_all(ARTICLE["text"], "Homs") == [34, 56]
    assert find_all("a-b a-b", "a-b") == [0, 4]


def test_unique_text_needs_no_anchor() -> None:
    layers, problems = resolve_draft({"entities": [{"id": "e1", "text": "IS", "type": "ARMED_GROUP"}]}, ARTICLE)
    assert problems == []
    assert layers["entities"] == [{"id": "e1", "start": 13, "end": 15, "text": "IS", "type": "ARMED_GROUP"}]


def test_ambiguous_text_is_an_error_listing_occurrences() -> None:
    _, problems = resolve_draft({"entities": [{"id": "e1", "text": "Homs", "type": "GPE"}]}, ARTICLE)
    assert len(problems) == 1
    assert problems[0].path == "$.entities[0].text"
    assert "occurs 2 times" in problems[0].message and "n=2" in problems[0].message


def test_n_and_prefix_pick_an_occurrence() -> None:
    draft = {"entities": [{"id": "e1", "text": "Homs", "type": "GPE", "n": 2}],
             "cues": [{"id": "q1", "text": "said", "prefix": "calm, Reuters "}]}
    layers, problems = resolve_draft(draft, ARTICLE)
    assert problems == [] and layers["entities"][0]["start"] == 56 and layers["cues"][0]["start"] == 78
    _, problems = resolve_draft({"cues": [{"id": "q1", "text": "said", "prefix": "Reuters ", "n": 3}]}, ARTICLE)
    assert problems[0].path == "$.cues[0].n" and "occurs 2 time(s)" in problems[0].message


def test_missing_text_and_unknown_field_are_reported_together() -> None:
    draft = {"colour": "red", "entities": [{"id": "e1", "text": "Aleppo", "type": "GPE"}]}
    _, problems = resolve_draft(draft, ARTICLE)
    assert [p.path for p in problems] == ["$.colour", "$.entities[0].text"]


def test_listed_occurrences_are_placed_and_all_is_refused() -> None:
    draft = {"entities": [{"id": "e1", "text": "Homs", "type": "GPE", "n": [1, 2]},
                          {"id": "e2", "text": "Reuters", "type": "MEDIA", "n": [2]}]}
    layers, problems = resolve_draft(draft, ARTICLE)
    assert problems == []
    assert [(e["id"], e["start"]) for e in layers["entities"]] == [("e1", 34), ("e1.2", 56), ("e2", 70)]
    _, problems = resolve_draft({"entities": [{"id": "e1", "text": "Homs", "type": "GPE", "n": "all"}]}, ARTICLE)
    assert problems[0].path == "$.entities[0].n" and "refused" in problems[0].message and "n=2:" in problems[0].message
    for bad in ([], [2, 1], [1, 1], [3], [True]):
        _, problems = resolve_draft({"entities": [{"id": "e1", "text": "Homs", "type": "GPE", "n": bad}]}, ARTICLE)
        assert [p.path for p in problems] == ["$.entities[0].n"], bad


def test_overlapping_spans_of_one_layer_are_problems() -> None:
    draft = {"entities": [{"id": "e1", "text": "Reuters said", "type": "MEDIA", "n": 1},
                          {"id": "e2", "text": "Reuters", "type": "MEDIA", "n": [1, 2]}]}
    _, problems = resolve_draft(draft, ARTICLE)
    assert len(problems) == 1 and "overlap" in problems[0].message and "'Reuters said'" in problems[0].message


def test_author_stance_needs_evidence_from_the_text() -> None:
    base = {"entities": [{"id": "e1", "text": "IS", "type": "ARMED_GROUP"}]}
    for stance, ok in (({"polarity": "neutral"}, True), ({"polarity": "oppose"}, False),
                       ({"polarity": "oppose", "evidence": "fighters attacked"}, True),
                       ({"polarity": "support", "evidence": "heroic"}, False)):
        draft = {**base, "stances": [{"id": "t1", "holder_id": "AUTHOR", "target_id": "e1", **stance}]}
        layers, problems = resolve_draft(draft, ARTICLE)
        assert (problems == []) is ok, stance
        assert "evidence" not in layers["stances"][0]


def test_draft_becomes_a_valid_document_with_provenance() -> None:
    draft = {"id": "synthetic-1", "annotator": "maintainer-x@warclaims.example", "pass": "second",
             "entities": [{"id": "e1", "text": "IS", "type": "ARMED_GROUP"}],
             "sources": [{"id": "s1", "text": "Reuters", "n": 1, "kind": "named"}],
             "cues": [{"id": "q1", "text": "said", "n": 1}],
             "claims": [{"id": "c1", "text": "IS fighters attacked Homs", "source_id": "s1", "cue_id": "q1",
                         "quote": "indirect", "certainty": "asserted"}],
             "stances": [{"id": "t1", "holder_id": "AUTHOR", "target_id": "e1", "polarity": "neutral"}]}
    doc, problems = draft_to_document(draft, ARTICLE, guidelines_version="0.1.0", tool_version="test")
    assert problems == []
    ann = doc["meta"]["annotation"]
    assert ann["annotators"] == ["maintainer-x@warclaims.example"] and ann["pass"] == "second"
    assert ann["ground_truth"] is False
    adjudicated, _ = draft_to_document({**draft, "pass": "adjudicated", "ground_truth": True}, ARTICLE,
                                          guidelines_version="0.1.0", tool_version="test")
    assert adjudicated["meta"]["annotation"]["ground_truth"] is True
    assert doc["claims"][0]["start"] == 13 and doc["claims"][0]["end"] == 38
    assert "notes" not in ann


def test_draft_notes_are_carried_into_the_record() -> None:
    draft = {"id": "synthetic-1", "annotator": "m@warclaims.example", "entities": [{"id": "e1", "text": "IS", "type": "ARMED_GROUP"}],
             "notes": ["hard case: is IS here the group? (synthetic) ", "second"]}
    doc, problems = draft_to_document(draft, ARTICLE, guidelines_version="0.2.0", tool_version="test")
    assert problems == [] and doc["meta"]["annotation"]["notes"] == ["hard case: is IS here the group? (synthetic)", "second"]
    two_lines, _ = draft_to_document({**draft, "notes": ["one\n\ntwo ", " "]}, ARTICLE, guidelines_version="0.2.0", tool_version="test")
    assert two_lines["meta"]["annotation"]["notes"] == ["one", "two"]
    _, problems = draft_to_document({**draft, "notes": ["ok", 3]}, ARTICLE, guidelines_version="0.2.0", tool_version="test")
    assert [p.path for p in problems] == ["$.meta.annotation.notes[1]"]


def test_dangling_reference_in_a_draft_is_caught_by_document_validation() -> None:
    draft = {"annotator": "m", "entities": [{"id": "e1", "text": "IS", "type": "ARMED_GROUP"}],
             "stances": [{"id": "t1", "holder_id": "AUTHOR", "target_id": "e9", "polarity": "neutral"}]}
    _, problems = draft_to_document(draft, ARTICLE, guidelines_version="0.1.0", tool_version="test")
    assert [p.path for p in problems] == ["$.stances[0].target_id"]


@given(st.lists(st.sampled_from(["ab", "cd", "ab cd", " ", "x"]), min_size=1, max_size=12), st.sampled_from(["ab", "cd"]))
def test_every_found_occurrence_is_the_needle_on_word_boundaries(parts: list[str], needle: str) -> None:
    text = "".join(parts)
    for start in find_all(text, needle):
        assert text[start:start + len(needle)] == needle
        assert start == 0 or not text[start - 1].isalnum()
        end = start + len(needle)
        assert end == len(text) or not text[end].isalnum()


def test_pre_annotation_is_refused_outside_first_passes() -> None:
    base = {"annotator": "m", "entities": [{"id": "e1", "text": "IS", "type": "ARMED_GROUP"}],
            "pre_annotated_by": "entities-crf@0.1.0"}
    for pass_, ok in (("first", True), ("second", False), ("adjudicated", False)):
        doc, problems = draft_to_document({**base, "pass": pass_}, ARTICLE, guidelines_version="0.2.0", tool_version="t")
        assert (problems == []) is ok, pass_
    assert doc["meta"]["annotation"]["origin"] == "draft-import"
