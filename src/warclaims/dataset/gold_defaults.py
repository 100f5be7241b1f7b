"""Which spans of a gold record took a mapping default (`meta.annotation.defaults`), from its annotations.

A record converted from an adopted Label Studio project lists the spans whose required choice
was filled from the mapping file (labelstudio/mapping.py), by span id. Adjudication re-assigns
gold ids and, under the majority rule, takes spans from several annotations, so the gold list
is rebuilt by position (pure): a gold span is listed under (field, value) when an annotation it
came from defaulted that field on a span with the same start and end, and the gold value is
that default. Without any such span the gold record has no `defaults`.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

Key = tuple[str, str]  # (field, value)


def _defaulted_positions(doc: Mapping[str, Any]) -> dict[Key, set[tuple[int, int]]]:
    """(field, value) -> start/end of the spans of `doc` that took that default."""
    listed = doc["meta"]["annotation"].get("defaults") or ()
    out: dict[Key, set[tuple[int, int]]] = {}
    for entry in listed:
        layer = entry["field"].split(".", 1)[0]
        pos = {it["id"]: (it["start"], it["end"]) for it in doc.get(layer) or ()}
        out.setdefault((entry["field"], entry["value"]), set()).update(pos[i] for i in entry["ids"] if i in pos)
    return out


def gold_defaults(gold: Mapping[str, Any], annotations: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The `defaults` list of `gold` given the annotations its spans came from (empty: none)."""
    positions: dict[Key, set[tuple[int, int]]] = {}
    for ann in annotations:
        for key, found in _defaulted_positions(ann).items():
            positions.setdefault(key, set()).update(found)
    out = []
    for (fld, value), found in sorted(positions.items()):
        layer, attr = fld.split(".", 1)
        ids = [it["id"] for it in gold.get(layer) or () if (it["start"], it["end"]) in found and it.get(attr) == value]
        if ids:
            out.append({"field": fld, "value": value, "ids": ids})
    return out


def with_gold_defaults(gold: dict[str, Any], annotations: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """`gold` with `meta.annotation.defaults` rebuilt from `annotations` (removed when empty)."""
    ann = gold["meta"]["annotation"]
    ann.pop("defaults", None)
    listed = gold_defaults(gold, annotations)
    if listed:
        ann["defaults"] = listed
    return gold
