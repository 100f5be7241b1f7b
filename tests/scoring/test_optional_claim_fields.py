"""`quote` and `certainty` are optional in a submission's claims (they are not scored): a submission
without them validates and scores exactly as with them, on the ordinary path, the fast (msgspec)
path and the sharded path; when given, they are still checked."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

from warclaims import scoring, shards
from warclaims.cli import cli
from warclaims.validate import check_submission

from .synth import as_submission, random_document


def _without_optional(sub: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(sub)
    for claim in out.get("claims", ()):
        claim.pop("quote", None)
        claim.pop("certainty", None)
    return out


def _corpus(n: int = 6, seed: int = 5) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rng = random.Random(seed)
    docs = [random_document(rng, f"d{i}") for i in range(n)]
    assert any(d["claims"] for d in docs)
    return docs, [as_submission(d) for d in docs]


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return path


def _tables(tmp_path: Path, name: str, docs: list[dict[str, Any]], subs: list[dict[str, Any]]) -> list[Any]:
    """The count table of `subs` on the ordinary path, the fast path and the sharded path."""
    gold = _write(tmp_path / f"gold-{name}.jsonl", docs)
    sub = _write(tmp_path / f"sub-{name}.jsonl", subs)
    gold_docs, problems = scoring.load_gold(gold)
    assert not problems
    by_id = {d.id: d for d in gold_docs}
    out = []
    for fast in (False, True):
        preds, problems = scoring._check_submission_file(sub, by_id, allow_missing=False, split=None, fast=fast)
        assert problems == []
        out.append(scoring.count_table(gold_docs, preds))
    return out


def test_a_claim_without_quote_and_certainty_is_valid() -> None:
    doc = random_document(random.Random(2), "d")
    assert doc["claims"]
    assert check_submission(_without_optional(as_submission(doc)), doc["text"]) == []


@pytest.mark.parametrize("bad", [None, "bogus", 1])
def test_given_values_are_still_checked(bad: Any) -> None:
    doc = random_document(random.Random(2), "d")
    sub = as_submission(copy.deepcopy(doc))
    sub["claims"][0]["quote"] = bad
    assert [p.path for p in check_submission(sub, doc["text"])] == ["$.claims[0].quote"]


def test_scores_equal_with_and_without_on_every_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs, subs = _corpus()
    with_fields = _tables(tmp_path, "with", docs, subs)
    without = _tables(tmp_path, "without", docs, [_without_optional(s) for s in subs])
    for table in with_fields + without:
        assert (table.matrix == with_fields[0].matrix).all() and table.notes == with_fields[0].notes
    monkeypatch.setattr(shards, "MIN_SHARD_BYTES", 1)
    gold = tmp_path / "gold-with.jsonl"
    sharded = shards.count_files(gold, tmp_path / "sub-without.jsonl", allow_missing=False, jobs=2)
    assert isinstance(sharded, scoring.CountTable), sharded
    assert (sharded.matrix == with_fields[0].matrix).all()


def test_the_cli_reports_the_same(tmp_path: Path) -> None:
    docs, subs = _corpus()
    gold = _write(tmp_path / "gold.jsonl", docs)
    reports = []
    for name, rows in (("with", subs), ("without", [_without_optional(s) for s in subs])):
        sub = _write(tmp_path / f"{name}.jsonl", rows)
        result = CliRunner().invoke(cli, ["score", str(sub), "--gold", str(gold), "--bootstrap", "20", "--json"])
        assert result.exit_code == 0, result.output
        reports.append(json.loads(result.stdout))
    assert reports[0] == reports[1]
    assert reports[0]["headline"]["score"] == 1.0
