"""One gold Document per task from its annotations, by a documented rule.

Rule (in order):
1. ground_truth: an annotation flagged ground truth wins. Two or more ground-truth
   annotations with different layers are an unresolved conflict (listed; the next rule applies).
2. reviewer: else the newest annotation (updated_at, then created_at) by a named reviewer.
3. single: a task with one annotation passes it through.
4. majority: else span-level majority over the n annotations: an entity (start, end, type),
   source (start, end, kind), cue (start, end) or claim (start, end) is kept when more than
   n/2 annotations have it. A kept claim takes the quote, certainty, source link and cue link
   (links compared by the linked span's start/end) that more than half of the annotations
   having that claim chose; without such a majority the link is null and quote/certainty come
   from the newest of those annotations. A stance (holder span, target span) -> polarity is kept
   when more than n/2 annotations have that polarity for the pair. Items with exactly n/2 votes
   are ties: listed for review (`--strict` turns them into errors) and left out of the gold.
Ids of the gold document are re-assigned in text order (e1.., s1.., q1.., c1.., t1..) and
references remapped, so gold ids do not depend on which annotation won; the spans that took a
mapping default are listed again by position (gold_defaults.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from .. import schemas
from .gold_defaults import with_gold_defaults

RULE_TEXT = ("ground_truth annotation > newest annotation of a named reviewer > single annotation passes > "
             "span-level majority (kept when more than half of the annotations agree; exact halves are ties "
             "listed for review); gold ids re-assigned in text order")

PREFIX = {"entities": "e", "sources": "s", "cues": "q", "claims": "c", "stances": "t"}


class AdjudicationError(ValueError):
    """Annotations of one task that cannot be adjudicated (e.g. different texts)."""


@dataclass
class Adjudication:
    """The gold document, the rule that made it, and ties/conflicts left for review."""

    gold: dict[str, Any]
    rule: str
    ties: list[dict[str, Any]] = field(default_factory=list)


def annotator_of(doc: Mapping[str, Any]) -> str:
    """The annotator name of one annotation record (several names joined with '+')."""
    names = doc["meta"]["annotation"].get("annotators") or ["unknown"]
    return "+".join(sorted(names))


def _recency(doc: Mapping[str, Any]) -> tuple[str, str, tuple[str, ...]]:
    ann = doc["meta"]["annotation"]
    return (ann.get("updated_at") or "", ann.get("created_at") or "", tuple(ann.get("annotation_ids") or ()))


def _span_pos(doc: Mapping[str, Any]) -> dict[str, tuple[str, int, int]]:
    """id -> (layer letter, start, end) for every span of a document."""
    out = {}
    for layer in schemas.SPAN_LAYERS:
        for item in doc.get(layer) or ():
            out[item["id"]] = (PREFIX[layer], item["start"], item["end"])
    return out


def span_key(layer: str, item: Mapping[str, Any]) -> tuple[Any, ...]:
    """The identity of a span item for voting and agreement."""
    if layer == "entities":
        return (item["start"], item["end"], item["type"])
    if layer == "sources":
        return (item["start"], item["end"], item["kind"])
    return (item["start"], item["end"])


def stance_items(doc: Mapping[str, Any], pos: Mapping[str, tuple[str, int, int]] | None = None) -> dict[tuple[Any, Any], str]:
    """(holder position, target position) -> polarity; AUTHOR's position is 'AUTHOR'."""
    pos = _span_pos(doc) if pos is None else pos
    out = {}
    for st in doc.get("stances") or ():
        holder = schemas.AUTHOR if st["holder_id"] == schemas.AUTHOR else pos.get(st["holder_id"])
        out[(holder, pos.get(st["target_id"]))] = st["polarity"]
    return out


def claim_view(doc: Mapping[str, Any], pos: Mapping[str, tuple[str, int, int]] | None = None) -> dict[tuple[int, int], dict[str, Any]]:
    """(start, end) -> claim attributes with links as linked span positions."""
    pos = _span_pos(doc) if pos is None else pos
    out = {}
    for c in doc.get("claims") or ():
        src = pos.get(c["source_id"]) if c.get("source_id") else None
        cue = pos.get(c["cue_id"]) if c.get("cue_id") else None
        out[(c["start"], c["end"])] = {"quote": c["quote"], "certainty": c["certainty"],
                                       "source": src[1:] if src else None, "cue": cue[1:] if cue else None}
    return out


@dataclass(frozen=True)
class View:
    """Id-independent keys of one annotation, computed once and shared by agreement and adjudication."""

    spans: dict[str, set[tuple[Any, ...]]]
    claims: dict[tuple[int, int], dict[str, Any]]
    stances: dict[tuple[Any, Any], str]


def view(doc: Mapping[str, Any]) -> View:
    """The View of an annotation record."""
    pos = _span_pos(doc)
    return View({"entities": {(e["start"], e["end"], e["type"]) for e in doc.get("entities") or ()},
                 "sources": {(x["start"], x["end"], x["kind"]) for x in doc.get("sources") or ()},
                 "cues": {(x["start"], x["end"]) for x in doc.get("cues") or ()}},
                claim_view(doc, pos), stance_items(doc, pos))


def signature(doc: Mapping[str, Any]) -> tuple[Any, ...]:
    """Id-independent content of the layers (to compare annotations)."""
    spans = tuple(tuple(sorted(span_key(layer, it) for it in doc.get(layer) or ())) for layer in ("entities", "sources", "cues"))
    claims = tuple(sorted((k, tuple(sorted(v.items(), key=lambda kv: kv[0]))) for k, v in claim_view(doc).items()))
    return spans + (claims, tuple(sorted(stance_items(doc).items(), key=repr)))


def renumber(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Copy of `doc` with ids re-assigned in text order and references remapped."""
    mapping: dict[str, str] = {}
    out: dict[str, Any] = {"id": doc["id"], "text": doc["text"], "meta": doc["meta"]}
    text = doc["text"]
    for layer in schemas.SPAN_LAYERS:
        items = sorted(doc.get(layer) or (), key=lambda it, layer=layer: (span_key(layer, it), it["id"]))
        new = []
        for i, it in enumerate(items, start=1):
            mapping[it["id"]] = f"{PREFIX[layer]}{i}"
            new.append({**it, "id": f"{PREFIX[layer]}{i}", "text": text[it["start"]:it["end"]]})
        out[layer] = new
    for c in out["claims"]:
        c["source_id"] = mapping.get(c["source_id"]) if c.get("source_id") else None
        c["cue_id"] = mapping.get(c["cue_id"]) if c.get("cue_id") else None
    pos = {item["id"]: (item["start"], item["end"]) for layer in schemas.SPAN_LAYERS for item in out[layer]}

    def stance_order(st: Mapping[str, Any]) -> tuple[Any, ...]:
        holder = mapping.get(st["holder_id"], st["holder_id"])
        target = mapping.get(st["target_id"], st["target_id"])
        return (pos.get(holder, (-1, -1)), holder, pos.get(target, (-1, -1)), target, st["polarity"])

    stances = []
    for i, st in enumerate(sorted(doc.get("stances") or (), key=stance_order), start=1):
        stances.append({"id": f"{PREFIX['stances']}{i}", "holder_id": mapping.get(st["holder_id"], st["holder_id"]),
                        "target_id": mapping.get(st["target_id"], st["target_id"]), "polarity": st["polarity"]})
    out["stances"] = stances
    return out


def _gold_meta(base: Mapping[str, Any], anns: Sequence[Mapping[str, Any]], rule: str) -> dict[str, Any]:
    meta = dict(base["meta"])
    winner = dict(base["meta"]["annotation"])
    all_ann = [a["meta"]["annotation"] for a in anns]
    created = [a.get("created_at") for a in all_ann if a.get("created_at")]
    updated = [a.get("updated_at") for a in all_ann if a.get("updated_at")]
    winner.update({
        "annotators": sorted({n for a in all_ann for n in a.get("annotators") or ()}),
        "annotation_ids": sorted({i for a in all_ann for i in a.get("annotation_ids") or ()}),
        "pass": winner.get("pass", "first") if rule == "single" or winner.get("pass") == "reviewed" else "adjudicated",
        "adjudication": rule,
        "ground_truth": rule == "ground_truth",
        "created_at": min(created) if created else None,
        "updated_at": max(updated) if updated else None,
        "lead_time": None,
    })
    meta["annotation"] = winner
    return meta


def _pick(base: Mapping[str, Any], anns: Sequence[Mapping[str, Any]], rule: str) -> dict[str, Any]:
    doc = {k: base[k] for k in ("id", "text", *schemas.LAYERS)}
    doc["meta"] = _gold_meta(base, anns, rule)
    return with_gold_defaults(renumber(doc), [base])


def _majority(anns: Sequence[Mapping[str, Any]], views: Sequence[View], doc_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    n = len(anns)
    ties: list[dict[str, Any]] = []
    gold: dict[str, Any] = {layer: [] for layer in schemas.LAYERS}
    for layer in ("entities", "sources", "cues"):
        votes: Counter[tuple[Any, ...]] = Counter()
        for v in views:
            votes.update(v.spans[layer])
        for key in sorted(votes):
            if 2 * votes[key] > n:
                item = {"id": f"{PREFIX[layer]}{len(gold[layer]) + 1}", "start": key[0], "end": key[1]}
                if layer == "entities":
                    item["type"] = key[2]
                elif layer == "sources":
                    item["kind"] = key[2]
                gold[layer].append(item)
            elif 2 * votes[key] == n:
                ties.append({"doc_id": doc_id, "layer": layer, "item": list(key), "votes": votes[key], "annotations": n})
    src_by_pos = {(s["start"], s["end"]): s["id"] for s in gold["sources"]}
    cue_by_pos = {(c["start"], c["end"]): c["id"] for c in gold["cues"]}
    order = sorted(range(n), key=lambda i: _recency(anns[i]), reverse=True)
    claim_views = [views[i].claims for i in order]
    claim_votes: Counter[tuple[int, int]] = Counter()
    for v in claim_views:
        claim_votes.update(v.keys())
    for key in sorted(claim_votes):
        if 2 * claim_votes[key] < n:
            continue
        if 2 * claim_votes[key] == n:
            ties.append({"doc_id": doc_id, "layer": "claims", "item": list(key), "votes": claim_votes[key], "annotations": n})
            continue
        having = [v[key] for v in claim_views if key in v]
        m = len(having)
        chosen: dict[str, Any] = {}
        for attr in ("quote", "certainty", "source", "cue"):
            values = [h[attr] for h in having]
            if values.count(values[0]) == m:
                chosen[attr] = values[0]
                continue
            counts = Counter(values)
            best, best_n = max(counts.items(), key=lambda kv: (kv[1], kv[0] is not None, repr(kv[0])))
            if 2 * best_n > m:
                chosen[attr] = best
            else:
                chosen[attr] = having[0][attr] if attr in ("quote", "certainty") else None
                ties.append({"doc_id": doc_id, "layer": "claims", "item": list(key), "attribute": attr,
                             "votes": {repr(k): c for k, c in sorted(counts.items(), key=repr)}, "annotations": m})
        link: dict[str, str | None] = {}
        for attr, table in (("source", src_by_pos), ("cue", cue_by_pos)):
            target = chosen[attr]
            link[attr] = table.get(tuple(target)) if target is not None else None
            if target is not None and link[attr] is None:
                ties.append({"doc_id": doc_id, "layer": "claims", "item": list(key), "attribute": attr,
                             "message": f"majority {attr} span {list(target)} is not in the gold {attr}s; link left null"})
        gold["claims"].append({"id": f"c{len(gold['claims']) + 1}", "start": key[0], "end": key[1],
                               "source_id": link["source"], "cue_id": link["cue"],
                               "quote": chosen["quote"], "certainty": chosen["certainty"]})
    ent_by_pos = {}
    for e in gold["entities"]:
        ent_by_pos.setdefault((e["start"], e["end"]), e["id"])
    holder_by_pos = {("e", *k): v for k, v in ent_by_pos.items()} | {("s", s["start"], s["end"]): s["id"] for s in gold["sources"]}
    stance_votes: Counter[tuple[Any, str]] = Counter()
    for v in views:
        stance_votes.update(v.stances.items())
    for (item, pol) in sorted(stance_votes, key=repr):
        count = stance_votes[(item, pol)]
        holder_pos, target_pos = item
        entry = {"doc_id": doc_id, "layer": "stances", "item": [holder_pos if isinstance(holder_pos, str) else list(holder_pos or ()),
                                                                 list(target_pos or ()), pol], "votes": count, "annotations": n}
        if 2 * count == n:
            ties.append(entry)
        if 2 * count <= n:
            continue
        holder = schemas.AUTHOR if holder_pos == schemas.AUTHOR else holder_by_pos.get(tuple(holder_pos or ()))
        target = ent_by_pos.get(tuple(target_pos[1:])) if target_pos else None
        if holder is None or target is None:
            ties.append({**entry, "message": "majority stance whose holder or target span is not in the gold; left out"})
            continue
        gold["stances"].append({"id": f"t{len(gold['stances']) + 1}", "holder_id": holder, "target_id": target, "polarity": pol})
    return gold, ties


def adjudicate(annotations: Sequence[Mapping[str, Any]], reviewers: Sequence[str] = (),
               views: Sequence[View] | None = None) -> Adjudication:
    """The gold document of one task from its annotation records (Document dicts, same id).

    `views` (parallel to `annotations`) may be passed when already computed for agreement.
    """
    if not annotations:
        raise AdjudicationError("no annotations to adjudicate")
    views = list(views) if views is not None else [view(a) for a in annotations]
    order = sorted(range(len(annotations)),
                   key=lambda i: (tuple(annotations[i]["meta"]["annotation"].get("annotation_ids") or ()), annotator_of(annotations[i])))
    anns = [annotations[i] for i in order]
    views = [views[i] for i in order]
    doc_id = anns[0]["id"]
    texts = {a["text"] for a in anns}
    if len(texts) != 1 or {a["id"] for a in anns} != {doc_id}:
        raise AdjudicationError(f"document {doc_id!r}: its {len(anns)} annotations do not share one id and text")
    ties: list[dict[str, Any]] = []
    if len(anns) == 1:
        return Adjudication(_pick(anns[0], anns, "single"), "single")
    gts = [a for a in anns if a["meta"]["annotation"].get("ground_truth")]
    if gts:
        if len({signature(a) for a in gts}) == 1:
            return Adjudication(_pick(max(gts, key=_recency), anns, "ground_truth"), "ground_truth")
        ties.append({"doc_id": doc_id, "layer": "*", "message": f"{len(gts)} ground-truth annotations disagree",
                     "annotation_ids": sorted(i for a in gts for i in a["meta"]["annotation"].get("annotation_ids") or ())})
    wanted = set(reviewers)
    by_reviewer = [a for a in anns if wanted & set(a["meta"]["annotation"].get("annotators") or ())]
    if by_reviewer:
        return Adjudication(_pick(max(by_reviewer, key=_recency), anns, "reviewer"), "reviewer", ties)
    layers, more = _majority(anns, views, doc_id)
    base = anns[0]
    doc = {"id": doc_id, "text": base["text"], **layers}
    doc["meta"] = _gold_meta(base, anns, "majority")
    return Adjudication(with_gold_defaults(renumber(doc), anns), "majority", ties + more)


def group_by_id(annotations: Sequence[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    """Annotation records grouped by document id (ids sorted)."""
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for a in annotations:
        groups[a["id"]].append(a)
    return dict(sorted(groups.items()))
