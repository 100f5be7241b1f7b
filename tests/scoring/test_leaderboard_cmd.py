"""`warclaims leaderboard`: the published baselines' board is what the command makes from the
shipped runs; bad runs and submissions are refused with located messages and exit 1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from warclaims.cli import cli

REPO = Path(__file__).resolve().parents[2]
PUBLISHED = REPO / "baselines" / "leaderboard"


def _version() -> str:
    return json.loads((REPO / "dataset" / "RELEASE.json").read_text(encoding="utf-8"))["version"]


def _runs() -> list[Path]:
    return sorted(p for p in (REPO / "baselines" / "runs").glob(f"*/{_version()}") if (p / "submission.jsonl").is_file())


def invoke(*args: str):
    return CliRunner().invoke(cli, ["leaderboard", *args], prog_name="warclaims")


def test_published_board_is_the_commands_output(tmp_path: Path) -> None:
    """baselines/leaderboard/ is regenerated with the release (README, "Releasing"); a stale one fails here."""
    published = json.loads((PUBLISHED / "leaderboard.json").read_text(encoding="utf-8"))
    title = published["title"]
    result = invoke(*map(str, _runs()), "--dataset", str(REPO / "dataset"), "--split", "test", "--title", title,
                    "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    for name in ("leaderboard.json", "LEADERBOARD.md", "index.html"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (PUBLISHED / name).read_text(encoding="utf-8"), name
    assert _version() in title
    assert len(published["rows"]) == len(_runs())


def test_json_output_and_markdown_agree(tmp_path: Path) -> None:
    runs = [str(p) for p in _runs() if p.parent.name.startswith("entities-")]
    result = CliRunner().invoke(cli, ["leaderboard", *runs, "--dataset", str(REPO / "dataset"), "--bootstrap", "50", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["system"] for r in data["rows"]][0] == "entities-crf"
    assert data["rows"][0]["version"] == _version()
    assert data["rows"][0]["cells"]["entities.strict.micro.f1"]["best"] is True


def test_bad_runs_are_refused_with_the_file_named(tmp_path: Path) -> None:
    run = tmp_path / "mine"
    shutil.copytree(_runs()[0], run)
    (run / "meta.json").write_text("{not json", encoding="utf-8")
    result = invoke(str(run))
    assert result.exit_code == 1 and "meta.json" in result.output and "Traceback" not in result.output
    (run / "meta.json").write_text('{"name": 3}', encoding="utf-8")
    result = invoke(str(run))
    assert result.exit_code == 1 and "$.name must be a string" in result.output
    (run / "meta.json").unlink()
    (run / "submission.jsonl").unlink()
    result = invoke(str(run))
    assert result.exit_code == 1 and "must hold submission.jsonl" in result.output


def test_an_invalid_submission_is_located_and_nothing_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "no-such-doc", "entities": []}\n', encoding="utf-8")
    out = tmp_path / "board"
    result = invoke(str(bad), "--dataset", str(REPO / "dataset"), "--out", str(out))
    assert result.exit_code == 1 and "bad.jsonl" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_same_system_twice_and_usage() -> None:
    run = str(_runs()[0])
    result = invoke(run, run, "--dataset", str(REPO / "dataset"), "--bootstrap", "0")
    assert result.exit_code == 1 and "appears twice" in result.output
    assert invoke().exit_code == 2


@pytest.mark.parametrize("option", ["--bootstrap", "--seed"])
def test_bounded_options(option: str) -> None:
    assert invoke(str(_runs()[0]), option, "-1").exit_code == 2
