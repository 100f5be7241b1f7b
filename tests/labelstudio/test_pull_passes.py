"""Passes on a real Label Studio: a base project and two pass projects (first, second) of one title,
annotations in each, one `ls pull`, then `ls convert`: each record carries the pass of the project
it came from, unless the task data `passes` map or `ls convert --pass` says otherwise.

Annotators here are test accounts standing in for the project's AI-agent annotators; the
annotations are the synthetic ones of e2e_data.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from warclaims.cli import cli
from warclaims.labelstudio import ops, passes
from warclaims.paths import labeling_config_path

from . import e2e_data as E

DATA = Path(__file__).parent / "data"
BASE = "WarClaims passes"
pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def make_project(api: Any, pass_: str | None) -> dict[str, int]:
    """A project of BASE for `pass_` with the four test articles; {doc id: task id}."""
    body = {"title": passes.project_title(BASE, pass_), "label_config": labeling_config_path().read_text(encoding="utf-8")}
    if pass_:
        body["description"] = passes.project_description(pass_)
    pid = api.json("POST", "/api/projects", json=body)["id"]
    arts = [json.loads(line) for line in (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    ops.import_articles(api, pid, arts)
    return {d: t["id"] for d, t in ops.tasks_by_doc_id(api, pid).items()}


@pytest.fixture(scope="module")
def pulled(label_studio: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    api = label_studio.api
    users = {name: label_studio.make_user(f"{name}@passes.warclaims.test") for name in ("ann1", "ann2", "ann3")}
    text = {a["id"]: a["text"] for a in map(json.loads, (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines())}

    def annotate(task: int, user: str, result: list[dict[str, Any]]) -> None:
        api.json("POST", f"/api/tasks/{task}/annotations", json={"result": result, "completed_by": users[user]})

    base, first, second = make_project(api, None), make_project(api, "first"), make_project(api, "second")
    annotate(base["seed-homs-2024"], "ann1", E.seed_alice(text["seed-homs-2024"]))
    annotate(base["seed-homs-2024"], "ann2", E.seed_bob(text["seed-homs-2024"]))
    # two annotations of one task in the first-pass project: both first (the rank rule would say second)
    annotate(first["seed-homs-2024"], "ann1", E.seed_alice(text["seed-homs-2024"]))
    annotate(first["seed-homs-2024"], "ann2", E.seed_bob(text["seed-homs-2024"]))
    annotate(first["fakes-1914947533"], "ann1", E.fakes_alice(text["fakes-1914947533"]))
    annotate(second["seed-homs-2024"], "ann3", E.seed_bob(text["seed-homs-2024"]))
    annotate(second["synthetic-nonbmp"], "ann3", E.nonbmp_alice(text["synthetic-nonbmp"]))
    # the task data `passes` map (what `ls import --annotations` writes) beats the project's pass
    task = api.json("GET", f"/api/tasks/{second['synthetic-nonbmp']}")
    api.json("PATCH", f"/api/tasks/{task['id']}", json={"data": {**task["data"], "passes": {"ann3@passes.warclaims.test": "adjudicated"}}})
    out = tmp_path_factory.mktemp("pulls")
    srv = ["--url", label_studio.url, "--token", label_studio.token, "--project", BASE]
    result = run("ls", "pull", *srv, "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    only = run("ls", "pull", *srv, "--out", str(out), "--pass", "second", "--json")
    assert only.exit_code == 0, only.output
    return {"out": out, "entries": json.loads(result.stdout)["exports"], "only": json.loads(only.stdout)["exports"], "srv": srv}


def converted(export: Path, *extra: str) -> list[tuple[str, str, str]]:
    """(doc id, annotator, pass) of every record converted from `export`, sorted."""
    docs = export.parent / (export.stem + ".docs.jsonl")
    result = run("ls", "convert", str(export), "--out", str(docs), *extra)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in docs.read_text(encoding="utf-8").splitlines()]
    docs.unlink()
    return sorted((d["id"], d["meta"]["annotation"]["annotators"][0].split("@")[0], d["meta"]["annotation"]["pass"]) for d in records)


def test_one_pull_takes_the_base_and_every_pass_project(pulled: dict[str, Any]) -> None:
    entries = pulled["entries"]
    assert [(e["project_title"], e["pass"]) for e in entries] == [
        (BASE, None), (f"{BASE} (first pass)", "first"), (f"{BASE} (second pass)", "second")]
    stamp = entries[0]["file"].removesuffix(".json")
    assert [e["file"] for e in entries] == [f"{stamp}.json", f"{stamp}-first.json", f"{stamp}-second.json"]
    assert all(e["tasks"] == 4 for e in entries)
    manifest = json.loads((pulled["out"] / "MANIFEST.json").read_text(encoding="utf-8"))
    assert [(e["file"], e["pass"], e["project_id"]) for e in manifest["exports"]] == [
        (e["file"], e["pass"], e["project_id"]) for e in entries + pulled["only"]]


def test_pass_restricts_the_pull(pulled: dict[str, Any]) -> None:
    (entry,) = pulled["only"]
    assert (entry["project_title"], entry["pass"]) == (f"{BASE} (second pass)", "second") and entry["file"].endswith("-second.json")


def test_convert_records_the_pass_of_the_project(pulled: dict[str, Any]) -> None:
    base, first, second = (pulled["out"] / e["file"] for e in pulled["entries"])
    assert converted(base) == [("seed-homs-2024", "ann1", "first"), ("seed-homs-2024", "ann2", "second")]  # rank rule
    assert converted(first) == [("fakes-1914947533", "ann1", "first"), ("seed-homs-2024", "ann1", "first"),
                                ("seed-homs-2024", "ann2", "first")]
    assert converted(second) == [("seed-homs-2024", "ann3", "second"), ("synthetic-nonbmp", "ann3", "adjudicated")]


def test_convert_pass_option_overrides_everything(pulled: dict[str, Any]) -> None:
    second = pulled["out"] / pulled["entries"][2]["file"]
    assert {p for _, _, p in converted(second, "--pass", "first")} == {"first"}


def test_a_missing_pass_project_is_an_error_and_keeps_nothing(pulled: dict[str, Any]) -> None:
    before = sorted(p.name for p in pulled["out"].iterdir())
    result = run("ls", "pull", *pulled["srv"], "--out", str(pulled["out"]), "--pass", "adjudicated")
    assert result.exit_code == 1 and "no project titled 'WarClaims passes (adjudicated pass)'" in result.stderr
    assert sorted(p.name for p in pulled["out"].iterdir()) == before
