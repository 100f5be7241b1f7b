"""Streaming readers for JSONL and JSON files that locate every problem by file and line.

Records come out one at a time, so memory does not grow with file size for JSONL.
A problem with one line (bad UTF-8, bad JSON, not an object) is reported and the reader
goes on with the next line: nothing is skipped without a Problem saying so.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import orjson

from .problems import Problem

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Record:
    """One parsed JSON object and the 1-based line it starts on."""

    line: int
    value: dict[str, Any]


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not valid JSON (use null or a finite number)")


def parse_json(data: bytes | str) -> Any:
    """Strict JSON: orjson for speed; on failure, a message with column, naming NaN/Infinity."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as fast_error:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        try:
            json.loads(text, parse_constant=_reject_constant)
        except ValueError as e:
            if isinstance(e, json.JSONDecodeError):
                raise ValueError(f"invalid JSON: {e.msg} at column {e.colno}") from None
            raise ValueError(str(e)) from None
        except RecursionError:
            raise ValueError("invalid JSON: nested too deeply") from None
        raise ValueError(f"invalid JSON: {fast_error}") from None


def _decode(raw: bytes, file: str, line: int) -> tuple[str | None, Problem | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as e:
        return None, Problem(file, line, "$", f"invalid UTF-8 at byte {e.start} of the line")


def _as_record(value: Any, file: str, line: int) -> Record | Problem:
    if not isinstance(value, dict):
        kind = type(value).__name__ if value is not None else "null"
        kind = {"list": "array", "str": "string", "dict": "object"}.get(kind, kind)
        return Problem(file, line, "$", f"expected a JSON object, got {kind}")
    return Record(line, value)


def iter_jsonl(path: Path, display: str | None = None) -> Iterator[Record | Problem]:
    """Yield a Record or a Problem for every line of a JSONL file."""
    file = display or str(path)
    any_line = False
    with open(path, "rb") as f:
        for line_no, raw in enumerate(f, start=1):
            any_line = True
            if line_no == 1 and raw.startswith(_BOM):
                yield Problem(file, 1, "$", "file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")
                raw = raw[len(_BOM):]
            stripped = raw.strip()
            if not stripped:
                yield Problem(file, line_no, "$", "empty line (JSONL needs one JSON object per line)")
                continue
            text, problem = _decode(stripped, file, line_no)
            if problem:
                yield problem
                continue
            try:
                value = parse_json(text)
            except ValueError as e:
                yield Problem(file, line_no, "$", str(e))
                continue
            yield _as_record(value, file, line_no)
    if not any_line:
        yield Problem(file, 0, "$", "file is empty")


def iter_json(path: Path, display: str | None = None) -> Iterator[Record | Problem]:
    """Yield Records (or Problems) from a JSON file holding one object or an array of objects."""
    file = display or str(path)
    raw = path.read_bytes()
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
        yield Problem(file, line, "$", f"invalid UTF-8 at byte {e.start} of the file")
        return
    try:
        value = parse_json(text)
    except ValueError as e:
        yield Problem(file, 1, "$", str(e))
        return
    if isinstance(value, dict):
        yield Record(1, value)
        return
    if not isinstance(value, list):
        yield Problem(file, 1, "$", "expected a JSON object or an array of objects")
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
