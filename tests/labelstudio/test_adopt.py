"""Adopting existing Label Studio projects, on a REAL server: the two examples of docs/LABEL_STUDIO.md.

Each project is created with its own (foreign) labeling config, its tasks and annotations go in
through the API, `warclaims ls pull` snapshots it and `warclaims ls convert --mapping` turns it
into Document records that validate and carry what was annotated. The pulled exports are kept
in tests/labelstudio/data/adopt_*/export.json for the docs; WARCLAIMS_UPDATE_GOLDEN=1 rewrites
them, and otherwise the stored export must convert to the same records as the live one.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import CliRunner

from warclaims.cli import cli
from warclaims.labelstudio import ops
from warclaims.validate import check_document

from . import adopt_data as A

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]
Annotate = Callable[[str], list[dict[str, Any]]]


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def build(label_studio: Any, tmp: Path, example: Path, title: str, work: list[list[tuple[str, Annotate]]],
          text_field: str, *convert_args: str) -> dict[str, Any]:
    """Create the project, import tasks and annotations via the API, pull, convert; return everything."""
    api = label_studio.api
    pid = ops.setup_project(api, title, (example / "config.xml").read_text(encoding="utf-8"))["project_id"]
    api.json("POST", f"/api/projects/{pid}/import", json=A.tasks(example))
    tasks = sorted(api.iter_tasks(pid), key=lambda t: t["id"])
    for task, by_annotator in zip(tasks, work, strict=True):
        for email, make in by_annotator:
            api.json("POST", f"/api/tasks/{task['id']}/annotations",
                     json={"result": make(task["data"][text_field]), "completed_by": label_studio.make_user(email)})
    srv = ["--url", label_studio.url, "--token", label_studio.token, "--project", title]
    pulled = run("ls", "pull", *srv, "--out", str(tmp), "--json")
    assert pulled.exit_code == 0, pulled.output
    export = tmp / json.loads(pulled.output)["exports"][0]["file"]
    docs = tmp / "docs.jsonl"
    conv = run("ls", "convert", str(export), "--mapping", str(example / "mapping.json"), *convert_args, "--out", str(docs), "--json")
    stored = example / "export.json"
    if os.environ.get("WARCLAIMS_UPDATE_GOLDEN"):
        shutil.copyfile(export, stored)
    again = tmp / "again.jsonl"
    from_stored = run("ls", "convert", str(stored), "--config", str(example / "config.xml"), "--mapping", str(example / "mapping.json"),
                      *convert_args, "--out", str(again), "--json")
    return {"pid": pid, "tasks": tasks, "convert": conv, "summary": json.loads(conv.output), "stored": from_stored,
            "docs": [json.loads(line) for line in docs.read_text(encoding="utf-8").splitlines()],
            "docs_stored": [json.loads(line) for line in again.read_text(encoding="utf-8").splitlines()]}


@pytest.fixture(scope="module")
def ner(label_studio: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = [[("ner-a@warclaims.test", A.ner_first), ("ner-b@warclaims.test", A.ner_second)], [("ner-a@warclaims.test", A.ner_hama)]]
    return build(label_studio, tmp_path_factory.mktemp("adopt-ner"), A.NER, "Adopt NER", work, "sentence", "--meta", str(A.NER / "meta.json"))


@pytest.fixture(scope="module")
def attribution(label_studio: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return build(label_studio, tmp_path_factory.mktemp("adopt-attr"), A.ATTRIBUTION, "Adopt attribution",
                 [[("attr-a@warclaims.test", A.attribution)]], "content")


def normalise(doc: dict[str, Any]) -> dict[str, Any]:
    """A record without the values a server makes (ids, timestamps) or a manifest gives (tool version)."""
    doc = json.loads(json.dumps(doc))
    ann = doc["meta"]["annotation"]
    doc["id"] = "<doc id>" if doc["id"].startswith("ls-") else doc["id"]
    for k in ("created_at", "updated_at", "task_id", "annotation_ids", "lead_time", "tool_version"):
        ann[k] = f"<{k}>"
    return doc


def test_ner_project_converts_with_ignored_labels(ner: dict[str, Any]) -> None:
    assert ner["convert"].exit_code == 0, ner["convert"].output
    s = ner["summary"]
    assert (s["counts"]["tasks"], s["counts"]["annotations"], s["counts"]["documents"], s["counts"]["errors"]) == (2, 3, 3, 0)
    assert s["ignored"] == {"regions label:time": 2, "regions label:event": 1, "regions label:MISC": 2}
    assert s["counts"]["ignored_regions"] == 5 and s["counts"]["regions_entities"] == 7
    by_task = {t["id"]: t for t in ner["tasks"]}
    for doc in ner["docs"]:
        task_id = doc["meta"]["annotation"]["task_id"]
        assert doc["id"] == f"ls-{ner['pid']}-{task_id}" and doc["text"] == by_task[task_id]["data"]["sentence"]
        assert check_document(doc) == []
        assert doc["meta"]["synthetic"] is True and doc["meta"]["corpus"] == "synthetic"
        assert all(doc["text"][e["start"]:e["end"]] == e["text"] for e in doc["entities"])
    first = next(d for d in ner["docs"] if d["meta"]["annotation"]["annotators"] == ["ner-a@warclaims.test"] and "Homs" in d["text"])
    assert [(e["text"], e["type"]) for e in first["entities"]] == [
        ("Reuters", "ORG"), ("Syrian Observatory for Human Rights", "ORG"), ("Homs", "LOC")]
    hama = next(d for d in ner["docs"] if "Hama" in d["text"])
    assert [(e["text"], e["type"]) for e in hama["entities"]] == [("Ahmad Khalil", "PERSON"), ("Hama", "LOC")]


def test_attribution_project_links_claims_through_labelled_relations(attribution: dict[str, Any]) -> None:
    assert attribution["convert"].exit_code == 0, attribution["convert"].output
    (doc,) = attribution["docs"]
    assert check_document(doc) == [] and doc["id"] == "synthetic-attr-1" and doc["meta"]["title"] == "Synthetic attribution example"
    src = {s["id"]: s["text"] for s in doc["sources"]}
    cue = {c["id"]: c["text"] for c in doc["cues"]}
    assert [(c["text"], src[c["source_id"]], cue[c["cue_id"]], c["quote"], c["certainty"]) for c in doc["claims"]] == [
        ("40 people were wounded in the strike", "The health ministry", "said", "indirect", "asserted"),
        ("We are overwhelmed,", "a nurse", "told", "direct", "asserted"),
        ("expect more casualties", "Officials", "reportedly", "indirect", "asserted")]
    assert doc["meta"]["annotation"]["defaults"] == [
        {"field": "claims.certainty", "value": "asserted", "ids": ["c1", "c2", "c3"]},
        {"field": "claims.quote", "value": "indirect", "ids": ["c3"]},
        {"field": "sources.kind", "value": "unspecified", "ids": ["s1", "s2", "s3"]}]
    assert attribution["summary"]["ignored"] == {"regions span:topic": 1, "relations related": 2, "relations to an ignored region": 1,
                                                 "choices relevance": 1}
    assert attribution["summary"]["counts"]["defaulted_choices"] == 7


@pytest.mark.parametrize("example", ["ner", "attribution"])
def test_stored_export_converts_like_the_live_one(example: str, request: pytest.FixtureRequest) -> None:
    out = request.getfixturevalue(example)
    assert out["stored"].exit_code == 0, out["stored"].output
    assert [normalise(d) for d in out["docs_stored"]] == [normalise(d) for d in out["docs"]]
