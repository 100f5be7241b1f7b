"""Adjudication rules on small hand cases (synthetic text)."""

from __future__ import annotations

import copy

import pytest

from warclaims import validate
from warclaims.dataset import adjudicate, synthetic


def _ann(who: str, noise: float = 0.0, **kw) -> dict:
    return synthetic.annotation(7, who, f"id-{who}", noise=noise, **kw)


def test_single_passes_through_with_gold_meta() -> None:
    res = adjudicate.adjudicate([_ann("a")])
    assert res.rule == "single" and res.ties == []
    ann = res.gold["meta"]["annotation"]
    # a single annotation is not adjudicated: the gold record keeps the annotation's own pass
    assert (ann["pass"], ann["adjudication"], ann["annotators"]) == ("first", "single", ["a"])
    assert validate.check_document(res.gold) == []


def test_ground_truth_wins() -> None:
    a, b, c = _ann("a"), _ann("b", ground_truth=True), _ann("c")
    b["entities"] = b["entities"][:1]
    b["stances"] = []
    res = adjudicate.adjudicate([a, b, c])
    assert res.rule == "ground_truth" and len(res.gold["entities"]) == 1
    ann = res.gold["meta"]["annotation"]
    assert ann["annotators"] == ["a", "b", "c"] and ann["annotation_ids"] == ["id-a", "id-b", "id-c"] and ann["ground_truth"]


def test_conflicting_ground_truths_are_listed_and_majority_applies() -> None:
    a, b, c = _ann("a", ground_truth=True), _ann("b", ground_truth=True), _ann("c")
    b["entities"] = b["entities"][:1]
    b["stances"] = []
    res = adjudicate.adjudicate([a, b, c])
    assert res.rule == "majority"
    assert any("ground-truth annotations disagree" in t.get("message", "") for t in res.ties)
    assert len(res.gold["entities"]) == 4  # a and c have all four: 2 of 3


def test_newest_reviewer_annotation_wins() -> None:
    old = _ann("lead@x", updated_at="2026-01-01T00:00:00Z")
    new = _ann("lead@x", updated_at="2026-02-01T00:00:00Z")
    new["meta"]["annotation"]["annotation_ids"] = ["id-lead-2"]
    new["entities"] = new["entities"][:2]
    new["stances"] = []
    res = adjudicate.adjudicate([old, new, _ann("c")], reviewers=["lead@x"])
    assert res.rule == "reviewer" and len(res.gold["entities"]) == 2
    assert adjudicate.adjudicate([old, new, _ann("c")]).rule == "majority"


def test_majority_keeps_spans_of_more_than_half_and_lists_ties() -> None:
    a, b = _ann("a"), _ann("b")
    b["entities"][3]["type"] = "LOC"
    res = adjudicate.adjudicate([a, b])
    assert res.rule == "majority"
    assert len(res.gold["entities"]) == 3
    tie_items = sorted(tuple(t["item"]) for t in res.ties if t["layer"] == "entities")
    assert [i[2] for i in tie_items] == ["GPE", "LOC"]
    assert validate.check_document(res.gold) == []


def test_majority_claim_attributes_and_links() -> None:
    a, b, c = _ann("a"), _ann("b"), _ann("c")
    b["claims"][0]["source_id"] = None
    c["claims"][0]["certainty"] = "hedged" if a["claims"][0]["certainty"] == "asserted" else "asserted"
    b["claims"][0]["certainty"] = c["claims"][0]["certainty"]
    res = adjudicate.adjudicate([a, b, c])
    claim = res.gold["claims"][0]
    assert claim["source_id"] == "s1" and claim["certainty"] == c["claims"][0]["certainty"]


def test_stance_majority_polarity() -> None:
    anns = [_ann(w) for w in "abc"]
    anns[0]["stances"][0]["polarity"] = "support"
    anns[1]["stances"][0]["polarity"] = "oppose"
    anns[2]["stances"][0]["polarity"] = "oppose"
    res = adjudicate.adjudicate(anns)
    assert [s["polarity"] for s in res.gold["stances"]] == ["oppose"]


def test_ids_reassigned_in_text_order_with_references() -> None:
    a = _ann("a")
    renamed = copy.deepcopy(a)
    mapping = {"e1": "zz9", "e2": "x1", "e3": "m5", "e4": "b0", "s1": "src", "q1": "cue", "c1": "cl", "t1": "st"}
    for layer in ("entities", "sources", "cues", "claims", "stances"):
        for item in renamed[layer]:
            item["id"] = mapping[item["id"]]
    renamed["claims"][0].update(source_id="src", cue_id="cue")
    renamed["stances"][0].update(holder_id="src", target_id=mapping[a["stances"][0]["target_id"]])
    renamed["entities"].reverse()
    assert adjudicate.renumber(renamed)["entities"] == adjudicate.renumber(a)["entities"]
    assert adjudicate.renumber(renamed)["stances"] == adjudicate.renumber(a)["stances"]
    gold = adjudicate.adjudicate([renamed]).gold
    assert [e["id"] for e in gold["entities"]] == ["e1", "e2", "e3", "e4"]
    assert [e["start"] for e in gold["entities"]] == sorted(e["start"] for e in gold["entities"])


def test_different_texts_cannot_be_adjudicated() -> None:
    a, b = _ann("a"), _ann("b")
    b["text"] = b["text"] + " "
    with pytest.raises(adjudicate.AdjudicationError, match="do not share one id and text"):
        adjudicate.adjudicate([a, b])


def test_a_reviewed_ground_truth_is_gold_and_says_reviewed() -> None:
    first, review = _ann("a"), _ann("r", ground_truth=True)
    review["meta"]["annotation"]["pass"] = "reviewed"
    review["entities"] = review["entities"][:1]
    review["stances"] = []
    res = adjudicate.adjudicate([first, review])
    ann = res.gold["meta"]["annotation"]
    assert (res.rule, ann["pass"], ann["annotators"]) == ("ground_truth", "reviewed", ["a", "r"])
    assert len(res.gold["entities"]) == 1 and validate.check_document(res.gold) == []
