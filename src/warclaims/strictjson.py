"""The one strict JSON reader: orjson for speed, plus what orjson (and msgspec) let through.

orjson follows RFC 8259 but, like most parsers, keeps the LAST value of a repeated object key
(so a second `"claims": []` silently deletes a record's claims) and turns integers beyond 64
bits into floats (2**64 becomes 1.8446744073709552e+19). Both are rejected here, located by JSON
path: a duplicate key, and any number beyond +-(2**53 - 1), the largest integer a JSON number
holds exactly in every parser (RFC 7493, I-JSON).

Cost: the exact check (the standard library's scanner with hooks, then a walk) only runs when
a cheap screen says the text could hold such a thing (`may_hide`): a long digit run or an
exponent after a digit (a number that may be out of range), an escaped colon, or more colons in
the text than in orjson's re-encoding of what it decoded. Every key is followed by exactly one
colon outside strings and orjson never escapes a colon, so with no escaped colons in the text
equal counts prove that no key was repeated.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, NamedTuple

import orjson

MAX_EXACT_INT = 2**53 - 1
"""Largest magnitude of an integer accepted in JSON input."""


class JSONProblem(NamedTuple):
    """One problem of parsed-but-not-acceptable JSON: where (JSON path), what, and the offending value."""

    path: str
    message: str
    value: Any


class JSONError(ValueError):
    """Text that is not strict JSON. `line` and `column` (1-based) locate a syntax error within
    the parsed text; `problems` lists every duplicate key and out-of-range number by JSON path
    (then the message is the first of them)."""

    def __init__(self, message: str, line: int = 1, column: int | None = None,
                 problems: tuple[JSONProblem, ...] = ()) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.problems = problems


_DIGITS = bytes.maketrans(b"0123456789E", b"0000000000e")
"""Every digit as 0 and E as e, so that two substring searches find the risky numbers."""


def _risky(raw: bytes) -> bool:
    """A number of 16+ digits or with an exponent (every JSON exponent follows a digit), perhaps
    beyond 2**53, or an escaped colon (which would upset the colon count). A regex doing the same
    costs more than the parse; translate + substring search costs a quarter of it."""
    marked = raw.translate(_DIGITS)
    return b"0e" in marked or b"0000000000000000" in marked or b"\\u003" in raw


def may_hide(raw: bytes, value: Any) -> bool:
    """False when `raw`, which orjson decoded into `value`, certainly has no repeated key and no
    number out of range (see the module doc); True means: run `problems_of`."""
    if _risky(raw):
        return True
    try:
        return raw.count(b":") != orjson.dumps(value).count(b":")
    except TypeError:  # orjson writes at most 254 levels (it reads 1024): let the exact check look
        return True


def loads(data: bytes | str) -> Any:
    """Strict JSON: orjson for speed; on failure a message with column, naming NaN/Infinity;
    duplicate keys and numbers beyond +-(2**53 - 1) rejected with their JSON paths.

    Raises JSONError. orjson accepts at most 1024 levels of nesting; deeper input is rejected.
    """
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as fast_error:
        raise syntax_error(data, fast_error) from None
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if may_hide(raw, value):
        found = problems_of(raw)
        if found:
            raise JSONError(found[0].message, problems=tuple(found))
    return value


def syntax_error(data: bytes | str, fast_error: Exception) -> JSONError:
    """The located JSONError of text orjson rejected (the standard library names line and column)."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as e:
        assert isinstance(data, bytes)
        line_start = data.rfind(b"\n", 0, e.start) + 1
        return JSONError(f"invalid UTF-8 (byte 0x{data[e.start]:02x}) at column {e.start - line_start + 1}",
                         data.count(b"\n", 0, e.start) + 1, e.start - line_start + 1)
    try:
        json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        return JSONError(f"invalid JSON: {e.msg.removesuffix(' at')} (column {e.colno})", e.lineno, e.colno)
    except RecursionError:
        return JSONError("invalid JSON: nested too deeply")
    except ValueError as e:
        line, column = _constant_position(text)
        return JSONError(f"{e} (column {column})", line, column)
    found = problems_of(text.encode("utf-8", "surrogatepass"))  # e.g. 1e400, which orjson refuses
    if found:
        return JSONError(found[0].message, problems=tuple(found))
    return JSONError(f"invalid JSON: {fast_error}")


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not valid JSON (use null or a finite number)")


_CONSTANT = re.compile(r'"(?:\\.|[^"\\])*"|(-?Infinity|NaN)')


def _constant_position(text: str) -> tuple[int, int]:
    """1-based line and column of the first NaN/Infinity outside strings (failure path only)."""
    for match in _CONSTANT.finditer(text):
        if match.group(1):
            at = match.start(1)
            line_start = text.rfind("\n", 0, at) + 1
            return text.count("\n", 0, at) + 1, at - line_start + 1
    return 1, 1


class _Object(dict):  # type: ignore[type-arg]
    """An object whose text repeated some keys (the exact check only)."""

    repeated: list[str]


class _OutOfRange(str):
    """A number token beyond +-(2**53 - 1), as written (the exact check only)."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    marked = _Object(obj)
    seen: set[str] = set()
    marked.repeated = []
    for key, _ in pairs:
        if key in seen and key not in marked.repeated:
            marked.repeated.append(key)
        seen.add(key)
    return marked


def _int(token: str) -> Any:
    if len(token.lstrip("-")) <= 15 or abs(int(token)) <= MAX_EXACT_INT:  # a long token is never converted (int() caps digits)
        return 0
    return _OutOfRange(token)


def _float(token: str) -> Any:
    value = float(token)
    return 0.0 if math.isfinite(value) and abs(value) <= MAX_EXACT_INT else _OutOfRange(token)


def _int_guarded(token: str) -> Any:
    return _OutOfRange(token) if len(token) > 40 else _int(token)


def problems_of(raw: bytes) -> list[JSONProblem]:
    """Every repeated key and out-of-range number of valid JSON text, in document order
    (empty when there are none). Numbers are not kept: this is the located explanation only.
    Text nested deeper than Python's recursion limit is not looked into (empty): the validators
    report such a value as too deep to check."""
    try:
        value = json.loads(raw, object_pairs_hook=_object, parse_int=_int_guarded, parse_float=_float,
                           parse_constant=_reject_constant)
    except RecursionError:
        return []
    found: list[JSONProblem] = []
    stack: list[tuple[Any, str]] = [(value, "$")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, _OutOfRange):
            found.append(JSONProblem(path, f"integer out of range: {node} is beyond ±{MAX_EXACT_INT} (2**53 - 1), "
                                           "the largest integer JSON numbers hold exactly", str(node)))
        elif isinstance(node, dict):
            for key in getattr(node, "repeated", ()):
                found.append(JSONProblem(f"{path}.{key}", f"duplicate key {key!r}: JSON parsers keep only one of its "
                                                          "values; write each key once", key))
            stack.extend((v, f"{path}.{k}") for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((v, f"{path}[{i}]") for i, v in reversed(list(enumerate(node))))
    return found
