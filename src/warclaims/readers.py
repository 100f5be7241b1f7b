"""Streaming readers for JSONL and JSON files that locate every problem by file and line.

Records come out one at a time, so memory does not grow with file size for JSONL.
A problem with one line (bad UTF-8, bad JSON, not an object) is reported and the reader
goes on with the next line: nothing is skipped without a Problem saying so. All JSON goes
through `strictjson` (repeated keys and integers beyond 2**53 are Problems with their JSON path),
and a `.json` file holding `[]` is "no records", as an empty JSONL file is "file is empty".
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import orjson

from . import strictjson
from .problems import InputError, Problem
from .schemas import json_type
from .strictjson import JSONError

__all__ = ["JSONError", "Record", "iter_json", "iter_jsonl", "iter_jsonl_lines", "iter_records", "parse_json",
           "parse_jsonl_line"]

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Record:
    """One parsed JSON object and the 1-based line it starts on."""

    line: int
    value: dict[str, Any]


def parse_json(data: bytes | str) -> Any:
    """Strict JSON (`strictjson.loads`: the one reader of every JSON input). Raises JSONError."""
    return strictjson.loads(data)


def json_error_text(file: str | Path, e: JSONError) -> str:
    """A JSONError of a whole file as one located text: `FILE:LINE: $.path: message` per problem."""
    if e.problems:
        return "\n".join(f"{file}:{e.line}: {p.path}: {p.message}" for p in e.problems)
    return f"{file}:{e.line}: $: {e}"


def read_text_file(path: Path) -> str:
    """A whole UTF-8 text file (config, notes, card); InputError naming the line of a bad byte."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line_start = data.rfind(b"\n", 0, e.start) + 1
        line = data.count(b"\n", 0, e.start) + 1
        raise InputError(f"{path}:{line}: {_utf8_message(data, e.start, line_start, 'line')}") from None


def read_json_file(path: Path, expect: type | None = None) -> Any:
    """A whole JSON file (manifest, mapping, pin file) read strictly; raises InputError with a
    located message for an unreadable file, non-UTF-8 bytes, bad JSON, a repeated key, an integer
    out of range, or (with `expect`, dict or list) a top-level value of another type."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from None
    try:
        value = parse_json(data)
    except JSONError as e:
        raise InputError(json_error_text(path, e)) from None
    if expect is not None and not isinstance(value, expect):
        want = "an object" if expect is dict else "a list"
        raise InputError(f"{path}:1: $: must be {want}, got {json_type(value)}")
    return value


def _decode(raw: bytes, file: str, line: int) -> tuple[str | None, Problem | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as e:
        return None, Problem(file, line, "$", _utf8_message(raw, e.start, raw.rfind(b"\n", 0, e.start) + 1, "line"))


def _utf8_message(raw: bytes, at: int, line_start: int, where: str) -> str:
    return f"invalid UTF-8 (byte 0x{raw[at]:02x}) at byte {at - line_start + 1} of the {where}"


def _as_record(value: Any, file: str, line: int) -> Record | Problem:
    if not isinstance(value, dict):
        return Problem(file, line, "$", f"expected a JSON object, got {json_type(value)}")
    return Record(line, value)


def iter_jsonl(path: Path, display: str | None = None) -> Iterator[Record | Problem]:
    """Yield a Record or a Problem for every line of a JSONL file."""
    file = display or str(path)
    for item in iter_jsonl_lines(path, file):
        yield item if isinstance(item, Problem) else parse_jsonl_line(item[1], file, item[0])


def iter_jsonl_lines(path: Path, display: str | None = None) -> Iterator[tuple[int, bytes] | Problem]:
    """Every line of a JSONL file as (1-based line number, raw bytes), unparsed, for callers with a
    faster check of their own; a leading byte-order mark is cut off and reported, an unreadable
    or empty file is a Problem."""
    file = display or str(path)
    try:
        f = open(path, "rb")
    except OSError as e:
        yield _unreadable(file, e)
        return
    with f:
        first = f.readline()
        if not first:
            yield Problem(file, 0, "$", "file is empty")
            return
        if first.startswith(_BOM):
            yield Problem(file, 1, "$", "file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")
            first = first[len(_BOM):]
        yield 1, first
        yield from enumerate(f, start=2)  # no per-line Python work here: this loop is the hot one


def parse_jsonl_line(raw: bytes, file: str, line_no: int) -> Record | Problem:
    """One JSONL line as a Record, or the located Problem that it is not a JSON object."""
    try:
        value = orjson.loads(raw)  # fast path: orjson checks UTF-8 and strict JSON itself
    except orjson.JSONDecodeError:
        return _diagnose_line(raw, file, line_no)
    if strictjson.may_hide(raw, value):
        found = strictjson.problems_of(raw)
        if found:
            return _first_problem(found, file, line_no)
    if type(value) is dict:
        return Record(line_no, value)
    return _as_record(value, file, line_no)


def _first_problem(found: list[strictjson.JSONProblem], file: str, line_no: int) -> Problem:
    """One line's duplicate keys / out-of-range numbers as its one Problem: the first, with how
    many more the line holds (a line yields one Record or one Problem)."""
    first = found[0]
    more = f" (and {len(found) - 1} more such problem(s) on this line)" if len(found) > 1 else ""
    return Problem(file, line_no, first.path, first.message + more, first.value)


def _unreadable(file: str, error: OSError) -> Problem:
    return Problem(file, 0, "$", f"cannot read the file: {error.strerror or error}")


def _diagnose_line(raw: bytes, file: str, line_no: int) -> Record | Problem:
    """The located problem of a JSONL line orjson rejected."""
    if not raw.strip():
        return Problem(file, line_no, "$", "empty line (JSONL needs one JSON object per line)")
    # only the line terminator goes: leading blanks stay so columns match the file
    text, problem = _decode(raw.rstrip(b"\r\n"), file, line_no)
    if problem:
        return problem
    try:
        value = parse_json(text)
    except JSONError as e:
        return _first_problem(list(e.problems), file, line_no) if e.problems else Problem(file, line_no, "$", str(e))
    return Problem(file, line_no, "$", "invalid JSON") if value is None else _as_record(value, file, line_no)


def iter_json(path: Path, display: str | None = None) -> Iterator[Record | Problem]:
    """Yield Records (or Problems) from a JSON file holding one object or an array of objects."""
    file = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        yield _unreadable(file, e)
        return
    if not raw.strip():
        yield Problem(file, 0, "$", "file is empty")
        return
    if raw.startswith(_BOM):
        yield Problem(file, 1, "$", "file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")
        raw = raw[len(_BOM):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        yield Problem(file, line, "$", _utf8_message(raw, e.start, raw.rfind(b"\n", 0, e.start) + 1, "line"))
        return
    try:
        value = parse_json(text)
    except JSONError as e:
        if not e.problems:
            yield Problem(file, e.line, "$", str(e))
            return
        lines = list(_element_lines(text)) if text.lstrip().startswith("[") else []
        for p in e.problems:  # every one, at the line of its array element (line 1 for one object)
            index = int(p.path[2:p.path.index("]")]) if p.path.startswith("$[") else -1
            yield Problem(file, lines[index] if 0 <= index < len(lines) else 1, p.path, p.message, p.value)
        return
    if isinstance(value, dict):
        yield Record(1, value)
        return
    if not isinstance(value, list):
        yield Problem(file, 1, "$", "expected a JSON object or an array of objects")
        return
    if not value:
        yield Problem(file, 1, "$", "no records: the JSON array is empty (like an empty JSONL file)")
        return
    for index, line in zip(range(len(value)), _element_lines(text)):
        item = _as_record(value[index], file, line)
        if isinstance(item, Problem):
            item = Problem(file, line, f"$[{index}]", item.message)
        yield item


def _element_lines(text: str) -> Iterator[int]:
    """1-based line on which each element of a top-level JSON array starts."""
    decoder = json.JSONDecoder(parse_constant=lambda c: math.nan)
    pos = text.index("[") + 1
    newlines = 0
    last = 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return
        newlines += text.count("\n", last, pos)
        last = pos
        yield newlines + 1
        _, pos = decoder.raw_decode(text, pos)


def iter_records(path: Path, display: str | None = None) -> Iterator[Record | Problem]:
    """Records from a .jsonl/.ndjson file (streamed) or a .json file (one object or an array)."""
    if path.suffix.lower() == ".json":
        return iter_json(path, display)
    return iter_jsonl(path, display)
