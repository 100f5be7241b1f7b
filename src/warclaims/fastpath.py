"""The fast path of `warclaims validate`: one JSONL line decoded AND schema-checked in one pass.

msgspec decodes a line straight into Struct types that are generated here from
schema/document.schema.json (no second copy of the field list), so a good line costs about
one parse instead of parse + compiled schema check + dict traversal. The semantic checks then
run on the Structs. The fast path only ever says "certainly valid"; anything it cannot vouch
for (a decode error, a free-form value it would have to trust, any semantic doubt) returns
None and the caller runs the ordinary path (orjson, jsonschema-rs, python-jsonschema, the
detailed checks) that names every problem. Tests compare the two on generated documents.

Why the result equals the ordinary path for an accepted line:
- msgspec and orjson agree on strict JSON for what msgspec accepts here (UTF-8, no NaN, no
  lone surrogates, no trailing text); a line that may repeat a key is handed over
  (`keycount`), and numbers are kept within +-(2**53 - 1) as `strictjson` requires; free-form
  objects are taken as raw JSON and accepted only if `strictjson` would accept them as an
  object and they cannot reach orjson's depth limit;
- every keyword the generator meets is translated exactly or the generator refuses the schema
  (then there is no fast path); msgspec's `int` rejects 7.0 and booleans, which JSON Schema
  would pass on to the semantic checks to report, so the fast path is only stricter;
- span ids are checked against their schema definition (pattern with `\\Z` for `$`, length,
  `not const`) by `re`, memoised per distinct id, because msgspec would run the regex per item.
"""

from __future__ import annotations

import keyword
import re
from functools import cache
from operator import attrgetter
from typing import Annotated, Any, Callable, Iterator, Literal, Union, get_args, get_origin

import msgspec
import orjson

from . import schemas, strictjson
from .keycount import no_repeated_key, struct_counter

_IGNORED = {"description", "title", "examples", "$comment"}
_ROOT_ONLY = {"$schema", "$id", "$defs"}  # allowed on the root schema only
_MAX_RAW_BRACKETS = 900  # a raw value with fewer opening brackets cannot reach orjson's 1024 levels


class Unsupported(ValueError):
    """A schema keyword the generator cannot translate exactly; there is then no fast path."""


def _anchored(pattern: str) -> str:
    """An ECMA-262 `^...$` pattern as a Python one: `$` must not match before a final newline."""
    if not (pattern.startswith("^") and pattern.endswith("$")) or pattern.endswith("\\$"):
        raise Unsupported(f"pattern {pattern!r}")
    body = pattern[1:-1]
    outside_classes = re.sub(r"\[(?:\\.|[^\]\\])*\]", "", body)
    if re.search(r"\\[dDwWsSbBpPu]|\(\?|\$|\^", body) or re.search(r"(?<!\\)\.", outside_classes):
        # escapes, groups, anchors and `.` whose meaning differs between ECMA-262 and Python
        raise Unsupported(f"pattern {pattern!r}")
    return schemas.python_pattern(pattern)


def string_check(schema: dict[str, Any]) -> Callable[[str], bool]:
    """An exact check of a string against a string schema (length, pattern, `not const`)."""
    keys = set(schema) - _IGNORED
    if keys - {"type", "minLength", "maxLength", "pattern", "not"} or schema.get("type") != "string":
        raise Unsupported(f"string schema {sorted(keys)}")
    lo, hi = schema.get("minLength", 0), schema.get("maxLength")
    pattern = re.compile(_anchored(schema["pattern"])).search if "pattern" in schema else None
    forbidden = schema.get("not", {"const": None})
    if set(forbidden) != {"const"}:
        raise Unsupported(f"not {forbidden!r}")
    const = forbidden["const"]

    def check(value: str) -> bool:
        return (lo <= len(value) and (hi is None or len(value) <= hi) and value != const
                and (pattern is None or pattern(value) is not None))
    return check


class _Generator:
    """msgspec types for the `$defs` and properties of one schema; `deferred` defs become `str`."""

    def __init__(self, schema: dict[str, Any], deferred: frozenset[str],
                 external: dict[str, "_Generator"] | None = None) -> None:
        self.defs = schema.get("$defs", {})
        self.deferred = deferred
        self.made: dict[str, Any] = {}
        self.external = external or {}
        """File name -> the generator of that schema, for `$ref`s like `document.schema.json#/$defs/x`."""

    def type_of(self, schema: dict[str, Any], name: str) -> Any:
        if "$ref" in schema:
            if set(schema) - _IGNORED != {"$ref"}:
                raise Unsupported(f"$ref {schema!r}")
            file, sep, fragment = schema["$ref"].partition("#")
            if file in self.external and sep:
                return self.external[file].type_of({"$ref": "#" + fragment}, name)
            if not schema["$ref"].startswith("#/$defs/"):
                raise Unsupported(f"$ref {schema!r}")
            ref = schema["$ref"].removeprefix("#/$defs/")
            if ref in self.deferred:
                string_check(self.defs[ref])  # must be translatable; the caller checks it later
                return str
            if ref not in self.made:
                self.made[ref] = self.type_of(self.defs[ref], ref)
            return self.made[ref]
        if "enum" in schema:
            values = schema["enum"]
            if set(schema) - _IGNORED != {"enum"} or not all(isinstance(v, str) for v in values):
                raise Unsupported(f"enum {values!r}")
            return Literal[tuple(values)]
        types = schema.get("type")
        types = types if isinstance(types, list) else [types]
        if len(types) > 1 and set(schema) - _IGNORED != {"type"}:
            raise Unsupported(f"union with constraints in {name}")
        return Union[tuple(self._single(t, schema, name) for t in types)]

    def _single(self, t: str | None, schema: dict[str, Any], name: str) -> Any:
        keys = set(schema) - _IGNORED - {"type"}
        if t == "null" and not keys:
            return None
        if t == "boolean" and not keys:
            return bool
        if t == "number" and not keys:  # msgspec: ints accepted, booleans rejected, as in JSON Schema
            return Annotated[float, msgspec.Meta(ge=-strictjson.MAX_EXACT_INT, le=strictjson.MAX_EXACT_INT)]
        if t == "integer" and keys <= {"minimum"}:
            return _int(schema.get("minimum"))
        if t == "string":
            if keys - {"minLength", "maxLength", "pattern"}:
                raise Unsupported(f"string {sorted(keys)} in {name}")
            pattern = _anchored(schema["pattern"]) if "pattern" in schema else None
            meta = {k: v for k, v in (("min_length", schema.get("minLength")), ("max_length", schema.get("maxLength")),
                                      ("pattern", pattern)) if v is not None}
            return Annotated[str, msgspec.Meta(**meta)] if meta else str
        if t == "array" and keys == {"items"}:
            return tuple[self.type_of(schema["items"], name + "[]"), ...]  # tuples: the records hold them as they are
        if t == "object" and not keys:
            return msgspec.Raw  # free-form: taken raw, vetted by `_raw_object_ok`
        if t == "object" and keys <= {"properties", "required", "additionalProperties"} and schema.get("additionalProperties") is False:
            return self._struct(schema, name)
        raise Unsupported(f"{t} {sorted(keys)} in {name}")

    def _struct(self, schema: dict[str, Any], name: str) -> type[msgspec.Struct]:
        required = set(schema.get("required", ()))
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        rename: dict[str, str] = {}
        for prop, sub in schema["properties"].items():
            attr = prop if prop.isidentifier() and prop not in _KEYWORDS else prop + "_"
            if attr != prop:
                rename[attr] = prop
            typ = self.type_of(sub, f"{name}.{prop}")
            fields.append((attr, typ) if prop in required else (attr, Union[typ, msgspec.UnsetType], msgspec.UNSET))
        if required - set(schema["properties"]):
            raise Unsupported(f"required field without a property in {name}")
        return msgspec.defstruct(name.title().replace(".", "_"), fields, kw_only=True, forbid_unknown_fields=True,
                                 gc=False, rename=rename or None)


_KEYWORDS = frozenset(keyword.kwlist)


def _int(minimum: int | None) -> Any:
    """An integer within what `strictjson` accepts (+-(2**53 - 1)) and the schema's minimum."""
    lo = -strictjson.MAX_EXACT_INT if minimum is None else max(minimum, -strictjson.MAX_EXACT_INT)
    return Annotated[int, msgspec.Meta(ge=lo, le=strictjson.MAX_EXACT_INT)]


SPAN_ID = "span_id"


@cache
def _document() -> tuple[msgspec.json.Decoder, tuple[tuple[str, ...], ...]] | None:
    """A decoder into generated Document Structs and the attribute paths of its raw (free-form)
    fields, or None if the schema uses keywords that cannot be translated exactly."""
    schema = schemas.load("document")
    try:
        body = {k: v for k, v in schema.items() if k not in _ROOT_ONLY}
        root = _Generator(schema, frozenset({SPAN_ID})).type_of(body, "document")
        decoder = msgspec.json.Decoder(root)
        # the semantic checks name fields directly: they must pass the schema's own examples
        if not all(_semantics_clean(decoder.decode(orjson.dumps(example))) for example in schema["examples"]):
            raise Unsupported("the schema's examples fail the fast semantic checks")
        return decoder, tuple(_raw_paths(root, ()))
    except (ValueError, TypeError, AttributeError, msgspec.DecodeError):  # Unsupported is a ValueError
        return None


def _raw_paths(typ: Any, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """Attribute paths to the msgspec.Raw fields under a Struct type (never inside an array)."""
    for field in msgspec.structs.fields(typ):
        for t in get_args(field.type) or (field.type,):
            t = get_args(t)[0] if get_origin(t) is Annotated else t
            if t is msgspec.Raw:
                yield path + (field.name,)
            elif isinstance(t, type) and issubclass(t, msgspec.Struct):
                yield from _raw_paths(t, path + (field.name,))
            elif get_origin(t) is list and _has_raw(get_args(t)[0]):
                raise Unsupported("a free-form object inside an array")


def _has_raw(typ: Any) -> bool:
    if typ is msgspec.Raw:
        return True
    if isinstance(typ, type) and issubclass(typ, msgspec.Struct):
        return any(_has_raw(t) for f in msgspec.structs.fields(typ) for t in get_args(f.type) or (f.type,))
    return get_origin(typ) is list and _has_raw(get_args(typ)[0])


@cache
def _span_id_check() -> Callable[[str], bool]:
    return string_check(schemas.load("document")["$defs"][SPAN_ID])


_GOOD_IDS: set[str] = set()
_MAX_GOOD_IDS = 100_000  # memory stays bounded whatever the file size


def _ids_ok(ids: set[str]) -> bool:
    """Every id satisfies the span_id definition; distinct ids are checked once, then remembered."""
    if ids <= _GOOD_IDS:
        return True
    check = _span_id_check()
    for span_id in ids - _GOOD_IDS:
        if not check(span_id):
            return False
        if len(_GOOD_IDS) < _MAX_GOOD_IDS:
            _GOOD_IDS.add(span_id)
    return True


def _raw_object_ok(raw: msgspec.Raw) -> bool:
    """A free-form value the ordinary path would accept as an object (strict JSON, shallow enough)."""
    data = bytes(raw)
    if data.count(b"{") + data.count(b"[") >= _MAX_RAW_BRACKETS:
        return False
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return False
    return type(value) is dict and not strictjson.may_hide(data, value)


_SPAN_KEYS = (("entities", attrgetter("start", "end", "type")), ("sources", attrgetter("start", "end", "kind")),
              ("cues", attrgetter("start", "end")), ("claims", attrgetter("start", "end")))
"""Span layers and what makes two of their spans the same annotation (span and label)."""


def _spans_clean(doc: Any) -> bool:
    """Every span inside the text (0 <= start < end <= len; msgspec checked start >= 0), its text
    equal to the slice, and no span annotated twice with the same label in one layer. The last
    needs a key set only when a layer's starts do not strictly increase (else no two share one)."""
    text = doc.text
    n = len(text)
    for layer, key in _SPAN_KEYS:
        items = getattr(doc, layer)
        prev = -1
        ordered = True
        for item in items:
            start, end = item.start, item.end
            if not prev < start < end <= n:  # one test in the common case: in range, starts increasing
                if not start < end <= n:
                    return False
                ordered = False
            if text[start:end] != item.text:
                return False
            prev = start
        if not ordered and len(set(map(key, items))) != len(items):
            return False
    return True


def _semantics_clean(doc: Any) -> bool:
    """`validate._semantics_clean` on a decoded Document Struct, plus the deferred span_id check.

    Loops over small lists with direct attribute access (faster on Structs than attrgetter):
    the span checks, then ids unique across layers, claim source/cue and stance holder/target
    references that resolve, one stance per (holder, target). False only means: run the
    ordinary path.
    """
    if not _spans_clean(doc):
        return False
    entities = {i.id for i in doc.entities}
    sources = {i.id for i in doc.sources}
    cues = {i.id for i in doc.cues}
    claims = doc.claims
    for claim in claims:
        source_id, cue_id = claim.source_id, claim.cue_id
        if (source_id is not None and source_id not in sources) or (cue_id is not None and cue_id not in cues):
            return False
    stances = doc.stances
    for stance in stances:
        holder, target = stance.holder_id, stance.target_id
        if target not in entities or (holder != schemas.AUTHOR and holder not in entities and holder not in sources):
            return False
    if len({(st.holder_id, st.target_id) for st in stances}) != len(stances):
        return False
    ids = entities | sources | cues
    ids.update([i.id for i in claims])
    ids.update([st.id for st in stances])
    # as many distinct ids as items: no id used twice, within or across layers
    if len(ids) != len(doc.entities) + len(doc.sources) + len(doc.cues) + len(claims) + len(stances):
        return False
    return ids <= _GOOD_IDS or _ids_ok(ids)


def valid_document_id(line: bytes) -> str | None:
    """The document id if this JSONL line is certainly a valid Document, else None (then check it in full)."""
    return document_checker()(line)


@cache
def document_checker() -> Callable[[bytes], str | None]:
    """`valid_document_id` with the decoder bound once, for a loop over many lines."""
    decode_valid = document_decoder()

    def check(line: bytes) -> str | None:
        doc = decode_valid(line)
        return None if doc is None else doc.id
    return check


@cache
def document_decoder() -> Callable[[bytes], Any | None]:
    """A function line -> the decoded Document Struct if the line is certainly a valid Document,
    else None (then check it in full). The Struct's layers hold span Structs with the same
    attribute names as the `records` classes, so the scorer uses them as records."""
    document = _document()
    if document is None:
        return lambda line: None
    decode, raw_paths = document[0].decode, document[1]
    keys = struct_counter(document[0].type)
    errors = (msgspec.DecodeError, ValueError, RecursionError)  # invalid UTF-8 raises UnicodeDecodeError
    clean = _semantics_clean

    def check(line: bytes) -> Any | None:
        try:
            doc = decode(line)
        except errors:
            return None
        for path in raw_paths:
            value = doc
            for attr in path:
                value = getattr(value, attr)
                if value is msgspec.UNSET:
                    break
            else:
                if not _raw_object_ok(value):
                    return None
        return doc if clean(doc) and no_repeated_key(line, doc, keys(doc)) else None
    return check
