"""Synthetic (marked) annotated documents for tests and benchmarks of the baselines.

Template sentences about a made-up war day, with every layer annotated: entities, attributed
claims with their sources and cues, and stances (the outlet toward the first mention of each
actor; a source toward an entity its claim is about). Seeded: the same (n, seed) gives the same
documents. Every record says `corpus: "synthetic"`, `synthetic: true`; never release data.
"""

from __future__ import annotations

import random
from typing import Any

from ..records import Document

_ENTITIES: dict[str, tuple[str, ...]] = {
    "PERSON": ("Rami Abdel-Rahman", "Maslum Abdi", "Hassan Nasrallah", "Omar Khaled", "Lina Haddad"),
    "ORG": ("Syrian Observatory for Human Rights", "United Nations", "World Health Organization", "Red Crescent"),
    "ARMED_GROUP": ("Hezbollah", "Hayat Tahrir al-Sham", "Islamic State", "Free Syrian Army"),
    "MEDIA": ("Reuters", "Sham FM", "SANA", "Al-Manar"),
    "GPE": ("Syria", "Iran", "Lebanon", "Homs", "Aleppo", "Damascus", "Hama"),
    "LOC": ("Euphrates valley", "Idlib countryside", "Qalamoun mountains"),
    "FAC": ("Tishreen dam", "Hama airport", "Rastan bridge"),
}
_SOURCE_TYPES = ("PERSON", "ORG", "MEDIA", "ARMED_GROUP")
_ACTOR_TYPES = ("ARMED_GROUP", "ORG", "PERSON")
_PLACE_TYPES = ("GPE", "LOC", "FAC")
_CUES_BEFORE = ("said", "reported", "stated", "announced", "claimed")
_HEDGED = ("suggested", "indicated")
_EVENTS = ("seized the outskirts of", "shelled", "withdrew from", "sent fighters to", "attacked")
_FILLER = ("Fighting continued near", "Residents fled", "Aid convoys reached", "Roads were closed around")
_POLAR_WORDS = {"oppose": ("terrorist", "brutal"), "support": ("heroic", "brave")}

SYNTHETIC_META_ANNOTATION: dict[str, Any] = {
    "annotators": ["synthetic"], "annotation_ids": [], "guidelines_version": "0.1.0",
    "tool_version": "synthetic", "pass": "first", "adjudication": "none", "pre_annotated_by": None,
    "task_id": None, "ground_truth": False, "created_at": None, "updated_at": None, "lead_time": None,
}


class _Builder:
    """Appends text while recording spans at their code-point offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.layers: dict[str, list[dict[str, Any]]] = {k: [] for k in ("entities", "sources", "cues", "claims", "stances")}
        self.n = 0

    def _id(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n}"

    def add(self, s: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start, self.pos

    def span(self, layer: str, prefix: str, s: str, **extra: Any) -> str:
        start, end = self.add(s)
        sid = self._id(prefix)
        self.layers[layer].append({"id": sid, "start": start, "end": end, "text": s, **extra})
        return sid

    def text(self) -> str:
        return "".join(self.parts)


def _one(rng: random.Random, index: int) -> Document:
    b = _Builder()
    first_mention: dict[str, str] = {}
    polarity_of: dict[str, str] = {}

    def entity(etype: str, name: str | None = None) -> str:
        name = name or rng.choice(_ENTITIES[etype])
        eid = b.span("entities", "e", name, type=etype)
        first_mention.setdefault(name, eid)
        return eid

    for _ in range(rng.randint(3, 6)):
        kind = rng.random()
        if kind < 0.25:
            b.add(rng.choice(_FILLER) + " ")
            entity(rng.choice(_PLACE_TYPES))
            b.add(". ")
        elif kind < 0.4:
            pol = rng.choice(("oppose", "support"))
            b.add("The " + rng.choice(_POLAR_WORDS[pol]) + " ")
            name = rng.choice(_ENTITIES["ARMED_GROUP"])
            entity("ARMED_GROUP", name)
            polarity_of.setdefault(name, pol)
            b.add(" fighters entered ")
            entity("GPE")
            b.add(". ")
        else:
            stype = rng.choice(_SOURCE_TYPES)
            src_name = rng.choice(_ENTITIES[stype])
            hedged = rng.random() < 0.3
            layout = rng.random()

            def named_source() -> tuple[str, str]:
                """The source's entity mention, and a SOURCE span over the same text."""
                ent = entity(stype, src_name)
                b.layers["sources"].append({**{k: v for k, v in b.layers["entities"][-1].items() if k != "type"},
                                            "id": b._id("s"), "kind": "named"})
                b.add(" ")
                return ent, b.layers["sources"][-1]["id"]

            def content() -> tuple[int, str, int]:
                """'<actor> <event> <place>. ': the claim's start, its target entity, its end."""
                start = b.pos
                tgt = entity(rng.choice(_ACTOR_TYPES))
                b.add(" " + rng.choice(_EVENTS) + " ")
                entity(rng.choice(_PLACE_TYPES))
                end = b.pos
                b.add(". ")
                return start, tgt, end

            if layout < 0.6:
                src_ent, src = named_source()
                cue = b.span("cues", "q", rng.choice(_HEDGED if hedged else _CUES_BEFORE))
                b.add(" that ")
            else:
                cue_start = b.pos
                b.add("According to ")
                cue = b._id("q")
                b.layers["cues"].append({"id": cue, "start": cue_start, "end": cue_start + 12, "text": "According to"})
                src_ent, src = named_source()
            c_start, target, c_end = content()
            text_so_far = b.text()
            b.layers["claims"].append({"id": b._id("c"), "start": c_start, "end": c_end, "text": text_so_far[c_start:c_end],
                                       "source_id": src, "cue_id": cue, "quote": "indirect",
                                       "certainty": "hedged" if hedged else "asserted"})
            if target != src_ent and rng.random() < 0.5:
                pol = "oppose" if " attacked " in text_so_far[c_start:c_end] or " shelled " in text_so_far[c_start:c_end] else "neutral"
                b.layers["stances"].append({"id": b._id("t"), "holder_id": src, "target_id": target, "polarity": pol})
    text = b.text().rstrip()
    ent_by_id = {e["id"]: e for e in b.layers["entities"]}
    for name, eid in first_mention.items():
        if ent_by_id[eid]["type"] in _ACTOR_TYPES:
            b.layers["stances"].append({"id": b._id("t"), "holder_id": "AUTHOR", "target_id": eid,
                                        "polarity": polarity_of.get(name, "neutral")})
    meta = {"title": f"Synthetic report {index}", "source": "synthetic", "url": None, "published": None,
            "language": "en", "licence": "CC0-1.0", "corpus": "synthetic", "synthetic": True, "story": None,
            "annotation": dict(SYNTHETIC_META_ANNOTATION)}
    return Document.from_dict({"id": f"synthetic-{index}", "text": text, "meta": meta, **b.layers})


def synthetic_documents(n: int, seed: int = 0) -> list[Document]:
    """`n` synthetic annotated Documents (valid against the document schema), seeded."""
    rng = random.Random(seed)
    return [_one(rng, i) for i in range(n)]
