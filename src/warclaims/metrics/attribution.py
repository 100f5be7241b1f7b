"""Attribution: (claim, source) pair F1 (docs/METRICS.md, "Attribution").

A pair is a claim with a source (claims whose source_id is null form no pair). A predicted
pair matches a gold pair when the claim ranges overlap with IoU >= 0.5 and the source ranges
are identical ("strict_source") or overlap with IoU >= 0.5 ("overlap_source"); source kind,
quote and certainty are not compared. Pairs are matched one to one, greedily by descending
claim IoU + source IoU, ties broken by the smaller (gold claim, gold source, pred claim, pred
source) ranges.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from ..records import Claim, Source
from .counts import Number, prf_entry
from .spans import OVERLAP_IOU, greedy_matches, iou

Range = tuple[int, int]
Pair = tuple[Range, Range]
COLUMNS: tuple[str, ...] = ("att.pos", "att.act", "att.strict", "att.overlap")


def pairs(claims: Sequence[Claim], sources: Sequence[Source]) -> list[Pair]:
    """(claim range, source range) for every claim with a source, from typed records.

    A source_id that names no source cannot occur in a validated record; it raises ValueError.
    """
    where = {s.id: (s.start, s.end) for s in sources}
    try:
        return [((c.start, c.end), where[c.source_id]) for c in claims if c.source_id is not None]
    except KeyError as e:
        raise ValueError(f"a claim names source {e.args[0]!r}, which is not among the sources; "
                         "validate the record first") from None


def match_pairs(gold: Sequence[Pair], pred: Sequence[Pair], *, strict_source: bool) -> int:
    """Number of one-to-one matched pairs under the rule above.

    Identical pairs score 2.0, the maximum, so when pairs are unique on each side they are
    exactly the first greedy choices: they are counted by set intersection before the loop.
    """
    n, gold, pred = _exact_first(gold, pred)
    return n + _greedy(gold, pred, strict_source=strict_source)


def _exact_first(gold: Sequence[Pair], pred: Sequence[Pair]) -> tuple[int, Sequence[Pair], Sequence[Pair]]:
    """(identical pairs counted, gold left, pred left): the set-intersection step of `match_pairs`
    when pairs are unique on each side; otherwise (0, gold, pred) and the greedy loop does all."""
    gold_s, pred_s = set(gold), set(pred)
    if len(gold_s) == len(gold) and len(pred_s) == len(pred):
        exact = gold_s & pred_s
        return len(exact), sorted(gold_s - exact), sorted(pred_s - exact)
    return 0, gold, pred


def _greedy(gold: Sequence[Pair], pred: Sequence[Pair], *, strict_source: bool) -> int:
    """The greedy one-to-one matching of `match_pairs` (descending score, then smaller ranges)."""
    if not gold or not pred:
        return 0
    candidates = []
    for gi, (gc, gs) in enumerate(gold):
        for pi, (pc, ps) in enumerate(pred):
            claim_iou = iou(gc, pc)
            if claim_iou < OVERLAP_IOU:
                continue
            source_iou = 1.0 if gs == ps else (0.0 if strict_source else iou(gs, ps))
            if source_iou < (1.0 if strict_source else OVERLAP_IOU):
                continue
            candidates.append((-(claim_iou + source_iou), gc, gs, pc, ps, gi, pi))
    return greedy_matches(candidates)


def row(gold: Sequence[Pair], pred: Sequence[Pair]) -> list[int]:
    """One document's counts for COLUMNS (the exact-pair step shared by both source rules)."""
    if not gold or not pred:
        return [len(gold), len(pred), 0, 0]
    n, rest_g, rest_p = _exact_first(gold, pred)
    return [len(gold), len(pred), n + _greedy(rest_g, rest_p, strict_source=True),
            n + _greedy(rest_g, rest_p, strict_source=False)]


def derive(sums: Mapping[str, Number]) -> dict[str, Number]:
    """`attribution.strict_source.*` and `attribution.overlap_source.*` from summed counts."""
    out: dict[str, Number] = {}
    pos, act = sums["att.pos"], sums["att.act"]
    for name, col in (("strict_source", "att.strict"), ("overlap_source", "att.overlap")):
        tp = sums[col]
        prf_entry(out, f"attribution.{name}", tp, act - tp, pos - tp)
    return out
