"""Synthetic annotation records (marked: corpus "synthetic", meta.synthetic true) for tests and benchmarks.

Each task gets a generated text with known entities, a source, a cue, a claim and a stance;
each annotator's copy is perturbed deterministically (seeded by task and annotator) so
agreement is below 1 and adjudication has work to do.
"""

from __future__ import annotations

import random
from typing import Any

_PEOPLE = ["Amal Haddad", "Omar Saleh", "Lina Farah", "Karim Nassar"]
_GROUPS = ["the Northern Brigade", "the River Front", "the Coastal Militia"]
_PLACES = ["Harran", "Qasr Town", "Bayt Village", "the old market"]
_MEDIA = ["Daily Wire Service", "Radio Delta"]


def _span(text: str, start: int, end: int, **extra: Any) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end], **extra}


def task(index: int, blocks: int = 1, filler: int = 0) -> dict[str, Any]:
    """The gold-like layers of synthetic task `index`: `blocks` annotated sentences, then `filler` plain characters."""
    rng = random.Random(index)
    text = f"[synthetic {index}] "
    layers: dict[str, list[dict[str, Any]]] = {k: [] for k in ("entities", "sources", "cues", "claims", "stances")}
    for b in range(blocks):
        person, group, place, media = rng.choice(_PEOPLE), rng.choice(_GROUPS), rng.choice(_PLACES), rng.choice(_MEDIA)
        parts: list[tuple[str, str | None]] = [
            (media, "MEDIA"), (" reported that ", None), (person, "PERSON"),
            (" said ", "CUE"), (group, "ARMED_GROUP"), (" shelled ", None), (place, "GPE"), (" on Monday. ", None),
        ]
        spans = {}
        for chunk, tag in parts:
            if tag:
                spans[tag] = (len(text), len(text) + len(chunk))
            text += chunk
        n = len(layers["entities"])
        for i, t in enumerate(("MEDIA", "PERSON", "ARMED_GROUP", "GPE"), 1):
            layers["entities"].append({"id": f"e{n + i}", "start": spans[t][0], "end": spans[t][1], "type": t})
        k = b + 1
        layers["sources"].append({"id": f"s{k}", "start": spans["PERSON"][0], "end": spans["PERSON"][1], "kind": "named"})
        layers["cues"].append({"id": f"q{k}", "start": spans["CUE"][0], "end": spans["CUE"][1]})
        layers["claims"].append({"id": f"c{k}", "start": spans["ARMED_GROUP"][0], "end": spans["GPE"][1],
                                 "source_id": f"s{k}", "cue_id": f"q{k}", "quote": "indirect",
                                 "certainty": rng.choice(["asserted", "hedged"])})
        layers["stances"].append({"id": f"t{k}", "holder_id": f"s{k}", "target_id": f"e{n + 3}",
                                  "polarity": rng.choice(["oppose", "neutral"])})
    while len(text) < filler:
        text += "Residents described the night as quiet before the convoy moved on. "
    text = text.rstrip()
    for layer in ("entities", "sources", "cues", "claims"):
        for item in layers[layer]:
            item["text"] = text[item["start"]:item["end"]]
    return {"id": f"syn-{index:06d}", "text": text, **layers}


def annotation(index: int, annotator: str, annotation_id: str, noise: float = 0.2, ground_truth: bool = False,
               updated_at: str | None = "2026-11-26T12:00:00Z", story: str | None = None, blocks: int = 1,
               filler: int = 0) -> dict[str, Any]:
    """One annotator's Document record for synthetic task `index`, perturbed with probability `noise` per item."""
    doc = task(index, blocks, filler)
    rng = random.Random(f"{index}:{annotator}")
    types = ["PERSON", "ORG", "ARMED_GROUP", "MEDIA", "GPE", "LOC", "FAC"]
    for e in doc["entities"]:
        if rng.random() < noise:
            e["type"] = rng.choice([t for t in types if t != e["type"]])
    if rng.random() < noise:
        doc["entities"] = [e for e in doc["entities"] if e["id"] != "e4"]  # a GPE no stance points to
    for c in doc["claims"]:
        if rng.random() < noise:
            c["certainty"] = "hedged" if c["certainty"] == "asserted" else "asserted"
    for s in doc["stances"]:
        if rng.random() < noise:
            s["polarity"] = rng.choice(["support", "oppose", "neutral"])
    doc["meta"] = {
        "title": f"Synthetic report {index}", "source": ["outlet-a", "outlet-b", "outlet-c"][index % 3], "url": None,
        "published": None, "language": "en", "licence": "CC0-1.0 (synthetic test text)", "corpus": "synthetic",
        "synthetic": True, "story": story,
        "annotation": {"annotators": [annotator], "annotation_ids": [annotation_id], "guidelines_version": "0.1.0",
                       "tool_version": "label-studio 1.23.2", "pass": "first", "adjudication": "none",
                       "pre_annotated_by": None, "task_id": index, "ground_truth": ground_truth,
                       "created_at": updated_at, "updated_at": updated_at, "lead_time": 12.5},
    }
    return {"id": doc["id"], "text": doc["text"], "meta": doc["meta"],
            **{k: doc[k] for k in ("entities", "sources", "cues", "claims", "stances")}}
