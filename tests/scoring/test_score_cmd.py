"""`warclaims score` against a release (--dataset/--split), help and the default subcommand."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any, Iterator

import pytest
from click.testing import CliRunner

from warclaims import records
from warclaims.cli import cli

from .synth import as_submission, random_document


def _docs(prefix: str, n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [random_document(rng, f"{prefix}-{i:02d}") for i in range(n)]


def _write(path: Path, subs: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(s) + "\n" for s in subs), encoding="utf-8")
    return path


@pytest.fixture
def fake_release(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
    """A release whose reader serves synthetic splits (the real reader is tested by its owner)."""
    from warclaims.dataset import reader

    splits = {"test": _docs("te", 4, 1), "validation": _docs("va", 3, 2)}
    calls: list[tuple[Path, str]] = []

    def read_documents(dataset_dir: Path, split: str) -> Iterator[records.Document]:
        calls.append((Path(dataset_dir), split))
        if split not in splits:
            raise FileNotFoundError(f"no split {split!r}")
        return (records.Document.from_dict(d) for d in splits[split])

    monkeypatch.setattr(reader, "read_documents", read_documents)
    names = sorted(splits)
    monkeypatch.setattr(reader, "splits", lambda dataset_dir, config="documents": names)
    monkeypatch.setattr(reader, "read_document_dicts", lambda dataset_dir, split: iter(splits[split]))
    (tmp_path / "rel").mkdir()
    monkeypatch.chdir(tmp_path)
    splits["_calls"] = calls  # type: ignore[assignment]
    return splits


def test_dataset_and_split(fake_release: dict[str, Any], tmp_path: Path) -> None:
    sub = _write(tmp_path / "pred.jsonl", [as_submission(d) for d in fake_release["test"]])
    result = CliRunner().invoke(cli, ["score", str(sub), "--dataset", "rel", "--split", "test", "--bootstrap", "0", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["documents"] == 4
    assert fake_release["_calls"] == [(Path("rel"), "test")]


def test_default_dataset_is_dataset_dir_and_split_test(fake_release: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / "dataset").mkdir()
    sub = _write(tmp_path / "pred.jsonl", [as_submission(d) for d in fake_release["test"]])
    result = CliRunner().invoke(cli, ["score", str(sub), "--bootstrap", "0", "--markdown"])
    assert result.exit_code == 0, result.output
    assert fake_release["_calls"] == [(Path("dataset"), "test")]


def test_wrong_split_names_the_right_one(fake_release: dict[str, Any], tmp_path: Path) -> None:
    sub = _write(tmp_path / "pred.jsonl", [as_submission(d) for d in fake_release["validation"]])
    result = CliRunner().invoke(cli, ["score", str(sub), "--dataset", "rel", "--split", "test"])
    assert result.exit_code == 1
    assert f"{sub}:1: $.id: unknown document id 'va-00' (not in the test split)" in result.stderr
    assert "none of the 3 submission id(s) is in the test split" in result.stderr
    assert "hint: the submission's ids are in the 'validation' split; score it with --split validation" in result.stderr


def test_unknown_split_is_invalid_input(fake_release: dict[str, Any], tmp_path: Path) -> None:
    sub = _write(tmp_path / "pred.jsonl", [as_submission(d) for d in fake_release["test"]])
    result = CliRunner().invoke(cli, ["score", str(sub), "--dataset", "rel", "--split", "dev"])
    assert result.exit_code == 1 and "cannot read split 'dev' of rel" in result.stderr
    assert "Traceback" not in result.output


def test_help_shows_the_scorer_options_and_compare() -> None:
    result = CliRunner().invoke(cli, ["score", "--help"], prog_name="warclaims")
    assert result.exit_code == 0
    assert result.output.startswith("Usage: warclaims score [OPTIONS] PREDICTIONS")
    for fragment in ("--gold", "--dataset", "--allow-missing", "--bootstrap", "--markdown", "--plots", "compare"):
        assert fragment in result.output


def test_missing_predictions_argument_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["score"])
    assert result.exit_code == 2 and "Missing argument 'PREDICTIONS'" in result.stderr


def test_missing_predictions_file_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["score", "no-such-file.jsonl", "--gold", "no-such-gold.jsonl"])
    assert result.exit_code == 2 and "does not exist" in result.stderr


@pytest.mark.slow
def test_against_a_real_release(tmp_path: Path) -> None:
    """Build a small synthetic release with `warclaims dataset build`, then score its test split."""
    docs = _docs("syn", 12, 3)
    src = _write(tmp_path / "docs.jsonl", docs)
    built = CliRunner().invoke(cli, ["dataset", "build", "--documents", str(src), "--version", "0.0.1",
                                     "--out", str(tmp_path / "rel"), "--allow-synthetic"])
    assert built.exit_code == 0, built.output
    from warclaims.dataset.reader import read_document_dicts

    test_docs = list(read_document_dicts(tmp_path / "rel", "test"))
    assert test_docs
    sub = _write(tmp_path / "pred.jsonl", [as_submission(d) for d in test_docs])
    result = CliRunner().invoke(cli, ["score", str(sub), "--dataset", str(tmp_path / "rel"), "--split", "test",
                                      "--bootstrap", "0", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["metrics"]["entities"]["strict"]["micro"]["f1"] == 1.0
