"""warclaims.fastpath: the one-pass decode-and-check of a JSONL line must never accept what the
ordinary path (orjson, JSON Schema, detailed semantic checks) would report."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from invalid_catalogue import CASES, Case, base
from test_validate import _WEIRD, documents, with_weird_leaf
from warclaims import fastpath, fastsubmission
from warclaims.readers import Record, iter_records, parse_jsonl_line
from warclaims.validate import check_document, validate_path, validate_stream


def ordinary_ok(line: bytes) -> bool:
    """No problem on the ordinary path: strict JSON (the one reader), an object, and check_document clean."""
    parsed = parse_jsonl_line(line, "f.jsonl", 1)
    return isinstance(parsed, Record) and check_document(parsed.value) == []


def agrees(line: bytes) -> bool:
    """The fast path accepts only what the ordinary path accepts."""
    return fastpath.valid_document_id(line) is None or ordinary_ok(line)


def test_the_schema_is_translated() -> None:
    assert fastpath._document() is not None
    assert fastpath.valid_document_id(orjson.dumps(base())) == base()["id"]


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents())
def test_generated_valid_documents_take_the_fast_path(doc: dict[str, Any]) -> None:
    assert fastpath.valid_document_id(orjson.dumps(doc)) == doc["id"]


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_any_value_anywhere_is_never_waved_through(data: st.DataObject) -> None:
    assert agrees(_dumps(with_weird_leaf(data)))


def _dumps(doc: Any) -> bytes:
    try:
        return orjson.dumps(doc)
    except TypeError:  # integers beyond 64 bits: written by json, as a file could hold them
        return json.dumps(doc).encode()


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents(), st.data())
def test_corrupted_spans_and_references_are_never_waved_through(doc: dict[str, Any], data: st.DataObject) -> None:
    layer = data.draw(st.sampled_from([l for l in ("entities", "sources", "cues", "claims", "stances") if doc[l]]))
    item = data.draw(st.sampled_from(doc[layer]))
    field = data.draw(st.sampled_from(sorted(item)))
    other = data.draw(st.sampled_from([x for l in ("entities", "sources", "cues", "claims", "stances") for x in doc[l]]))
    item[field] = data.draw(st.one_of(st.just(other.get(field)), st.just(other["id"]), _WEIRD,
                                      st.integers(-3, len(doc["text"]) + 3), st.just("AUTHOR")))
    if data.draw(st.booleans()):
        doc[layer].append(copy.deepcopy(item))
    assert agrees(_dumps(doc))


@pytest.mark.parametrize("new", [
    b'"id":"e1\\n","start":0',  # Python's `$` would match before the final newline; ECMA's does not
    b'"id":"AUTHOR","start":0',
    b'"id":"e1","start":0.0',
    b'"id":"e1","start":18446744073709551617',
    b'"id":"e1\\ud800","start":0',
])
def test_edge_values_in_the_first_entity(new: bytes) -> None:
    line = orjson.dumps(base())
    assert b'"id":"e1","start":0' in line
    line = line.replace(b'"id":"e1","start":0', new, 1)
    assert fastpath.valid_document_id(line) is None
    assert agrees(line)


def test_free_form_extra_is_accepted_only_when_the_ordinary_path_would() -> None:
    doc = base()
    doc["meta"]["extra"] = {"label": 1, "nested": [{"a": None}]}
    assert fastpath.valid_document_id(orjson.dumps(doc)) == doc["id"]
    doc["meta"]["extra"] = []
    assert fastpath.valid_document_id(orjson.dumps(doc)) is None and not ordinary_ok(orjson.dumps(doc))
    deep = orjson.dumps(base()).replace(b'"meta":{', b'"meta":{"extra":' + b'{"x":' * 1100 + b'1' + b'}' * 1100 + b',', 1)
    assert fastpath.valid_document_id(deep) is None and not ordinary_ok(deep)


@pytest.mark.parametrize("repeated", [b'"id":"AUTHOR","id":"e1"', b'"id":"e1","id":"AUTHOR"', b'"id":"e1","id":"e1"'])
def test_duplicate_keys_are_never_waved_through(repeated: bytes) -> None:
    line = orjson.dumps(base()).replace(b'"id":"e1"', repeated, 1)
    assert fastpath.valid_document_id(line) is None and not ordinary_ok(line)
    problem = parse_jsonl_line(line, "f.jsonl", 1)
    assert not isinstance(problem, Record) and problem.path == "$.entities[0].id"
    assert problem.message.startswith("duplicate key 'id'")


_TRAILING_NEWLINE_IDS = st.sampled_from(["e1\n", "fakes-1\n", "x\n", "a.b:c-d_9\n"])


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents(), _TRAILING_NEWLINE_IDS, st.data())
def test_ids_with_a_trailing_newline_are_rejected_on_both_paths(doc: dict[str, Any], bad: str, data: st.DataObject) -> None:
    layers = [l for l in ("entities", "sources", "cues", "claims", "stances") if doc[l]]
    target = data.draw(st.sampled_from(["document"] + layers))
    if target == "document":
        doc["id"] = bad
    else:
        data.draw(st.sampled_from(doc[target]))["id"] = bad
    line = orjson.dumps(doc)
    assert fastpath.valid_document_id(line) is None
    assert not ordinary_ok(line)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents(), st.data())
def test_a_repeated_key_anywhere_is_rejected_on_both_paths(doc: dict[str, Any], data: st.DataObject) -> None:
    """Any object of a valid document, one of its keys written twice (either value first)."""
    line = orjson.dumps(doc)
    keys = [k.encode() for k in ("id", "text", "meta", "entities", "claims", "start", "end", "type", "source", "polarity")]
    key = data.draw(st.sampled_from([k for k in keys if b'"%s":' % k in line]))
    at = data.draw(st.sampled_from([i for i in range(len(line)) if line.startswith(b'"%s":' % key, i)]))
    twice = line[:at] + b'"%s":null,' % key + line[at:]
    assert fastpath.valid_document_id(twice) is None
    sub = fastsubmission.submission_decoder()(twice)
    assert sub is None or not fastsubmission.submission_clean(sub, doc["text"], twice)
    problem = parse_jsonl_line(twice, "f.jsonl", 1)
    assert not isinstance(problem, Record) and problem.message.startswith(f"duplicate key {key.decode()!r}")


@pytest.mark.parametrize("text", ["12:30 said: \"x\"", "http://a.example/b", "plain"])
def test_colons_in_strings_keep_the_fast_path(text: str) -> None:
    doc = base()
    doc["text"] = text
    for layer in ("entities", "sources", "cues", "claims", "stances"):
        doc[layer] = []
    doc["meta"]["url"] = "https://example.org/x:y"
    assert fastpath.valid_document_id(orjson.dumps(doc)) == doc["id"]
    assert fastpath.valid_document_id(orjson.dumps(doc).replace(b"x:y", b"x\\u003ay")) is None  # escaped: ordinary path
    assert ordinary_ok(orjson.dumps(doc).replace(b"x:y", b"x\\u003ay"))


def test_untranslatable_keywords_mean_no_fast_path() -> None:
    with pytest.raises(fastpath.Unsupported):
        fastpath._Generator({}, frozenset()).type_of({"type": "string", "format": "date"}, "x")
    with pytest.raises(fastpath.Unsupported):
        fastpath._Generator({}, frozenset()).type_of({"type": "object", "properties": {}}, "x")  # open object
    with pytest.raises(fastpath.Unsupported):
        fastpath.string_check({"type": "string", "pattern": "^\\d+$"})
    for pattern in ("^a.b$", "^[^a]+$", "^\\w+$", "^(?i)a$", "a+$"):
        with pytest.raises(fastpath.Unsupported):
            fastpath.string_check({"type": "string", "pattern": pattern})
    assert fastpath.string_check({"type": "string", "pattern": "^[a-z.]+$"})("a.b") is True
    assert fastpath.string_check({"type": "string", "pattern": "^[a-z]+$"})("ab\n") is False


@pytest.mark.parametrize("case", [c for c in CASES if c.suffix == ".jsonl"], ids=lambda c: c.name)
def test_catalogue_lines_agree(case: Case) -> None:
    for line in case.data().splitlines(keepends=True):
        assert agrees(line)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_validate_path_equals_the_stream_path(case: Case, tmp_path: Path) -> None:
    path = tmp_path / f"{case.name}{case.suffix}"
    path.write_bytes(case.data())
    fast = [(is_record, found) for is_record, found in validate_path(path)]
    slow = [(record is not None, found) for record, found in validate_stream(iter_records(path), str(path))]
    assert fast == slow


def test_validate_path_flags_duplicate_document_ids_across_both_paths(tmp_path: Path) -> None:
    good = orjson.dumps(base())
    bad = orjson.dumps(dict(base(), entities=base()["entities"] * 2))
    path = tmp_path / "dups.jsonl"
    path.write_bytes(good + b"\n" + bad + b"\n" + good + b"\n")
    found = [p for _, problems in validate_path(path) for p in problems if p.path == "$.id"]
    assert [(p.line, p.message) for p in found] == [
        (2, f"duplicate document id {base()['id']!r} (first on line 1)"),
        (3, f"duplicate document id {base()['id']!r} (first on line 1)"),
    ]


def test_spans_out_of_order_still_have_their_duplicates_found() -> None:
    doc = base()
    doc["entities"].reverse()
    assert len(doc["entities"]) > 1 and fastpath.valid_document_id(orjson.dumps(doc)) == doc["id"]
    twin = dict(doc["entities"][-1], id="e99")
    doc["entities"].insert(0, twin)  # same span and label, later in the list than a later start
    assert fastpath.valid_document_id(orjson.dumps(doc)) is None and not ordinary_ok(orjson.dumps(doc))
    doc["entities"][0] = dict(twin, type="GPE" if twin["type"] != "GPE" else "LOC")  # same span, other label: fine
    assert fastpath.valid_document_id(orjson.dumps(doc)) == doc["id"] and ordinary_ok(orjson.dumps(doc))
