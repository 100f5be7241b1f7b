"""Stance on (holder, target) pairs (warclaims.metrics.stance), cross-checked with scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warclaims.metrics import stance
from warclaims.records import Entity, Source, Stance

POLS = ("support", "oppose", "neutral")


def metrics(rows: list[list[int]]) -> dict[str, float]:
    sums = dict(zip(stance.columns(), np.array(rows).reshape(len(rows), -1).sum(axis=0)))
    return {k: float(v) for k, v in stance.derive(sums).items()}


def test_pairs_are_identified_by_positions_not_ids() -> None:
    gold_ents = [Entity(0, 4, "GPE", "e1"), Entity(10, 19, "ARMED_GROUP", "e2")]
    gold_src = [Source(30, 40, "named", "s1")]
    gold = [Stance("t1", "AUTHOR", "e2", "oppose"), Stance("t2", "s1", "e1", "support")]
    pred_ents = [Entity(10, 19, "ORG", "x7"), Entity(0, 4, "GPE", "x8")]  # other ids, one other type
    pred_src = [Source(30, 40, "anonymous", "y1")]
    pred = [Stance("p1", "AUTHOR", "x7", "oppose"), Stance("p2", "y1", "x8", "neutral")]
    g = stance.keyed(gold, gold_ents, gold_src)
    p = stance.keyed(pred, pred_ents, pred_src)
    assert g == {(-1, -1, 10, 19): ["oppose"], (30, 40, 0, 4): ["support"]}
    m = metrics([stance.row(g, p)])
    assert m["stance.gold_pairs.accuracy"] == 0.5
    assert m["stance.gold_pairs.confusion.support.neutral"] == 1
    assert m["stance.gold_pairs.per_class.oppose.f1"] == 1.0
    assert m["stance.gold_pairs.f_avg"] == 0.5  # support F1 0, oppose F1 1
    assert m["stance.end_to_end.per_class.neutral.fp"] == 1 and m["stance.end_to_end.per_class.support.fn"] == 1


def test_end_to_end_counts_pairs_outside_gold() -> None:
    gold = {(-1, -1, 0, 4): ["support"]}
    pred = {(-1, -1, 0, 4): ["support"], (-1, -1, 9, 12): ["oppose"]}
    m = metrics([stance.row(gold, pred)])
    assert m["stance.gold_pairs.accuracy"] == 1.0
    assert m["stance.gold_pairs.ignored_predictions"] == 1
    assert m["stance.end_to_end.per_class.support.f1"] == 1.0
    assert m["stance.end_to_end.per_class.oppose.precision"] == 0.0
    assert m["stance.end_to_end.f_avg"] == 0.5
    assert m["stance.end_to_end.accuracy"] == 0.5  # 1 of 2 pairs in the union agrees


def test_stances_sharing_a_position_pair_match_as_multisets() -> None:
    ents = [Entity(0, 4, "GPE", "e1"), Entity(0, 4, "LOC", "e2")]
    sts = [Stance("t1", "AUTHOR", "e2", "support"), Stance("t2", "AUTHOR", "e1", "oppose")]
    keyed = stance.keyed(sts, ents, [])
    assert keyed == {(-1, -1, 0, 4): ["oppose", "support"]}
    m = metrics([stance.row(keyed, keyed)])
    assert m["stance.gold_pairs.accuracy"] == 1.0 and m["stance.end_to_end.accuracy"] == 1.0
    assert m["stance.end_to_end.duplicate_predictions"] == 1
    m = metrics([stance.row({(-1, -1, 0, 4): ["oppose"]}, keyed)])
    assert m["stance.end_to_end.per_class.oppose.tp"] == 1
    assert m["stance.end_to_end.per_class.support.fp"] == 1
    assert m["stance.gold_pairs.ignored_predictions"] == 1
    m = metrics([stance.row(keyed, {(-1, -1, 0, 4): ["neutral"]})])
    assert m["stance.gold_pairs.confusion.oppose.neutral"] == 1 and m["stance.gold_pairs.confusion.support.none"] == 1


def test_unknown_span_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="validate the record first"):
        stance.keyed([Stance("t1", "AUTHOR", "e9", "support")], [], [])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(POLS), st.sampled_from((*POLS, "none"))), min_size=1, max_size=40))
def test_gold_pairs_mode_equals_sklearn(items: list[tuple[str, str]]) -> None:
    from sklearn.metrics import accuracy_score, f1_score

    gold = {(-1, -1, i, i + 1): [g] for i, (g, _) in enumerate(items)}
    pred = {(-1, -1, i, i + 1): [p] for i, (_, p) in enumerate(items) if p != "none"}
    m = metrics([stance.row(gold, pred)])
    y_true = [g for g, _ in items]
    y_pred = [p for _, p in items]
    assert m["stance.gold_pairs.f_avg"] == pytest.approx(
        f1_score(y_true, y_pred, labels=["support", "oppose"], average="macro", zero_division=0))
    assert m["stance.gold_pairs.macro_f1"] == pytest.approx(
        f1_score(y_true, y_pred, labels=list(POLS), average="macro", zero_division=0))
    assert m["stance.gold_pairs.accuracy"] == pytest.approx(accuracy_score(y_true, y_pred))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(POLS), st.sampled_from(POLS)), min_size=1, max_size=30))
def test_end_to_end_equals_sklearn_when_pairs_coincide(items: list[tuple[str, str]]) -> None:
    """With predictions on exactly the gold pairs, end-to-end per-class F1 is ordinary classification F1."""
    from sklearn.metrics import f1_score

    gold = {(0, 1, i, i + 1): [g] for i, (g, _) in enumerate(items)}
    pred = {(0, 1, i, i + 1): [p] for i, (_, p) in enumerate(items)}
    m = metrics([stance.row(gold, pred)])
    y_true, y_pred = [g for g, _ in items], [p for _, p in items]
    assert m["stance.end_to_end.f_avg"] == pytest.approx(
        f1_score(y_true, y_pred, labels=["support", "oppose"], average="macro", zero_division=0))
    assert m["stance.end_to_end.macro_f1"] == pytest.approx(m["stance.gold_pairs.macro_f1"])
