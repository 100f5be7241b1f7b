"""`warclaims.skeleton` and `warclaims submission skeleton`: an empty submission that is valid
against schema/submission.schema.json and accepted by `warclaims score` as it is."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from warclaims import skeleton, validate
from warclaims.cli import cli
from warclaims.dataset import build, synthetic


def write_annotations(path: Path, tasks: range) -> Path:
    """Synthetic (marked) converted annotations: one per task."""
    path.write_text("".join(json.dumps(synthetic.annotation(i, "ann-a@example.org", f"a-{i}")) + "\n" for i in tasks))
    return path


def options() -> build.Options:
    return build.Options(version="0.1.0", allow_synthetic=True)


def test_lines_have_every_layer_empty_and_are_schema_valid() -> None:
    lines = skeleton.lines(["a-1", "b-2"])
    assert [line["id"] for line in lines] == ["a-1", "b-2"]
    assert all(line[layer] == [] for line in lines for layer in skeleton.LAYERS)
    assert all(validate.check_schema("submission", line) == [] for line in lines)
    assert skeleton.lines(["a-1"], ["entities"]) == [{"id": "a-1", "entities": []}]


def test_cli_skeleton_is_scored_and_covers_the_split(tmp_path: Path) -> None:
    inputs = write_annotations(tmp_path / "ann.jsonl", range(12))
    ds = tmp_path / "ds"
    build.build(ds, options(), documents=[inputs])
    out = tmp_path / "sub" / "skeleton.jsonl"
    runner = CliRunner()
    result = runner.invoke(cli, ["submission", "skeleton", "--dataset", str(ds), "--split", "train", "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    rows = {f["split"]: f["rows"] for f in json.loads((ds / "RELEASE.json").read_text())["files"] if f["config"] == "inputs"}
    assert summary["config"] == "inputs" and summary["documents"] == rows["train"]
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(lines) == rows["train"] and all(validate.check_schema("submission", x) == [] for x in lines)
    scored = runner.invoke(cli, ["score", str(out), "--dataset", str(ds), "--split", "train", "--bootstrap", "0", "--json"])
    assert scored.exit_code == 0, scored.output
    assert json.loads(scored.output)["documents"] == rows["train"]


def test_cli_skeleton_user_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["submission", "skeleton", "--dataset", str(tmp_path), "--out", str(tmp_path / "x.jsonl")])
    assert result.exit_code == 1 and "RELEASE.json" in result.output and "Traceback" not in result.output
    inputs = write_annotations(tmp_path / "ann.jsonl", range(6))
    build.build(tmp_path / "ds", options(), documents=[inputs])
    result = runner.invoke(cli, ["submission", "skeleton", "--dataset", str(tmp_path / "ds"), "--split", "nope",
                                 "--out", str(tmp_path / "x.jsonl")])
    assert result.exit_code == 1 and "nope" in result.output and not (tmp_path / "x.jsonl").exists()
