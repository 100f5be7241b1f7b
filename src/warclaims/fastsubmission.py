"""The scorer's fast path for submission lines: decoded and schema-checked in one pass by msgspec
Structs generated (by `fastpath`) from schema/submission.schema.json, then the semantic checks
against the gold text on the Structs. As in `fastpath`, it only ever says "certainly valid";
None or False means: run the ordinary path, which names every problem.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Callable

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
    are not yet checked against their definition: `submission_clean` does that."""
    decoder = _submission()
    if decoder is None:
        return lambda line: None
    decode = decoder.decode
    keys = struct_counter(decoder.type)
    errors = (msgspec.DecodeError, ValueError, RecursionError)

    def check(line: bytes) -> Any | None:
        try:
            sub = decode(line)
        except errors:
            return None
        return sub if no_repeated_key(line, sub, keys) else None
    return check


_UNSET = msgspec.UNSET
_NO_IDS: frozenset[str] = frozenset()


def submission_clean(sub: Any, text: str) -> bool:
    """`validate._submission_semantics_clean` on a decoded Submission Struct against the gold
    `text`, plus the deferred span_id check: spans inside the text with start < end, optional
    span texts equal to the slice, no span twice with the same label in a layer, ids unique
    across layers, claim source/cue references and stance holder/target references that
    resolve among the predicted spans, one stance per (holder, target). False only means:
    run the ordinary path."""
    n = len(text)
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
            if span_text is not _UNSET and text[start:end] != span_text:
                return False
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
    return ids <= _GOOD_IDS or _ids_ok(ids)
