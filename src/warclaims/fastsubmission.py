"""The scorer's fast path for submission lines: decoded and schema-checked in one pass by msgspec
Structs generated (by `fastpath`) from schema/submission.schema.json, then the semantic checks
against the gold text on the Structs. As in `fastpath`, it only ever says "certainly valid";
None or False means: run the ordinary path, which names every problem.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Callable, get_args

import msgspec
import orjson

from . import schemas
from .fastpath import _GOOD_IDS, _ROOT_ONLY, _SPAN_KEYS, SPAN_ID, Unsupported, _Generator, _ids_ok, _raw_paths
from .keycount import no_repeated_key, struct_counter


@cache
def _submission() -> msgspec.json.Decoder | None:
    """A decoder into Submission Structs generated from schema/submission.schema.json (its
    references into document.schema.json resolved there), or None if a keyword cannot be
    translated exactly. There are no free-form fields in a submission line."""
    schema = schemas.load("submission")
    try:
        body = {k: v for k, v in schema.items() if k not in _ROOT_ONLY}
        document = _Generator(schemas.load("document"), frozenset({SPAN_ID}))
        generator = _Generator(schema, frozenset({SPAN_ID}), {schemas.SCHEMA_FILES["document"]: document})
        root = generator.type_of(body, "submission")
        if tuple(_raw_paths(root, ())):
            raise Unsupported("a free-form field in a submission line")
        decoder = msgspec.json.Decoder(root)
        for example in schema["examples"]:
            decoder.decode(orjson.dumps(example))
        return decoder
    except (ValueError, TypeError, AttributeError, msgspec.DecodeError):  # Unsupported is a ValueError
        return None


@cache
def submission_decoder() -> Callable[[bytes], Any | None]:
    """A function line -> the decoded Submission Struct, or None when the line does not decode
    into one (then check it in full). Layers absent from the line are `msgspec.UNSET`; span ids
    are not yet checked against their definition, nor are repeated keys ruled out:
    `submission_clean` does both."""
    decoder = _submission()
    if decoder is None:
        return lambda line: None
    decode = decoder.decode
    errors = (msgspec.DecodeError, ValueError, RecursionError)

    def check(line: bytes) -> Any | None:
        try:
            return decode(line)
        except errors:
            return None
    return check


_UNSET = msgspec.UNSET
_NO_IDS: frozenset[str] = frozenset()


_OPTIONAL = {"entities": {"text"}, "sources": {"text"}, "cues": {"text"}, "claims": {"text", "quote", "certainty"},
             "stances": set()}
"""The optional fields of each layer's items that `submission_clean` counts as it goes."""


@cache
def _key_plan() -> tuple[dict[str, int], int] | None:
    """Required keys per item of each layer and of the line itself, when the optional fields are
    exactly `_OPTIONAL` (those `submission_clean` counts); None otherwise (then the generic
    `keycount` counter is used)."""
    decoder = _submission()
    if decoder is None:
        return None
    top = {f.name: f for f in msgspec.structs.fields(decoder.type)}
    if set(top) != {"id", *_OPTIONAL} or not top["id"].required:
        return None
    required: dict[str, int] = {}
    for layer, counted in _OPTIONAL.items():
        item = get_args(get_args(top[layer].type)[0])[0]
        fields = msgspec.structs.fields(item)
        if {f.name for f in fields if not f.required} != counted:
            return None
        required[layer] = sum(f.required for f in fields)
    return required, 1


def _keys_of(sub: Any, texts: int) -> int:
    """Keys of a decoded submission line, given how many span `text` fields it had."""
    plan = _key_plan()
    if plan is None:
        return _generic_count()(sub)
    required, keys = plan
    keys += texts
    for layer, per_item in required.items():
        items = getattr(sub, layer)
        if items is not _UNSET:
            keys += 1 + per_item * len(items)
    claims = sub.claims
    if claims is not _UNSET:
        for claim in claims:
            keys += (claim.quote is not _UNSET) + (claim.certainty is not _UNSET)
    return keys


@cache
def _generic_count() -> Callable[[Any], int]:
    decoder = _submission()
    return struct_counter(decoder.type) if decoder is not None else (lambda sub: -1)


def submission_clean(sub: Any, text: str, line: bytes | memoryview) -> bool:
    """`validate._submission_semantics_clean` on a decoded Submission Struct against the gold
    `text`, plus the deferred span_id check: spans inside the text with start < end, optional
    span texts equal to the slice, no span twice with the same label in a layer, ids unique
    across layers, claim source/cue references and stance holder/target references that
    resolve among the predicted spans, one stance per (holder, target); given the `line` it
    was decoded from, no key repeated in it (`keycount`; the optional span texts are counted
    in the span loop, which reads them anyway). False only means: run the ordinary path."""
    n = len(text)
    texts = 0
    ids: set[str] = set()
    layer_ids: dict[str, set[str]] = {}
    total = 0
    for layer, key in _SPAN_KEYS:
        items = getattr(sub, layer)
        if items is _UNSET:
            continue
        prev = -1
        ordered = True
        for item in items:
            start, end = item.start, item.end
            if not prev < start < end <= n:  # one test in the common case: in range, starts increasing
                if not start < end <= n:
                    return False
                ordered = False
            span_text = item.text
            if span_text is not _UNSET:
                if text[start:end] != span_text:
                    return False
                texts += 1
            prev = start
        if not ordered and len(set(map(key, items))) != len(items):
            return False
        layer_ids[layer] = found = {i.id for i in items}
        ids |= found
        total += len(items)
    stances = sub.stances
    if stances is _UNSET:
        stances = ()
    ids.update([st.id for st in stances])
    if len(ids) != total + len(stances):
        return False
    sources = layer_ids.get("sources", _NO_IDS)
    claims = sub.claims
    if claims is not _UNSET:
        cues = layer_ids.get("cues", _NO_IDS)
        for claim in claims:
            source_id, cue_id = claim.source_id, claim.cue_id
            if (source_id is not None and source_id not in sources) or (cue_id is not None and cue_id not in cues):
                return False
    if stances:
        entities = layer_ids.get("entities", _NO_IDS)
        author = schemas.AUTHOR
        pairs = set()
        for st in stances:
            holder, target = st.holder_id, st.target_id
            if target not in entities or (holder != author and holder not in entities and holder not in sources):
                return False
            pairs.add((holder, target))
        if len(pairs) != len(stances):
            return False
    if not (ids <= _GOOD_IDS or _ids_ok(ids)):
        return False
    return no_repeated_key(line, sub, _keys_of(sub, texts))
