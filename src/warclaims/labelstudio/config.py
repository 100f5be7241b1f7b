"""The labeling config as data: which control and label feed which Document layer and field.

`parse_config(xml, mapping)` reads a Label Studio labeling config and joins it with a mapping
(the default one below, optionally extended by a mapping file for projects that renamed
controls or labels). The converter and its inverse take every name from the result, so no
control or label name is hard-coded outside `default_mapping()`.

Mapping file (JSON), every key optional, entries added to the defaults:
    {"labels":  {"<Labels name>:<label>": "<layer>" or "entities:<TYPE>"},
     "choices": {"<Choices name>": "<layer>.<field>"},          # field: quote, certainty, kind, author_stance
     "choice_values": {"<Choices name>:<value>": "<canonical value>"},
     "relations": {"<relation label>": "<polarity>"}}
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any, Mapping

from .. import schemas

GUIDELINES_RE = re.compile(r"<!--\s*warclaims-guidelines:\s*([^\s>]+)\s*-->")
"""The guidelines version travels as the first line of the config: `<!-- warclaims-guidelines: 0.1.0 -->`."""

CHOICE_FIELDS = {"claims.quote": "quote", "claims.certainty": "certainty", "sources.kind": "source_kind",
                 "entities.author_stance": "polarity"}
"""Per-region choice targets -> the schema label set their values come from."""


class ConfigError(ValueError):
    """The labeling config or mapping is unusable; the message says which element and why."""


def default_mapping() -> dict[str, Any]:
    """The mapping for annotation/labeling_config.xml, label sets taken from the schema."""
    lab = schemas.labels()
    labels = {f"entity:{t}": f"entities:{t}" for t in lab["entity_type"]}
    labels.update({"attribution:CLAIM": "claims", "attribution:SOURCE": "sources", "attribution:CUE": "cues"})
    return {
        "labels": labels,
        "choices": {"quote": "claims.quote", "certainty": "claims.certainty", "source_kind": "sources.kind",
                    "author_stance": "entities.author_stance"},
        "choice_values": {},
        "relations": {p: p for p in lab["polarity"]},
    }


def merge_mapping(extra: Mapping[str, Any] | None) -> dict[str, Any]:
    """The default mapping extended (and overridden key by key) by `extra`."""
    out = default_mapping()
    for key, value in (extra or {}).items():
        if key not in out or not isinstance(value, dict):
            raise ConfigError(f"mapping: unknown section {key!r} (expected one of: {', '.join(out)})")
        for name, target in value.items():
            if not isinstance(target, str):
                raise ConfigError(f"mapping: $.{key}[{name!r}]: must be a string, not {type(target).__name__} {target!r}")
        out[key].update(value)
    return out


@dataclass(frozen=True)
class SpanLabel:
    """Where a (Labels control, label) pair goes: a span layer and, for entities, a type."""

    layer: str
    type: str | None = None


@dataclass(frozen=True)
class ProjectConfig:
    """A parsed labeling config joined with its mapping."""

    xml: str
    text_name: str
    spans: dict[tuple[str, str], SpanLabel]
    choices: dict[str, tuple[str, str]]  # control -> (layer, field)
    choice_values: dict[str, dict[str, str]]  # control -> config value -> canonical value
    relations: dict[str, str]  # relation label -> polarity
    guidelines_version: str | None = None
    span_controls: frozenset[str] = field(default_factory=frozenset)

    def span_for(self, layer: str, type_: str | None) -> tuple[str, str]:
        """Inverse lookup: the (control, label) that produces `layer` (and entity `type_`)."""
        for key, target in self.spans.items():
            if target.layer == layer and target.type == type_:
                return key
        raise ConfigError(f"the labeling config has no label for {layer}{':' + type_ if type_ else ''}")

    def choice_for(self, layer: str, fld: str, value: str) -> tuple[str, str]:
        """Inverse lookup: the (Choices control, config value) for a canonical `value`."""
        for control, target in self.choices.items():
            if target == (layer, fld):
                inverse = {v: k for k, v in self.choice_values[control].items()}
                return control, inverse.get(value, value)
        raise ConfigError(f"the labeling config has no per-region choice for {layer}.{fld}")

    def relation_label(self, polarity: str) -> str:
        """Inverse lookup: the relation label for a stance polarity."""
        for label, pol in self.relations.items():
            if pol == polarity:
                return label
        raise ConfigError(f"the labeling config has no relation label for polarity {polarity!r}")


def guidelines_version_of(xml: str) -> str | None:
    """The version in the `<!-- warclaims-guidelines: X -->` comment, or None."""
    m = GUIDELINES_RE.search(xml)
    return m.group(1) if m else None


def parse_config(xml: str, mapping: Mapping[str, Any] | None = None) -> ProjectConfig:
    """Parse `xml` and join it with the default mapping plus `mapping`; raises ConfigError."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as e:
        raise ConfigError(f"labeling config is not well-formed XML: {e}") from None
    m = merge_mapping(mapping)
    texts = [el.get("name") for el in root.iter("Text")]
    if len(texts) != 1 or not texts[0]:
        raise ConfigError(f"labeling config must have exactly one named <Text>, found {len(texts)}")
    lab = schemas.labels()
    spans: dict[tuple[str, str], SpanLabel] = {}
    for el in root.iter("Labels"):
        name = el.get("name", "")
        for label in el.iter("Label"):
            key = f"{name}:{label.get('value')}"
            if key not in m["labels"]:
                raise ConfigError(f"<Labels name={name!r}> label {label.get('value')!r} has no mapping to a layer")
            layer, _, type_ = m["labels"][key].partition(":")
            if layer not in schemas.SPAN_LAYERS or (layer == "entities") != bool(type_) or (type_ and type_ not in lab["entity_type"]):
                raise ConfigError(f"mapping for {key!r} -> {m['labels'][key]!r} is not a span layer (entities:<TYPE>, sources, cues, claims)")
            spans[(name, label.get("value", ""))] = SpanLabel(layer, type_ or None)
    choices: dict[str, tuple[str, str]] = {}
    choice_values: dict[str, dict[str, str]] = {}
    for el in root.iter("Choices"):
        name = el.get("name", "")
        if name not in m["choices"] or m["choices"][name] not in CHOICE_FIELDS:
            raise ConfigError(f"<Choices name={name!r}> has no mapping to one of: {', '.join(CHOICE_FIELDS)}")
        if el.get("perRegion") != "true":
            raise ConfigError(f"<Choices name={name!r}> must be perRegion=\"true\"")
        allowed = lab[CHOICE_FIELDS[m["choices"][name]]]
        values: dict[str, str] = {}
        for ch in el.iter("Choice"):
            raw = ch.get("value", "")
            canon = m["choice_values"].get(f"{name}:{raw}", raw)
            if canon not in allowed:
                raise ConfigError(f"<Choices name={name!r}> value {raw!r} maps to {canon!r}, not one of: {', '.join(allowed)}")
            values[raw] = canon
        layer, _, fld = m["choices"][name].partition(".")
        choices[name] = (layer, fld)
        choice_values[name] = values
    relations: dict[str, str] = {}
    for el in root.iter("Relation"):
        value = el.get("value", "")
        pol = m["relations"].get(value)
        if pol not in lab["polarity"]:
            raise ConfigError(f"<Relation value={value!r}> has no mapping to a polarity ({', '.join(lab['polarity'])})")
        relations[value] = pol
    return ProjectConfig(xml, texts[0], spans, choices, choice_values, relations, guidelines_version_of(xml),
                         frozenset(name for name, _ in spans))
