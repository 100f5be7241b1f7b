"""Stance on (holder, target) pairs (docs/METRICS.md, "Stance").

A pair is identified by positions, not ids (ids differ between gold and predictions): the
holder is ``AUTHOR`` or the (start, end) of the entity or source span its id names, the
target the (start, end) of its entity span. Two modes:

- gold pairs given: every gold stance is one item; the prediction for its pair (or "none"
  when the submission has no stance on that pair) fills a confusion matrix. Predicted
  stances on pairs that are not gold pairs are counted as `ignored`.
- end to end: a predicted stance is a true positive of class c when the gold stance on the
  same pair has polarity c; otherwise it is a false positive of its class, and the gold
  stance (if any) a false negative of its class.

F_avg is the mean of the F1 of support and oppose (SemEval-2016 Task 6); macro_f1 the mean
over all three polarities; accuracy the share of gold pairs predicted with the right
polarity (gold pairs) or the share of pairs in the union of gold and predicted pairs that
carry the same polarity on both sides (end to end).
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from ..schemas import AUTHOR, labels
from .counts import Number, prf_entry, ratio

Key = tuple[int, int, int, int]
AUTHOR_RANGE = (-1, -1)
FAVG_CLASSES: tuple[str, ...] = ("support", "oppose")


def polarities() -> tuple[str, ...]:
    """The polarity labels, from the schema."""
    return labels()["polarity"]


def columns() -> list[str]:
    """Names of the per-document count columns `row` fills, in order."""
    pols = polarities()
    cols = [f"stg.{g}.{p}" for g in pols for p in (*pols, "none")] + ["stg.ignored"]
    cols += [f"ste.{c}.{k}" for c in pols for k in ("tp", "fp", "fn")] + ["ste.union", "ste.duplicates"]
    return cols


def keyed(stances: Sequence[object], entities: Sequence[object], sources: Sequence[object]) -> tuple[dict[Key, str], list[tuple[Key, str]]]:
    """Stances by pair key, and the stances whose key an earlier one already took.

    When several stances resolve to the same key (spans with the same range), the one with
    the smallest polarity name is kept; the others are returned as duplicates and scored as
    unmatched (a false negative in gold, a false positive in a prediction).
    """
    where: dict[str, tuple[int, int]] = {AUTHOR: AUTHOR_RANGE}
    for s in sources:
        where[s.id] = (s.start, s.end)  # type: ignore[attr-defined]
    for e in entities:
        where[e.id] = (e.start, e.end)  # type: ignore[attr-defined]
    items = []
    for st in stances:
        holder = where.get(st.holder_id)  # type: ignore[attr-defined]
        target = where.get(st.target_id)  # type: ignore[attr-defined]
        if holder is None or target is None:
            raise ValueError(f"stance {st.id!r} names an unknown span; validate the record first")  # type: ignore[attr-defined]
        items.append(((*holder, *target), st.polarity))  # type: ignore[attr-defined]
    items.sort()
    out: dict[Key, str] = {}
    duplicates: list[tuple[Key, str]] = []
    for key, pol in items:
        if key in out:
            duplicates.append((key, pol))
        else:
            out[key] = pol
    return out, duplicates


def row(gold: Mapping[Key, str], gold_dups: Sequence[tuple[Key, str]],
        pred: Mapping[Key, str], pred_dups: Sequence[tuple[Key, str]]) -> list[int]:
    """One document's counts for `columns()`."""
    pols = polarities()
    conf = {(g, p): 0 for g in pols for p in (*pols, "none")}
    for key, g in (*gold.items(), *gold_dups):
        conf[(g, pred.get(key, "none"))] += 1
    ignored = sum(1 for key in pred if key not in gold) + len(pred_dups)
    tp = dict.fromkeys(pols, 0)
    fp = dict.fromkeys(pols, 0)
    fn = dict.fromkeys(pols, 0)
    keys = gold.keys() | pred.keys()
    for key in keys:
        g, p = gold.get(key), pred.get(key)
        if g == p:
            tp[g] += 1  # type: ignore[index]
            continue
        if g is not None:
            fn[g] += 1
        if p is not None:
            fp[p] += 1
    for _, g in gold_dups:
        fn[g] += 1
    for _, p in pred_dups:
        fp[p] += 1
    out = [conf[(g, p)] for g in pols for p in (*pols, "none")] + [ignored]
    for c in pols:
        out += [tp[c], fp[c], fn[c]]
    out += [len(keys) + len(gold_dups) + len(pred_dups), len(pred_dups)]
    return out


def derive(sums: Mapping[str, Number]) -> dict[str, Number]:
    """`stance.gold_pairs.*` and `stance.end_to_end.*` from summed counts."""
    pols = polarities()
    out: dict[str, Number] = {}
    # gold pairs given
    total = sum(sums[f"stg.{g}.{p}"] for g in pols for p in (*pols, "none"))
    f1s = {}
    for c in pols:
        tp = sums[f"stg.{c}.{c}"]
        fp = sum(sums[f"stg.{g}.{c}"] for g in pols if g != c)
        fn = sum(sums[f"stg.{c}.{p}"] for p in (*pols, "none") if p != c)
        prf_entry(out, f"stance.gold_pairs.per_class.{c}", tp, fp, fn)
        f1s[c] = out[f"stance.gold_pairs.per_class.{c}.f1"]
    out["stance.gold_pairs.f_avg"] = np.mean([f1s[c] for c in FAVG_CLASSES], axis=0)
    out["stance.gold_pairs.macro_f1"] = np.mean([f1s[c] for c in pols], axis=0)
    out["stance.gold_pairs.accuracy"] = ratio(sum(sums[f"stg.{c}.{c}"] for c in pols), total)
    out["stance.gold_pairs.pairs"] = total
    out["stance.gold_pairs.ignored_predictions"] = sums["stg.ignored"]
    for g in pols:
        for p in (*pols, "none"):
            out[f"stance.gold_pairs.confusion.{g}.{p}"] = sums[f"stg.{g}.{p}"]
    # end to end
    f1e = {}
    correct = 0
    for c in pols:
        tp = sums[f"ste.{c}.tp"]
        prf_entry(out, f"stance.end_to_end.per_class.{c}", tp, sums[f"ste.{c}.fp"], sums[f"ste.{c}.fn"])
        f1e[c] = out[f"stance.end_to_end.per_class.{c}.f1"]
        correct = correct + tp
    out["stance.end_to_end.f_avg"] = np.mean([f1e[c] for c in FAVG_CLASSES], axis=0)
    out["stance.end_to_end.macro_f1"] = np.mean([f1e[c] for c in pols], axis=0)
    out["stance.end_to_end.accuracy"] = ratio(correct, sums["ste.union"])
    out["stance.end_to_end.duplicate_predictions"] = sums["ste.duplicates"]
    return out
