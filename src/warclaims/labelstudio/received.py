"""Checks on what a server (or a file) handed us as an export, before anything is kept (pure).

Issue 14: a body cut short without Content-Length, a chunked body cut, or an HTML login page were
saved and recorded in MANIFEST.json as good exports; `--from-file` stored a text file. An export
is kept only when the response said 200 and JSON, delivered every byte it announced, and the body
parses with the strict reader as a JSON list of task objects (each with a `data` object).
"""

from __future__ import annotations

from typing import Any

from ..readers import JSONError, parse_json
from ..schemas import json_type

JSON_TYPES = ("application/json",)
"""Content types of a full-JSON export download (Label Studio 1.23 answers application/json)."""


class NotAnExport(ValueError):
    """What was received is not a Label Studio full-JSON export; the message says why."""


def looks_like_html(head: bytes) -> bool:
    """Whether a body starts like an HTML page (a login or error page instead of JSON)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml", b"<!--"))


def check_headers(status: int, content_type: str | None) -> None:
    """Raise NotAnExport unless the status is 200 and the content type is JSON."""
    if status != 200:
        raise NotAnExport(f"HTTP {status} instead of 200")
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media not in JSON_TYPES:
        hint = " (a login or error page? check --url and the token)" if media == "text/html" else ""
        raise NotAnExport(f"content type {content_type or 'missing'!r}, not JSON{hint}")


def check_length(received: int, announced: str | None) -> None:
    """Raise NotAnExport when a Content-Length was announced and a different byte count arrived."""
    if announced is None:
        return
    try:
        expected = int(announced)
    except ValueError:
        raise NotAnExport(f"unreadable Content-Length {announced!r}") from None
    if expected != received:
        raise NotAnExport(f"body cut short: {received} of {expected} announced bytes")


def check_body(body: bytes) -> int:
    """The number of tasks in a full-JSON export body; NotAnExport naming the first problem
    (an HTML page, invalid or truncated JSON with its line, not a list, a task that is not an
    object with a data object, with its JSON path)."""
    if looks_like_html(body[:4096]):
        raise NotAnExport("an HTML page, not a JSON export (a login or error page?)")
    if not body.strip():
        raise NotAnExport("empty body, not a JSON export")
    try:
        tasks: Any = parse_json(body)
    except JSONError as e:
        if e.problems:
            first = e.problems[0]
            raise NotAnExport(f"{first.path}: {first.message}" + (f" (and {len(e.problems) - 1} more)" if len(e.problems) > 1 else "")) from None
        raise NotAnExport(f"not valid JSON, or cut short (line {e.line}: {e})") from None
    if not isinstance(tasks, list):
        raise NotAnExport(f"$: a full-JSON export is a list of tasks, got {json_type(tasks)}")
    for i, task in enumerate(tasks):
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            what = "an object without a data object" if isinstance(task, dict) else json_type(task)
            raise NotAnExport(f"$[{i}]: a task must be an object with a data object, got {what}")
    return len(tasks)
