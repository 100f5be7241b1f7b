"""Stories: near-duplicate detection and the no-leak property of the shipped release."""

from __future__ import annotations

from pathlib import Path

import pytest

from warclaims import stories

DATASET = Path(__file__).resolve().parents[1] / "dataset"


def test_shingles_ignore_case_and_punctuation() -> None:
    assert stories.shingles("A b, c d E f", k=5) == {("a", "b", "c", "d", "e"), ("b", "c", "d", "e", "f")}
    assert stories.shingles("too short", k=5) == frozenset()
    assert stories.jaccard(frozenset(), frozenset()) == 0.0


def test_pairs_and_components() -> None:
    # synthetic texts
    base = "the convoy was hit outside the city on sunday morning killing dozens of people"
    texts = {"x1": base, "x2": base + " officials said", "x3": "a different story about a ceasefire in the south today",
             "x4": "officials said " + base}
    pairs = stories.similar_pairs(texts)
    assert {(a, b) for a, b, _ in pairs} == {("x1", "x2"), ("x1", "x4"), ("x2", "x4")}
    assert all(s >= stories.NEAR_DUPLICATE for *_, s in pairs)
    groups = stories.stories(texts, pairs)
    assert groups == {"x1": "story-x1", "x2": "story-x1", "x4": "story-x1", "x3": "story-x3"}
    assert stories.leaks({"x1": "train", "x2": "train", "x4": "test"}, pairs) == [p for p in pairs if "x4" in p[:2]]


def test_no_near_duplicate_pair_straddles_two_splits_of_the_shipped_release() -> None:
    from warclaims.dataset.reader import read_document_dicts as read_documents

    splits, texts = {}, {}
    for name in ("train", "validation", "test"):
        if not (DATASET / "data" / "documents" / f"{name}.parquet").is_file():
            continue
        for doc in read_documents(DATASET, name):
            splits[doc["id"]] = name
            texts[doc["id"]] = doc["text"]
    if not texts:
        pytest.skip("no shipped release")
    pairs = stories.similar_pairs(texts)
    assert stories.leaks(splits, pairs) == []
