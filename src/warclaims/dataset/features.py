"""Column types of the release, derived from schema/document.schema.json (no second field list).

The schema is walked once into a small *shape* tree; from it come the Hugging Face `Features`
of the `documents` config, the encoding of a Document dict into a Parquet row and back.

Mapping rules (exact):
- string / integer / number / boolean -> Value string / int64 / float64 / bool (a `null` in the
  type list only makes the column nullable; Arrow columns are always nullable);
- enum -> Value string in `documents` (label names kept verbatim; ClassLabel is used in the
  task configs `entities` and `stances`);
- array -> List(item); object with `properties` -> struct, fields in schema order;
- object without `properties` (free-form, e.g. meta.extra) -> Value string holding canonical
  JSON (sorted keys), because Parquet needs one fixed type per column.
Decoding reverses this; an optional field that is absent in the record comes back as null when
the schema allows null, and is left out otherwise, so `from_row(to_row(d))` is the canonical form.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from .. import schemas

_SCALARS = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool"}


@dataclass(frozen=True)
class Shape:
    """One node of the schema walk: kind is value, struct, list or json."""

    kind: str
    dtype: str = ""
    nullable: bool = False
    fields: tuple[tuple[str, "Shape", bool], ...] = ()
    item: "Shape | None" = None


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        pointer = node["$ref"].split("#/$defs/", 1)[1]
        extra = {k: v for k, v in node.items() if k != "$ref"}
        node = {**root["$defs"][pointer], **extra}
    return node


def _shape(node: dict[str, Any], root: dict[str, Any]) -> Shape:
    node = _resolve(node, root)
    if "enum" in node:
        return Shape("value", "string", nullable=None in node["enum"])
    types = node.get("type")
    types = [types] if isinstance(types, str) else list(types or [])
    nullable = "null" in types
    main = [t for t in types if t != "null"]
    if len(main) != 1:
        raise ValueError(f"cannot map schema node with types {types!r} to one column type")
    kind = main[0]
    if kind in _SCALARS:
        return Shape("value", _SCALARS[kind], nullable)
    if kind == "array":
        return Shape("list", nullable=nullable, item=_shape(node["items"], root))
    if kind == "object":
        if "properties" not in node:
            return Shape("json", "string", nullable)
        required = set(node.get("required", ()))
        fields = tuple((name, _shape(sub, root), name in required) for name, sub in node["properties"].items())
        return Shape("struct", nullable=nullable, fields=fields)
    raise ValueError(f"unsupported schema type {kind!r}")


@cache
def document_shape() -> Shape:
    """The shape tree of a Document, from the schema."""
    root = schemas.load("document")
    return _shape(root, root)


def _to_feature(shape: Shape) -> Any:
    import datasets

    if shape.kind in ("value", "json"):
        return datasets.Value(shape.dtype)
    if shape.kind == "list":
        return datasets.List(_to_feature(shape.item))
    return {name: _to_feature(sub) for name, sub, _ in shape.fields}


def document_features() -> Any:
    """`datasets.Features` of the `documents` config."""
    import datasets

    return datasets.Features(_to_feature(document_shape()))


def _json_dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _identity(value: Any) -> Any:
    return value


def _has_json(shape: Shape) -> bool:
    if shape.kind == "json":
        return True
    if shape.kind == "list":
        return _has_json(shape.item)
    return any(_has_json(sub) for _, sub, _ in shape.fields)


def _compile_encoder(shape: Shape) -> Any:
    """A function encoding a value of `shape` into its column form (compiled once: the build's hot path).

    Subtrees without free-form JSON pass through unchanged: Arrow fills absent struct fields with null.
    """
    if not _has_json(shape):
        return _identity
    if shape.kind == "json":
        return lambda v: None if v is None else _json_dumps(v)
    if shape.kind == "list":
        item = _compile_encoder(shape.item)
        if item is _identity:
            return lambda v: None if v is None else list(v)
        return lambda v: None if v is None else [item(x) for x in v]
    if shape.kind == "struct":
        parts = [(name, _compile_encoder(sub)) for name, sub, _ in shape.fields if _has_json(sub)]
        return lambda v: None if v is None else {**v, **{name: enc(v.get(name)) for name, enc in parts}}
    return _identity


def _compile_decoder(shape: Shape) -> Any:
    """A function decoding a column value of `shape` back to schema form."""
    if shape.kind == "json":
        return lambda v: None if v is None else json.loads(v)
    if shape.kind == "list":
        item = _compile_decoder(shape.item)
        return lambda v: None if v is None else [item(x) for x in v]
    if shape.kind == "struct":
        parts = [(name, _compile_decoder(sub), required or sub.nullable) for name, sub, required in shape.fields]

        def decode(v: Any) -> Any:
            if v is None:
                return None
            out = {}
            for name, dec, keep_null in parts:
                x = dec(v.get(name))
                if x is not None or keep_null:
                    out[name] = x
            return out

        return decode
    return _identity


@cache
def _codecs() -> tuple[Any, Any]:
    shape = document_shape()
    return _compile_encoder(shape), _compile_decoder(shape)


def to_row(doc: dict[str, Any]) -> dict[str, Any]:
    """A Document dict as a row of the `documents` config (free-form objects as JSON text; absent fields become null)."""
    return _codecs()[0](doc)


def from_row(row: dict[str, Any]) -> dict[str, Any]:
    """A `documents` row back to a schema-valid Document dict."""
    return _codecs()[1](row)


def canonical(doc: dict[str, Any]) -> dict[str, Any]:
    """The form a Document has after a round trip through the release (nullable fields explicit)."""
    return from_row(to_row(doc))
