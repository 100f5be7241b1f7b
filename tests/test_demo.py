"""The main job (`make demo`): shipped exports rebuild the shipped release byte for byte, and the
baselines are trained and scored on it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from warclaims.cli import cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_demo_reproduces_the_release_and_scores_every_baseline(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", "--bootstrap", "0", "--json", "--workdir", str(tmp_path / "w")])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    release = json.loads((ROOT / "dataset" / "RELEASE.json").read_text(encoding="utf-8"))
    assert out["version"] == release["version"] and out["reproduced_files"] == len(release["files"])
    scores = {r["baseline"]: r["value"] for r in out["scores"]}
    assert scores["entities-crf"] > scores["entities-floor-frequent"]
    assert scores["claims-linear"] > scores["claims-floor-frequent"]


def test_demo_fails_clearly_when_the_rebuild_differs(tmp_path: Path) -> None:
    shipped = tmp_path / "dataset"
    shutil.copytree(ROOT / "dataset", shipped)
    release = json.loads((shipped / "RELEASE.json").read_text(encoding="utf-8"))
    release["files"][0]["sha256"] = "0" * 64
    (shipped / "RELEASE.json").write_text(json.dumps(release), encoding="utf-8")
    result = CliRunner().invoke(cli, ["demo", "--dataset", str(shipped), "--bootstrap", "0",
                                      "--workdir", str(tmp_path / "w")])
    assert result.exit_code == 1
    assert "the rebuild differs from" in result.output and release["files"][0]["path"] in result.output
    assert "Traceback" not in result.output


def test_demo_without_a_release_is_an_input_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", "--dataset", str(tmp_path), "--workdir", str(tmp_path / "w")])
    assert result.exit_code == 1 and "no shipped release" in result.output


def test_demo_says_that_a_new_export_changed_the_inputs(tmp_path: Path) -> None:
    """A pull into annotation/exports/ (here: a copy of a shipped export under a new name) changes
    the inputs; the demo says so instead of only naming the differing data files."""
    exports = tmp_path / "exports"
    shutil.copytree(ROOT / "annotation" / "exports", exports)
    shipped = sorted(p for p in exports.glob("*.json") if p.name != "MANIFEST.json")[0]
    shutil.copy(shipped, exports / "29990101T000000000000Z.json")
    result = CliRunner().invoke(cli, ["demo", "--exports", str(exports), "--bootstrap", "0", "--workdir", str(tmp_path / "w")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "a new export changed the inputs" in result.stderr
    assert "new export 29990101T000000000000Z.json (not among the release's inputs" in result.stderr
