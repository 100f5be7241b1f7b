"""Frozen typed records of the data contract (schema/document.schema.json).

Raw JSON is parsed once, at the edge, into these records; later stages (adjudication,
splitting, scoring, baselines) work on them. Field names mirror the schema exactly; a test
fails if the two drift apart.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar, Mapping


@dataclass(frozen=True, slots=True, order=True)
class Entity:
    """An entity mention: `text[start:end]` of `type`."""

    start: int
    end: int
    type: str
    id: str = field(compare=False)
    text: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, order=True)
class Source:
    """The span a claim is attributed to, with its kind (named/anonymous/unspecified)."""

    start: int
    end: int
    kind: str
    id: str = field(compare=False)
    text: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, order=True)
class Cue:
    """A reporting verb or phrase that signals attribution."""

    start: int
    end: int
    id: str = field(compare=False)
    text: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, order=True)
class Claim:
    """The content of an attributed claim and its links to a source and a cue."""

    start: int
    end: int
    id: str = field(compare=False)
    source_id: str | None = field(compare=False)
    cue_id: str | None = field(compare=False)
    quote: str = field(compare=False)
    certainty: str = field(compare=False)
    text: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Stance:
    """Holder (AUTHOR, an entity id or a source id) toward a target entity id."""

    id: str
    holder_id: str
    target_id: str
    polarity: str


_LAYER_TYPES: dict[str, type] = {"entities": Entity, "sources": Source, "cues": Cue, "claims": Claim, "stances": Stance}


_FIELD_NAMES: dict[type, frozenset[str]] = {t: frozenset(f.name for f in fields(t)) for t in _LAYER_TYPES.values()}


def _build(cls: type, item: Mapping[str, Any]) -> Any:
    try:
        return cls(**item)
    except TypeError:  # a key that is not a field (e.g. from a newer schema): keep the known ones
        names = _FIELD_NAMES[cls]
        return cls(**{k: v for k, v in item.items() if k in names})


def _dump(obj: Any) -> dict[str, Any]:
    d = asdict(obj)
    return {k: v for k, v in d.items() if not (k == "text" and v is None)}


@dataclass(frozen=True, slots=True)
class Layers:
    """The annotation layers of one document (gold or predicted)."""

    entities: tuple[Entity, ...] = ()
    sources: tuple[Source, ...] = ()
    cues: tuple[Cue, ...] = ()
    claims: tuple[Claim, ...] = ()
    stances: tuple[Stance, ...] = ()
    present: frozenset[str] = frozenset(_LAYER_TYPES)
    """Layers the record actually had (a submission may omit a layer it does not predict)."""

    NAMES: ClassVar[tuple[str, ...]] = tuple(_LAYER_TYPES)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Layers":
        """Layers from a validated Document or Submission dict."""
        kwargs = {name: tuple(_build(t, it) for it in d.get(name) or ()) for name, t in _LAYER_TYPES.items()}
        return cls(**kwargs, present=frozenset(n for n in _LAYER_TYPES if n in d))

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        """Plain JSON-ready layers, in schema field names."""
        return {name: [_dump(x) for x in getattr(self, name)] for name in self.NAMES if name in self.present}


@dataclass(frozen=True, slots=True)
class Document:
    """One article with provenance and its annotation layers."""

    id: str
    text: str
    meta: Mapping[str, Any]
    layers: Layers

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Document":
        """A Document from a dict that passed `validate.check_document`."""
        return cls(id=d["id"], text=d["text"], meta=d["meta"], layers=Layers.from_dict(d))

    def to_dict(self) -> dict[str, Any]:
        """The record in schema form (key order as in the schema)."""
        return {"id": self.id, "text": self.text, "meta": dict(self.meta), **self.layers.to_dict()}
