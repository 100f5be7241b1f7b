"""Small synthetic gold documents and submissions for scorer tests (marked synthetic)."""

from __future__ import annotations

import random
from typing import Any

from warclaims import schemas

META: dict[str, Any] = {
    "title": None, "source": "synthetic", "url": None, "published": None, "language": "en",
    "licence": "CC0-1.0", "corpus": "synthetic", "synthetic": True,
    "annotation": {"annotators": ["test"], "annotation_ids": [], "guidelines_version": "0.1.0",
                   "tool_version": "test", "pass": "first", "adjudication": "none", "pre_annotated_by": None,
                   "task_id": None, "ground_truth": False, "created_at": None, "updated_at": None, "lead_time": None},
}
WORDS = ("Homs", "Hezbollah", "said", "the", "rebels", "advanced", "near", "reports", "Iran", "army", "town")


def random_document(rng: random.Random, doc_id: str) -> dict[str, Any]:
    """A valid Document dict with every layer filled at random (ids e*, s*, q*, c*, t*)."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(30, 60))]
    text = " ".join(words)
    starts, pos = [], 0
    for w in words:
        starts.append((pos, pos + len(w)))
        pos += len(w) + 1
    lab = schemas.labels()
    free = list(range(len(words)))
    rng.shuffle(free)

    def span(i: int, length: int = 1) -> tuple[int, int]:
        j = min(i + length - 1, len(words) - 1)
        return starts[i][0], starts[j][1]

    ents: list[dict[str, Any]] = []
    seen: set[tuple[int, int, str]] = set()
    for k in range(rng.randint(1, 8)):
        s, e = span(free[k], rng.randint(1, 2))
        t = rng.choice(lab["entity_type"])
        if (s, e, t) not in seen:
            seen.add((s, e, t))
            ents.append({"id": f"e{k}", "start": s, "end": e, "text": text[s:e], "type": t})
    sources, cues, claims = [], [], []
    for k in range(rng.randint(0, 3)):
        base = 8 + 7 * k
        s, e = span(base, rng.randint(1, 2))
        if not any(x["start"] == s and x["end"] == e for x in sources):
            sources.append({"id": f"s{k}", "start": s, "end": e, "text": text[s:e], "kind": rng.choice(lab["source_kind"])})
        qs, qe = span(base + 2)
        cues.append({"id": f"q{k}", "start": qs, "end": qe, "text": text[qs:qe]})
        cs, ce = span(base + 3, rng.randint(2, 4))
        claims.append({"id": f"c{k}", "start": cs, "end": ce, "text": text[cs:ce],
                       "source_id": sources[-1]["id"] if sources and rng.random() < 0.8 else None,
                       "cue_id": f"q{k}", "quote": rng.choice(lab["quote"]), "certainty": rng.choice(lab["certainty"])})
    stances, pairs = [], set()
    holders = ["AUTHOR"] + [x["id"] for x in ents + sources]
    for k in range(rng.randint(0, 4)):
        h, t = rng.choice(holders), rng.choice(ents)["id"]
        if (h, t) not in pairs:
            pairs.add((h, t))
            stances.append({"id": f"t{k}", "holder_id": h, "target_id": t, "polarity": rng.choice(lab["polarity"])})
    return {"id": doc_id, "text": text, "meta": META, "entities": ents, "sources": sources, "cues": cues,
            "claims": claims, "stances": stances}


def as_submission(doc: dict[str, Any], layers: tuple[str, ...] = schemas.LAYERS) -> dict[str, Any]:
    """The gold layers of `doc` as a (perfect) submission line."""
    return {"id": doc["id"], **{k: doc[k] for k in layers}}
