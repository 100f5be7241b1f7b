"""Silent acceptance (issue 14): ids with a trailing newline, repeated object keys, integers
beyond 2**53 and an empty `.json` array, through `validate`, `score` and `dataset build/verify`.

Every case must exit 1 with a message naming the file, the line and the JSON path, and no
traceback. The reader and the scorer's fast paths are checked directly at the end.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import orjson
import pytest
from click.testing import CliRunner

from invalid_catalogue import base, jsonl, line
from warclaims import fastsubmission, strictjson
from warclaims.cli import cli
from warclaims.dataset import synthetic
from warclaims.readers import Record, parse_jsonl_line


def _doc_line(edit: Callable[[bytes], bytes]) -> bytes:
    raw = jsonl(base())
    out = edit(raw)
    assert out != raw, "the edit did not apply"
    return out


def _sub(doc_id: str = "example-1") -> dict:
    return {"id": doc_id, "entities": [{"id": "e1", "start": 0, "end": 7, "type": "MEDIA"}],
            "claims": [{"id": "c1", "start": 13, "end": 34, "source_id": None, "cue_id": None}]}


def _sub_line(edit: Callable[[bytes], bytes]) -> bytes:
    raw = (json.dumps(_sub()) + "\n").encode()
    out = edit(raw)
    assert out != raw, "the edit did not apply"
    return out


_RANGE = "integer out of range"

# name -> (file content, suffix, expected "LINE: PATH: fragment")
VALIDATE = {
    "doc-id-trailing-newline": (_doc_line(lambda r: r.replace(b'"example-1"', b'"fakes-1\\n"')), ".jsonl",
                                "1: $.id: 'fakes-1\\n' does not match"),
    "entity-id-trailing-newline": (_doc_line(lambda r: r.replace(b'"id": "e2"', b'"id": "e2\\n"')), ".jsonl",
                                   "1: $.entities[1].id: 'e2\\n' does not match"),
    "stance-id-trailing-newline": (_doc_line(lambda r: r.replace(b'"id": "t1"', b'"id": "t1\\n"')), ".jsonl",
                                   "1: $.stances[0].id: 't1\\n' does not match"),
    "repeated-claims-key": (_doc_line(lambda r: r.replace(b'"stances": [', b'"claims": [], "stances": [')), ".jsonl",
                            "1: $.claims: duplicate key 'claims'"),
    "repeated-key-in-entity": (_doc_line(lambda r: r.replace(b'"type": "MEDIA"', b'"type": "PERSON", "type": "MEDIA"')), ".jsonl",
                               "1: $.entities[0].type: duplicate key 'type'"),
    "repeated-key-in-annotation": (_doc_line(lambda r: r.replace(b'"pass": "first"', b'"pass": "first", "pass": "first"')), ".jsonl",
                                   "1: $.meta.annotation.pass: duplicate key 'pass'"),
    "repeated-key-in-extra": (_doc_line(lambda r: r.replace(b'"lead_time": null}', b'"lead_time": null}, "extra": {"a": 1, "a": 2}')),
                              ".jsonl", "1: $.meta.extra.a: duplicate key 'a'"),
    "task-id-1e30": (_doc_line(lambda r: r.replace(b'"task_id": 1', b'"task_id": 1e+30')), ".jsonl",
                     f"1: $.meta.annotation.task_id: {_RANGE}: 1e+30"),
    "offset-2-64": (_doc_line(lambda r: r.replace(b'"start": 0', b'"start": 18446744073709551616', 1)), ".jsonl",
                    f"1: $.entities[0].start: {_RANGE}: 18446744073709551616"),
    "offset-2-53": (_doc_line(lambda r: r.replace(b'"end": 7', b'"end": 9007199254740993', 1)), ".jsonl",
                    f"1: $.entities[0].end: {_RANGE}"),
    "lead-time-1e300": (_doc_line(lambda r: r.replace(b'"lead_time": null', b'"lead_time": -1e300')), ".jsonl",
                        f"1: $.meta.annotation.lead_time: {_RANGE}"),
    "second-line-repeated-key": (jsonl(base()).replace(b'"example-1"', b'"other-1"')
                                 + _doc_line(lambda r: r.replace(b'{"id": "example-1"', b'{"id": "x", "id": "example-1"')),
                                 ".jsonl", "2: $.id: duplicate key 'id'"),
    "empty-json-array": (b"[]\n", ".json", "1: $: no records"),
    "empty-json-array-spaced": (b"  [\n\n ]  \n", ".json", "1: $: no records"),
    "json-array-element-repeated-key": (("[\n" + line(base()).replace('"example-1"', '"a-1"') + ",\n"
                                         + line(base()).replace('"cues": [', '"cues": [], "cues": [') + "\n]\n").encode(),
                                        ".json", "3: $[1].cues: duplicate key 'cues'"),
    "json-object-big-int": (_doc_line(lambda r: r.replace(b'"start": 8', b'"start": 123456789012345678901234567890')),
                            ".json", f"1: $.cues[0].start: {_RANGE}"),
}


def _clean(result: object) -> None:
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    assert result.exception is None or isinstance(result.exception, SystemExit)  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(VALIDATE))
def test_validate_rejects(name: str, tmp_path: Path) -> None:
    content, suffix, expected = VALIDATE[name]
    path = tmp_path / f"in{suffix}"
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    _clean(result)
    assert any(ln.startswith(f"{path}:{expected}") for ln in result.stderr.splitlines()), result.stderr


@pytest.fixture()
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_bytes(jsonl(base()))
    return path


SCORE = {
    "sub-repeated-entities": (_sub_line(lambda r: r.replace(b'"claims":', b'"entities": [], "claims":')),
                              "1: $.entities: duplicate key 'entities'"),
    "sub-entity-id-newline": (_sub_line(lambda r: r.replace(b'"id": "e1"', b'"id": "e1\\n"')),
                              "1: $.entities[0].id: 'e1\\n' does not match"),
    "sub-doc-id-newline": (_sub_line(lambda r: r.replace(b'"example-1"', b'"example-1\\n"')), "1: $.id: "),
    "sub-offset-2-64": (_sub_line(lambda r: r.replace(b'"end": 7', b'"end": 18446744073709551616')),
                        f"1: $.entities[0].end: {_RANGE}"),
    "sub-start-1e30": (_sub_line(lambda r: r.replace(b'"start": 13', b'"start": 1e+30')), f"1: $.claims[0].start: {_RANGE}"),
}


@pytest.mark.parametrize("name", sorted(SCORE))
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_score_rejects_submission(name: str, jobs: str, gold: Path, tmp_path: Path) -> None:
    content, expected = SCORE[name]
    sub = tmp_path / "sub.jsonl"
    sub.write_bytes(content)
    result = CliRunner().invoke(cli, ["score", str(sub), "--gold", str(gold), "--bootstrap", "0", "--jobs", jobs])
    _clean(result)
    assert any(ln.startswith(f"{sub}:{expected}") for ln in result.stderr.splitlines()), result.stderr


def test_score_rejects_gold_with_a_repeated_key(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(_doc_line(lambda r: r.replace(b'"stances": [', b'"claims": [], "stances": [')))
    sub = tmp_path / "sub.jsonl"
    sub.write_bytes((json.dumps(_sub()) + "\n").encode())
    result = CliRunner().invoke(cli, ["score", str(sub), "--gold", str(gold), "--bootstrap", "0"])
    _clean(result)
    assert f"{gold}:1: $.claims: duplicate key 'claims'" in result.stderr


def test_score_rejects_an_empty_json_submission(gold: Path, tmp_path: Path) -> None:
    sub = tmp_path / "sub.json"
    sub.write_bytes(b"[]")
    result = CliRunner().invoke(cli, ["score", str(sub), "--gold", str(gold), "--bootstrap", "0"])
    _clean(result)
    assert f"{sub}:1: $: no records" in result.stderr


def _annotations(path: Path, edit: Callable[[bytes], bytes] = lambda r: r) -> Path:
    rows = [orjson.dumps(synthetic.annotation(i, "ann-a@example.org", f"ann-a-{i}")) for i in range(4)]
    rows[2] = edit(rows[2])
    path.write_bytes(b"\n".join(rows) + b"\n")
    return path


@pytest.mark.parametrize("edit, expected", [
    (lambda r: r.replace(b'"entities":', b'"entities":[],"entities":', 1), "3: $.entities: duplicate key 'entities'"),
    (lambda r: r.replace(b'"task_id":2', b'"task_id":18446744073709551616', 1), f"3: $.meta.annotation.task_id: {_RANGE}"),
    (lambda r: r.replace(b'"story":null', b'"story":null,"story":"s"', 1), "3: $.meta.story: duplicate key 'story'"),
])
def test_dataset_build_rejects(edit: Callable[[bytes], bytes], expected: str, tmp_path: Path) -> None:
    inputs = _annotations(tmp_path / "in.jsonl", edit)
    assert inputs.read_bytes().count(b"\n") == 4
    result = CliRunner().invoke(cli, ["dataset", "build", "--documents", str(inputs), "--version", "0.1.0",
                                      "--out", str(tmp_path / "ds"), "--allow-synthetic"])
    _clean(result)
    assert f"in.jsonl:{expected}" in result.output, result.output


def test_dataset_build_rejects_a_doc_id_with_a_trailing_newline(tmp_path: Path) -> None:
    doc = synthetic.annotation(2, "ann-a@example.org", "ann-a-2")
    inputs = _annotations(tmp_path / "in.jsonl", lambda r: r.replace(orjson.dumps(doc["id"]), orjson.dumps(doc["id"] + "\n"), 1))
    result = CliRunner().invoke(cli, ["dataset", "build", "--documents", str(inputs), "--version", "0.1.0",
                                      "--out", str(tmp_path / "ds"), "--allow-synthetic"])
    _clean(result)
    assert "in.jsonl:3: $.id: 'syn-000002\\n' does not match" in result.output, result.output


def test_dataset_verify_rejects_a_manifest_with_a_repeated_key(tmp_path: Path) -> None:
    (tmp_path / "RELEASE.json").write_text('{"name": "warclaims", "files": [], "files": []}\n')
    result = CliRunner().invoke(cli, ["dataset", "verify", str(tmp_path)])
    _clean(result)
    assert f"{tmp_path / 'RELEASE.json'}:1: $.files: duplicate key 'files'" in result.output, result.output


# ---- the reader and the fast paths directly ---------------------------------------------------

@pytest.mark.parametrize("text, path", [
    (b'{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}', ["$.a", "$.b.c"]),
    (b'[{"x": 1e400}, {"y": -9007199254740992}]', ["$[0].x", "$[1].y"]),
    (b'{"k": 9007199254740991, "f": 1.5e15, "s": "1e30 12345678901234567 \\u003a"}', []),
])
def test_every_problem_is_collected_by_path(text: bytes, path: list[str]) -> None:
    assert [p.path for p in strictjson.problems_of(text)] == path
    if path:
        with pytest.raises(strictjson.JSONError) as caught:
            strictjson.loads(text)
        assert [p.path for p in caught.value.problems] == path
    else:
        strictjson.loads(text)


def test_one_line_reports_how_many_more() -> None:
    problem = parse_jsonl_line(b'{"a": 1, "a": 2, "b": 1e99}', "f.jsonl", 7)
    assert not isinstance(problem, Record)
    assert (problem.line, problem.path) == (7, "$.a") and problem.message.endswith("(and 1 more such problem(s) on this line)")


def test_submission_fast_path_hands_repeated_keys_over() -> None:
    good = orjson.dumps(_sub())
    text = base()["text"]
    decode, clean = fastsubmission.submission_decoder(), fastsubmission.submission_clean
    assert clean(decode(good), text, good)
    for bad in (good.replace(b'"claims":', b'"claims":[],"claims":'), good.replace(b'"type":"MEDIA"', b'"type":"MEDIA","type":"MEDIA"'),
                good.replace(b'"source_id":null', b'"source_id":null,"quote":"direct","quote":"direct"')):
        assert not clean(decode(bad), text, bad)
    assert decode(good.replace(b'"end":7', b'"end":9007199254740992')) is None
