"""warclaims.ood.align: the views that make outside entity annotations comparable (synthetic text)."""

from __future__ import annotations

import pytest

from warclaims import schemas
from warclaims.ood import align
from warclaims.records import Entity, Layers

from baselines.conftest import make_doc  # tests/ is on sys.path (rootdir-relative packages)

TEXT = "Synthetic: the Royal Navy and he met The UK in Syria’s north with civilians of Britain's army. We left."


def at(value: str, type_: str, k: int = 0) -> dict:
    start = -1
    for _ in range(k + 1):
        start = TEXT.index(value, start + 1)
    return {"id": f"e{start}", "start": start, "end": start + len(value), "type": type_}


def doc():
    return make_doc(TEXT, "synthetic-align", entities=[
        at("the Royal Navy", "ORG"), at("he", "PERSON", 1), at("The UK", "ORG"), at("Syria’s", "GPE"),
        at("civilians", "ORG"), at("Britain's army", "ARMED_GROUP"), at("We", "ORG")])


def test_recut_follows_the_span_rules():
    d = doc()
    got = [align.recut(d.text, e) for e in d.layers.entities]
    assert [None if g is None else g.text for g in got] == [
        "Royal Navy", None, "UK", "Syria", None, "Britain's army", None]
    assert all(g is None or d.text[g.start:g.end] == g.text for g in got)


def test_align_gold_counts_every_change():
    aligned, counts = align.align_gold([doc()])
    assert len(aligned[0].layers.entities) == 4
    assert counts == {"dropped_pronoun": 2, "dropped_no_capital": 1, "recut": 3, "unchanged": 1}


def test_coarse_covers_every_schema_type_with_three_targets():
    assert set(align.COARSE) == set(schemas.labels()["entity_type"])
    assert set(align.COARSE.values()) == {"PERSON", "ORG", "GPE"}


def test_views():
    d = doc()
    preds = {d.id: Layers(entities=(Entity(15, 25, "ARMED_GROUP", "p1"),), present=frozenset({"entities"}))}
    g, p = align.view([d], preds, "as converted", outside=True)
    assert g == [d] and p == preds
    g, p = align.view([d], preds, "aligned", outside=True)
    assert [e.type for e in p[d.id].entities] == ["ORG"]
    assert (g[0].layers.entities[0].start, g[0].layers.entities[0].type) == (15, "ORG")
    g, p = align.view([d], preds, "aligned", outside=False)
    assert len(g[0].layers.entities) == len(d.layers.entities)
    g, p = align.view([d], preds, "aligned, untyped", outside=True)
    assert {e.type for e in g[0].layers.entities} == {e.type for e in p[d.id].entities} == {"ENTITY"}
    with pytest.raises(ValueError, match="unknown view"):
        align.view([d], preds, "nope", outside=True)
