"""warclaims.readers: strict JSON, streamed JSONL, JSON arrays located by line."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warclaims.problems import Problem
from warclaims.readers import JSONError, Record, iter_json, iter_jsonl, iter_records, parse_json


def _items(it) -> list[tuple[str, int, str]]:
    """(kind, line, message-or-id) for each item, for compact assertions."""
    return [("R", x.line, x.value.get("id")) if isinstance(x, Record) else ("P", x.line, x.message) for x in it]


def test_parse_json_strict() -> None:
    assert parse_json(b'{"a": [1, 2.5, "\\u00e9"]}') == {"a": [1, 2.5, "é"]}
    for constant in ("NaN", "Infinity", "-Infinity"):
        with pytest.raises(JSONError, match=f"^{constant} is not valid JSON .* \\(column 7\\)$"):
            parse_json(f'{{"a": {constant}}}')
    text = '{"s": "NaN \\" NaN", "n": NaN}'  # the NaNs inside the string are text, not the constant
    with pytest.raises(JSONError, match=rf"\(column {text.rindex('NaN') + 1}\)$"):
        parse_json(text)


def test_parse_json_locates_errors() -> None:
    with pytest.raises(JSONError) as info:
        parse_json('{\n  "a": 1,\n  "b": }')
    assert (info.value.line, info.value.column) == (3, 8)
    assert str(info.value) == "invalid JSON: Expecting value (column 8)"


def test_parse_json_depth() -> None:
    assert parse_json("[" * 200 + "]" * 200) is not None
    with pytest.raises(JSONError, match="nested too deeply"):
        parse_json("[" * 5000 + "]" * 5000)


def test_jsonl_lines_and_problems(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"id": "a"}\r\n  {"id": "b"}\n\n[]\n{"id": \n{"id": "\xe9"}\n{"id": "c"}')
    assert _items(iter_jsonl(path)) == [
        ("R", 1, "a"),
        ("R", 2, "b"),
        ("P", 3, "empty line (JSONL needs one JSON object per line)"),
        ("P", 4, "expected a JSON object, got array"),
        ("P", 5, "invalid JSON: Expecting value (column 8)"),
        ("P", 6, "invalid UTF-8 (byte 0xe9) at byte 9 of the line"),
        ("R", 7, "c"),
    ]


def test_jsonl_bom_is_reported_and_the_record_still_read(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "a"}\n')
    assert _items(iter_jsonl(path)) == [
        ("P", 1, "file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM"), ("R", 1, "a")]


def test_empty_files(tmp_path: Path) -> None:
    for name in ("e.jsonl", "e.json"):
        (tmp_path / name).write_bytes(b"")
        assert _items(iter_records(tmp_path / name)) == [("P", 0, "file is empty")]


def test_problems_carry_the_display_name(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b"1\n")
    (problem,) = iter_jsonl(path, display="shown.jsonl")
    assert isinstance(problem, Problem) and problem.render() == "shown.jsonl:1: $: expected a JSON object, got integer"


def test_json_array_elements_keep_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('[\n  {"id": "a", "s": "[,]"},\n\n  {"id": "b",\n   "n": [[1], {"x": "]"}]},   {"id": "c"}, 7\n]')
    assert _items(iter_json(path)) == [("R", 2, "a"), ("R", 4, "b"), ("R", 5, "c"), ("P", 5, "expected a JSON object, got integer")]
    assert [x.path for x in iter_json(path) if isinstance(x, Problem)] == ["$[3]"]


def test_json_single_object_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"id": "a"}')
    assert _items(iter_json(path)) == [("R", 1, "a")]
    path.write_text('[\n{"id": "a"},\n{"id": NaN}\n]')
    assert _items(iter_json(path)) == [("P", 3, "NaN is not valid JSON (use null or a finite number) (column 8)")]
    path.write_bytes(b'[\n{"id": "a"},\n{"id": "\xff"}\n]')
    assert _items(iter_json(path)) == [("P", 3, "invalid UTF-8 (byte 0xff) at byte 9 of the line")]


def test_iter_records_dispatches_on_suffix(tmp_path: Path) -> None:
    for name in ("a.jsonl", "a.ndjson", "a.JSON"):
        path = tmp_path / name
        path.write_text('{"id": "x"}\n')
        assert _items(iter_records(path)) == [("R", 1, "x")]
    (tmp_path / "b.json").write_text('{"id": "x"}\n{"id": "y"}\n')
    assert _items(iter_records(tmp_path / "b.json"))[0][0] == "P"  # JSONL content in a .json file


@settings(max_examples=60, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=5), st.one_of(st.integers(-(2**53 - 1), 2**53 - 1), st.text(max_size=8), st.none()),
                                max_size=3),
                min_size=1, max_size=6), st.lists(st.integers(0, 3), min_size=6, max_size=6))
def test_json_array_lines_match_any_layout(objs: list[dict], gaps: list[int]) -> None:
    """However the array is laid out, each element is reported on the line where it starts."""
    parts, line, expected = ["["], 1, []
    for obj, gap in zip(objs, gaps):
        parts.append("\n" * gap)
        line += gap
        expected.append(line)
        parts.append(json.dumps(obj) + ",")
    text = "".join(parts).rstrip(",") + "\n]"
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "a.json"
        path.write_text(text, encoding="utf-8")
        assert [r.line for r in iter_json(path)] == expected


def test_jsonl_is_streamed(tmp_path: Path) -> None:
    """Peak memory while reading a ~8 MB JSONL file stays far below the file size."""
    path = tmp_path / "big.jsonl"
    line = json.dumps({"id": "x", "text": "y" * 4000}) + "\n"
    path.write_text(line * 2000)
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_jsonl(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 2000
    assert peak < path.stat().st_size / 10


def test_unreadable_paths_are_problems(tmp_path: Path) -> None:
    """A directory (or any OSError on open) is a located problem, not a traceback."""
    for name in ("d.jsonl", "d.json"):
        (tmp_path / name).mkdir()
        assert _items(iter_records(tmp_path / name)) == [("P", 0, "cannot read the file: Is a directory")]
