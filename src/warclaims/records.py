"""Frozen typed records of the data contract (schema/document.schema.json).

Raw JSON is parsed once, at the edge, into these records; later stages (adjudication,
splitting, scoring, baselines) work on them. Field names mirror the schema exactly; a test
fails if the two drift apart.
"""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, field, fields, is_dataclass
from typing import Any, Callable, ClassVar, Iterable, Mapping

import msgspec


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
    """The content of an attributed claim and its links to a source and a cue.

    `quote` and `certainty` are required in gold Documents but optional in a Submission
    (they are not scored), hence None when a submission leaves them out."""

    start: int
    end: int
    id: str = field(compare=False)
    source_id: str | None = field(compare=False)
    cue_id: str | None = field(compare=False)
    quote: str | None = field(default=None, compare=False)
    certainty: str | None = field(default=None, compare=False)
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


def _fast_builder(cls: type) -> Callable[[Mapping[str, Any]], Any]:
    """A function item -> record equal to `_build(cls, item)`, about twice as fast.

    The frozen dataclass `__init__` sets every field through `object.__setattr__`; loading
    20,000 documents builds over a million records, so this builder writes the slots
    directly (the same slot descriptors `__init__` ends up using). Keys that are not fields
    are ignored, as `_build` does; an item lacking a required field falls back to `_build`,
    which raises its usual TypeError. Generated code, like dataclasses' own `__init__`.
    """
    env: dict[str, Any] = {"new": object.__new__, "cls": cls, "fallback": _build}
    lines = ["def build(d):", "    o = new(cls)", "    try:"]
    for i, f in enumerate(fields(cls)):
        if f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: default factories are not supported here")
        env[f"set{i}"] = cls.__dict__[f.name].__set__
        env[f"default{i}"] = f.default
        value = f"d[{f.name!r}]" if f.default is MISSING else f"d.get({f.name!r}, default{i})"
        lines.append(f"        set{i}(o, {value})")
    lines += ["    except KeyError:", "        return fallback(cls, d)", "    return o"]
    exec("\n".join(lines), env)  # fixed code generated from the dataclass fields
    return env["build"]


_BUILDERS: dict[str, Callable[[Mapping[str, Any]], Any]] = {name: _fast_builder(t) for name, t in _LAYER_TYPES.items()}


_OPTIONAL = frozenset({"text", "quote", "certainty"})
"""Fields a Submission may leave out: absent (None, or UNSET on a Struct) means not written."""


def _dump(obj: Any, cls: type) -> dict[str, Any]:
    """A layer item as a plain dict in the field order of `cls`. The scorer's fast path stores
    msgspec span Structs (same attribute names, optional fields possibly UNSET) instead of records."""
    d = asdict(obj) if is_dataclass(obj) else {f.name: getattr(obj, f.name) for f in fields(cls)}
    return {k: v for k, v in d.items() if not (k in _OPTIONAL and (v is None or v is msgspec.UNSET))}


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
        kwargs = {name: tuple(map(build, d.get(name) or ())) for name, build in _BUILDERS.items()}
        return cls(**kwargs, present=frozenset(n for n in _LAYER_TYPES if n in d))

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        """Plain JSON-ready layers, in schema field names."""
        return {name: [_dump(x, _LAYER_TYPES[name]) for x in getattr(self, name)] for name in self.NAMES if name in self.present}


def split_notes(texts: Iterable[str]) -> list[str]:
    """An annotation's notes from the texts of its notes box or draft: one note per line, each
    stripped, blank lines left out (Label Studio's text area keeps the Enter typed after a case)."""
    return [line.strip() for text in texts for line in text.splitlines() if line.strip()]


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
