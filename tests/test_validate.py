"""warclaims.validate: the pure checks, and `warclaims validate` over the catalogue of invalid inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from invalid_catalogue import CASES, Case, base, jsonl, other
from warclaims import schemas
from warclaims.cli import cli
from warclaims.problems import Problem
from warclaims.readers import Record
from warclaims.validate import (
    _semantics_clean,
    check_document,
    check_schema,
    check_duplicate_spans,
    check_references,
    check_spans,
    check_submission,
    deepest_path,
    validate_stream,
)

SEED_EXAMPLE = Path(__file__).parent / "data" / "seed-example.json"
SEED_TEXT = Path("/work/shared/seed/homs-2024-article.txt")


def rendered(problems: list[Problem]) -> list[str]:
    return [f"{p.path}: {p.message}" for p in problems]


# --- the pure checks ---------------------------------------------------------------------------

def test_schema_example_is_valid() -> None:
    assert check_document(base()) == []


def test_check_spans_reports_offsets_and_text() -> None:
    layers = {"entities": [
        {"id": "a", "start": 0, "end": 3, "text": "abc"},
        {"id": "b", "start": 2, "end": 9, "text": "cdefghi"},
        {"id": "c", "start": 3, "end": 3, "text": ""},
        {"id": "d", "start": 1, "end": 3, "text": "xx"},
        {"id": "e", "start": -1, "end": 2, "text": "ab"},
    ]}
    assert rendered(list(check_spans(layers, "abcdef"))) == [
        "$.entities[1].end: end (9) is beyond the text (length 6)",
        "$.entities[2].start: start (3) must be less than end (3)",
        "$.entities[3].text: span text 'xx' differs from text[1:3] = 'bc'",
    ]


def test_check_spans_without_text_checks_only_order() -> None:
    layers = {"claims": [{"start": 5, "end": 900}, {"start": 4, "end": 2}]}
    assert rendered(list(check_spans(layers, None))) == ["$.claims[1].start: start (4) must be less than end (2)"]


def test_check_spans_submission_may_omit_span_text() -> None:
    layers = {"cues": [{"id": "q", "start": 0, "end": 2}]}
    assert list(check_spans(layers, "ab", text_required=False)) == []


def test_check_references_duplicates_and_dangling() -> None:
    layers = {
        "entities": [{"id": "e1"}, {"id": "e1"}],
        "sources": [{"id": "s1"}],
        "cues": [{"id": "q1"}],
        "claims": [{"id": "c1", "source_id": "e1", "cue_id": None}],
        "stances": [{"id": "t1", "holder_id": "s1", "target_id": "e1"}, {"id": "t2", "holder_id": "q1", "target_id": "AUTHOR"}],
    }
    assert rendered(list(check_references(layers))) == [
        "$.entities[1].id: duplicate id 'e1' (first used at $.entities[0])",
        "$.claims[0].source_id: source_id 'e1' does not name a span in sources",
        "$.stances[1].holder_id: holder_id 'q1' is neither AUTHOR nor an entity or source id",
        "$.stances[1].target_id: target_id 'AUTHOR' does not name an entity",
    ]


def test_check_duplicate_spans_ignores_malformed_items() -> None:
    layers = {"entities": [
        {"start": 0, "end": 1, "type": ["unhashable"]},
        {"start": 0, "end": 1, "type": {"x": 1}},
        {"start": 0, "end": 1, "type": "GPE"},
        {"start": 0, "end": 1, "type": "ORG"},
        {"start": 0, "end": 1, "type": "GPE"},
    ]}
    assert rendered(list(check_duplicate_spans(layers))) == ["$.entities[4]: same span and label as $.entities[2]"]


def test_check_document_on_non_objects() -> None:
    assert rendered(check_document([1])) == ["$: expected object, got array"]
    assert rendered(check_document(None)) == ["$: expected object, got null"]


def test_check_submission_against_gold_text() -> None:
    gold = base()
    sub = {"id": gold["id"], "entities": [{"id": "p1", "start": 0, "end": 7, "type": "MEDIA"},
                                          {"id": "p2", "start": 30, "end": 99, "type": "GPE"}]}
    assert rendered(check_submission(sub, gold["text"])) == [
        "$.entities[1].end: end (99) is beyond the text (length 35)"]
    assert check_submission(sub, None) == []


def test_deepest_path_is_iterative() -> None:
    value: Any = 1
    for _ in range(5000):
        value = [value]
    path, depth = deepest_path({"a": value})
    assert depth == 5001 and path[:2] == ["a", 0]


def test_validate_stream_locates_and_flags_duplicate_ids() -> None:
    items: list[Record | Problem] = [Record(1, base()), Problem("f", 2, "$", "bad"), Record(3, base())]
    out = list(validate_stream(items, "f"))
    assert [(r.line if r else None, [p.render() for p in ps]) for r, ps in out] == [
        (1, []),
        (None, ["f:2: $: bad"]),
        (3, ["f:3: $.id: duplicate document id 'example-1' (first on line 1)"]),
    ]


# --- hypothesis: generated valid documents, single-field corruptions -------------------------------

_WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid synthetic document: random text (any code points, incl. astral), random spans over it."""
    text = draw(st.lists(_WORDS, min_size=2, max_size=12).map(" ".join))
    labels = schemas.labels()
    n = len(text)

    def spans(prefix: str, k: int) -> list[dict[str, Any]]:
        out: dict[tuple[int, int], dict[str, Any]] = {}
        for i in range(k):
            start = draw(st.integers(0, n - 1))
            end = draw(st.integers(start + 1, n))
            # one span per (start, end) in a layer: a repeat with the same label is rightly an error
            out.setdefault((start, end), {"id": f"{prefix}{i}", "start": start, "end": end, "text": text[start:end]})
        return list(out.values())

    entities = [dict(s, type=draw(st.sampled_from(labels["entity_type"]))) for s in spans("e", draw(st.integers(1, 5)))]
    sources = [dict(s, kind=draw(st.sampled_from(labels["source_kind"]))) for s in spans("s", draw(st.integers(0, 3)))]
    cues = spans("q", draw(st.integers(0, 3)))
    claims = [dict(s, source_id=draw(st.sampled_from([None] + [x["id"] for x in sources])),
                   cue_id=draw(st.sampled_from([None] + [x["id"] for x in cues])),
                   quote=draw(st.sampled_from(labels["quote"])), certainty=draw(st.sampled_from(labels["certainty"])))
              for s in spans("c", draw(st.integers(0, 3)))]
    holders = ["AUTHOR"] + [x["id"] for x in entities + sources]
    pairs = {(draw(st.sampled_from(holders)), draw(st.sampled_from([e["id"] for e in entities]))) for _ in range(draw(st.integers(0, 3)))}
    stances = [{"id": f"t{i}", "holder_id": h, "target_id": t, "polarity": draw(st.sampled_from(labels["polarity"]))}
               for i, (h, t) in enumerate(sorted(pairs))]
    doc = base()
    doc.update(id="synthetic-1", text=text, entities=entities, sources=sources, cues=cues, claims=claims, stances=stances)
    return doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_are_valid(doc: dict[str, Any]) -> None:
    assert check_document(doc) == []
    assert _semantics_clean(doc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.data())
def test_every_single_field_corruption_is_detected(doc: dict[str, Any], data: st.DataObject) -> None:
    spans = [(layer, i) for layer in schemas.SPAN_LAYERS for i in range(len(doc[layer]))]
    layer, i = data.draw(st.sampled_from(spans))
    item = doc[layer][i]
    corruption = data.draw(st.sampled_from(["end_past_text", "start_at_end", "text_changed", "negative_start"]))
    n = len(doc["text"])
    if corruption == "end_past_text":
        item["end"] = n + data.draw(st.integers(1, 10))
        expected = f"$.{layer}[{i}].end: end ({item['end']}) is beyond the text (length {n})"
    elif corruption == "start_at_end":
        item["start"] = item["end"]
        expected = f"$.{layer}[{i}].start: start ({item['end']}) must be less than end ({item['end']})"
    elif corruption == "text_changed":
        item["text"] = item["text"] + "x"
        expected = f"$.{layer}[{i}].text: span text"
    else:
        item["start"] = -data.draw(st.integers(1, 5))
        expected = f"$.{layer}[{i}].start: {item['start']} is less than the minimum of 0"
    found = rendered(check_document(doc))
    assert any(line.startswith(expected) for line in found), found
    if not check_schema("document", doc):
        assert not _semantics_clean(doc)  # the fast path must not wave it through


_WEIRD = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5), st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from(["e1\n", "fakes-1\n", "AUTHOR\n"]),  # Python's `$` matches before a final newline
)


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _leaves(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _leaves(v, path + (i,))
    return out


def with_weird_leaf(data: st.DataObject) -> dict:
    """A valid base document with one drawn leaf replaced by a drawn odd value."""
    doc = base()
    path = data.draw(st.sampled_from(_leaves(doc)[1:]))
    node = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = data.draw(_WEIRD)
    return doc


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_value_anywhere_gives_problems_not_exceptions(data: st.DataObject) -> None:
    doc = with_weird_leaf(data)
    problems = check_document(doc)
    assert all(isinstance(p, Problem) and p.path.startswith("$") for p in problems)


@pytest.mark.parametrize("case", [c for c in CASES if c.suffix == ".jsonl"], ids=lambda c: c.name)
def test_fast_path_agrees_with_detailed_checks(case: Case) -> None:
    """For every schema-valid catalogue record, the fast path is clean iff the detailed checks find nothing."""
    for raw in case.data().splitlines():
        try:
            doc = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        if isinstance(doc, dict) and not check_schema("document", doc):
            detailed = list(check_spans(doc, doc["text"])) + list(check_references(doc)) + list(check_duplicate_spans(doc))
            assert _semantics_clean(doc) == (detailed == [])


# --- the seed example -------------------------------------------------------------------------

def test_seed_example_validates_and_keeps_the_text_exactly() -> None:
    doc = json.loads(SEED_EXAMPLE.read_text(encoding="utf-8"))
    assert check_document(doc) == []
    if SEED_TEXT.is_file():
        assert doc["text"] == SEED_TEXT.read_text(encoding="utf-8")
    assert doc["meta"]["corpus"] == "user-seed" and doc["meta"]["synthetic"] is False
    types = {e["text"]: e["type"] for e in doc["entities"]}
    assert types["Rami Abdel-Rahman"] == "PERSON"
    claims = {c["text"]: c for c in doc["claims"]}
    assert claims["the mother of all battles"]["quote"] == "direct"


def test_seed_example_via_cli() -> None:
    result = CliRunner().invoke(cli, ["validate", str(SEED_EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "OK: 1 record(s) in 1 file(s), 0 problem(s)" in result.output


# --- the catalogue through the CLI --------------------------------------------------------------

def test_catalogue_is_big_enough() -> None:
    assert len(CASES) >= 25
    assert len({c.name for c in CASES}) == len(CASES)


def _write(tmp_path: Path, case: Case) -> Path:
    path = tmp_path / f"{case.name}{case.suffix}"
    path.write_bytes(case.data())
    return path


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_catalogue_case(case: Case, tmp_path: Path) -> None:
    path = _write(tmp_path, case)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception  # never a traceback
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    prefix = f"{path}:"
    reported = sorted(line.removeprefix(prefix) for line in lines if line.startswith(prefix))
    assert reported == sorted(case.expected)
    summary = lines[-1]
    assert summary.startswith("INVALID: ") and f", {len(case.expected)} problem(s) on " in summary
    if case.records is not None:
        assert summary.startswith(f"INVALID: {case.records} record(s) in 1 file(s)")


@pytest.mark.parametrize("case", [c for c in CASES if c.name in {"multi-problem-file", "json-array-element-3-bad", "nan"}], ids=lambda c: c.name)
def test_catalogue_json_output(case: Case, tmp_path: Path) -> None:
    path = _write(tmp_path, case)
    result = CliRunner().invoke(cli, ["validate", "--json", str(path)])
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert set(out) == {"summary", "problems", "warnings"}
    assert out["summary"]["problems"] == len(out["problems"]) == len(case.expected)
    assert out["summary"]["files"] == 1
    for p in out["problems"]:
        assert set(p) == {"file", "line", "path", "message", "value"} and p["file"] == str(path)
    assert sorted(f"{p['line']}: {p['path']}: {p['message']}" for p in out["problems"]) == sorted(case.expected)
    assert out["summary"]["records_with_problems"] == len({p["line"] for p in out["problems"]})


def test_json_output_shortens_huge_values(tmp_path: Path) -> None:
    doc = base()
    doc["entities"][0]["text"] = "R" * 100_000
    path = tmp_path / "long.jsonl"
    path.write_bytes(jsonl(doc))
    out = json.loads(CliRunner().invoke(cli, ["validate", "--json", str(path)]).stdout)
    assert [len(p["value"]) for p in out["problems"]] == [80]


def test_several_files_and_a_valid_one(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_bytes(jsonl(base(), other("example-2")))
    result = CliRunner().invoke(cli, ["validate", str(good)])
    assert result.exit_code == 0 and "OK: 2 record(s) in 1 file(s), 0 problem(s)" in result.output
    bad = _write(tmp_path, next(c for c in CASES if c.name == "span-text-differs"))
    result = CliRunner().invoke(cli, ["validate", str(good), str(bad)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("INVALID: 3 record(s) in 2 file(s), 1 problem(s)")


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_catalogue_in_a_real_process(tmp_path: Path) -> None:
    """The installed console script, its streams and exit code, with no traceback."""
    case = next(c for c in CASES if c.name == "multi-problem-file")
    path = _write(tmp_path, case)
    exe = Path(sys.executable).with_name("warclaims")
    proc = subprocess.run([str(exe), "validate", str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    assert sorted(line.removeprefix(f"{path}:") for line in proc.stderr.splitlines()[:-1]) == sorted(case.expected)
    assert proc.stderr.splitlines()[-1] == (
        f"INVALID: 4 record(s) in 1 file(s), {len(case.expected)} problem(s) on 4 record(s)/line(s)")
