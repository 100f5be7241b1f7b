"""Span matching (warclaims.metrics.spans): hand-checked cases, seqeval and nervaluate cross-checks."""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warclaims.metrics.spans import align, columns, derive, iou, iou_matches, span_row

TYPES = ("PERSON", "ORG", "ARMED_GROUP", "MEDIA", "GPE", "LOC", "FAC")
Span = tuple[int, int, str]


def score(gold_docs: Sequence[Sequence[Span]], pred_docs: Sequence[Sequence[Span]], labels: Sequence[str] = TYPES,
          with_iou: bool = False) -> dict:
    """Metrics of several documents, summed as the scorer does."""
    cols = columns("x", labels, with_iou=with_iou)
    rows = np.array([span_row(list(g), list(p), labels, with_iou=with_iou) for g, p in zip(gold_docs, pred_docs)])
    sums = dict(zip(cols, rows.sum(axis=0)))
    return {k: float(v) for k, v in derive(sums, "x", "e", labels, with_iou=with_iou).items()}


# ---- hand-checked ---------------------------------------------------------------------------

def test_the_four_pair_kinds() -> None:
    gold = [(0, 4, "GPE"), (10, 19, "ARMED_GROUP"), (30, 50, "ARMED_GROUP"), (60, 70, "ORG"), (80, 90, "MEDIA")]
    pred = [(0, 4, "GPE"),            # kind 1: strict
            (10, 19, "ORG"),          # kind 2: same span, other type
            (30, 56, "ARMED_GROUP"),  # kind 3s: overlap, same type
            (62, 70, "PERSON"),       # kind 3d: overlap, other type
            (95, 99, "LOC")]          # spurious; (80, 90) missed
    assert align(gold, pred) == (1, 1, 1, 1)
    m = score([gold], [pred])
    assert m["e.strict.counts.cor"] == 1 and m["e.strict.counts.inc"] == 3 and m["e.strict.counts.spu"] == 1
    assert m["e.strict.counts.mis"] == 1
    assert m["e.strict.micro.precision"] == pytest.approx(1 / 5)
    assert m["e.exact.micro.precision"] == pytest.approx(2 / 5)
    assert m["e.type.micro.recall"] == pytest.approx(2 / 5)
    assert m["e.partial.micro.precision"] == pytest.approx((2 + 0.5 * 2) / 5)
    assert m["e.partial.counts.par"] == 2 and m["e.partial.counts.inc"] == 0


def test_alignment_is_one_to_one_and_prefers_same_type_then_longer_overlap() -> None:
    gold = [(0, 10, "ORG")]
    pred = [(0, 5, "PERSON"), (2, 6, "ORG"), (5, 10, "ORG")]
    assert align(gold, pred) == (0, 0, 1, 0)  # one pair only; same type wins over the equal-length PERSON overlap
    m = score([gold], [pred])
    assert m["e.type.counts.cor"] == 1 and m["e.type.counts.spu"] == 2
    assert align([(0, 10, "ORG"), (12, 20, "ORG")], [(5, 15, "ORG")]) == (0, 0, 1, 0)


def test_same_bounds_different_types_pair_by_label_order() -> None:
    assert align([(0, 3, "GPE"), (0, 3, "LOC")], [(0, 3, "ORG")]) == (0, 1, 0, 0)


def test_per_type_and_macro() -> None:
    gold = [[(0, 3, "GPE"), (5, 9, "ORG")], [(0, 2, "ORG")]]
    pred = [[(0, 3, "GPE"), (5, 9, "PERSON")], [(0, 2, "ORG")]]
    m = score(gold, pred)
    assert m["e.strict.per_type.GPE.f1"] == 1.0
    assert m["e.strict.per_type.ORG.recall"] == 0.5 and m["e.strict.per_type.ORG.precision"] == 1.0
    assert m["e.strict.per_type.PERSON.f1"] == 0.0
    assert m["e.strict.macro.types"] == 3  # GPE, ORG, PERSON occur; the other four types are left out
    assert m["e.strict.macro.f1"] == pytest.approx((1.0 + 2 / 3 + 0.0) / 3)


def test_iou_and_overlap_matching() -> None:
    assert iou((0, 10), (5, 15)) == pytest.approx(5 / 15)
    assert iou((0, 10), (0, 5)) == 0.5
    assert iou((0, 3), (3, 6)) == 0.0
    assert iou_matches([(0, 10)], [(0, 5)]) == 1       # IoU exactly 0.5 matches
    assert iou_matches([(0, 10)], [(0, 4)]) == 0
    assert iou_matches([(0, 10)], [(0, 9), (1, 10)]) == 1   # one to one
    assert iou_matches([(0, 10), (0, 10)], [(0, 10)]) == 1  # repeated ranges (sources of two kinds)
    m = score([[(0, 10, ""), (20, 30, "")]], [[(0, 6, ""), (40, 50, "")]], labels=(), with_iou=True)
    assert m["e.overlap.tp"] == 1 and m["e.overlap.precision"] == 0.5


def test_documents_without_gold_items_only_add_false_positives() -> None:
    m = score([[(0, 3, "GPE")], []], [[(0, 3, "GPE")], [(1, 2, "ORG")]])
    assert m["e.strict.micro.recall"] == 1.0 and m["e.strict.micro.precision"] == 0.5


# ---- cross-checks: seqeval (strict, IOB2) and nervaluate (four schemes) ------------------------

TOKEN = re.compile(r"\w+|[^\w\s]")


def tokenize(text: str) -> list[tuple[int, int]]:
    """Whitespace/punctuation tokenizer: character ranges of the tokens."""
    return [(m.start(), m.end()) for m in TOKEN.finditer(text)]


def bio(text: str, spans: Sequence[Span]) -> list[str]:
    """IOB2 tags of the tokens from character spans (spans must be token-aligned, not overlapping)."""
    tags = []
    for s, e in tokenize(text):
        tag = "O"
        for a, b, t in spans:
            if s == a:
                tag = f"B-{t}"
            elif a < s and e <= b:
                tag = f"I-{t}"
        tags.append(tag)
    return tags


WORDS = ("Homs", "said", "the", "Syrian", "Observatory", ",", "forces", "(", "HTS", ")", "near", ".")


@st.composite
def flat_corpus(draw: st.DrawFn) -> tuple[list[str], list[list[Span]], list[list[Span]]]:
    """Documents cut into slots; each slot holds at most one gold and one predicted span, token-aligned.

    Within a side spans never overlap (BIO can express them) and a prediction overlaps at
    most one gold span and vice versa (nervaluate's first-match rule is then unambiguous).
    """
    texts, golds, preds = [], [], []
    for _ in range(draw(st.integers(1, 5))):
        slots = draw(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5), min_size=1, max_size=8))
        text, gold, pred = "", [], []
        for slot in slots:
            toks: list[tuple[int, int]] = []
            for w in slot:
                if text:
                    text += " "
                toks.append((len(text), len(text) + len(w)))
                text += w
            for side in (gold, pred):
                if draw(st.booleans()):
                    i = draw(st.integers(0, len(toks) - 1))
                    j = draw(st.integers(i, len(toks) - 1))
                    side.append((toks[i][0], toks[j][1], draw(st.sampled_from(TYPES[:4]))))
        texts.append(text)
        golds.append(gold)
        preds.append(pred)
    return texts, golds, preds


@settings(max_examples=150, deadline=None)
@given(flat_corpus())
def test_strict_equals_seqeval_strict_iob2(corpus: tuple[list[str], list[list[Span]], list[list[Span]]]) -> None:
    from seqeval.metrics import classification_report, f1_score, precision_score, recall_score
    from seqeval.scheme import IOB2

    texts, golds, preds = corpus
    y_true = [bio(t, g) for t, g in zip(texts, golds)]
    y_pred = [bio(t, p) for t, p in zip(texts, preds)]
    m = score(golds, preds)
    kw = {"mode": "strict", "scheme": IOB2, "zero_division": 0}
    assert m["e.strict.micro.precision"] == pytest.approx(precision_score(y_true, y_pred, **kw))
    assert m["e.strict.micro.recall"] == pytest.approx(recall_score(y_true, y_pred, **kw))
    assert m["e.strict.micro.f1"] == pytest.approx(f1_score(y_true, y_pred, **kw))
    if any(golds) or any(preds):
        report = classification_report(y_true, y_pred, output_dict=True, **kw)
        assert m["e.strict.macro.f1"] == pytest.approx(report["macro avg"]["f1-score"])
        for t in TYPES[:4]:
            if t in report:
                assert m[f"e.strict.per_type.{t}.f1"] == pytest.approx(report[t]["f1-score"])


SCHEMES = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}


@settings(max_examples=150, deadline=None)
@given(flat_corpus())
def test_all_four_schemes_equal_nervaluate(corpus: tuple[list[str], list[list[Span]], list[list[Span]]]) -> None:
    from nervaluate import Evaluator

    _, golds, preds = corpus
    if not any(golds) and not any(preds):
        return
    # nervaluate's offsets are end-inclusive
    true = [[{"label": t, "start": s, "end": e - 1} for s, e, t in doc] for doc in golds]
    pred = [[{"label": t, "start": s, "end": e - 1} for s, e, t in doc] for doc in preds]
    results = Evaluator(true, pred, tags=list(TYPES), loader="dict").evaluate()
    m = score(golds, preds)
    for ours, theirs in SCHEMES.items():
        r = results["overall"][theirs]
        assert (m[f"e.{ours}.counts.cor"], m[f"e.{ours}.counts.inc"], m[f"e.{ours}.counts.par"],
                m[f"e.{ours}.counts.mis"], m[f"e.{ours}.counts.spu"]) == \
               (r.correct, r.incorrect, r.partial, r.missed, r.spurious), ours
        assert m[f"e.{ours}.micro.precision"] == pytest.approx(r.precision)
        assert m[f"e.{ours}.micro.recall"] == pytest.approx(r.recall)
        assert m[f"e.{ours}.micro.f1"] == pytest.approx(r.f1)
    for tag, by_scheme in results["entities"].items():
        assert m[f"e.strict.per_type.{tag}.f1"] == pytest.approx(by_scheme["strict"].f1)
