"""Span matching: the SemEval-2013 (nervaluate) schemes and overlap (IoU) matching.

A span is a tuple ``(start, end, label)`` with end-exclusive code-point offsets; ``label`` is
the entity type, the source kind, or ``""`` for layers without a label (cues, claims).
Within one document neither gold nor predictions hold the same (start, end, label) twice
(the validator rejects it), so sets of spans are exact.

Alignment (docs/METRICS.md, "Entities"): predictions and gold spans are paired one to one,
in four passes, each only among spans still unpaired:

1. same start, end and label                 -> kind 1
2. same start and end, other label           -> kind 2
3. overlapping (>= 1 shared code point), greedily by: same label first, then the longer
   overlap, then the smaller (gold start, gold end, gold label, pred start, pred end,
   pred label)                               -> kind 3s (same label) or 3d (other label)
4. unpaired predictions are spurious (SPU), unpaired gold spans missed (MIS).

The SemEval-2013 counts per scheme then follow from the four pair counts:

=========  ==========  ===========  ===============
scheme     COR         INC          PAR
=========  ==========  ===========  ===============
strict     n1          n2+n3s+n3d   0
exact      n1+n2       n3s+n3d      0
partial    n1+n2       0            n3s+n3d
type       n1+n3s      n2+n3d       0
=========  ==========  ===========  ===============

POS = number of gold spans, ACT = number of predicted spans; precision = (COR + PAR/2) / ACT,
recall = (COR + PAR/2) / POS.
"""

from __future__ import annotations

from collections import Counter
from itertools import compress, filterfalse
from operator import itemgetter, not_
from typing import Any, Mapping, Sequence

import numpy as np

from .counts import Number, prf_entry, ratio

Span = tuple[int, int, str]
_label = itemgetter(2)
_bounds = itemgetter(0, 1)
SCHEMES: tuple[str, ...] = ("strict", "exact", "partial", "type")
OVERLAP_IOU = 0.5
"""Overlap match for claims, sources and cues: intersection / union of the two character
ranges is at least this value."""


def align(gold: Sequence[Span], pred: Sequence[Span]) -> tuple[int, int, int, int]:
    """The pair counts (n1, n2, n3s, n3d) of the one-to-one alignment defined above."""
    if not gold or not pred:
        return 0, 0, 0, 0
    gold_set = set(gold)
    rest_pred = [p for p in pred if p not in gold_set]
    return _align_rest(gold, pred, rest_pred)


def _align_rest(gold: Sequence[Span], pred: Sequence[Span], rest_pred: list[Span]) -> tuple[int, int, int, int]:
    """`align` once pass 1 is done: `rest_pred` are the predictions not in gold."""
    n1 = len(pred) - len(rest_pred)
    if not rest_pred or n1 == len(gold):
        return n1, 0, 0, 0
    rest_gold = list(filterfalse(set(pred).__contains__, gold))
    n2 = 0
    gold_b = list(map(_bounds, rest_gold))
    pred_b = list(map(_bounds, rest_pred))
    gold_bs = set(gold_b)
    shared = gold_bs.intersection(pred_b)
    unique_bounds = len(gold_bs) == len(gold_b) and len(set(pred_b)) == len(pred_b)
    if shared and unique_bounds:
        # each shared (start, end) holds one span per side: pass 2 pairs exactly those
        n2 = len(shared)
        rest_gold = list(compress(rest_gold, map(not_, map(shared.__contains__, gold_b))))
        rest_pred = list(compress(rest_pred, map(not_, map(shared.__contains__, pred_b))))
    elif shared:  # several spans at one (start, end): pair min(#gold, #pred) of each
        by_bounds: dict[tuple[int, int], int] = Counter(gold_b)
        pred_bounds = Counter(pred_b)
        for bounds, count in pred_bounds.items():
            n2 += min(count, by_bounds.get(bounds, 0))
        # which spans at shared bounds are paired does not change any count: drop min(#g, #p) of each
        gold_left = dict(by_bounds)
        pred_left = dict(pred_bounds)
        for bounds in pred_bounds:
            k = min(pred_bounds[bounds], by_bounds.get(bounds, 0))
            gold_left[bounds] = by_bounds.get(bounds, 0) - k
            pred_left[bounds] = pred_bounds[bounds] - k
        rest_gold = _take(sorted(rest_gold), gold_left)
        rest_pred = _take(sorted(rest_pred), pred_left)
    n3s = n3d = 0
    candidates = []
    for gi, g in enumerate(rest_gold):
        g0, g1, gl = g
        for pi, p in enumerate(rest_pred):
            if p[0] >= g1 or g0 >= p[1]:
                continue  # disjoint (ov <= 0 below), decided without min/max calls
            ov = min(g1, p[1]) - max(g0, p[0])
            if ov > 0:
                candidates.append((gl != p[2], -ov, g, p, gi, pi))
    if candidates:
        candidates.sort()
        used_g: set[int] = set()
        used_p: set[int] = set()
        for other_label, _, _, _, gi, pi in candidates:
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            if other_label:
                n3d += 1
            else:
                n3s += 1
    return n1, n2, n3s, n3d


def _take(spans: list[Span], left: dict[tuple[int, int], int]) -> list[Span]:
    """Keep, per (start, end), the last `left[bounds]` spans (labels sorted): those stay unpaired."""
    out = []
    seen: Counter[tuple[int, int]] = Counter()
    totals = Counter((s[0], s[1]) for s in spans)
    for s in spans:
        b = (s[0], s[1])
        seen[b] += 1
        if seen[b] > totals[b] - left.get(b, 0):
            out.append(s)
    return out


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Intersection over union of two end-exclusive character ranges (0.0 if disjoint)."""
    ov = min(a[1], b[1]) - max(a[0], b[0])
    if ov <= 0:
        return 0.0
    return ov / (max(a[1], b[1]) - min(a[0], b[0]))


def iou_matches(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]], threshold: float = OVERLAP_IOU) -> int:
    """Size of the greedy one-to-one matching of ranges with IoU >= threshold.

    Identical ranges are paired first; the rest greedily by descending IoU, ties broken by
    the smaller (gold start, gold end, pred start, pred end). Labels are ignored.
    """
    if not gold or not pred:
        return 0
    gold_s, pred_s = set(gold), set(pred)
    if len(gold_s) == len(gold) and len(pred_s) == len(pred):
        exact = gold_s & pred_s
        n = len(exact)
        rest_g = sorted(gold_s - exact)
        rest_p = sorted(pred_s - exact)
    else:
        gold_c, pred_c = Counter(gold), Counter(pred)
        exact_c = gold_c & pred_c
        n = sum(exact_c.values())
        rest_g = sorted((gold_c - exact_c).elements())
        rest_p = sorted((pred_c - exact_c).elements())
    if not rest_g or not rest_p:
        return n
    candidates = []
    for gi, g in enumerate(rest_g):
        g0, g1 = g
        for pi, p in enumerate(rest_p):
            if p[0] >= g1 or g0 >= p[1]:
                continue  # disjoint: ov <= 0 below
            ov = min(g1, p[1]) - max(g0, p[0])
            if ov > 0:
                v = ov / (max(g1, p[1]) - min(g0, p[0]))
                if v >= threshold:
                    candidates.append((-v, g, p, gi, pi))
    return n + greedy_matches(candidates)


def greedy_matches(candidates: list[tuple[Any, ...]]) -> int:
    """Size of the greedy one-to-one matching of candidates (sort key ..., gold index, pred index):
    in sorted order, a candidate is taken when neither its gold nor its pred item is taken yet.
    Sorts `candidates` in place."""
    if len(candidates) < 2:
        return len(candidates)
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    for *_, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
    return len(used_g)


# ---- per-document count rows -------------------------------------------------------------

def columns(prefix: str, labels: Sequence[str], *, with_iou: bool) -> list[str]:
    """Names of the per-document count columns `span_row` fills, in order."""
    cols = [f"{prefix}.pos", f"{prefix}.act", f"{prefix}.n1", f"{prefix}.n2", f"{prefix}.n3s", f"{prefix}.n3d"]
    for label in labels:
        cols += [f"{prefix}.{label}.pos", f"{prefix}.{label}.act", f"{prefix}.{label}.tp"]
    if with_iou:
        cols.append(f"{prefix}.iou")
    return cols


def span_row(gold: Sequence[Span], pred: Sequence[Span], labels: Sequence[str], *, with_iou: bool) -> list[int]:
    """One document's counts for `columns(prefix, labels, with_iou=...)`."""
    gold_set = set(gold)
    rest_pred = [p for p in pred if p not in gold_set]
    row = [len(gold), len(pred)]
    row += _align_rest(gold, pred, rest_pred) if gold and pred else (0, 0, 0, 0)
    if labels:
        # list.count over a handful of labels beats building Counters for every document
        gold_l, pred_l, rest_l = list(map(_label, gold)), list(map(_label, pred)), list(map(_label, rest_pred))
        for label in labels:
            a = pred_l.count(label)
            row += (gold_l.count(label), a, a - rest_l.count(label))
    if with_iou:
        row.append(iou_matches([(s[0], s[1]) for s in gold], [(s[0], s[1]) for s in pred]))
    return row


# ---- metrics from summed counts ------------------------------------------------------------

def semeval_counts(sums: Mapping[str, Number], prefix: str) -> dict[str, dict[str, Number]]:
    """COR, INC, PAR, MIS, SPU, POS, ACT per scheme from the summed pair counts."""
    pos, act = sums[f"{prefix}.pos"], sums[f"{prefix}.act"]
    n1, n2, n3s, n3d = (sums[f"{prefix}.{k}"] for k in ("n1", "n2", "n3s", "n3d"))
    table = {
        "strict": (n1, n2 + n3s + n3d, 0 * n1),
        "exact": (n1 + n2, n3s + n3d, 0 * n1),
        "partial": (n1 + n2, 0 * n1, n3s + n3d),
        "type": (n1 + n3s, n2 + n3d, 0 * n1),
    }
    out = {}
    for scheme, (cor, inc, par) in table.items():
        out[scheme] = {"cor": cor, "inc": inc, "par": par, "mis": pos - cor - inc - par,
                       "spu": act - cor - inc - par, "pos": pos, "act": act}
    return out


def derive(sums: Mapping[str, Number], prefix: str, name: str, labels: Sequence[str], *, with_iou: bool) -> dict[str, Number]:
    """Flat metrics `name.<scheme>.micro.*`, `name.strict.macro.*`, `name.strict.per_type.<label>.*`
    and (with_iou) `name.overlap.*` from summed count columns."""
    out: dict[str, Number] = {}
    for scheme, c in semeval_counts(sums, prefix).items():
        matched = c["cor"] + 0.5 * c["par"]
        prf_entry(out, f"{name}.{scheme}.micro", matched, c["act"] - matched, c["pos"] - matched)
        for key, value in c.items():
            out[f"{name}.{scheme}.counts.{key}"] = value
    if labels:
        f1s, used = [], []
        ps, rs = [], []
        for label in labels:
            tp = sums[f"{prefix}.{label}.tp"]
            g, a = sums[f"{prefix}.{label}.pos"], sums[f"{prefix}.{label}.act"]
            base = f"{name}.strict.per_type.{label}"
            prf_entry(out, base, tp, a - tp, g - tp)
            out[f"{base}.support"] = g
            f1s.append(out[f"{base}.f1"])
            ps.append(out[f"{base}.precision"])
            rs.append(out[f"{base}.recall"])
            used.append((g + a) > 0)
        mask = np.asarray(used, dtype=np.float64)
        n_used = mask.sum(axis=0)
        for key, vals in (("precision", ps), ("recall", rs), ("f1", f1s)):
            out[f"{name}.strict.macro.{key}"] = ratio((np.asarray(vals) * mask).sum(axis=0), n_used)
        out[f"{name}.strict.macro.types"] = n_used
    if with_iou:
        tp = sums[f"{prefix}.iou"]
        prf_entry(out, f"{name}.overlap", tp, sums[f"{prefix}.act"] - tp, sums[f"{prefix}.pos"] - tp)
    return out
