"""The parallel scorer (warclaims.shards) gives the serial count table exactly, or declines."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warclaims import schemas, scoring, shards
from warclaims.cli import cli

from .synth import as_submission, random_document

LAYERS = schemas.LAYERS


@pytest.fixture(autouse=True)
def tiny_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shard even a few documents (the real threshold is 8 MB per process)."""
    monkeypatch.setattr(shards, "MIN_SHARD_BYTES", 1)


def _prediction(doc: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A valid, imperfect submission line: some layers left out, an entity retyped or dropped."""
    sub = as_submission(doc, tuple(layer for layer in LAYERS if rng.random() < 0.8))
    if "claims" in sub:  # references into a layer left out would make the line invalid
        sub["claims"] = [dict(c, source_id=c["source_id"] if "sources" in sub else None,
                              cue_id=c["cue_id"] if "cues" in sub else None) for c in sub["claims"]]
    if "stances" in sub:
        sources = {s["id"] for s in sub.get("sources", ())}
        entities = {e["id"] for e in sub.get("entities", ())}
        sub["stances"] = [t for t in sub["stances"] if t["target_id"] in entities
                          and (t["holder_id"] in entities | sources or t["holder_id"] == "AUTHOR")]
    if "entities" in sub and sub["entities"]:
        ents = [dict(e) for e in sub["entities"]]
        named = {st["target_id"] for st in sub.get("stances", ())} | {st["holder_id"] for st in sub.get("stances", ())}
        k = rng.randrange(len(ents))
        if rng.random() < 0.5 and ents[k]["id"] not in named:
            del ents[k]
        else:
            types = schemas.labels()["entity_type"]
            ents[k]["type"] = types[(types.index(ents[k]["type"]) + 1) % len(types)]
            if len({(e["start"], e["end"], e["type"]) for e in ents}) < len(ents):
                ents[k]["type"] = doc["entities"][k]["type"]
        sub["entities"] = ents
    return sub


def _write(tmp_path: Path, name: str, rows: list[dict[str, Any]]) -> Path:
    path = tmp_path / name
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return path


def _serial(gold: Path, sub: Path, allow_missing: bool) -> scoring.CountTable:
    docs, problems = scoring.load_gold(gold)
    assert not problems
    preds, problems = scoring.check_submission_file(sub, {d.id: d for d in docs}, allow_missing=allow_missing, split=None)
    assert not problems
    return scoring.count_table(docs, preds)


def _same(a: scoring.CountTable, b: scoring.CountTable) -> None:
    assert a.doc_ids == b.doc_ids
    assert a.columns == b.columns
    assert a.matrix.dtype == b.matrix.dtype and (a.matrix == b.matrix).all()
    assert a.submitted == b.submitted
    assert a.notes == b.notes


def _corpus(seed: int, n: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rng = random.Random(seed)
    # ids in an order unlike their sorted order, so the merge must sort
    docs = [random_document(rng, f"d{rng.randrange(10**6):06d}-{i}") for i in range(n)]
    return docs, [_prediction(d, rng) for d in docs]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), n=st.integers(2, 14), jobs=st.integers(2, 4), drop_last=st.booleans())
def test_the_sharded_table_is_the_serial_table(tmp_path: Path, seed: int, n: int, jobs: int, drop_last: bool) -> None:
    docs, preds = _corpus(seed, n)
    if drop_last:  # the last gold document has no line: missing, allowed
        preds = preds[:-1]
    gold = _write(tmp_path, f"gold-{seed}.jsonl", docs)
    sub = _write(tmp_path, f"sub-{seed}.jsonl", preds)
    table = shards.count_files(gold, sub, allow_missing=True, jobs=jobs)
    if isinstance(table, shards.Fallback):
        # a few small lines may not fill two shards
        assert "no cut" in table.reason and len(shards.plan(gold.read_bytes(), sub.read_bytes(), jobs)) < 2
        return
    assert isinstance(table, scoring.CountTable), table
    _same(table, _serial(gold, sub, allow_missing=True))


def test_missing_documents_without_permission_fall_back(tmp_path: Path) -> None:
    docs, preds = _corpus(1, 6)
    gold = _write(tmp_path, "gold.jsonl", docs)
    sub = _write(tmp_path, "sub.jsonl", preds[:-1])
    assert isinstance(shards.count_files(gold, sub, allow_missing=False, jobs=2), shards.Fallback)


@pytest.mark.parametrize("case", ["reversed", "bad line", "unknown id", "duplicate gold id", "blank line", "bom"])
def test_anything_irregular_falls_back(tmp_path: Path, case: str) -> None:
    docs, preds = _corpus(7, 8)
    gold_rows, sub_rows = list(docs), list(preds)
    if case == "reversed":
        sub_rows.reverse()
    elif case == "bad line":
        sub_rows[6] = dict(sub_rows[6], entities=[{"id": "e0", "start": 5, "end": 10**6, "type": "ORG"}])
    elif case == "unknown id":
        sub_rows[6] = dict(sub_rows[6], id="nope")
    elif case == "duplicate gold id":
        gold_rows[7] = dict(gold_rows[7], id=gold_rows[0]["id"])
        sub_rows[7] = dict(sub_rows[7], id=gold_rows[0]["id"])
        sub_rows[0], sub_rows[7] = sub_rows[7], sub_rows[0]
    gold = _write(tmp_path, "gold.jsonl", gold_rows)
    sub = _write(tmp_path, "sub.jsonl", sub_rows)
    if case == "blank line":
        sub.write_bytes(sub.read_bytes().replace(b"\n", b"\n\n", 5))
    if case == "bom":
        gold.write_bytes(b"\xef\xbb\xbf" + gold.read_bytes())
    result = shards.count_files(gold, sub, allow_missing=False, jobs=2)
    assert isinstance(result, shards.Fallback), case
    if case == "reversed":  # caught before any worker starts
        assert "does not follow the gold order" in result.reason


def test_json_files_small_inputs_and_empty_files_fall_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs, preds = _corpus(3, 4)
    gold = _write(tmp_path, "gold.jsonl", docs)
    sub = _write(tmp_path, "sub.jsonl", preds)
    as_json = tmp_path / "sub.json"
    as_json.write_text(json.dumps(preds))
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert "JSON array" in shards.count_files(gold, as_json, allow_missing=False, jobs=2).reason  # type: ignore[union-attr]
    assert "map" in shards.count_files(gold, empty, allow_missing=False, jobs=2).reason  # type: ignore[union-attr]
    assert "no cut" in shards.count_files(gold, sub, allow_missing=False, jobs=1).reason  # type: ignore[union-attr]
    monkeypatch.setattr(shards, "MIN_SHARD_BYTES", 10**9)
    assert "no cut" in shards.count_files(gold, sub, allow_missing=False, jobs=2).reason  # type: ignore[union-attr]


def _lines_in(data: bytes, start: int, end: int) -> int:
    piece = data[start:end]
    return piece.count(b"\n") + (1 if piece and not piece.endswith(b"\n") else 0)


_line = st.binary(min_size=1, max_size=12).map(lambda b: b.replace(b"\n", b"x"))


def _check_ranges(gold: bytes, pred: bytes, plan: list[Any], jobs: int) -> None:
    """Contiguous ranges from the start to the end of both files, cut after a line end."""
    assert 1 <= len(plan) <= jobs
    assert plan[0][0][0] == 0 and plan[0][1][0] == 0
    assert plan[-1][0][1] == len(gold) and plan[-1][1][1] == len(pred)
    for (g, p), (g2, p2) in zip(plan, plan[1:]):
        assert g[1] == g2[0] and p[1] == p2[0]
        assert gold[g[1] - 1:g[1]] == b"\n" and g[0] < g[1]
        assert p[1] == 0 or pred[p[1] - 1:p[1]] == b"\n"


@given(st.lists(_line, min_size=1, max_size=40), st.lists(_line, min_size=1, max_size=40),
       st.integers(1, 6), st.booleans())
def test_the_plan_puts_every_line_in_exactly_one_shard(g_lines: list[bytes], p_lines: list[bytes],
                                                       jobs: int, trailing: bool) -> None:
    gold = b"\n".join(g_lines) + (b"\n" if trailing else b"")
    pred = b"\n".join(p_lines) + b"\n"
    plan = shards.plan(gold, pred, jobs)
    _check_ranges(gold, pred, plan, jobs)
    assert sum(len(shards._lines(gold, *g)) for g, _ in plan) == len(g_lines)
    assert sum(len(shards._lines(pred, *p)) for _, p in plan) == len(p_lines)


@given(st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=40, unique=True),
       st.lists(st.text(max_size=30), min_size=40, max_size=40), st.integers(1, 6), st.booleans())
def test_the_plan_gives_each_shard_the_submission_lines_of_its_gold_documents(
        ids: list[str], texts: list[str], jobs: int, id_in_text: bool) -> None:
    """Submission lines in gold order (with spans whose text may repeat a later id) land in
    the shard of their gold line, found without reading the files end to end."""
    gold = b"".join(orjson.dumps({"text": t, "id": i}) + b"\n" for i, t in zip(ids, texts))
    pred = b"".join(orjson.dumps({"id": i, "entities": [{"text": ids[-1] if id_in_text else t}]}) + b"\n"
                    for i, t in zip(ids, texts))
    plan = shards.plan(gold, pred, jobs)
    _check_ranges(gold, pred, plan, jobs)
    for g, p in plan:
        gold_ids = [orjson.loads(bytes(line))["id"] for line in shards._lines(gold, *g)]
        assert [orjson.loads(bytes(line))["id"] for line in shards._lines(pred, *p)] == gold_ids


def _raise_in_child() -> None:
    raise ZeroDivisionError("boom")


@pytest.mark.parametrize("failure, message", [(_raise_in_child, "ZeroDivisionError: boom"),
                                              (lambda: os._exit(3), r"died \(exit code 3\)")])
def test_a_failing_worker_is_raised_not_swallowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  failure: Any, message: str) -> None:
    """An exception in a worker comes back as its traceback; a worker that dies without a
    result (killed, out of memory) is named with its exit code."""
    docs, preds = _corpus(5, 6)
    gold = _write(tmp_path, "gold.jsonl", docs)
    sub = _write(tmp_path, "sub.jsonl", preds)
    parent, real = os.getpid(), shards.count_shard

    def fail_in_child(*args: Any) -> Any:
        if os.getpid() != parent:
            failure()
        return real(*args)

    monkeypatch.setattr(shards, "count_shard", fail_in_child)
    with pytest.raises(RuntimeError, match=message):
        shards.count_files(gold, sub, allow_missing=False, jobs=2)


@pytest.mark.parametrize("command", ["score", "compare"])
def test_the_cli_reports_the_same_with_one_or_more_processes(tmp_path: Path, command: str) -> None:
    docs, preds = _corpus(11, 10)
    gold = _write(tmp_path, "gold.jsonl", docs)
    sub = _write(tmp_path, "sub.jsonl", preds)
    perfect = _write(tmp_path, "perfect.jsonl", [as_submission(d) for d in docs])
    args = (["score", str(sub)] if command == "score" else ["score", "compare", str(sub), str(perfect)])
    args += ["--gold", str(gold), "--bootstrap", "200", "--json"]
    one = CliRunner().invoke(cli, [*args, "--jobs", "1"])
    two = CliRunner().invoke(cli, [*args, "--jobs", "3"])
    assert one.exit_code == two.exit_code == 0, (one.output, two.output)
    assert one.output == two.output
    assert isinstance(shards.count_files(gold, sub, allow_missing=False, jobs=3), scoring.CountTable)


@pytest.mark.parametrize("command", ["score", "compare"])
def test_the_cli_names_problems_the_same_with_several_processes(tmp_path: Path, command: str) -> None:
    """A bad line is named the same with one or two processes (for compare: the other submission
    is valid, and the parallel count of it is not redone)."""
    docs, preds = _corpus(13, 8)
    gold = _write(tmp_path, "gold.jsonl", docs)
    good = _write(tmp_path, "good.jsonl", preds)
    bad_rows = [dict(p) for p in preds]
    bad_rows[5] = dict(bad_rows[5], entities=[{"id": "e0", "start": 3, "end": 10**6, "type": "ORG"}])
    bad = _write(tmp_path, "bad.jsonl", bad_rows)
    args = ["score", str(bad)] if command == "score" else ["score", "compare", str(good), str(bad)]
    args += ["--gold", str(gold), "--bootstrap", "0"]
    one = CliRunner().invoke(cli, [*args, "--jobs", "1"])
    two = CliRunner().invoke(cli, [*args, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 1
    assert one.output == two.output and "bad.jsonl:6: $.entities[0].end" in two.output


def test_a_missing_document_at_the_cut_moves_the_cut_to_the_next_line(tmp_path: Path) -> None:
    docs, preds = _corpus(7, 12)
    full = _write(tmp_path, "full.jsonl", preds)
    gold = _write(tmp_path, "gold.jsonl", docs)
    (g_range, _), _ = shards.plan(gold.read_bytes(), full.read_bytes(), 2)
    at_cut = len(shards._lines(gold.read_bytes(), *g_range))  # index of the first gold line of shard 2
    sub = _write(tmp_path, "sub.jsonl", preds[:at_cut] + preds[at_cut + 1:])
    table = shards.count_files(gold, sub, allow_missing=True, jobs=2)
    assert isinstance(table, scoring.CountTable), table
    _same(table, _serial(gold, sub, allow_missing=True))
    (g2, _), _ = shards.plan(gold.read_bytes(), sub.read_bytes(), 2)
    assert len(shards._lines(gold.read_bytes(), *g2)) == at_cut + 1
