"""Validation of Document and Submission records: JSON Schema plus the semantic checks a
schema cannot express (offsets inside the text, span text equal to the slice, unique ids,
references that resolve).

Pure functions over parsed JSON values; problems come back as data with a JSON path and
no file location (the caller adds file and line). A compiled validator (jsonschema-rs)
passes good records quickly; only failing records are re-checked with python-jsonschema
for full, readable error paths.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from . import schemas
from .hygiene import Finding
from .problems import Problem, json_path, sorted_by_path
from .readers import Record, iter_json, iter_jsonl_lines, parse_jsonl_line

def _p(path: list[str | int], message: str, value: Any = None) -> Problem:
    return Problem("", 0, json_path(path), message, value)


def check_schema(kind: str, value: Any) -> list[Problem]:
    """All JSON Schema errors of `value` against schema `kind` (document or submission)."""
    if schemas.fast_validator(kind)(value):
        return []
    try:
        return [_p(path, msg, inst) for path, msg, inst in schemas.iter_schema_errors(kind, value)]
    except RecursionError:
        # python-jsonschema recurses (and reprs values) per level; orjson accepts up to 1024 levels
        path, depth = deepest_path(value)
        return [_p(path[:3], f"value nested {depth} levels deep; too deep to check in detail", None)]


def deepest_path(value: Any) -> tuple[list[str | int], int]:
    """The path to the most deeply nested value and its depth, without recursion."""
    best: tuple[list[str | int], int] = ([], 0)
    stack: list[tuple[Any, list[str | int]]] = [(value, [])]
    while stack:
        node, path = stack.pop()
        if len(path) > best[1]:
            best = (path, len(path))
        if isinstance(node, dict):
            stack.extend((v, path + [k]) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, path + [i]) for i, v in enumerate(node))
    return best


def _is_offset(v: Any) -> bool:
    """A usable offset: a non-negative int (bools and negatives are the schema's to report)."""
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _is_integral_float(v: Any) -> bool:
    return isinstance(v, float) and v.is_integer()


def check_spans(layers: Mapping[str, Any], text: str | None, *, text_required: bool = True) -> Iterator[Problem]:
    """Offsets inside `text`, start < end, and span text equal to `text[start:end]`.

    Items that are not well-formed (already reported by the schema) are passed over here.
    With `text` None only `start < end` is checked.
    """
    for layer in schemas.SPAN_LAYERS:
        items = layers.get(layer)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            start, end = item.get("start"), item.get("end")
            integral_floats = [(f, v) for f, v in (("start", start), ("end", end)) if _is_integral_float(v)]
            for field, v in integral_floats:
                # JSON Schema counts 7.0 as an integer; as an offset it is a float (text[0:7.0] fails)
                yield _p([layer, i, field], f"offset {v!r} must be written as an integer (no decimal point or exponent)", v)
            if integral_floats or not (_is_offset(start) and _is_offset(end)):
                continue
            if start >= end:
                yield _p([layer, i, "start"], f"start ({start}) must be less than end ({end})", start)
                continue
            if text is None:
                continue
            if end > len(text):
                yield _p([layer, i, "end"], f"end ({end}) is beyond the text (length {len(text)})", end)
                continue
            span_text = item.get("text")
            if span_text is None:
                if text_required:
                    continue  # the schema reports the missing field
            elif isinstance(span_text, str) and text[start:end] != span_text:
                yield _p(
                    [layer, i, "text"],
                    f"span text {span_text!r} differs from text[{start}:{end}] = {text[start:end]!r}",
                    span_text,
                )


def _ids(layers: Mapping[str, Any], layer: str) -> list[tuple[int, Any]]:
    items = layers.get(layer)
    if not isinstance(items, list):
        return []
    return [(i, it.get("id")) for i, it in enumerate(items) if isinstance(it, dict) and isinstance(it.get("id"), str)]


def check_references(layers: Mapping[str, Any]) -> Iterator[Problem]:
    """Ids unique across layers; claim source/cue and stance holder/target ids resolve."""
    seen: dict[str, str] = {}
    by_layer: dict[str, set[str]] = {}
    for layer in schemas.LAYERS:
        by_layer[layer] = set()
        for i, span_id in _ids(layers, layer):
            if span_id in seen:
                yield _p([layer, i, "id"], f"duplicate id {span_id!r} (first used at {seen[span_id]})", span_id)
            else:
                seen[span_id] = json_path([layer, i])
            by_layer[layer].add(span_id)
    claims = layers.get("claims") if isinstance(layers.get("claims"), list) else []
    for i, claim in enumerate(claims):
        if not isinstance(claim, dict):
            continue
        for field, target_layer in (("source_id", "sources"), ("cue_id", "cues")):
            ref = claim.get(field)
            if isinstance(ref, str) and ref not in by_layer[target_layer]:
                yield _p(["claims", i, field], f"{field} {ref!r} does not name a span in {target_layer}", ref)
    stances = layers.get("stances") if isinstance(layers.get("stances"), list) else []
    pairs: Counter[tuple[str, str]] = Counter()
    holders = by_layer["entities"] | by_layer["sources"] | {schemas.AUTHOR}
    for i, stance in enumerate(stances):
        if not isinstance(stance, dict):
            continue
        holder, target = stance.get("holder_id"), stance.get("target_id")
        if isinstance(holder, str) and holder not in holders:
            yield _p(["stances", i, "holder_id"], f"holder_id {holder!r} is neither AUTHOR nor an entity or source id", holder)
        if isinstance(target, str) and target not in by_layer["entities"]:
            yield _p(["stances", i, "target_id"], f"target_id {target!r} does not name an entity", target)
        if isinstance(holder, str) and isinstance(target, str):
            pairs[(holder, target)] += 1
            if pairs[(holder, target)] == 2:
                yield _p(["stances", i], f"a second stance for the pair ({holder}, {target})", None)


def check_duplicate_spans(layers: Mapping[str, Any]) -> Iterator[Problem]:
    """The same span annotated twice with the same label in one layer is an error."""
    for layer in schemas.SPAN_LAYERS:
        items = layers.get(layer)
        if not isinstance(items, list):
            continue
        first: dict[tuple[Any, ...], int] = {}
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            key = (item.get("start"), item.get("end"), item.get("type"), item.get("kind"))
            if not (_is_offset(key[0]) and _is_offset(key[1]) and all(isinstance(k, (str, type(None))) for k in key[2:])):
                continue  # malformed items are the schema's to report (and may be unhashable)
            if key in first:
                yield _p([layer, i], f"same span and label as {json_path([layer, first[key]])}", None)
            else:
                first[key] = i


def _semantics_clean(doc: dict[str, Any]) -> bool:
    """True when a schema-valid Document passes every semantic check; the fast path.

    Equivalent to the detailed checks below finding nothing (tests compare the two), but
    without building paths or Problems. False only means: run the detailed checks.
    """
    return _submission_semantics_clean(doc, doc["text"])


def check_document(value: Any) -> list[Problem]:
    """Every problem of one Document record (schema, offsets, ids, references), in numeric path order."""
    problems = check_schema("document", value)
    if not problems and _semantics_clean(value):
        return problems
    if isinstance(value, dict):
        text = value.get("text") if isinstance(value.get("text"), str) else None
        problems += list(check_spans(value, text))
        problems += list(check_references(value))
        problems += list(check_duplicate_spans(value))
    return sorted_by_path(problems)


def _submission_semantics_clean(sub: dict[str, Any], text: str) -> bool:
    """The semantic fast path for schema-valid layers (a Document, or a Submission line whose
    layers and span texts are optional) against `text`; see `_semantics_clean`."""
    n = len(text)
    ids: set[str] = set()
    total = 0
    for layer in schemas.SPAN_LAYERS:
        items = sub.get(layer, ())
        seen: set[tuple[Any, ...]] = set()
        for item in items:
            start, end = item["start"], item["end"]
            if type(start) is not int or type(end) is not int or not 0 <= start < end <= n:
                return False
            span_text = item.get("text")
            if span_text is not None and text[start:end] != span_text:
                return False
            seen.add((start, end, item.get("type"), item.get("kind")))
            ids.add(item["id"])
        if len(seen) != len(items):
            return False
        total += len(items)
    stances = sub.get("stances", ())
    ids.update(st["id"] for st in stances)
    if len(ids) != total + len(stances):
        return False
    sources = {s["id"] for s in sub.get("sources", ())}
    cues = {c["id"] for c in sub.get("cues", ())}
    for claim in sub.get("claims", ()):
        source_id, cue_id = claim["source_id"], claim["cue_id"]
        if (source_id is not None and source_id not in sources) or (cue_id is not None and cue_id not in cues):
            return False
    entities = {e["id"] for e in sub.get("entities", ())}
    pairs = {(st["holder_id"], st["target_id"]) for st in stances}
    if len(pairs) != len(stances):
        return False
    return all(t in entities and (h == schemas.AUTHOR or h in entities or h in sources) for h, t in pairs)


def check_submission(value: Any, gold_text: str | None) -> list[Problem]:
    """Every problem of one Submission line against its gold document's text (None if unknown),
    in numeric path order."""
    problems = check_schema("submission", value)
    if not problems and gold_text is not None and _submission_semantics_clean(value, gold_text):
        return problems
    if isinstance(value, dict):
        problems += list(check_spans(value, gold_text, text_required=False))
        problems += list(check_references(value))
        problems += list(check_duplicate_spans(value))
    return sorted_by_path(problems)


def validate_stream(items: Iterable[Record | Problem], file: str) -> Iterator[tuple[Record | None, list[Problem]]]:
    """Check a stream of Document records; yields each record with its located problems.

    Document ids must be unique within the stream; memory grows only with the number of ids.
    """
    first_line: dict[str, int] = {}
    for item in items:
        if isinstance(item, Problem):
            yield None, [item]
            continue
        found = record_problems(item, file)
        doc_id = item.value.get("id")
        if isinstance(doc_id, str):
            note_id(doc_id, item.line, file, first_line, found)
        yield item, found


def record_problems(record: Record, file: str) -> list[Problem]:
    """Every problem of one Document record, located in `file` at the record's line."""
    return [Problem(file, record.line, p.path, p.message, p.value) for p in check_document(record.value)]


def note_id(doc_id: str, line: int, file: str, first_line: dict[str, int], found: list[Problem]) -> None:
    """Remember the first line of `doc_id`, or add a duplicate-id problem to `found`."""
    if doc_id in first_line:
        found.append(Problem(file, line, "$.id", f"duplicate document id {doc_id!r} (first on line {first_line[doc_id]})", doc_id))
    else:
        first_line[doc_id] = line


def validate_path(path: Path, display: str | None = None) -> Iterator[tuple[bool, list[Problem]]]:
    """What `warclaims validate --no-hygiene` runs on one file: per line (JSONL) or element (JSON),
    whether it held a record, and its located problems; the same problems as
    `validate_stream(iter_records(...))`.

    A JSONL line that `fastpath.document_decoder` vouches for (decoded and checked in one pass)
    costs about one parse; every other line takes the ordinary path, which names each problem.
    """
    for is_record, found, _ in validate_path_hygiene(path, display, hygiene=False):
        yield is_record, found


def validate_path_hygiene(path: Path, display: str | None = None, *, hygiene: bool = True, prefix: str = ""
                          ) -> Iterator[tuple[bool, list[Problem], list[Problem]]]:
    """`validate_path` plus, with `hygiene`, each record's span-hygiene findings (warclaims.hygiene)
    from the same pass, located at the record's line, each message starting with `prefix`: a
    record the fast path decoded is checked by `hygiene.quick_clean` on its spans and parsed
    again only when in doubt (bench/README.md, "validate")."""
    from .fastpath import document_decoder
    from .hygiene import check_record, quick_clean

    file = display or str(path)
    if path.suffix.lower() == ".json":
        for record, found in validate_stream(iter_json(path, file), file):
            findings = check_record(record.value) if hygiene and record is not None else []
            yield record is not None, found, [f.located(file, record.line, prefix) for f in findings] if record is not None else []
        return
    decode_valid = document_decoder()
    first_line: dict[str, int] = {}
    for item in iter_jsonl_lines(path, file):
        if type(item) is Problem:
            yield False, [item], []
            continue
        line_no, raw = item
        doc = decode_valid(raw)
        if doc is not None:  # a valid document; only its id remains to be compared with the others
            found: list[Problem] = []
            if doc.id in first_line:
                note_id(doc.id, line_no, file, first_line, found)
            else:
                first_line[doc.id] = line_no
            findings: list[Finding] = []
            if hygiene and not quick_clean(doc.text, (doc.entities, doc.sources, doc.cues, doc.claims)):
                parsed = parse_jsonl_line(raw, file, line_no)
                findings = check_record(parsed.value) if isinstance(parsed, Record) else []
            yield True, found, [f.located(file, line_no, prefix) for f in findings]
            continue
        parsed = parse_jsonl_line(raw, file, line_no)
        if isinstance(parsed, Problem):
            yield False, [parsed], []
            continue
        found = record_problems(parsed, file)
        if isinstance(parsed.value.get("id"), str):
            note_id(parsed.value["id"], line_no, file, first_line, found)
        yield True, found, [f.located(file, line_no, prefix) for f in check_record(parsed.value)] if hygiene else []
