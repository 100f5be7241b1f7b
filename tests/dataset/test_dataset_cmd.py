"""`warclaims dataset build|verify|stats` through click: exit codes, output, card sections."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from warclaims.cli import cli
from warclaims.dataset import stats

from .conftest import write_annotations


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", ["build", "verify", "stats"])
def test_help_has_example(command: str) -> None:
    result = _run("dataset", command, "--help")
    assert result.exit_code == 0 and "Example:" in result.output


def test_build_verify_stats(tmp_path: Path) -> None:
    inputs = write_annotations(tmp_path / "in.jsonl", range(10))
    out = tmp_path / "ds"
    root_card = tmp_path / "ROOTCARD.md"
    root_card.write_text("# Card\n<!-- AGREEMENT:BEGIN -->\nold\n<!-- AGREEMENT:END -->\nhand\n")
    result = _run("dataset", "build", "--documents", str(inputs), "--version", "0.1.0", "--out", str(out),
                  "--allow-synthetic", "--card", str(root_card))
    assert result.exit_code == 0, result.output
    assert "built release 0.1.0" in result.output
    text = root_card.read_text()
    # --card writes the built card whole: one text in two places
    assert text == (out / "README.md").read_text() and "\nhand\n" not in text
    assert "## Inter-annotator agreement" in text and "## Statistics" in text and "#### `inputs`" in text
    (out / "README.md").write_text(text.replace("# WarClaims\n", "# WarClaims\n\nEdited prose.\n"))
    again = _run("dataset", "build", "--documents", str(inputs), "--version", "0.1.0", "--out", str(out),
                 "--allow-synthetic", "--json", "--card", str(root_card))
    assert again.exit_code == 0 and json.loads(again.output)["status"] == "unchanged"
    assert "Edited prose." in root_card.read_text() and root_card.read_text() == (out / "README.md").read_text()
    assert _run("dataset", "verify", str(out)).exit_code == 0

    card = tmp_path / "CARD.md"
    card.write_bytes(b"# Hand-written\r\n\nkeep me\n<!-- STATS:BEGIN -->\nstale\n<!-- STATS:END -->\nfooter\n")
    result = _run("dataset", "stats", str(out), "--card", str(card), "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert sum(s["documents"] for s in data["splits"].values()) == 10 and data["card_changed"]
    text = card.read_bytes().decode()
    assert text.startswith("# Hand-written\r\n\nkeep me\n<!-- STATS:BEGIN -->\n## Statistics") and text.endswith("<!-- STATS:END -->\nfooter\n")
    assert "stale" not in text
    table = _run("dataset", "stats", str(out), "--no-write")
    assert "| documents |" in table.output

    shutil.rmtree(out / "data" / "stances")
    result = _run("dataset", "verify", str(out))
    assert result.exit_code == 1 and "listed in RELEASE.json but missing" in result.output


def test_build_errors(tmp_path: Path) -> None:
    assert _run("dataset", "build", "--version", "0.1.0", "--out", str(tmp_path / "x")).exit_code == 2
    inputs = write_annotations(tmp_path / "in.jsonl", range(3))
    bad = _run("dataset", "build", "--documents", str(inputs), "--version", "0.1.0", "--out", str(tmp_path / "x"))
    assert bad.exit_code == 1 and "in.jsonl:1: $.meta.synthetic" in bad.output and "FAILED" in bad.output
    assert _run("dataset", "build", "--documents", str(inputs), "--version", "1.0", "--out", str(tmp_path / "x"),
                "--allow-synthetic").exit_code == 1
    assert _run("dataset", "build", "--documents", str(inputs), "--version", "0.1.0", "--ratios", "train=2",
                "--out", str(tmp_path / "x")).exit_code == 2
    assert _run("dataset", "stats", str(tmp_path)).exit_code == 1
    assert not (tmp_path / "x").exists()


def test_stats_appends_section_when_markers_absent(tmp_path: Path) -> None:
    inputs = write_annotations(tmp_path / "in.jsonl", range(4))
    out = tmp_path / "ds"
    assert _run("dataset", "build", "--documents", str(inputs), "--version", "0.1.0", "--out", str(out),
                "--allow-synthetic").exit_code == 0
    card = tmp_path / "CARD.md"
    card.write_text("# Card\n")
    assert _run("dataset", "stats", str(out), "--card", str(card)).exit_code == 0
    assert card.read_text().startswith("# Card\n\n" + stats.STATS_BEGIN)


@pytest.mark.parametrize("out", [".", "..", "./", "here"])
def test_out_must_name_a_folder_other_than_the_current_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, out: str) -> None:
    """`--out .` used to be refused as "not empty" even in an empty folder (the lock landed inside it)."""
    inputs = write_annotations(tmp_path / "in.jsonl", range(4))
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    target = "../here" if out == "here" else out
    before = sorted(p.name for p in tmp_path.iterdir())
    result = _run("dataset", "build", "--documents", str(inputs), "--version", "0.1.0", "--out", target, "--allow-synthetic")
    assert result.exit_code == 2 and "give the release folder by name" in result.output
    assert list(here.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == before


def test_build_refuses_an_unnamed_target_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The library path refuses it too (BuildError), before any lock file is made."""
    from warclaims.dataset import build

    monkeypatch.chdir(tmp_path)
    inputs = write_annotations(tmp_path / "in.jsonl", range(4))
    with pytest.raises(build.BuildError, match="give the release folder by name"):
        build.build(Path("."), build.Options(version="0.1.0", allow_synthetic=True), documents=[inputs])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]
