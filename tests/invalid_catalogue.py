"""The catalogue of invalid inputs for `warclaims validate`, each with the exact problems expected.

Every case is a file (bytes built from the schema's own example, so nothing here hand-copies
the contract) and the complete list of `LINE: PATH: MESSAGE` lines the validator must print:
all of them, not just the first. Large inputs (10 MB line, deep nesting) are generated here,
never committed.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any, Callable

from warclaims import schemas

LABELS = schemas.labels()
ENTITY_TYPES = ", ".join(LABELS["entity_type"])


def base() -> dict[str, Any]:
    """A valid Document: the document schema's first example (text 'Reuters said Hezbollah sent troops.')."""
    return copy.deepcopy(schemas.load("document")["examples"][0])


def line(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False)


def jsonl(*docs: Any) -> bytes:
    return "".join(line(d) + "\n" for d in docs).encode("utf-8")


def with_doc(fn: Callable[[dict[str, Any]], Any]) -> bytes:
    """One JSONL line: the base document changed by `fn` (which edits in place)."""
    doc = base()
    fn(doc)
    return jsonl(doc)


def other(doc_id: str) -> dict[str, Any]:
    doc = base()
    doc["id"] = doc_id
    return doc


@dataclass(frozen=True)
class Case:
    name: str
    data: Callable[[], bytes]
    expected: tuple[str, ...]
    """Every problem line, without the `FILE:` prefix."""
    suffix: str = ".jsonl"
    records: int | None = None
    """Records parsed (for the summary); None = not asserted."""


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def fn(doc: dict[str, Any]) -> None:
        node = doc
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
    return fn


def _del(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    def fn(doc: dict[str, Any]) -> None:
        node = doc
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]
    return fn


def _apply(*fns: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def fn(doc: dict[str, Any]) -> None:
        for f in fns:
            f(doc)
    return fn


def _nan_in_extra() -> bytes:
    return line(base()).replace('"lead_time": null}', '"lead_time": null}, "extra": {"scores": [1, {"x": NaN}]}').encode() + b"\n"


def _nan() -> bytes:
    return jsonl(base()).replace(b'"lead_time": null', b'"lead_time": NaN')


def _infinity() -> bytes:
    return jsonl(base()).replace(b'"lead_time": null', b'"lead_time": Infinity')


def _minus_infinity() -> bytes:
    return jsonl(base()).replace(b'"start": 0', b'"start": -Infinity', 1)


def _column(data: bytes, token: bytes) -> int:
    """1-based column of the first `token` in a one-line ASCII file (the NaN cases' text is ASCII)."""
    assert data.isascii() and data.count(b"\n") == 1
    return data.index(token) + 1


def _array_file() -> bytes:
    docs = [other(f"doc-{i}") for i in range(5)]
    docs[3]["entities"][1]["type"] = "MILITIA"
    return json.dumps(docs, indent=2).encode("utf-8")


def _array_file_line_of_element(index: int) -> int:
    text = _array_file().decode()
    return text[: text.index(f'"doc-{index}"')].count("\n")  # the element's "{" is on the line before its id


def _truncated_array() -> bytes:
    return json.dumps([base()], indent=2).encode()[:-30]


def _huge_line() -> bytes:
    doc = base()
    doc["text"] = doc["text"] + " " + "x" * (10 * 1024 * 1024)
    doc["entities"][0]["text"] = "Reuter"
    return jsonl(doc)


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def _deep_field(depth: int) -> bytes:
    return line(base()).replace('"type": "MEDIA"', f'"type": {_deep(depth)}', 1).encode() + b"\n"


def _multi() -> bytes:
    good = other("good-1")
    bad_a = other("bad-a")
    bad_a["entities"][0]["end"] = 99
    bad_a["stances"][0]["polarity"] = "hostile"
    bad_b = other("bad-b")
    bad_b["claims"][0]["source_id"] = "s9"
    bad_b["cues"][0]["text"] = "says"
    del bad_b["meta"]["licence"]
    return jsonl(good, bad_a) + b'{"id": "broken", \n' + jsonl(bad_b, other("good-1"))


CASES: list[Case] = [
    Case("truncated-json-line", lambda: jsonl(base())[:-40] + b"\n",
         ("1: $: invalid JSON: Unterminated string starting (column 1069)",), records=0),
    Case("line-is-array", lambda: b"[1, 2]\n", ("1: $: expected a JSON object, got array",), records=0),
    Case("line-is-string", lambda: b'"a document"\n', ("1: $: expected a JSON object, got string",), records=0),
    Case("line-is-null", lambda: b"null\n", ("1: $: expected a JSON object, got null",), records=0),
    Case("missing-text", lambda: with_doc(_del(["text"])), ("1: $: 'text' is required",), records=1),
    Case("empty-text", lambda: with_doc(_apply(_set(["text"], ""), _set(["entities"], []), _set(["sources"], []),
                                                _set(["cues"], []), _set(["claims"], []), _set(["stances"], []))),
         ("1: $.text: '' should be non-empty",)),
    Case("span-beyond-text", lambda: with_doc(_apply(_set(["claims", 0, "end"], 40))),
         ("1: $.claims[0].end: end (40) is beyond the text (length 35)",)),
    Case("start-equals-end", lambda: with_doc(_set(["entities", 1, "end"], 13)),
         ("1: $.entities[1].start: start (13) must be less than end (13)",)),
    Case("start-after-end", lambda: with_doc(_apply(_set(["cues", 0, "start"], 12), _set(["cues", 0, "end"], 8))),
         ("1: $.cues[0].start: start (12) must be less than end (8)",)),
    Case("negative-offset", lambda: with_doc(_set(["entities", 0, "start"], -1)),
         ("1: $.entities[0].start: -1 is less than the minimum of 0",)),
    Case("float-offset", lambda: with_doc(_set(["entities", 0, "end"], 6.5)),
         ("1: $.entities[0].end: expected integer, got number 6.5",)),
    Case("integral-float-offset", lambda: with_doc(_set(["entities", 0, "end"], 7.0)),
         ("1: $.entities[0].end: offset 7.0 must be written as an integer (no decimal point or exponent)",)),
    Case("exponent-offset", lambda: jsonl(base()).replace(b'"end": 22', b'"end": 2.2e1'),
         ("1: $.entities[1].end: offset 22.0 must be written as an integer (no decimal point or exponent)",)),
    Case("bool-offsets", lambda: with_doc(_apply(_set(["entities", 0, "start"], False), _set(["entities", 0, "end"], True))),
         ("1: $.entities[0].end: expected integer, got boolean True",
          "1: $.entities[0].start: expected integer, got boolean False")),
    Case("string-offset", lambda: with_doc(_set(["sources", 0, "start"], "0")),
         ("1: $.sources[0].start: expected integer, got string",)),
    Case("span-text-differs", lambda: with_doc(_set(["entities", 1, "text"], "Hizbullah")),
         ("1: $.entities[1].text: span text 'Hizbullah' differs from text[13:22] = 'Hezbollah'",)),
    Case("duplicate-span-id-in-layer", lambda: with_doc(_set(["entities", 1, "id"], "e1")),
         ("1: $.entities[1].id: duplicate id 'e1' (first used at $.entities[0])",
          "1: $.stances[0].target_id: target_id 'e2' does not name an entity")),
    Case("duplicate-span-id-across-layers", lambda: with_doc(_apply(_set(["cues", 0, "id"], "s1"), _set(["claims", 0, "cue_id"], "s1"))),
         ("1: $.cues[0].id: duplicate id 's1' (first used at $.sources[0])",)),
    Case("author-as-span-id", lambda: with_doc(_set(["entities", 0, "id"], "AUTHOR")),
         ("1: $.entities[0].id: 'AUTHOR' should not be valid under {'const': 'AUTHOR'}",)),
    Case("bad-span-id-characters", lambda: with_doc(_apply(_set(["cues", 0, "id"], "cue 1"), _set(["claims", 0, "cue_id"], "cue 1"))),
         ("1: $.cues[0].id: 'cue 1' does not match '^[A-Za-z0-9_.:-]+$'",)),
    Case("duplicate-document-ids", lambda: jsonl(base(), other("example-2"), base()),
         ("3: $.id: duplicate document id 'example-1' (first on line 1)",), records=3),
    Case("dangling-claim-source", lambda: with_doc(_set(["claims", 0, "source_id"], "s2")),
         ("1: $.claims[0].source_id: source_id 's2' does not name a span in sources",)),
    Case("dangling-claim-cue", lambda: with_doc(_set(["claims", 0, "cue_id"], "e1")),
         ("1: $.claims[0].cue_id: cue_id 'e1' does not name a span in cues",)),
    Case("dangling-stance-holder", lambda: with_doc(_set(["stances", 0, "holder_id"], "c1")),
         ("1: $.stances[0].holder_id: holder_id 'c1' is neither AUTHOR nor an entity or source id",)),
    Case("stance-target-not-an-entity", lambda: with_doc(_set(["stances", 0, "target_id"], "s1")),
         ("1: $.stances[0].target_id: target_id 's1' does not name an entity",)),
    Case("second-stance-same-pair", lambda: with_doc(lambda d: d["stances"].append({**d["stances"][0], "id": "t2", "polarity": "oppose"})),
         ("1: $.stances[1]: a second stance for the pair (AUTHOR, e2)",)),
    Case("same-span-labelled-twice", lambda: with_doc(lambda d: d["entities"].append({**d["entities"][1], "id": "e3"})),
         ("1: $.entities[2]: same span and label as $.entities[1]",)),
    Case("unknown-entity-type", lambda: with_doc(_set(["entities", 1, "type"], "MILITIA")),
         (f"1: $.entities[1].type: unknown label 'MILITIA'; expected one of: {ENTITY_TYPES}",)),
    Case("unknown-labels-every-layer", lambda: with_doc(_apply(
            _set(["sources", 0, "kind"], "official"), _set(["claims", 0, "quote"], "quoted"),
            _set(["claims", 0, "certainty"], "likely"), _set(["stances", 0, "polarity"], "against"))),
         ("1: $.claims[0].certainty: unknown label 'likely'; expected one of: " + ", ".join(LABELS["certainty"]),
          "1: $.claims[0].quote: unknown label 'quoted'; expected one of: " + ", ".join(LABELS["quote"]),
          "1: $.sources[0].kind: unknown label 'official'; expected one of: " + ", ".join(LABELS["source_kind"]),
          "1: $.stances[0].polarity: unknown label 'against'; expected one of: " + ", ".join(LABELS["polarity"]))),
    Case("unknown-field", lambda: with_doc(_set(["entities", 0, "label"], "MEDIA")),
         ("1: $.entities[0]: unknown field(s) ('label' was unexpected)",)),
    Case("missing-annotation-meta", lambda: with_doc(_del(["meta", "annotation"])),
         ("1: $.meta: 'annotation' is required",)),
    Case("nan", _nan,
         (f"1: $: NaN is not valid JSON (use null or a finite number) (column {_column(_nan(), b'NaN')})",), records=0),
    Case("infinity", _infinity,
         (f"1: $: Infinity is not valid JSON (use null or a finite number) (column {_column(_infinity(), b'Infinity')})",), records=0),
    Case("minus-infinity-offset", _minus_infinity,
         (f"1: $: -Infinity is not valid JSON (use null or a finite number) (column {_column(_minus_infinity(), b'-Infinity')})",),
         records=0),
    Case("nan-nested-in-extra", _nan_in_extra,
         (f"1: $: NaN is not valid JSON (use null or a finite number) (column {_column(_nan_in_extra(), b'NaN')})",), records=0),
    Case("lone-surrogate-escape", lambda: jsonl(base()).replace(b'"Reuters said', b'"\\ud800Reuters said', 1),
         ("1: $: invalid JSON: no low surrogate in string: line 1 column 30 (char 29)",), records=0),
    Case("huge-number-offset", lambda: jsonl(base()).replace(b'"end": 7', b'"end": 1' + b"0" * 30, 1),
         ("1: $.entities[0].end: integer out of range: 1000000000000000000000000000000 is beyond ±9007199254740991 "
          "(2**53 - 1), the largest integer JSON numbers hold exactly",)),
    Case("byte-order-mark", lambda: b"\xef\xbb\xbf" + jsonl(base()),
         ("1: $: file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM",), records=1),
    Case("invalid-utf8", lambda: jsonl(other("doc-1")) + jsonl(base()).replace(b"Hezbollah sent", b"Hezbollah \xff sent", 1),
         ("2: $: invalid UTF-8 (byte 0xff) at byte 53 of the line",), records=1),
    Case("empty-file", lambda: b"", ("0: $: file is empty",), records=0),
    Case("empty-json-file", lambda: b"  \n", ("0: $: file is empty",), suffix=".json", records=0),
    Case("empty-line", lambda: jsonl(base()) + b"\n" + jsonl(other("doc-2")),
         ("2: $: empty line (JSONL needs one JSON object per line)",), records=2),
    Case("ten-megabyte-line", _huge_line,
         ("1: $.entities[0].text: span text 'Reuter' differs from text[0:7] = 'Reuters'",)),
    Case("200-deep-nesting-line", lambda: _deep(200).encode() + b"\n", ("1: $: expected a JSON object, got array",), records=0),
    Case("200-deep-nesting-in-field", lambda: _deep_field(200),
         (f"1: $.entities[0].type: unknown label array; expected one of: {ENTITY_TYPES}",)),
    Case("1000-deep-nesting-in-field", lambda: _deep_field(1000),
         ("1: $.entities[0].type: value nested 1002 levels deep; too deep to check in detail",)),
    Case("2000-deep-nesting-line", lambda: _deep(2000).encode() + b"\n", ("1: $: invalid JSON: nested too deeply",), records=0),
    Case("json-array-element-3-bad", _array_file,
         (f"{_array_file_line_of_element(3)}: $.entities[1].type: unknown label 'MILITIA'; expected one of: {ENTITY_TYPES}",),
         suffix=".json", records=5),
    Case("json-array-element-not-object", lambda: b'[\n  {"id": "x"},\n  42\n]\n',
         ("2: $: 'entities' is required", "2: $: 'text' is required", "2: $: 'meta' is required",
          "2: $: 'sources' is required", "2: $: 'cues' is required", "2: $: 'claims' is required",
          "2: $: 'stances' is required", "3: $[1]: expected a JSON object, got integer"),
         suffix=".json", records=1),
    Case("json-file-scalar", lambda: b"42\n", ("1: $: expected a JSON object or an array of objects",), suffix=".json", records=0),
    Case("json-file-truncated", _truncated_array,
         (f"{len(_truncated_array().splitlines())}: $: invalid JSON: Expecting value (column 20)",), suffix=".json", records=0),
    Case("multi-problem-file", _multi,
         ("2: $.entities[0].end: end (99) is beyond the text (length 35)",
          f"2: $.stances[0].polarity: unknown label 'hostile'; expected one of: {', '.join(LABELS['polarity'])}",
          "3: $: invalid JSON: Expecting property name enclosed in double quotes (column 18)",
          "4: $.meta: 'licence' is required",
          "4: $.cues[0].text: span text 'says' differs from text[8:12] = 'said'",
          "4: $.claims[0].source_id: source_id 's9' does not name a span in sources",
          "5: $.id: duplicate document id 'good-1' (first on line 1)"),
         records=4),
]
