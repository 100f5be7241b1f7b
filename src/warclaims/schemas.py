"""The JSON Schema contract (schema/*.schema.json): loading, compiled validators, label sets.

Every other module takes field names and label sets from here, so schema/ stays the one
place they are written down.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any, Callable, Iterator

from .paths import schema_dir
from .problems import json_path, path_key

SCHEMA_FILES = {
    "document": "document.schema.json",
    "submission": "submission.schema.json",
    "release": "release.schema.json",
}


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed schema `name` (document, submission or release)."""
    with open(schema_dir() / SCHEMA_FILES[name], encoding="utf-8") as f:
        return json.load(f)


def schema_version() -> str:
    """The contract's version, stated in the document schema's description."""
    desc = load("document")["description"]
    return desc.rsplit("Schema version ", 1)[1].rstrip(".")


def _registry_resources() -> list[tuple[str, dict[str, Any]]]:
    return [(load(n)["$id"], load(n)) for n in SCHEMA_FILES]


@cache
def fast_validator(name: str) -> Callable[[Any], bool]:
    """A compiled (jsonschema-rs) `is_valid` for schema `name`: the fast path for good records."""
    import jsonschema_rs

    registry = jsonschema_rs.Registry(_registry_resources())
    return jsonschema_rs.validator_for(load(name), registry=registry).is_valid


def python_pattern(pattern: str) -> str:
    """A schema `pattern` for Python's `re`: a final `$` becomes `\\Z`, because in Python `$` also
    matches before a final newline ("fakes-1\\n" would pass `^[a-z0-9-]+$`), while in ECMA-262
    (JSON Schema) and in jsonschema-rs it means the end of the string. The one translation:
    the detailed validator and the fast path (`fastpath`) both use it."""
    return pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith("\\$") else pattern


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(python_pattern(pattern))


def _pattern_keyword(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[Any]:
    """python-jsonschema's `pattern` keyword with `python_pattern`'s end-of-string `$`."""
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not _compiled(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _detailed_validator(name: str) -> Any:
    import jsonschema
    from jsonschema import validators
    from referencing import Registry, Resource

    registry = Registry().with_resources(
        (uri, Resource.from_contents(s)) for uri, s in _registry_resources()
    )
    strict = validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern_keyword})
    return strict(load(name), registry=registry)


def iter_schema_errors(name: str, instance: Any) -> Iterator[tuple[list[str | int], str, Any]]:
    """Every schema error as (path parts, message, offending value), most specific first.

    Errors under `anyOf`/`oneOf` are expanded to their leaves so the message names the field.
    """
    validator = _detailed_validator(name)
    for error in sorted(validator.iter_errors(instance), key=lambda e: path_key(json_path(e.absolute_path))):
        yield list(error.absolute_path), _message(error), error.instance


_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number", type(None): "null"}


def json_type(value: Any) -> str:
    """The JSON name of a parsed value's type (object, array, string, ...)."""
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _message(error: Any) -> str:
    if error.validator == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        shown = repr(error.instance) if isinstance(error.instance, (int, float, bool)) else None
        got = json_type(error.instance) + (f" {shown}" if shown else "")
        return f"expected {' or '.join(expected)}, got {got}"
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown field(s)")
    if error.validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        shown = repr(error.instance) if isinstance(error.instance, str) and len(error.instance) <= 60 else json_type(error.instance)
        return f"unknown label {shown}; expected one of: {allowed}"
    if error.validator == "required":
        return error.message.replace("is a required property", "is required")
    msg = error.message
    return msg if len(msg) <= 200 else msg[:199] + "…"


@cache
def labels() -> dict[str, tuple[str, ...]]:
    """Label sets by name (entity_type, source_kind, quote, certainty, polarity), from the schema."""
    defs = load("document")["$defs"]
    return {k: tuple(v["enum"]) for k, v in defs.items() if "enum" in v}


SPAN_LAYERS: tuple[str, ...] = ("entities", "sources", "cues", "claims")
"""Layers whose items are text spans (start, end, text)."""

LAYERS: tuple[str, ...] = SPAN_LAYERS + ("stances",)
"""Every annotation layer of a Document, in canonical order."""

AUTHOR = "AUTHOR"
"""Stance holder id that stands for the outlet itself."""
