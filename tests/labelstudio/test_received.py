"""The checks on a received export (pure): headers, length, body."""

from __future__ import annotations

import json

import pytest

from warclaims.labelstudio.received import NotAnExport, check_body, check_headers, check_length, looks_like_html


def test_a_list_of_tasks_passes_and_is_counted() -> None:
    assert check_body(json.dumps([{"id": 1, "data": {"text": "synthetic"}}, {"data": {}}]).encode()) == 2
    assert check_body(b"[]") == 0  # a project without tasks


@pytest.mark.parametrize(("body", "message"), [
    (b"", "empty body"),
    (b"  \n", "empty body"),
    (b"hello, this is a text file\n", "not valid JSON, or cut short (line 1"),
    (b'[{"id": 1, "data": {"text": "synthe', "not valid JSON, or cut short (line 1"),
    (b'[{"id": 1, "id": 2, "data": {}}]', "$[0].id"),
    (b"\xef\xbb\xbf<!DOCTYPE html><html>", "an HTML page, not a JSON export"),
    (b"  <html lang=en>", "an HTML page"),
    (b'{"tasks": []}', "$: a full-JSON export is a list of tasks, got object"),
    (b"[1]", "$[0]: a task must be an object with a data object, got integer"),
    (b'[{"data": {}}, {"id": 2}]', "$[1]: a task must be an object with a data object, got an object without a data object"),
])
def test_bad_bodies_are_named(body: bytes, message: str) -> None:
    with pytest.raises(NotAnExport) as e:
        check_body(body)
    assert message in str(e.value)


@pytest.mark.parametrize(("status", "ctype", "message"), [
    (200, "application/json", None),
    (200, "application/json; charset=utf-8", None),
    (200, "Application/JSON", None),
    (201, "application/json", "HTTP 201 instead of 200"),
    (200, "text/html; charset=utf-8", "content type 'text/html; charset=utf-8', not JSON (a login or error page?"),
    (200, None, "content type 'missing', not JSON"),
    (200, "application/octet-stream", "not JSON"),
])
def test_headers(status: int, ctype: str | None, message: str | None) -> None:
    if message is None:
        check_headers(status, ctype)
        return
    with pytest.raises(NotAnExport, match=message.replace("(", r"\(").replace("?", r"\?")):
        check_headers(status, ctype)


def test_length() -> None:
    check_length(10, None)
    check_length(10, "10")
    with pytest.raises(NotAnExport, match="body cut short: 5 of 10 announced bytes"):
        check_length(5, "10")
    with pytest.raises(NotAnExport, match="unreadable Content-Length 'ten'"):
        check_length(5, "ten")


def test_looks_like_html() -> None:
    assert looks_like_html(b"<!doctype HTML>") and looks_like_html(b"\n<!-- x -->") and not looks_like_html(b'["<html>"]')
