"""One annotation's Label Studio `result` list -> the five Document layers (pure).

Adoption (mapping.py): a region with an ignored label, an ignored Choices control, a relation
with an ignored label, and a choice or relation on an ignored region are skipped and counted in
`ignored`; a relation label mapped to a claim link acts as an unlabelled link restricted to its
layers; a missing required choice takes the mapping's default, listed in `defaulted`.

Rules (each tested in tests/labelstudio/test_results.py):
- a region is the `labels` item(s) sharing one `id`; its span is proven against the text
  (see offsets.py) and the span text is always `text[start:end]`;
- a region labelled in two layers at once (e.g. MEDIA and SOURCE on one highlight) yields one
  item per layer: the first layer in schema order keeps the region id, the others get
  `<id>.<layer>`;
- per-region choices join their region by id; a choice without its region, on a region of
  another layer, or with a value not in the config is an error;
- relations resolve by region id, direction-insensitive for claim<->source and claim<->cue
  (no label needed); a relation with a polarity label is a stance from its `from_id` (an
  entity or source) to its `to_id` (an entity), reversed when `direction` is "left";
- the AUTHOR stance toward an entity mention is the entity's per-region `author_stance` choice;
- a stance keeps the id stored in the result item's `warclaims_id` (written by
  `layers_to_results`), else gets `st.<holder>.<target>`;
- a label not in the config, a dangling relation or a relation with no meaning is an error;
- the lines of a per-annotation TextArea (`config.notes`, the `notes` box) become the
  annotation's notes, one per line, in order, blank lines left out; any other text area is an error.
Problems come back as (json-path parts relative to the result list, message, value).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .. import schemas
from ..records import split_notes
from .config import ProjectConfig
from .offsets import prove

PathProblem = tuple[list[str | int], str, Any]

_SPAN_FIELDS = {"entities": ("type",), "sources": ("kind",), "cues": (), "claims": ("source_id", "cue_id", "quote", "certainty")}
_REQUIRED = {"sources": ("kind",), "claims": ("quote", "certainty")}


@dataclass
class Parsed:
    """Layers of one annotation, plus its problems and offset repairs."""

    layers: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {k: [] for k in schemas.LAYERS})
    ignored: Counter[str] = field(default_factory=Counter)  # "regions <control>:<label>", "choices <control>", "relations <label>", ...
    defaulted: dict[str, list[str]] = field(default_factory=dict)  # "<layer>.<field>" -> span ids given the default
    ignored_ids: set[str] = field(default_factory=set)
    problems: list[PathProblem] = field(default_factory=list)
    repairs: list[PathProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def results_to_layers(result: Any, text: str, config: ProjectConfig) -> Parsed:
    """Convert one annotation's `result` into Document layers; see the module docstring for rules."""
    out = Parsed()
    if not isinstance(result, list):
        out.problems.append(([], "result must be a list", result))
        return out
    items: dict[str, dict[str, dict[str, Any]]] = {}  # region id -> layer -> item
    order: list[tuple[str, str]] = []
    for k, r in enumerate(result):
        if not isinstance(r, dict):
            out.problems.append(([k], "result item must be an object", r))
        elif r.get("type") in ("labels", "choices") and r.get("to_name") != config.text_name:
            out.problems.append(([k, "to_name"], f"to_name {r.get('to_name')!r} is not the labeling config's text object "
                                                 f"{config.text_name!r}", r.get("to_name")))
        elif r.get("type") == "labels":
            _region(k, r, text, config, items, order, out)
    stances: list[dict[str, Any]] = []
    for k, r in enumerate(result):
        if not isinstance(r, dict) or r.get("type") == "labels" or \
                (r.get("type") == "choices" and r.get("to_name") != config.text_name):
            continue
        if r.get("type") == "choices":
            _choice(k, r, config, items, stances, out)
        elif r.get("type") == "relation":
            _relation(k, r, config, items, stances, out)
        elif r.get("type") == "textarea":
            _notes(k, r, config, out)
        else:
            out.problems.append(([k, "type"], f"unsupported result type {r.get('type')!r}", r.get("type")))
    for rid, layer in order:
        item = items[rid][layer]
        for f in _REQUIRED.get(layer, ()):
            if item.get(f) is None and (layer, f) in config.adopt.defaults:
                item[f] = config.adopt.defaults[(layer, f)]
                out.defaulted.setdefault(f"{layer}.{f}", []).append(item["id"])
            if item.get(f) is None:
                out.problems.append(([item.pop("_k")], f"{layer[:-1]} region {rid!r} has no {f} choice", rid))
                break
        else:
            item.pop("_k")
            out.layers[layer].append(item)
    out.layers["stances"] = stances
    return out


def _region(k: int, r: dict[str, Any], text: str, config: ProjectConfig,
            items: dict[str, dict[str, dict[str, Any]]], order: list[tuple[str, str]], out: Parsed) -> None:
    rid, value = r.get("id"), r.get("value")
    if not isinstance(rid, str) or not rid or rid == schemas.AUTHOR:
        out.problems.append(([k, "id"], "region id must be a non-empty string other than AUTHOR", rid))
        return
    if not isinstance(value, dict):
        out.problems.append(([k, "value"], "region value must be an object", value))
        return
    labels = value.get("labels")
    if not isinstance(labels, list) or len(labels) != 1:
        out.problems.append(([k, "value", "labels"], "a region must carry exactly one label per Labels control", labels))
        return
    target = config.spans.get((r.get("from_name", ""), labels[0]))
    if (r.get("from_name", ""), labels[0]) in config.adopt.ignored_labels:
        out.ignored[f"regions {r.get('from_name')}:{labels[0]}"] += 1
        out.ignored_ids.add(rid)
        return
    if target is None:
        out.problems.append(([k, "value", "labels", 0], f"label {labels[0]!r} of control {r.get('from_name')!r} is not in the labeling config", labels[0]))
        return
    check = prove(text, value.get("start"), value.get("end"), value.get("text"))
    if check.error:
        out.problems.append(([k, "value"], check.error, value.get("text")))
        return
    if check.repaired:
        out.repairs.append(([k, "value"], f"UTF-16 offsets {value['start']}..{value['end']} repaired to code points {check.start}..{check.end}", text[check.start:check.end]))
    layers = items.setdefault(rid, {})
    if target.layer in layers:
        out.problems.append(([k], f"region {rid!r} has two {target.layer} labels", rid))
        return
    item: dict[str, Any] = {"id": rid, "start": check.start, "end": check.end, "text": text[check.start:check.end], "_k": k}
    item.update({f: None for f in _SPAN_FIELDS[target.layer]})
    if target.type:
        item["type"] = target.type
    layers[target.layer] = item
    order.append((rid, target.layer))
    _renumber(rid, layers)


def _renumber(rid: str, layers: dict[str, dict[str, Any]]) -> None:
    """The first layer in schema order keeps the region id; the others get `<id>.<layer>`."""
    for i, layer in enumerate(sorted(layers, key=schemas.LAYERS.index)):
        layers[layer]["id"] = rid if i == 0 else f"{rid}.{layer}"


def _choice(k: int, r: dict[str, Any], config: ProjectConfig, items: dict[str, dict[str, dict[str, Any]]],
            stances: list[dict[str, Any]], out: Parsed) -> None:
    name, rid = r.get("from_name"), r.get("id")
    if name in config.adopt.ignored_choices:
        out.ignored[f"choices {name}"] += 1
        return
    if name in config.choices and rid in out.ignored_ids and config.choices[name][0] not in items.get(rid, {}):
        out.ignored[f"choices {name} on an ignored region"] += 1
        return
    if name not in config.choices:
        out.problems.append(([k, "from_name"], f"choices control {name!r} is not in the labeling config", name))
        return
    layer, fld = config.choices[name]
    region = items.get(rid, {}).get(layer) if isinstance(rid, str) else None
    if region is None:
        out.problems.append(([k, "id"], f"{name} choice has no {layer} region with id {rid!r}", rid))
        return
    chosen = (r.get("value") or {}).get("choices") if isinstance(r.get("value"), dict) else None
    if not isinstance(chosen, list) or len(chosen) != 1 or chosen[0] not in config.choice_values[name]:
        out.problems.append(([k, "value", "choices"], f"{name} needs exactly one of: {', '.join(config.choice_values[name])}", chosen))
        return
    canon = config.choice_values[name][chosen[0]]
    if fld == "author_stance":
        sid = r.get("warclaims_id") or f"st.{schemas.AUTHOR}.{region['id']}"
        stances.append({"id": sid, "holder_id": schemas.AUTHOR, "target_id": region["id"], "polarity": canon})
    elif region.get(fld) is not None:
        out.problems.append(([k], f"region {rid!r} has two {name} choices", rid))
    else:
        region[fld] = canon


def _relation(k: int, r: dict[str, Any], config: ProjectConfig, items: dict[str, dict[str, dict[str, Any]]],
              stances: list[dict[str, Any]], out: Parsed) -> None:
    a, b = r.get("from_id"), r.get("to_id")
    labels = r.get("labels") or []
    if isinstance(labels, list) and len(labels) == 1 and isinstance(labels[0], str) and labels[0] in config.adopt.ignored_relations:
        out.ignored[f"relations {labels[0]}"] += 1
        return
    if any(isinstance(rid, str) and rid in out.ignored_ids and rid not in items for rid in (a, b)):
        out.ignored["relations to an ignored region"] += 1
        return
    for key, rid in (("from_id", a), ("to_id", b)):
        if not isinstance(rid, str) or rid not in items:
            out.problems.append(([k, key], f"relation end {rid!r} is not a region of this annotation", rid))
            return
    if r.get("direction") == "left":
        a, b = b, a
    known = [*config.relations, *config.adopt.links]
    if not isinstance(labels, list) or len(labels) > 1 or any(lab not in known for lab in labels):
        out.problems.append(([k, "labels"], f"relation labels must be at most one of: {', '.join(known)}", labels))
        return
    ra, rb = items[a], items[b]
    link = config.adopt.links.get(labels[0]) if labels else ("sources", "cues")
    if link is None:
        holder = ra.get("entities") or ra.get("sources")
        target = rb.get("entities")
        if holder is None or target is None or r.get("direction") == "bi":
            out.problems.append(([k], "a stance relation must point from an entity or source to an entity", [a, b]))
            return
        sid = r.get("warclaims_id") or f"st.{holder['id']}.{target['id']}"
        stances.append({"id": sid, "holder_id": holder["id"], "target_id": target["id"], "polarity": config.relations[labels[0]]})
        return
    for claim_side, other in ((ra, rb), (rb, ra)):
        claim = claim_side.get("claims")
        if claim is None:
            continue
        for layer, fld in (("sources", "source_id"), ("cues", "cue_id")):
            if layer in other and layer in link:
                if claim[fld] is not None and claim[fld] != other[layer]["id"]:
                    out.problems.append(([k], f"claim {claim['id']!r} is linked to two {layer}", [claim[fld], other[layer]["id"]]))
                claim[fld] = other[layer]["id"]
                return
    if labels:
        out.problems.append(([k], f"relation {labels[0]!r} must link a claim with one of: {', '.join(link)}", [a, b]))
        return
    out.problems.append(([k], "an unlabelled relation must link a claim with a source or a cue", [a, b]))


def _notes(k: int, r: dict[str, Any], config: ProjectConfig, out: Parsed) -> None:
    """The lines of the annotation's notes area, appended to `out.notes` (records.split_notes)."""
    name = r.get("from_name")
    if name not in config.notes:
        out.problems.append(([k, "from_name"], f"text area {name!r} is not a per-annotation notes area of the labeling config", name))
        return
    texts = (r.get("value") or {}).get("text") if isinstance(r.get("value"), dict) else None
    if isinstance(texts, str):
        texts = [texts]
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        out.problems.append(([k, "value", "text"], "notes text must be a string or a list of strings", texts))
        return
    out.notes.extend(split_notes(texts))
