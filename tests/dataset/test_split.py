"""Split assignment: deterministic, ratio-respecting, stable as documents are added."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warclaims.dataset import split


def test_bucket_is_the_documented_sha256_rule() -> None:
    digest = hashlib.sha256(b"warclaims-split-v1:id:doc-1").hexdigest()
    assert split.bucket("id:doc-1") == int(digest[:16], 16) / 2**64


def test_assign_uses_cumulative_ratios(monkeypatch: pytest.MonkeyPatch) -> None:
    ratios = (("train", 0.6), ("validation", 0.2), ("test", 0.2))
    for value, expected in [(0.0, "train"), (0.59, "train"), (0.6, "validation"), (0.79, "validation"), (0.8, "test"), (0.999, "test")]:
        monkeypatch.setattr(split, "bucket", lambda key, seed, v=value: v)
        assert split.assign("k", ratios) == expected


def test_group_keys() -> None:
    doc = {"id": "d1", "meta": {"source": "sana", "story": None}}
    assert split.group_key(doc, "id") == "id:d1"
    assert split.group_key(doc, "outlet") == "outlet:sana"
    assert split.group_key(doc, "story") == "id:d1"
    assert split.group_key({**doc, "meta": {"source": "sana", "story": "homs"}}, "story") == "story:homs"
    with pytest.raises(ValueError, match="unknown group-by"):
        split.group_key(doc, "colour")


def test_same_story_same_split() -> None:
    docs = [{"id": f"d{i}", "meta": {"source": "x", "story": "s-1"}} for i in range(30)]
    assert len({split.split_of(d, "story") for d in docs}) == 1


def test_ratios_are_roughly_respected() -> None:
    counts = {"train": 0, "validation": 0, "test": 0}
    for i in range(5000):
        counts[split.assign(f"id:{i}")] += 1
    assert 0.57 < counts["train"] / 5000 < 0.63
    assert 0.17 < counts["test"] / 5000 < 0.23


@pytest.mark.parametrize("text", ["train=0.5,test=0.6", "train", "train=0.5,train=0.5", "train=-1,test=2"])
def test_bad_ratios(text: str) -> None:
    with pytest.raises(ValueError):
        split.parse_ratios(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=30, unique=True),
       st.lists(st.text(min_size=1, max_size=12), max_size=30, unique=True))
def test_adding_documents_never_moves_an_existing_one(before: list[str], added: list[str]) -> None:
    first = {i: split.split_of({"id": i, "meta": {}}) for i in before}
    second = {i: split.split_of({"id": i, "meta": {}}) for i in [*added, *before]}
    assert all(second[i] == s for i, s in first.items())


def test_pins_keep_previous_splits_and_a_shared_story_goes_to_test_first() -> None:
    def doc(i: str, story: str | None) -> dict:
        return {"id": i, "meta": {"source": "x", "story": story}}

    docs = [doc("a", "s1"), doc("b", "s1"), doc("c", None), doc("d", "s2"), doc("new", "s3")]
    pins, moves = split.pins_from_previous(docs, {"a": "train", "b": "test", "c": "validation", "d": "train"})
    assert pins == {"story:s1": "test", "id:c": "validation", "story:s2": "train"}
    assert moves == [("a", "train", "test")]
    ratios = (("train", 0.5), ("validation", 0.25), ("test", 0.25))
    assert [split.split_of(d, "story", ratios, "seed", pins) for d in docs[:4]] == ["test", "test", "validation", "train"]
    assert split.split_of(docs[4], "story", ratios, "seed", pins) == split.assign("story:s3", ratios, "seed")
