"""Stance on (holder, target) pairs (docs/METRICS.md, "Stance").

A pair is identified by positions, not ids (ids differ between gold and predictions): the
holder is ``AUTHOR`` or the (start, end) of the entity or source span its id names, the
target the (start, end) of its entity span. Several stances of one side on one key (spans
sharing a range) are matched as multisets, equal polarities first. Two modes:

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

from ..records import Entity, Source, Stance
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


def keyed(stances: Sequence[Stance], entities: Sequence[Entity],
          sources: Sequence[Source]) -> dict[Key, list[str]]:
    """Polarities by pair key (sorted). A key holds several polarities only when spans with
    the same range (e.g. one mention annotated with two types) carry stances from one holder."""
    if not stances:
        return {}
    where: dict[str, tuple[int, int]] = {AUTHOR: AUTHOR_RANGE}
    where.update({s.id: (s.start, s.end) for s in sources})
    where.update({e.id: (e.start, e.end) for e in entities})
    out: dict[Key, list[str]] = {}
    for st in stances:
        holder = where.get(st.holder_id)
        target = where.get(st.target_id)
        if holder is None or target is None:
            raise ValueError(f"stance {st.id!r} names an unknown span; validate the record first")
        out.setdefault((*holder, *target), []).append(st.polarity)
    for pols in out.values():
        pols.sort()
    return out


def _pair_up(gold: list[str], pred: list[str]) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """Stances of one pair key, matched as multisets: equal polarities first, then the rest in
    sorted order; returns (gold, pred) pairs, unmatched gold and unmatched predicted polarities."""
    if len(gold) == 1 and len(pred) == 1:
        return [(gold[0], pred[0])], [], []
    rest_p = list(pred)
    pairs, rest_g = [], []
    for g in gold:
        if g in rest_p:
            rest_p.remove(g)
            pairs.append((g, g))
        else:
            rest_g.append(g)
    k = min(len(rest_g), len(rest_p))
    pairs += list(zip(rest_g[:k], rest_p[:k]))
    return pairs, rest_g[k:], rest_p[k:]


def row(gold: Mapping[Key, list[str]], pred: Mapping[Key, list[str]]) -> list[int]:
    """One document's counts for `columns()`."""
    pols = polarities()
    k = len(pols)
    at = {p: i for i, p in enumerate(pols)}
    none = k
    conf = [0] * (k * (k + 1))  # gold polarity i, predicted j (k = none) at i * (k + 1) + j
    tp, fp, fn = [0] * k, [0] * k, [0] * k
    ignored = union = duplicates = 0
    for key, g_pols in gold.items():
        p_pols = pred.get(key, [])
        union += max(len(g_pols), len(p_pols))
        duplicates += max(len(p_pols) - 1, 0)
        pairs, rest_g, rest_p = _pair_up(g_pols, p_pols)
        for g, p in pairs:
            gi, pi = at[g], at[p]
            conf[gi * (k + 1) + pi] += 1
            if gi == pi:
                tp[gi] += 1
            else:
                fn[gi] += 1
                fp[pi] += 1
        for g in rest_g:
            conf[at[g] * (k + 1) + none] += 1
            fn[at[g]] += 1
        for p in rest_p:
            fp[at[p]] += 1
            ignored += 1
    for key, p_pols in pred.items():
        if key in gold:
            continue
        union += len(p_pols)
        duplicates += len(p_pols) - 1
        for p in p_pols:
            fp[at[p]] += 1
        ignored += len(p_pols)
    out = conf + [ignored]
    for c in range(k):
        out += [tp[c], fp[c], fn[c]]
    out += [union, duplicates]
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
