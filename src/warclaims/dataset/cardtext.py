"""Generated sections of the dataset card (pure text from features, rows and versions).

The card (dataset/README.md, copied to CARD.md) is hand-written prose with marked sections the
build rewrites: statistics, outlets and agreement (`stats`), and the ones here: a field table per
config with every ClassLabel's label <-> integer mapping, an example record per config, and the
dataset's citation (`hub.bibtex`, also Croissant's citeAs).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any, Iterator, Mapping

from .. import schemas
from . import features, hub

FIELDS_BEGIN, FIELDS_END = "<!-- FIELDS:BEGIN -->", "<!-- FIELDS:END -->"
EXAMPLE_BEGIN, EXAMPLE_END = "<!-- EXAMPLE:BEGIN -->", "<!-- EXAMPLE:END -->"
CITATION_BEGIN, CITATION_END = "<!-- CITATION:BEGIN -->", "<!-- CITATION:END -->"

CONFIG_TEXT = {
    "documents": "the full gold record, one row per document (`schema/document.schema.json`); labels are strings here",
    "entities": "one row per document: tokens with character offsets and IOB2 `ner_tags` (token = `\\w+|[^\\w\\s]`)",
    "claims": "one row per claim, its source and cue spans resolved, with the document text",
    "stances": "one row per stance, holder (AUTHOR, entity or source) and target spans resolved, with the document text",
    "inputs": "gold-free: one row per document with id, text and meta without `meta.annotation` (what a system may read)",
}
"""One line per config: what a row is."""

TASK_FIELDS = {
    "id": "row id: `<doc id>` or `<doc id>/<item id>`", "doc_id": "document id", "claim_id": "claim id in the document",
    "stance_id": "stance id in the document", "start": "code-point offset into the document text",
    "end": "end offset (exclusive)", "text": "the span's text (`document[start:end]`)",
    "document": "the document text the offsets point into", "tokens": "tokens of the text",
    "token_start": "start offset of each token", "token_end": "end offset of each token",
    "ner_tags": "IOB2 tag per token", "source": "the claim's source span (null if none)",
    "cue": "the claim's cue span (null if none)", "holder": "who holds the stance (`layer` author, entities or sources)",
    "target": "the entity mention the stance is about", "kind": "source kind: `named`, `anonymous` or `unspecified`",
    "type": "entity type (string, as in `documents`)", "layer": "`author` (the outlet itself), `entities` or `sources`",
}
"""Descriptions of the task configs' top-level fields (the document configs take the schema's)."""

MAX_STRING = 160
MAX_ITEMS = 2


def _walk_schema(node: Mapping[str, Any], root: Mapping[str, Any], path: str, out: dict[str, str]) -> None:
    node = features._resolve(dict(node), dict(root))
    if path and node.get("description"):
        out.setdefault(path, node["description"])
    for name, sub in (node.get("properties") or {}).items():
        _walk_schema(sub, root, f"{path}.{name}" if path else name, out)
    if isinstance(node.get("items"), Mapping):
        _walk_schema(node["items"], root, path + "[]", out)


@cache
def schema_descriptions() -> dict[str, str]:
    """Field path (`meta.annotation.pass`, `claims[].quote`) -> description, from the Document schema."""
    root = schemas.load("document")
    out: dict[str, str] = {}
    _walk_schema(root, root, "", out)
    return out


def _type_rows(feature: Any, path: str) -> Iterator[tuple[str, str, list[str] | None]]:
    """(path, type, ClassLabel names or None) for a feature and everything inside it."""
    import datasets

    if isinstance(feature, datasets.List):
        inner = feature.feature
        if isinstance(inner, dict):
            yield path, "list of struct", None
            for name, sub in inner.items():
                yield from _type_rows(sub, f"{path}[].{name}")
        else:
            for _, kind, names in _type_rows(inner, path):
                yield path, f"list of {kind}", names
                break
        return
    if isinstance(feature, dict):
        yield path, "struct", None
        for name, sub in feature.items():
            yield from _type_rows(sub, f"{path}.{name}")
        return
    if isinstance(feature, datasets.ClassLabel):
        yield path, "ClassLabel (int64)", list(feature.names)
        return
    yield path, feature.dtype, None


def _mapping(names: list[str]) -> str:
    return ", ".join(f"{i} = `{n}`" for i, n in enumerate(names))


def _describe(config: str, path: str) -> str:
    if config in ("documents", "inputs"):
        text = schema_descriptions().get(path, "")
        if path == "meta.extra":
            text = "free-form corpus fields as a JSON string (canonical, sorted keys). " + text
    else:  # a sub-field (`source.start`) is described like the field of its name
        leaf = path.rsplit(".", 1)[-1].removesuffix("[]")
        text = TASK_FIELDS.get(path) or ("span id in the document (`AUTHOR` for the outlet)" if leaf == "id"
                                         else TASK_FIELDS.get(leaf, ""))
    return text.replace("|", "\\|").replace("\n", " ")


def fields_section(config_features: Mapping[str, Any]) -> str:
    """The card's field tables: one per config, every field with its type and description, and
    the label <-> integer mapping of every ClassLabel (pyarrow alone shows only the integers)."""
    labels = schemas.labels()
    lines = ["### Fields per config", "",
             "Generated from the features (`warclaims.dataset.layout.config_features`). Paths use `.` for "
             "struct fields and `[]` for list items. In `documents` and `inputs` labels are strings; in the "
             "task configs they are ClassLabel integers, mapped as listed.", ""]
    for config, feats in config_features.items():
        lines += [f"#### `{config}`", "", CONFIG_TEXT.get(config, "") + ".", "", "| field | type | description |", "|---|---|---|"]
        for name, feat in feats.items():
            for path, kind, names in _type_rows(feat, name):
                desc = _describe(config, path)
                if names is not None:
                    desc = (desc + "; " if desc else "") + "labels: " + _mapping(names)
                lines.append(f"| `{path}` | {kind} | {desc} |")
        lines.append("")
    lines += ["Label sets of the string-valued fields (`documents`): " + "; ".join(
        f"`{k}`: {', '.join(f'`{v}`' for v in vals)}" for k, vals in labels.items()) + "."]
    return "\n".join(lines)


def _shorten(value: Any) -> Any:
    """A row value with long strings and lists cut, the cut marked in the value itself."""
    if isinstance(value, str) and len(value) > MAX_STRING:
        return value[:MAX_STRING] + f" [... {len(value) - MAX_STRING} more characters]"
    if isinstance(value, list):
        head = [_shorten(v) for v in value[:MAX_ITEMS]]
        return head + ([f"[... {len(value) - MAX_ITEMS} more items]"] if len(value) > MAX_ITEMS else [])
    if isinstance(value, dict):
        return {k: _shorten(v) for k, v in value.items()}
    return value


def example_section(rows: Mapping[str, Mapping[str, Any]], split: str) -> str:
    """The card's example records: the first row of each config's `split`, as stored (ClassLabel
    integers, `meta.extra` as JSON text), with strings over 160 characters and lists over 3 items
    shortened and marked; real data from the release, nothing invented."""
    lines = ["### Example records", "",
             f"The first row of each config in the `{split}` split, as stored, shortened for reading: strings "
             f"longer than {MAX_STRING} characters and lists longer than {MAX_ITEMS} items are cut, and the cut is "
             "marked `[... N more ...]` inside the value.", ""]
    for config, row in rows.items():
        indent = 1 if config == "documents" else None
        lines += [f"`{config}`:", "", "```json", json.dumps(_shorten(dict(row)), ensure_ascii=False, indent=indent), "```", ""]
    return "\n".join(lines).rstrip()


def citation_section(version: str, year: str) -> str:
    """The dataset's BibTeX entry for this release (the same text is Croissant's citeAs)."""
    return "```bibtex\n" + hub.bibtex(version, year) + "\n```"
