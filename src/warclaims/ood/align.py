"""Views that make outside entity annotations comparable with WarClaims' (pure).

Outside corpora follow their own span and type conventions. The figures are reported in three
views, each a deterministic function fixed from GUIDELINES.md before any prediction was seen:

- `as converted`: the records as the converter made them (types through the label mapping);
- `aligned`: the outside gold re-cut to WarClaims span rules (GUIDELINES.md 0 and 1): mentions
  with no capital letter (common nouns: "civilians", "the city") and personal pronouns, also
  capitalised ("We", "I", "He") are not entities (names, descriptions with a name, designations
  only); a leading "the"/"The" and a trailing possessive "'s"/"’s" are outside the span;
  types collapsed on both sides to three (COARSE), because the outside label sets are coarser
  than ours (re3d's Organisation covers our ORG, ARMED_GROUP and MEDIA);
- `aligned, untyped`: as `aligned`, with the type ignored (span only) on both sides.

An outside set annotated under the WarClaims guidelines themselves needs none of this: it has one
view, `as annotated` (OWN_VIEWS), the records as they are.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Mapping, Sequence

from ..records import Document, Entity, Layers

COARSE: dict[str, str] = {"PERSON": "PERSON", "ORG": "ORG", "ARMED_GROUP": "ORG", "MEDIA": "ORG",
                          "GPE": "GPE", "LOC": "GPE", "FAC": "GPE"}
"""WarClaims entity type -> the coarse type of the `aligned` view (person, organisation, place)."""

VIEWS: tuple[str, ...] = ("as converted", "aligned", "aligned, untyped")
OWN_VIEWS: tuple[str, ...] = ("as annotated",)

_DETERMINERS = ("the ", "The ")
PRONOUNS = frozenset("i me my we us our ours he him his she her hers it its they them their theirs you your".split())
"""Personal and possessive pronouns: never an entity mention under the guidelines (a source may be one, D17)."""
_POSSESSIVES = ("’s", "'s")


def recut(text: str, e: Entity) -> Entity | None:
    """The mention under WarClaims span rules, or None when it is not an entity for them."""
    start, end = e.start, e.end
    span = text[start:end]
    if not any(ch.isupper() for ch in span) or span.casefold() in PRONOUNS:
        return None
    for det in _DETERMINERS:
        if span.startswith(det) and len(span) > len(det):
            start += len(det)
            break
    for pos in _POSSESSIVES:
        if text[start:end].endswith(pos) and end - len(pos) > start:
            end -= len(pos)
            break
    while start < end and text[start].isspace():
        start += 1
    if start >= end or not any(ch.isupper() for ch in text[start:end]):
        return None
    return dataclasses.replace(e, start=start, end=end, text=text[start:end])


def with_entities(doc: Document, entities: Sequence[Entity]) -> Document:
    """`doc` with its entity layer replaced."""
    return dataclasses.replace(doc, layers=dataclasses.replace(doc.layers, entities=tuple(entities)))


def align_gold(docs: Sequence[Document]) -> tuple[list[Document], Counter[str]]:
    """Outside gold re-cut to WarClaims span rules (types untouched), and what changed, counted."""
    out, counts = [], Counter[str]()
    for doc in docs:
        kept = []
        for e in doc.layers.entities:
            r = recut(doc.text, e)
            if r is None:
                counts["dropped_pronoun" if e.text is not None and e.text.casefold() in PRONOUNS
                       else "dropped_no_capital"] += 1
            else:
                counts["recut" if (r.start, r.end) != (e.start, e.end) else "unchanged"] += 1
                kept.append(r)
        out.append(with_entities(doc, kept))
    return out, counts


def retype(layers: Layers, mapping: Mapping[str, str] | None) -> Layers:
    """Entity types mapped through `mapping` (COARSE), or all set to one type when None (untyped)."""
    ents = tuple(dataclasses.replace(e, type=mapping[e.type] if mapping is not None else "ENTITY")
                 for e in layers.entities)
    return dataclasses.replace(layers, entities=ents)


def view(gold: Sequence[Document], preds: Mapping[str, Layers], name: str, *, outside: bool
         ) -> tuple[list[Document], dict[str, Layers]]:
    """Gold and predictions in view `name`; span re-cutting applies to `outside` gold only
    (WarClaims' own gold already follows its rules)."""
    if name not in VIEWS + OWN_VIEWS:
        raise ValueError(f"unknown view {name!r}; known: {', '.join(VIEWS + OWN_VIEWS)}")
    if name in ("as converted", "as annotated"):
        return list(gold), dict(preds)
    docs = align_gold(gold)[0] if outside else list(gold)
    mapping = COARSE if name == "aligned" else None
    return ([dataclasses.replace(d, layers=retype(d.layers, mapping)) for d in docs],
            {k: retype(v, mapping) for k, v in preds.items()})
