"""Batched count rows (warclaims.metrics.batch) equal the per-document reference rows.

The reference is `scoring.document_row` (spans.span_row, attribution.row/pairs, stance.row/keyed
per document). Generated documents use a small offset range so that exact matches, shared
bounds with other labels, overlaps, duplicate ranges (also the same span and label twice, which
validation rejects but the functions still define), several stances on one key, claims without
source, empty layers and labels outside the schema all occur often.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warclaims import schemas
from warclaims.metrics import batch
from warclaims.records import Claim, Cue, Entity, Layers, Source, Stance
from warclaims.scoring import count_matrix, count_table, document_row

LAB = schemas.labels()
TYPES = LAB["entity_type"]
KINDS = LAB["source_kind"]
POLS = LAB["polarity"]
COLUMNS = count_table([], {}).columns


@st.composite
def ranges(draw: st.DrawFn, limit: int = 24) -> tuple[int, int]:
    start = draw(st.integers(0, limit - 1))
    return start, draw(st.integers(start + 1, min(start + 9, limit)))


@st.composite
def layers(draw: st.DrawFn, like: Layers | None = None) -> Layers:
    """Random layers; with `like`, a perturbed copy (kept items, new ids, extra items)."""
    prefix = "p" if like is not None else "g"

    def kept(items: tuple[Any, ...]) -> list[Any]:
        return [x for x in items if draw(st.booleans())] if items else []

    ents = [(e.start, e.end, e.type) for e in kept(like.entities)] if like else []
    ents += [(*draw(ranges()), draw(st.sampled_from((*TYPES, "OTHER")))) for _ in range(draw(st.integers(0, 6)))]
    if ents and draw(st.integers(0, 9)) == 0:
        ents.append(ents[0])  # the same span and label twice
    entities = tuple(Entity(s, e, t, f"{prefix}e{i}") for i, (s, e, t) in enumerate(ents))
    srcs = [(s.start, s.end, s.kind) for s in kept(like.sources)] if like else []
    srcs += [(*draw(ranges()), draw(st.sampled_from(KINDS))) for _ in range(draw(st.integers(0, 3)))]
    sources = tuple(Source(s, e, k, f"{prefix}s{i}") for i, (s, e, k) in enumerate(srcs))
    cue_r = [(c.start, c.end) for c in kept(like.cues)] if like else []
    cue_r += [draw(ranges()) for _ in range(draw(st.integers(0, 3)))]
    cues = tuple(Cue(s, e, f"{prefix}q{i}") for i, (s, e) in enumerate(cue_r))
    source_ids = [None] + [s.id for s in sources]
    clm = [((c.start, c.end), c.source_id) for c in kept(like.claims)] if like else []
    claims = []
    for i, ((s, e), sid) in enumerate(clm):
        # a kept claim keeps a source at the same position when the copy has one
        old = {x.id: (x.start, x.end) for x in like.sources} if like else {}
        same = [x.id for x in sources if sid is not None and (x.start, x.end) == old.get(sid)]
        claims.append(Claim(s, e, f"{prefix}c{i}", same[0] if same else draw(st.sampled_from(source_ids)),
                            None, "direct", "asserted"))
    for j in range(draw(st.integers(0, 3))):
        s, e = draw(ranges())
        claims.append(Claim(s, e, f"{prefix}c{len(clm) + j}", draw(st.sampled_from(source_ids)), None,
                            "indirect", "hedged"))
    stances = []
    if entities:
        holders = ["AUTHOR", *(x.id for x in entities), *(x.id for x in sources)]
        targets = [x.id for x in entities] + [x.id for x in sources][:1]
        for i in range(draw(st.integers(0, 5))):
            stances.append(Stance(f"{prefix}t{i}", draw(st.sampled_from(holders)), draw(st.sampled_from(targets)),
                                  draw(st.sampled_from(POLS))))
    present = frozenset(n for n in Layers.NAMES if draw(st.integers(0, 7)) > 0)
    return Layers(entities, sources, cues, tuple(claims), tuple(stances), present=present)


@st.composite
def document_pairs(draw: st.DrawFn) -> tuple[list[Layers], list[Layers]]:
    gold, pred = [], []
    for _ in range(draw(st.integers(1, 6))):
        g = draw(layers())
        mode = draw(st.sampled_from(("same", "perturbed", "independent", "empty")))
        p = {"same": g, "perturbed": draw(layers(like=g)), "independent": draw(layers()),
             "empty": Layers(present=frozenset())}[mode]
        gold.append(g)
        pred.append(p)
    return gold, pred


def reference(gold: list[Layers], pred: list[Layers]) -> np.ndarray:
    return np.array([document_row(g, p) for g, p in zip(gold, pred)], dtype=np.int64).reshape(len(gold), -1)


@settings(max_examples=400, deadline=None)
@given(document_pairs())
def test_batched_rows_equal_the_per_document_rows(docs: tuple[list[Layers], list[Layers]]) -> None:
    gold, pred = docs
    got = batch.count_rows(gold, pred, TYPES, KINDS)
    assert got.dtype == np.int64
    assert got.shape == (len(gold), len(COLUMNS))
    assert np.array_equal(got, reference(gold, pred))


@settings(max_examples=100, deadline=None)
@given(document_pairs())
def test_swapping_gold_and_prediction_equals_the_reference_too(docs: tuple[list[Layers], list[Layers]]) -> None:
    gold, pred = docs
    assert np.array_equal(batch.count_rows(pred, gold, TYPES, KINDS), reference(pred, gold))


def test_hand_checked_rows() -> None:
    gold = Layers(entities=(Entity(0, 4, "GPE", "e1"), Entity(10, 19, "ORG", "e2"), Entity(30, 35, "PERSON", "e3")),
                  sources=(Source(40, 45, "named", "s1"),),
                  claims=(Claim(50, 70, "c1", "s1", None, "direct", "asserted"),),
                  stances=(Stance("t1", "AUTHOR", "e2", "oppose"), Stance("t2", "s1", "e1", "support")))
    pred = Layers(entities=(Entity(0, 4, "GPE", "x1"), Entity(10, 19, "ARMED_GROUP", "x2"), Entity(31, 35, "PERSON", "x3"),
                            Entity(80, 85, "LOC", "x4")),
                  sources=(Source(40, 45, "anonymous", "y1"),),
                  claims=(Claim(55, 70, "z1", "y1", None, "direct", "asserted"),),
                  stances=(Stance("p1", "AUTHOR", "x2", "oppose"), Stance("p2", "y1", "x1", "neutral")))
    row = dict(zip(COLUMNS, batch.count_rows([gold], [pred], TYPES, KINDS)[0].tolist()))
    assert (row["ent.pos"], row["ent.act"], row["ent.n1"], row["ent.n2"], row["ent.n3s"], row["ent.n3d"]) == (3, 4, 1, 1, 1, 0)
    assert (row["ent.ORG.pos"], row["ent.ARMED_GROUP.act"], row["ent.ARMED_GROUP.tp"], row["ent.GPE.tp"]) == (1, 1, 0, 1)
    assert (row["src.n2"], row["src.iou"], row["clm.n3s"], row["clm.iou"]) == (1, 1, 1, 1)  # claim IoU 15/20
    assert (row["att.pos"], row["att.act"], row["att.strict"], row["att.overlap"]) == (1, 1, 1, 1)
    assert (row["stg.oppose.oppose"], row["stg.support.neutral"], row["ste.neutral.fp"], row["ste.union"]) == (1, 1, 1, 2)
    assert row == dict(zip(COLUMNS, document_row(gold, pred)))


def test_unknown_references_are_caller_errors() -> None:
    dangling = Layers(claims=(Claim(0, 5, "c1", "s9", None, "direct", "asserted"),))
    with pytest.raises(ValueError, match="validate the record first"):
        batch.count_rows([dangling], [dangling], TYPES, KINDS)
    stray = Layers(entities=(Entity(0, 4, "GPE", "e1"),), stances=(Stance("t1", "AUTHOR", "e9", "support"),))
    with pytest.raises(ValueError, match="validate the record first"):
        batch.count_rows([stray], [Layers()], TYPES, KINDS)


def test_no_documents() -> None:
    assert count_matrix([], []).shape == (0, len(COLUMNS))
