"""`ls import --predictions` on a real Label Studio, for a submission whose spans omit the
optional `text` (issue 14: it ended in a KeyError). The span text Label Studio stores is the
article's slice, and pull + convert give the same spans back with their text filled in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from warclaims.cli import cli
from warclaims.labelstudio.config import parse_config
from warclaims.labelstudio.inverse import layers_to_results
from warclaims.paths import labeling_config_path

DATA = Path(__file__).parent / "data"
ARTICLES = DATA / "articles.jsonl"


def _article(doc_id: str) -> dict[str, Any]:
    lines = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()]
    return next(a for a in lines if a["id"] == doc_id)


def test_span_text_comes_from_the_task_text_when_omitted() -> None:
    config = parse_config(labeling_config_path().read_text(encoding="utf-8"))
    sub = {"id": "x", "sources": [{"id": "s1", "start": 0, "end": 7, "kind": "named"}]}
    results = layers_to_results(sub, config, "Reuters said so.")
    assert {r["value"]["text"] for r in results} == {"Reuters"}
    with pytest.raises(ValueError, match="span 's1' has no text"):
        layers_to_results(sub, config)


@pytest.mark.labelstudio
@pytest.mark.slow
def test_predictions_without_span_text_import_and_come_back(label_studio: Any, tmp_path: Path) -> None:
    article = _article("synthetic-nonbmp")
    start = article["text"].index("Hezbollah")
    srv = ["--url", label_studio.url, "--token", label_studio.token, "--project", "WarClaims no-text predictions"]
    sub = tmp_path / "notext-0.1.jsonl"
    sub.write_text(json.dumps({"id": "synthetic-nonbmp", "entities": [
        {"id": "p1", "start": start, "end": start + 9, "type": "ARMED_GROUP"}]}) + "\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["ls", "setup", *srv]).exit_code == 0
    imported = runner.invoke(cli, ["ls", "import", *srv, str(ARTICLES), "--predictions", str(sub), "--json"])
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.output)["predictions"] == {"imported": 1, "skipped_existing": 0, "unknown_doc_id": 0}
    assert label_studio.token not in imported.output
    assert runner.invoke(cli, ["ls", "pull", *srv, "--out", str(tmp_path / "x")]).exit_code == 0
    out = tmp_path / "p.jsonl"
    converted = runner.invoke(cli, ["ls", "convert", str(next((tmp_path / "x").glob("2*.json"))), "--out", str(tmp_path / "d.jsonl"),
                                    "--predictions-out", str(out)])
    assert converted.exit_code == 0, converted.output
    (pred,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert pred["submission"]["entities"] == [{"id": "p1", "start": start, "end": start + 9, "text": "Hezbollah", "type": "ARMED_GROUP"}]
