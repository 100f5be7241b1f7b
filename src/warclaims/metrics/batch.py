"""Count rows of many documents at once: the per-document rules, in one pass over a corpus.

`spans.span_row`, `attribution.row` + `attribution.pairs` and `stance.row` + `stance.keyed`
define the counts of one document and stay the readable reference (tests compare the two on
generated documents). Scoring 20,000 documents calls them ~100,000 times; `count_rows` gives
the same rows from one loop over the documents that reads every record once and settles the
common cases without the general code:

- span positions are read once per layer and side, as tuples; exact matches are found by set
  membership (`filterfalse`); equal gold and predicted span lists need no alignment at all;
  only documents with leftovers run the alignment and IoU matching of `spans`;
- per-label pos / act / tp columns are counted for all documents together with `np.bincount`
  over (document, label) codes (tp = act - predictions not in the gold set);
- attribution pairs and stance keys take their positions from those tuples (the stance map
  from ids to positions is built only for documents with stances);
- stance: every (holder, target) key holding one stance per side is one of 15 outcomes (gold
  polarity x predicted polarity or none, or a prediction on a key without gold stance); the
  outcomes are counted with `np.bincount` and turned into columns by a matrix whose rows are
  `stance.row` of the one-key outcome (`stance.row` adds up over keys). A document with two
  stances of one side on one key takes `stance.row` itself.

Inputs are sequences of per-document layers (any objects with the attributes of
`warclaims.records.Layers`, whose records have the attribute names of `warclaims.records`).
"""

from __future__ import annotations

from itertools import filterfalse, repeat
from operator import attrgetter, itemgetter
from typing import Any, Sequence

import numpy as np

from ..schemas import AUTHOR
from . import attribution, spans, stance

_third = itemgetter(2)
_AUTHOR = (*stance.AUTHOR_RANGE, None)
_id = attrgetter("id")
_bounds = itemgetter(0, 1)
_NONE: tuple[Any, ...] = ()


def count_rows(gold: Sequence[Any], pred: Sequence[Any], entity_types: Sequence[str],
               source_kinds: Sequence[str]) -> np.ndarray:
    """(documents x columns) int64: for each (gold, pred) Layers pair the columns of
    `spans.columns` for entities (no IoU), sources, cues and claims (with IoU), then
    `attribution.COLUMNS`, then `stance.columns()`; the same numbers as the per-document rows."""
    n = len(gold)
    ent: list[int] = []
    src: list[int] = []
    cue: list[int] = []
    clm: list[int] = []
    att: list[int] = []
    ent_codes: tuple[list[int], list[int], list[int]] = ([], [], [])  # gold, pred, pred not in gold
    src_codes: tuple[list[int], list[int], list[int]] = ([], [], [])
    ent_gold, ent_pred, ent_rest = (c.extend for c in ent_codes)
    src_gold, src_pred, src_rest = (c.extend for c in src_codes)
    ent_row, src_row, cue_row, clm_row, att_row = ent.extend, src.extend, cue.extend, clm.extend, att.extend
    ent_code, src_code = _coder(entity_types), _coder(source_kinds)
    n_types, n_kinds = repeat(len(entity_types)), repeat(len(source_kinds))
    outcome = _stance_outcomes()
    codes: list[int] = []  # stance outcome codes, document after document
    ends: list[int] = []  # len(codes) after each document
    special: dict[int, list[int]] = {}  # stance rows of documents with several stances on a key
    add_code = codes.append
    zero4 = (0, 0, 0, 0)
    for i, (gl, pl) in enumerate(zip(gold, pred)):
        ge, pe = gl.entities, pl.entities
        g = [(e.start, e.end, e.type) for e in ge]
        p = [(e.start, e.end, e.type) for e in pe]
        ent_gold(map(ent_code, map(_third, g), n_types))
        ent_pred(map(ent_code, map(_third, p), n_types))
        if g == p:  # every prediction exact: nothing left to align
            k = len(g)
            ent_row((k, k, k, 0, 0, 0))
        else:
            rest = list(filterfalse(set(g).__contains__, p))
            ent_row(_aligned(g, p, rest))
            ent_rest(map(ent_code, map(_third, rest), n_types))

        gso, pso = gl.sources, pl.sources
        gs = [(s.start, s.end, s.kind) for s in gso]
        ps = [(s.start, s.end, s.kind) for s in pso]
        src_gold(map(src_code, map(_third, gs), n_kinds))
        src_pred(map(src_code, map(_third, ps), n_kinds))
        if gs == ps:
            k = len(gs)
            src_row((k, k, k, 0, 0, 0, k))
        else:
            rest = list(filterfalse(set(gs).__contains__, ps))
            src_rest(map(src_code, map(_third, rest), n_kinds))
            src_row(_aligned(gs, ps, rest))
            src_row((spans.iou_matches(list(map(_bounds, gs)), list(map(_bounds, ps))),))

        gq = [(c.start, c.end) for c in gl.cues]
        pq = [(c.start, c.end) for c in pl.cues]
        if gq == pq:
            k = len(gq)
            cue_row((k, k, k, 0, 0, 0, k))
        else:
            cue_row(_unlabelled(gq, pq))

        gcl, pcl = gl.claims, pl.claims
        gc = [(c.start, c.end) for c in gcl]
        pc = [(c.start, c.end) for c in pcl]
        if gc == pc:
            k = len(gc)
            clm_row((k, k, k, 0, 0, 0, k))
        else:
            clm_row(_unlabelled(gc, pc))

        if gcl or pcl:
            gpairs = _pairs(gcl, gc, gso, gs) if gcl else _NONE
            ppairs = _pairs(pcl, pc, pso, ps) if pcl else _NONE
            if not gpairs or not ppairs:
                att_row((len(gpairs), len(ppairs), 0, 0))
            elif gpairs == ppairs:  # identical pairs: all matched under both source rules
                k = len(gpairs)
                att_row((k, k, k, k))
            else:
                att_row(_attribution(gpairs, ppairs))
        else:
            att_row(zero4)

        gst, pst = gl.stances, pl.stances
        if gst or pst:
            gk = _stance_keys(gst, ge, g, gso, gs)
            pk = _stance_keys(pst, pe, p, pso, ps)
            if gk is None or pk is None:  # several stances on one key: the general rule
                special[i] = stance.row(stance.keyed(gst, ge, gso), stance.keyed(pst, pe, pso))
            else:
                pget = pk.get
                for key, pol in gk.items():
                    add_code(outcome[pol, pget(key)])
                if pk.keys() != gk.keys():
                    for key, pol in pk.items():
                        if key not in gk:
                            add_code(outcome[None, pol])
        ends.append(len(codes))

    ent_m = _matrix(ent, n, 6)
    src_m = _matrix(src, n, 7)
    blocks = [_with_labels(ent_m, ent_codes, len(entity_types)), _with_labels(src_m, src_codes, len(source_kinds)),
              _matrix(cue, n, 7), _matrix(clm, n, 7), _matrix(att, n, len(attribution.COLUMNS)),
              _stance_matrix(codes, ends, special, n)]
    return np.hstack(blocks)


def _coder(labels: Sequence[str]) -> Any:
    """`code(label, default)`: the label's index in `labels` (default for any other label)."""
    return {lab: i for i, lab in enumerate(labels)}.get


def _matrix(flat: list[int], n: int, width: int) -> np.ndarray:
    return np.array(flat, dtype=np.int64).reshape(n, width)


def _aligned(g: list[Any], p: list[Any], rest: list[Any]) -> tuple[int, ...]:
    """(pos, act, n1, n2, n3s, n3d) as in `spans.span_row`; rest = predictions not in gold."""
    if not g or not p:
        return len(g), len(p), 0, 0, 0, 0
    n1 = len(p) - len(rest)
    if not rest or n1 == len(g):
        return len(g), len(p), n1, 0, 0, 0
    return (len(g), len(p), *spans._align_rest(g, p, rest))


def _unlabelled(g: list[tuple[int, int]], p: list[tuple[int, int]]) -> tuple[int, ...]:
    """`spans.span_row(..., (), with_iou=True)` of (start, end) ranges (label "" in `spans`).

    With every range once per side (what validation guarantees) the leftovers of the exact
    step are the same for the alignment and for `spans.iou_matches`, so one loop over them
    collects both kinds of candidates: without labels, pass 2 pairs nothing and every overlap
    is of kind 3s. Sorted unique leftovers make (gold index, pred index) order the candidates
    as the (gold, pred) ranges do in `spans`. Repeated ranges take the functions of `spans`.
    """
    if not g or not p:
        return len(g), len(p), 0, 0, 0, 0, 0
    gs, ps = set(g), set(p)
    if len(gs) != len(g) or len(ps) != len(p):
        rest = list(filterfalse(gs.__contains__, p))
        n1 = len(p) - len(rest)
        aligned = ((n1, 0, 0, 0) if not rest or n1 == len(g)
                   else spans._align_rest(_labelled(g), _labelled(p), _labelled(rest)))
        return (len(g), len(p), *aligned, spans.iou_matches(g, p))
    exact = gs & ps
    n1 = len(exact)
    if n1 == len(g) or n1 == len(p):
        return len(g), len(p), n1, 0, 0, 0, n1
    rest_g, rest_p = sorted(gs - exact), sorted(ps - exact)
    overlaps, ious = [], []
    for gi, (g0, g1) in enumerate(rest_g):
        for pi, (p0, p1) in enumerate(rest_p):
            if p0 >= g1 or g0 >= p1:
                continue
            ov = min(g1, p1) - max(g0, p0)
            if ov > 0:
                overlaps.append((-ov, gi, pi))
                v = ov / (max(g1, p1) - min(g0, p0))
                if v >= spans.OVERLAP_IOU:
                    ious.append((-v, gi, pi))
    return len(g), len(p), n1, 0, spans.greedy_matches(overlaps), 0, n1 + spans.greedy_matches(ious)


def _attribution(g: list[attribution.Pair], p: list[attribution.Pair]) -> tuple[int, int, int, int]:
    """`attribution.row` of two non-empty pair lists, both source rules from one candidate loop.

    A candidate whose source ranges are equal has the same score (claim IoU + 1) under both
    rules, so the strict candidates are the overlap candidates with equal sources, in the
    same order. Pairs repeated on one side take `attribution.row`.
    """
    gs, ps = set(g), set(p)
    if len(gs) != len(g) or len(ps) != len(p):
        return tuple(attribution.row(g, p))  # type: ignore[return-value]
    exact = gs & ps
    n = len(exact)
    if n == len(g) or n == len(p):
        return len(g), len(p), n, n
    rest_g, rest_p = sorted(gs - exact), sorted(ps - exact)
    threshold = spans.OVERLAP_IOU
    overlap, strict = [], []
    for gi, ((c0, c1), gsrc) in enumerate(rest_g):
        for pi, ((d0, d1), psrc) in enumerate(rest_p):
            ov = min(c1, d1) - max(c0, d0)
            if ov <= 0:
                continue
            claim_iou = ov / (max(c1, d1) - min(c0, d0))
            if claim_iou < threshold:
                continue
            if gsrc == psrc:
                cand = (-(claim_iou + 1.0), gi, pi)
                strict.append(cand)
                overlap.append(cand)
            else:
                source_iou = spans.iou(gsrc, psrc)
                if source_iou >= threshold:
                    overlap.append((-(claim_iou + source_iou), gi, pi))
    return len(g), len(p), n + spans.greedy_matches(strict), n + spans.greedy_matches(overlap)


def _labelled(ranges: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    return [(s, e, "") for s, e in ranges]


def _with_labels(base: np.ndarray, codes: tuple[list[int], list[int], list[int]], k: int) -> np.ndarray:
    """Insert the per-label (pos, act, tp) columns after the six alignment columns of `base`.

    codes: the label codes (index in the label list, k for any other label) of all gold spans,
    all predicted spans and the predictions not in the gold set, document after document;
    their per-document numbers are pos, act and act - n1 (columns 0, 1, 2 of `base`).
    """
    if not k:
        return base
    n = base.shape[0]
    pos, act = _label_counts(codes[0], base[:, 0], k), _label_counts(codes[1], base[:, 1], k)
    per_label = np.stack([pos, act, act - _label_counts(codes[2], base[:, 1] - base[:, 2], k)], axis=2)
    return np.hstack([base[:, :6], per_label.reshape(n, 3 * k), base[:, 6:]])


def _label_counts(codes: list[int], lengths: np.ndarray, k: int) -> np.ndarray:
    """(documents x k): how many of each document's `lengths[d]` codes are 0 .. k-1."""
    n = lengths.shape[0]
    flat = np.array(codes, dtype=np.intp) + np.repeat(np.arange(n, dtype=np.intp) * (k + 1), lengths)
    return np.bincount(flat, minlength=n * (k + 1)).reshape(n, k + 1)[:, :k].astype(np.int64)


def _pairs(claims: Sequence[Any], ranges: list[tuple[int, int]], sources: Sequence[Any],
           source_spans: list[tuple[int, int, str]]) -> list[attribution.Pair]:
    """`attribution.pairs` from the claim ranges and source span tuples already read."""
    where = None
    out = []
    for r, c in zip(ranges, claims):
        sid = c.source_id
        if sid is not None:
            if where is None:
                where = dict(zip(map(_id, sources), source_spans))
            s = where.get(sid)
            if s is None:
                raise ValueError(f"a claim names source {sid!r}, which is not among the sources; "
                                 "validate the record first")
            out.append((r, (s[0], s[1])))
    return out


def _stance_keys(stances: Sequence[Any], entities: Sequence[Any], entity_spans: list[Any],
                 sources: Sequence[Any], source_spans: list[Any]) -> dict[stance.Key, str] | None:
    """Polarity by pair key as in `stance.keyed`, or None when a key holds several stances."""
    if not stances:
        return {}
    where: dict[str, Any] = {AUTHOR: _AUTHOR}
    if sources:
        where.update(zip(map(_id, sources), source_spans))
    where.update(zip(map(_id, entities), entity_spans))
    out: dict[stance.Key, str] = {}
    try:
        for st in stances:
            holder, target = where[st.holder_id], where[st.target_id]
            out[holder[0], holder[1], target[0], target[1]] = st.polarity
    except KeyError:
        stance.keyed(stances, entities, sources)  # raises the ValueError naming the stance
        raise
    return out if len(out) == len(stances) else None


def _stance_outcomes() -> dict[tuple[str | None, str | None], int]:
    """Outcome code of one key: (gold polarity, predicted polarity or None), or (None, predicted)."""
    pols = stance.polarities()
    keys = [(g, p) for g in pols for p in (*pols, None)] + [(None, p) for p in pols]
    return {k: i for i, k in enumerate(keys)}


def _stance_matrix(codes: list[int], ends: list[int], special: dict[int, list[int]], n: int) -> np.ndarray:
    """Stance columns from the outcome codes of each document (ends: cumulative code counts)."""
    outcomes = _stance_outcomes()
    key = (0, 0, 0, 0)
    effect = np.array([stance.row({key: [g]} if g is not None else {}, {key: [p]} if p is not None else {})
                       for g, p in outcomes], dtype=np.int64)
    lengths = np.diff(np.asarray([0, *ends], dtype=np.intp))
    flat = np.asarray(codes, dtype=np.intp) + np.repeat(np.arange(n, dtype=np.intp) * len(outcomes), lengths)
    counts = np.bincount(flat, minlength=n * len(outcomes)).reshape(n, len(outcomes)).astype(np.int64)
    out = counts @ effect
    for i, row in special.items():
        out[i] = row
    return out
