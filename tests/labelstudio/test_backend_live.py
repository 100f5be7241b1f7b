"""Live suggestions against the REAL Label Studio 1.23.2: the backend is connected with `ls setup
--backend`, and opening a task through the API (GET /api/tasks/<id>) or the Data Manager action
"retrieve predictions" makes the server call /predict; the stored predictions carry the
pipeline's model_version and offsets whose text equals text[start:end] (code points, also after
emoji). The pipeline is fitted on synthetic (marked) documents so the test stays quick."""

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
from warclaims.paths import labeling_config_path

from .live_backend import serve, synthetic_pipeline

ARTICLES = Path(__file__).parent / "data" / "articles.jsonl"
pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]


@pytest.fixture(scope="module")
def backend_url() -> Iterator[tuple[str, str, list[str]]]:
    """A backend serving a pipeline fitted on synthetic documents: (url, model_version, log lines)."""
    fitted = synthetic_pipeline()
    with serve(fitted.predict, fitted.model_version) as served:
        yield served.url, served.model_version, served.log


@pytest.fixture(scope="module")
def project(label_studio: Any, backend_url: tuple[str, str, list[str]]) -> dict[str, Any]:
    """A project set up and connected to the backend with the CLI, articles imported."""
    srv = ["--url", label_studio.url, "--token", label_studio.token, "--project", "WarClaims backend"]
    runs = [CliRunner().invoke(cli, ["ls", "setup", *srv, "--backend", backend_url[0], "--json"]) for _ in range(2)]
    for r in runs:
        assert r.exit_code == 0, r.output
    api = label_studio.api
    pid = ops.project_id(api, "WarClaims backend")
    ops.import_articles(api, pid, [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()])
    return {"runs": [json.loads(r.output) for r in runs], "pid": pid, "tasks": ops.tasks_by_doc_id(api, pid)}


def check_predictions(task: dict[str, Any], model_version: str) -> list[dict[str, Any]]:
    """The task's predictions, asserted to be ours with exact offsets; returns them."""
    preds = task["predictions"]
    assert preds, f"no prediction on task {task['id']}"
    text = task["data"]["text"]
    config = parse_config(labeling_config_path().read_text(encoding="utf-8"))
    for pred in preds:
        assert pred["model_version"] == model_version
        spans = [r for r in pred["result"] if r["type"] == "labels"]
        assert spans, "the baselines found nothing in the article"
        for r in spans:
            v = r["value"]
            assert text[v["start"]:v["end"]] == v["text"], r
        back = results_to_layers(pred["result"], text, config)
        assert back.problems == [] and back.repairs == []
    return preds


def test_setup_connects_the_backend_and_is_idempotent(project: dict[str, Any], backend_url: tuple[str, str, list[str]]) -> None:
    first, second = project["runs"]
    assert first["backend"]["action"] == "connected" and second["backend"]["action"] == "rechecked"
    assert first["backend"]["backend_id"] == second["backend"]["backend_id"]
    assert first["backend"]["model_version"] == backend_url[1]
    assert first["backend"]["project_model_version"]["now"] == second["backend"]["project_model_version"]["was"] == ops.BACKEND_TITLE


def test_setup_backend_prints_what_it_did(label_studio: Any, project: dict[str, Any], backend_url: tuple[str, str, list[str]]) -> None:
    r = CliRunner().invoke(cli, ["ls", "setup", "--url", label_studio.url, "--token", label_studio.token,
                                 "--project", "WarClaims backend", "--backend", backend_url[0]])
    assert r.exit_code == 0, r.output
    assert f"ML backend {backend_url[0]}: rechecked (model_version {backend_url[1]})" in r.output
    assert f"(was: {ops.BACKEND_TITLE})" in r.output and label_studio.token not in r.output


def test_opening_a_task_through_the_api_brings_predictions(label_studio: Any, project: dict[str, Any],
                                                           backend_url: tuple[str, str, list[str]]) -> None:
    task_id = project["tasks"]["synthetic-nonbmp"]["id"]  # emoji before the spans: offsets must be code points
    task = label_studio.api.json("GET", f"/api/tasks/{task_id}")
    preds = check_predictions(task, backend_url[1])
    assert len(preds) == 1
    assert any(line.startswith("POST /predict 200") and f"task {task_id}:" in line for line in backend_url[2])
    again = label_studio.api.json("GET", f"/api/tasks/{task_id}")
    assert [p["id"] for p in again["predictions"]] == [p["id"] for p in preds]  # not predicted twice


def test_retrieve_predictions_action_predicts_the_selected_tasks(label_studio: Any, project: dict[str, Any],
                                                                 backend_url: tuple[str, str, list[str]]) -> None:
    ids = [project["tasks"][d]["id"] for d in ("seed-homs-2024", "fakes-1914947533")]
    label_studio.api.json("POST", "/api/dm/actions", params={"id": "retrieve_tasks_predictions", "project": project["pid"]},
                          json={"selectedItems": {"all": False, "included": ids}})
    for task_id in ids:
        task = label_studio.api.json("GET", f"/api/tasks/{task_id}")
        check_predictions(task, backend_url[1])


def test_setup_backend_that_does_not_answer_is_a_located_error(label_studio: Any) -> None:
    from warclaims.labelstudio.server import free_port

    url = f"http://127.0.0.1:{free_port()}"
    r = CliRunner().invoke(cli, ["ls", "setup", "--url", label_studio.url, "--token", label_studio.token,
                                 "--project", "WarClaims backend down", "--backend", url])
    assert r.exit_code == 1
    assert "/api/ml" in r.output and url in r.output and "Traceback" not in r.output


def test_the_label_stream_asks_the_backend_even_after_imported_predictions(label_studio: Any,
                                                                        backend_url: tuple[str, str, list[str]]) -> None:
    """A project whose model_version names stored predictions (Label Studio's task import sets it,
    and so does Settings > Predictions) would serve only those in the label stream; connecting the
    backend selects it again, so the next task of the stream gets live predictions."""
    api = label_studio.api
    config = parse_config(labeling_config_path().read_text(encoding="utf-8"))
    pid = ops.setup_project(api, "WarClaims backend stream", config.xml)["project_id"]
    article = json.loads(ARTICLES.read_text(encoding="utf-8").splitlines()[2])  # the synthetic one, with emoji
    other = {**article, "id": article["id"] + "-2"}
    ops.import_articles(api, pid, [article, other])
    ops.import_predictions(api, pid, [{"id": article["id"], "entities": [], "sources": [], "cues": [], "claims": [], "stances": []}],
                           config, "file@1")
    api.json("PATCH", f"/api/projects/{pid}", json={"model_version": "file@1"})
    out = ops.connect_backend(api, pid, backend_url[0])
    assert out["project_model_version"] == {"was": "file@1", "now": ops.BACKEND_TITLE}
    seen = set()
    for _ in range(2):  # the stream hands out both tasks, each predicted live when it is served
        task = api.json("GET", f"/api/projects/{pid}/next")
        seen.add(task["id"])
        check_predictions(task, backend_url[1])
        api.json("POST", f"/api/tasks/{task['id']}/annotations", json={"result": []})
    assert len(seen) == 2
