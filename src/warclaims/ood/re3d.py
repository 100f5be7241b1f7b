"""re3d (Dstl) entity annotations -> Label Studio export tasks, for the project's own converter.

re3d (https://github.com/dstl/re3d) is a set of English documents about the conflict in Syria
and Iraq, annotated by its authors (Aleph Insights and Committed Software for Dstl: experts,
then crowd workers, aggregated by a Bayesian model into a per-mention `confidence`). Each of its
sub-folders has its own licence; only the openly licensed ones are used here (SUBSETS).

This module is pure: it turns the rows of one sub-folder (`documents.json`, `entities.json`,
one JSON object per line as mongoexport wrote them) into tasks in the shape of a Label Studio
full-JSON export, labelled with re3d's own label names. `warclaims.labelstudio.convert` then
turns them into Document records through LABELING_CONFIG and MAPPING, so the label mapping
is the converter's mapping file, not code. Every mention left out is counted by reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

SUBSETS: dict[str, dict[str, str]] = {
    "UK Government": {"slug": "ukgov", "source": "gov.uk",
                      "licence": "Open Government Licence v3.0 (text: UK Government, gov.uk); "
                                 "annotations: re3d (Dstl), same licence"},
    "US State Department": {"slug": "usstate", "source": "state.gov",
                            "licence": "Public domain (US State Department); annotations: re3d (Dstl)"},
    "CENTCOM": {"slug": "centcom", "source": "centcom.mil",
                "licence": "Public domain (US Central Command public information); annotations: re3d (Dstl)"},
    "Australian Department of Foreign Affairs": {"slug": "dfat", "source": "dfat.gov.au",
                                                 "licence": "CC BY 3.0 AU (Australian Department of Foreign Affairs "
                                                            "and Trade); annotations: re3d (Dstl), same licence"},
}
"""re3d sub-folders used, with their licence as stated in their LICENSE files. Left out: BBC
Online (CC BY-NC 3.0: not open), Wikipedia (encyclopedia, not news), Delegation of the European
Union to Syria (licence only by reference to a web legal notice)."""

TYPE_MAP: dict[str, str] = {"Person": "PERSON", "Organisation": "ORG", "Location": "GPE"}
"""re3d entity type -> WarClaims type (the Label Studio mapping file says the same).
re3d's Organisation covers our ORG, ARMED_GROUP and MEDIA, its Location our GPE, LOC and FAC:
typed scores are therefore also reported with types collapsed (warclaims.ood.evaluate)."""

UNMAPPED: tuple[str, ...] = ("Nationality", "Temporal", "Quantity", "Money", "Weapon", "MilitaryPlatform", "Vehicle",
                             "Url", "CommsIdentifier", "DocumentReference", "Frequency")
"""re3d types with no WarClaims counterpart (nationalities are adjectives, GUIDELINES 1): dropped, counted."""

MIN_CONFIDENCE = 0.5
"""re3d keeps every candidate mention with the model's probability that it is right; below this
the mention is treated as rejected by re3d's own aggregation (dropped, counted)."""

CONTROL = "re3d"

LABELING_CONFIG = f"""<View>
  <Labels name="{CONTROL}" toName="text">
    <Label value="Person"/>
    <Label value="Organisation"/>
    <Label value="Location"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>
"""
"""A labeling config with re3d's label names, as a Label Studio project holding re3d would have."""

MAPPING: dict[str, Any] = {"labels": {f"{CONTROL}:{k}": f"entities:{v}" for k, v in TYPE_MAP.items()}}
"""The converter's mapping file (`warclaims ls convert --mapping`) for LABELING_CONFIG."""

ANNOTATOR = "re3d (Aleph Insights and Committed Software for Dstl; experts and crowd workers, IBCC-aggregated)"
"""Who annotated: the re3d project's people, not WarClaims' AI-agent annotators."""


@dataclass
class Tasks:
    """Export-shaped tasks of one sub-folder and what was left out, by reason."""

    tasks: list[dict[str, Any]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    dropped_types: Counter[str] = field(default_factory=Counter)


def doc_id(slug: str, re3d_id: str) -> str:
    """Stable Document id: `re3d-<subset slug>-<first 12 hex digits of re3d's id, lower case>`."""
    return f"re3d-{slug}-{re3d_id[:12].lower()}"


def _meta(subset: str, doc: Mapping[str, Any], commit: str) -> dict[str, Any]:
    info = SUBSETS[subset]
    return {
        "title": doc.get("title") or None, "source": info["source"], "url": doc.get("sourceUrl") or None,
        "published": None, "language": "en", "licence": info["licence"], "corpus": "re3d", "synthetic": False,
        "story": None,
        "extra": {"ood": {
            "dataset": "re3d", "repository": "https://github.com/dstl/re3d", "commit": commit, "subset": subset,
            "re3d_id": doc["_id"], "annotation_by": ANNOTATOR,
            "annotation_note": "the entity annotation is re3d's own, under re3d's entity schema (not the "
                               "WarClaims guidelines); only the label names were mapped",
            "type_map": dict(TYPE_MAP), "dropped_types": list(UNMAPPED), "min_confidence": MIN_CONFIDENCE,
            "layers_annotated": ["entities"],
        }},
    }


def _select(mentions: list[dict[str, Any]], counts: Counter[str]) -> list[dict[str, Any]]:
    """No nesting within a layer (schema): of overlapping mentions keep the longer, then the more
    confident, then the earlier; the others are counted as dropped."""
    order = sorted(mentions, key=lambda m: (-(m["end"] - m["begin"]), -m["confidence"], m["begin"]))
    kept: list[dict[str, Any]] = []
    for m in order:
        if any(m["begin"] < k["end"] and k["begin"] < m["end"] for k in kept):
            counts["dropped_overlap"] += 1
        else:
            kept.append(m)
    return sorted(kept, key=lambda m: (m["begin"], m["end"]))


def subset_tasks(subset: str, documents: Sequence[Mapping[str, Any]], entities: Sequence[Mapping[str, Any]],
                 *, commit: str, first_task_id: int = 1) -> Tasks:
    """Tasks (Label Studio full-JSON export shape, one submitted annotation each) for one sub-folder."""
    out = Tasks()
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for e in entities:
        out.counts["mentions"] += 1
        if e.get("type") not in TYPE_MAP:
            out.counts["dropped_type"] += 1
            out.dropped_types[str(e.get("type"))] += 1
            continue
        if float(e.get("confidence") or 0) < MIN_CONFIDENCE:
            out.counts["dropped_low_confidence"] += 1
            continue
        by_doc.setdefault(str(e.get("documentId")), []).append(dict(e))
    slug = SUBSETS[subset]["slug"]
    for k, doc in enumerate(sorted(documents, key=lambda d: d["_id"])):
        text = doc["text"]
        mentions = []
        for m in by_doc.pop(doc["_id"], []):
            if text[m["begin"]:m["end"]] != m.get("value"):
                out.counts["dropped_offset_mismatch"] += 1
            elif m["begin"] == m["end"]:
                out.counts["dropped_empty"] += 1
            else:
                mentions.append(m)
        seen: dict[tuple[int, int], dict[str, Any]] = {}
        for m in mentions:
            key = (m["begin"], m["end"])
            if key in seen:
                out.counts["dropped_duplicate_span"] += 1
                if m["confidence"] > seen[key]["confidence"]:
                    seen[key] = m
            else:
                seen[key] = m
        kept = _select(list(seen.values()), out.counts)
        out.counts["mentions_kept"] += len(kept)
        result = [{"id": f"r{j + 1}", "from_name": CONTROL, "to_name": "text", "type": "labels",
                   "value": {"start": m["begin"], "end": m["end"], "text": m["value"], "labels": [m["type"]]}}
                  for j, m in enumerate(kept)]
        out.tasks.append({
            "id": first_task_id + k,
            "data": {"text": text, "doc_id": doc_id(slug, doc["_id"]), "meta": _meta(subset, doc, commit),
                     "passes": {ANNOTATOR: "adjudicated"}},
            "annotations": [{"id": first_task_id + k, "unique_id": f"re3d:{doc['_id']}", "completed_by": ANNOTATOR,
                             "result": result, "was_cancelled": False, "ground_truth": True,
                             "created_at": None, "updated_at": None, "lead_time": None}],
            "predictions": [],
        })
        out.counts["documents"] += 1
    out.counts["dropped_no_document"] += sum(len(v) for v in by_doc.values())
    return out
