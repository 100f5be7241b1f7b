"""Live suggestions as an annotator meets them: the backend is connected with `ls setup --backend`,
the annotator opens a fresh task in the real Label Studio UI and finds the baselines' regions
already drawn over the right words; submitting them unchanged gives, after `ls pull` + `ls
convert`, a Document whose layers are the prediction's and whose `pre_annotated_by` is the
backend's model_version. The pipeline is fitted on synthetic (marked) documents; the text is
synthetic, with emoji before the spans so code-point offsets are proven through the browser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest
from click.testing import CliRunner

from warclaims.cli import cli
from warclaims.labelstudio import ops
from warclaims.labelstudio.config import parse_config
from warclaims.labelstudio.results import results_to_layers

from labelstudio.live_backend import Served, serve, synthetic_pipeline  # tests/ is on sys.path (rootdir conftest)

from .config_facts import hotkeys
from .pages import LabelingPage, expect, login

REPO = Path(__file__).resolve().parents[2]
PROJECT = "WarClaims live suggestions"
TEXT = "Witnesses 👀 said Hezbollah fighters withdrew from Homs. Reuters reported that the Syrian army entered Hama."
ARTICLE = {"id": "synthetic-live-suggestions", "text": TEXT,
           "meta": {"title": None, "source": "synthetic", "url": None, "published": None, "licence": "CC0-1.0",
                    "corpus": "synthetic", "synthetic": True, "story": None, "language": "en",
                    "extra": {"purpose": "browser test: live suggestions"}}}
pytestmark = [pytest.mark.browser, pytest.mark.labelstudio, pytest.mark.slow]


@pytest.fixture(scope="module")
def backend() -> Iterator[Served]:
    fitted = synthetic_pipeline()
    with serve(fitted.predict, fitted.model_version) as served:
        yield served


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_suggestions_are_drawn_and_submitted_unchanged_they_reach_the_record(ui: Any, annotator: Any, label_studio: Any,
                                                                              backend: Served, tmp_path: Path) -> None:
    srv = ["--url", label_studio.url, "--token", label_studio.token, "--project", PROJECT]
    setup = run("ls", "setup", *srv, "--backend", backend.url, "--json")
    assert setup.exit_code == 0, setup.output
    pid = json.loads(setup.output)["project_id"]
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps(ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run("ls", "import", *srv, str(articles)).exit_code == 0
    task_id = ops.tasks_by_doc_id(label_studio.api, pid)[ARTICLE["id"]]["id"]
    xml = (REPO / "annotation" / "labeling_config.xml").read_text(encoding="utf-8")

    login(ui.page, ui.url, annotator.email, annotator.password)
    page = LabelingPage(ui.page, task_id, TEXT, hotkeys(xml)).open(ui.url, pid)
    stored = label_studio.api.json("GET", "/api/predictions", params={"task": task_id})
    assert [p["model_version"] for p in stored] == [backend.model_version]
    spans = [r for r in stored[0]["result"] if r["type"] == "labels"]
    assert spans, "the backend predicted nothing on the synthetic text"
    rows = ui.page.locator(".lsf-outliner-item")
    expect(rows).to_have_count(len(spans))  # every predicted region is in the regions panel
    drawn = ui.page.locator(".lsf-htx-richtext .htx-highlight").all_inner_texts()
    for r in spans:  # ... and drawn over exactly its words (nested highlights split outer ones)
        assert any(r["value"]["text"] in d or d in r["value"]["text"] for d in drawn), (r["value"]["text"], drawn)

    with ui.page.expect_response(lambda resp: f"/api/tasks/{task_id}/annotations" in resp.url and resp.request.method == "POST") as done:
        page.page.get_by_role("button", name="Submit").click()
    assert done.value.status == 201

    pulled = run("ls", "pull", *srv, "--out", str(tmp_path / "exports"), "--json")
    assert pulled.exit_code == 0, pulled.output
    export = tmp_path / "exports" / json.loads(pulled.output)["exports"][0]["file"]
    converted = run("ls", "convert", str(export), "--out", str(tmp_path / "docs.jsonl"), "--json")
    assert converted.exit_code == 0, converted.output
    (doc,) = [json.loads(line) for line in (tmp_path / "docs.jsonl").read_text(encoding="utf-8").splitlines()]
    assert doc["meta"]["annotation"]["pre_annotated_by"] == backend.model_version
    want = results_to_layers(stored[0]["result"], TEXT, parse_config(xml)).layers
    for layer in ("entities", "sources", "cues", "claims"):
        assert sorted((x["start"], x["end"], x.get("type")) for x in doc[layer]) == \
            sorted((x["start"], x["end"], x.get("type")) for x in want[layer]), layer
        assert all(TEXT[x["start"]:x["end"]] == x["text"] for x in doc[layer])
