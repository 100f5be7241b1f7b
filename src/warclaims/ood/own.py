"""The project's own out-of-domain annotation of the re3d texts (pure).

re3d (baselines/ood/re3d) annotates entities only, under its own schema. To score attribution out
of domain, the same openly licensed texts were annotated by the project's AI-agent annotators under
the WarClaims guidelines, in two independent passes and an adjudication (scripts/ood_own.py,
baselines/ood/own/README.md). This module holds the steps that are pure data: the annotators' view of
a text, the choice of the gold record per text, and the provenance stamped on it.
"""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any, Mapping, Sequence

PUBLISHERS: dict[str, str] = {
    "CENTCOM": "US Central Command (press release)",
    "US State Department": "US State Department (press statement)",
    "UK Government": "UK Government, gov.uk (press release or statement)",
    "Australian Department of Foreign Affairs": "Australian Department of Foreign Affairs and Trade (statement)",
}
"""re3d sub-folder -> the publisher named in `meta.source`."""

DATASET = "re3d texts, WarClaims annotation"
LAYERS = ("entities", "claims")
"""Layers annotated (entities, and claims with their sources and cues; no stances)."""


def article(re3d_doc: Mapping[str, Any]) -> dict[str, Any]:
    """The annotators' view of one converted re3d document: its text and provenance, none of
    re3d's annotation."""
    ood = re3d_doc["meta"]["extra"]["ood"]
    return {
        "id": re3d_doc["id"],
        "text": re3d_doc["text"],
        "meta": {
            "corpus": "re3d (text only; annotated by WarClaims AI-agent annotators)",
            "source": PUBLISHERS[ood["subset"]],
            "licence": re3d_doc["meta"]["licence"].split(";")[0],
            "language": "en",
            "synthetic": False,
            "story": None,
            "extra": {"re3d_id": ood["re3d_id"], "repository": ood["repository"], "commit": ood["commit"],
                      "subset": ood["subset"], "genre": "government press release or statement"},
        },
    }


def about(annotators: Sequence[str], guidelines_sha256: str) -> dict[str, Any]:
    """`meta.extra.ood` of every gold record: what the set is and who annotated it."""
    return {
        "dataset": DATASET,
        "conventions": "warclaims",
        "layers_annotated": list(LAYERS),
        "annotation_by": "the project's AI-agent annotators (two independent passes, then an AI-agent adjudicator)",
        "annotators": sorted(annotators),
        "guidelines_sha256": guidelines_sha256,
        "annotation_note": "re3d's texts only; re3d's own entity annotation was not shown to the annotators",
    }


def gold_records(records: Sequence[Mapping[str, Any]], about_set: Mapping[str, Any]
                 ) -> tuple[list[dict[str, Any]], Counter[str]]:
    """One gold record per text (the ground-truth annotation, i.e. the adjudication), stamped with
    `about_set` in `meta.extra.ood`; raises ValueError when a text has no ground truth or several.
    Counts every record by pass and what happened to it."""
    by_id: dict[str, list[Mapping[str, Any]]] = {}
    counts: Counter[str] = Counter()
    for rec in records:
        ann = rec["meta"]["annotation"]
        counts[f"records_{ann.get('pass')}"] += 1
        by_id.setdefault(rec["id"], [])
        if ann.get("ground_truth") is True:
            by_id[rec["id"]].append(rec)
    problems = {k: len(v) for k, v in by_id.items() if len(v) != 1}
    if problems:
        raise ValueError("texts without exactly one ground-truth annotation: "
                         + ", ".join(f"{k} ({n})" for k, n in sorted(problems.items())))
    out = []
    for doc_id in sorted(by_id):
        rec = copy.deepcopy(dict(by_id[doc_id][0]))
        extra = dict(rec["meta"].get("extra") or {})
        extra["ood"] = dict(about_set)
        rec["meta"] = {**rec["meta"], "extra": extra}
        out.append(rec)
    counts["gold"] = len(out)
    return out, counts
