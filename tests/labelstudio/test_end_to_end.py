"""End to end on a real Label Studio: setup -> import -> annotate via the API -> pull -> convert -> validate.

Two annotators, relations, per-region choices, a dual-label region, a cancelled annotation, a
draft, a prediction, a non-BMP article (one annotation stored with UTF-16 offsets) and an
Arabic one. The converted records must equal tests/labelstudio/data/e2e_expected.jsonl, with
server-made values (unique ids, timestamps, task ids) replaced by placeholders.
Regenerate the golden file with WARCLAIMS_UPDATE_GOLDEN=1 and review the diff by hand.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from warclaims.cli import cli
from warclaims.labelstudio import ops
from warclaims.validate import check_document

from . import e2e_data as E

DATA = Path(__file__).parent / "data"
ARTICLES = DATA / "articles.jsonl"
GOLDEN = DATA / "e2e_expected.jsonl"
pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]


def run(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result


def normalise(doc: dict[str, Any]) -> dict[str, Any]:
    doc = json.loads(json.dumps(doc))
    ann = doc["meta"]["annotation"]
    for k in ("created_at", "updated_at"):
        ann[k] = "<timestamp>" if ann[k] else ann[k]
    ann["annotation_ids"] = ["<unique_id>" for _ in ann["annotation_ids"]]
    ann["task_id"] = "<task_id>"
    return doc


@pytest.fixture(scope="module")
def pulled(label_studio: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The project set up, annotated and pulled once for this module."""
    srv = ["--url", label_studio.url, "--token", label_studio.token, "--project", "WarClaims e2e"]
    out: dict[str, Any] = {"setup": [run("ls", "setup", *srv, "--json") for _ in range(2)]}
    out["import"] = [run("ls", "import", *srv, str(ARTICLES), "--json") for _ in range(2)]
    api = label_studio.api
    pid = ops.project_id(api, "WarClaims e2e")
    tasks = ops.tasks_by_doc_id(api, pid)
    alice, bob = label_studio.make_user("alice@warclaims.test"), label_studio.make_user("bob@warclaims.test")

    def annotate(doc_id: str, user: int, result: list[dict[str, Any]], **extra: Any) -> None:
        api.json("POST", f"/api/tasks/{tasks[doc_id]['id']}/annotations", json={"result": result, "completed_by": user, **extra})

    text = {d: t["data"]["text"] for d, t in tasks.items()}
    annotate("seed-homs-2024", alice, E.seed_alice(text["seed-homs-2024"]), lead_time=321.5)
    annotate("seed-homs-2024", bob, E.seed_bob(text["seed-homs-2024"]), lead_time=120.0)
    annotate("fakes-1914947533", alice, E.fakes_alice(text["fakes-1914947533"]))
    annotate("fakes-1914947533", bob, E.fakes_bob_cancelled(text["fakes-1914947533"]), was_cancelled=True)
    annotate("synthetic-nonbmp", alice, E.nonbmp_alice(text["synthetic-nonbmp"]))
    annotate("synthetic-nonbmp", bob, E.nonbmp_bob_utf16(text["synthetic-nonbmp"]))
    annotate("synthetic-arabic", alice, E.arabic_alice(text["synthetic-arabic"]))
    api.json("POST", f"/api/tasks/{tasks['synthetic-arabic']['id']}/drafts",
             json={"result": E.fakes_bob_cancelled(text["fakes-1914947533"])[:0], "lead_time": 3.0})
    api.json("POST", "/api/predictions", json={"task": tasks["synthetic-nonbmp"]["id"], "model_version": "baseline-test", "score": 0.25,
                                               "result": E.nonbmp_alice(text["synthetic-nonbmp"])[2:3]})
    exports = tmp_path_factory.mktemp("exports")
    out["pull"] = run("ls", "pull", *srv, "--out", str(exports), "--json")
    (entry,) = json.loads(out["pull"].output)["exports"]
    out["export"] = exports / entry["file"]
    out["entry"] = entry
    docs_path = exports / "docs.jsonl"
    out["convert"] = run("ls", "convert", str(out["export"]), "--out", str(docs_path), "--json")
    out["docs"] = [json.loads(line) for line in docs_path.read_text(encoding="utf-8").splitlines()]
    out["dir"] = exports
    return out


def test_setup_is_idempotent_and_keeps_guidelines_version(pulled: dict[str, Any], label_studio: Any) -> None:
    first, second = (json.loads(r.output) for r in pulled["setup"])
    assert (first["action"], second["action"]) == ("created", "unchanged")
    stored = label_studio.api.json("GET", f"/api/projects/{first['project_id']}")["label_config"]
    assert stored.startswith("<!-- warclaims-guidelines: 0.2.0 -->")


def test_import_twice_does_not_duplicate(pulled: dict[str, Any]) -> None:
    first, second = (json.loads(r.output) for r in pulled["import"])
    assert first["articles"] == {"imported": 4, "skipped_existing": 0}
    assert second["articles"] == {"imported": 0, "skipped_existing": 4}


def test_pull_writes_snapshot_and_manifest(pulled: dict[str, Any]) -> None:
    import hashlib

    entry = pulled["entry"]
    assert hashlib.sha256(pulled["export"].read_bytes()).hexdigest() == entry["sha256"]
    assert entry["guidelines_version"] == "0.2.0" and entry["label_studio_version"] == "1.23.2"
    assert (entry["project_title"], entry["pass"], entry["tasks"]) == ("WarClaims e2e", None, 4)
    manifest = json.loads((pulled["dir"] / "MANIFEST.json").read_text())
    assert [e["file"] for e in manifest["exports"]] == [pulled["export"].name]
    assert not list(pulled["dir"].glob(".*"))  # no temp file left


def test_convert_counts(pulled: dict[str, Any]) -> None:
    assert pulled["convert"].exit_code == 0, pulled["convert"].output
    report = json.loads(pulled["convert"].output)
    assert report["problems"] == []
    assert len(report["repairs"]) == 1 and "UTF-16 offsets 47..53 repaired to code points 45..51" in report["repairs"][0]["message"]
    c = report["counts"]
    assert (c["tasks"], c["annotations"], c["documents"], c["excluded_cancelled"], c["excluded_draft"], c["predictions"]) == (4, 7, 6, 1, 1, 1)


def test_records_equal_golden_and_validate(pulled: dict[str, Any]) -> None:
    docs = pulled["docs"]
    for d in docs:
        assert check_document(d) == []
    got = [normalise(d) for d in docs]
    if os.environ.get("WARCLAIMS_UPDATE_GOLDEN"):
        GOLDEN.write_text("".join(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n" for d in got), encoding="utf-8")
    expected = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    assert got == expected


def test_annotations_round_trip_through_a_fresh_project(pulled: dict[str, Any], label_studio: Any, tmp_path: Path) -> None:
    """`ls import --annotations` then pull + convert gives back the same layers, annotators and passes."""
    srv = ["--url", label_studio.url, "--token", label_studio.token, "--project", "WarClaims round trip"]
    docs_in = tmp_path / "docs.jsonl"
    source = json.loads(json.dumps(pulled["docs"]))
    for d in source:
        d["meta"]["annotation"]["annotators"] = [d["meta"]["annotation"]["annotators"][0].replace("@", "+rt@")]
    docs_in.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in source), encoding="utf-8")
    assert run("ls", "setup", *srv).exit_code == 0
    first = run("ls", "import", *srv, str(ARTICLES), "--annotations", str(docs_in), "--json")
    again = run("ls", "import", *srv, str(ARTICLES), "--annotations", str(docs_in), "--json")
    assert json.loads(first.output)["annotations"] == {"imported": 6, "skipped_existing": 0, "unknown_doc_id": 0}
    assert json.loads(again.output)["annotations"] == {"imported": 0, "skipped_existing": 6, "unknown_doc_id": 0}
    assert run("ls", "pull", *srv, "--out", str(tmp_path / "x")).exit_code == 0
    export = next((tmp_path / "x").glob("2*.json"))
    out = tmp_path / "back.jsonl"
    assert run("ls", "convert", str(export), "--out", str(out)).exit_code == 0
    back = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    key = lambda d: (d["id"], d["meta"]["annotation"]["annotators"][0])  # noqa: E731
    assert len(back) == len(source)
    for a, b in zip(sorted(source, key=key), sorted(back, key=key)):
        for layer in ("entities", "sources", "cues", "claims", "stances"):
            assert b[layer] == a[layer], (a["id"], layer)
        assert b["meta"]["annotation"]["pass"] == a["meta"]["annotation"]["pass"]
        assert b["meta"]["annotation"]["annotators"] == a["meta"]["annotation"]["annotators"]
        assert b["meta"]["annotation"].get("notes") == a["meta"]["annotation"].get("notes")
        assert {k: v for k, v in b["meta"].items() if k != "annotation"} == {k: v for k, v in a["meta"].items() if k != "annotation"}


def test_label_studio_export_file_converts_to_the_same_records(pulled: dict[str, Any], label_studio: Any, tmp_path: Path) -> None:
    """A file written by `label-studio export` (no API) stored by `ls pull --from-file` converts identically."""
    import subprocess

    from warclaims.labelstudio.server import label_studio_executable

    pid = ops.project_id(label_studio.api, "WarClaims e2e")
    export_dir = label_studio.data_dir / "export"
    before = set(export_dir.glob("*.json")) if export_dir.is_dir() else set()
    subprocess.run([str(label_studio_executable()), "export", str(pid), "JSON", "--export-path", str(tmp_path)],
                   env=label_studio.env, check=True, capture_output=True, timeout=120)
    made = [p for p in set(export_dir.glob("*.json")) - before if not p.name.endswith("-info.json")]
    assert len(made) == 1
    r = run("ls", "pull", "--from-file", str(made[0]), "--out", str(tmp_path / "store"), "--json")
    stored = tmp_path / "store" / json.loads(r.output)["exports"][0]["file"]
    out = tmp_path / "docs.jsonl"
    r = run("ls", "convert", str(stored), "--out", str(out), "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["counts"]["predictions_id_only"] == 1  # that export has prediction ids only
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert docs == pulled["docs"]


def test_import_predictions_via_cli(label_studio: Any, tmp_path: Path) -> None:
    """`ls import --predictions`: model_version from the file name, score kept, no duplicate on re-import."""
    srv = ["--url", label_studio.url, "--token", label_studio.token, "--project", "WarClaims predictions"]
    sub = tmp_path / "crf-0.1.jsonl"
    sub.write_text(json.dumps({"id": "synthetic-nonbmp", "entities": [
        {"id": "p1", "start": 18, "end": 27, "text": "Hezbollah", "type": "ARMED_GROUP"}]}) + "\n", encoding="utf-8")
    assert run("ls", "setup", *srv).exit_code == 0
    first = run("ls", "import", *srv, str(ARTICLES), "--predictions", str(sub), "--score", "0.75", "--json")
    again = run("ls", "import", *srv, str(ARTICLES), "--predictions", str(sub), "--score", "0.75", "--json")
    assert json.loads(first.output)["predictions"] == {"imported": 1, "skipped_existing": 0, "unknown_doc_id": 0}
    assert json.loads(again.output)["predictions"] == {"imported": 0, "skipped_existing": 1, "unknown_doc_id": 0}
    assert run("ls", "pull", *srv, "--out", str(tmp_path / "x")).exit_code == 0
    out = tmp_path / "p.jsonl"
    r = run("ls", "convert", str(next((tmp_path / "x").glob("2*.json"))), "--out", str(tmp_path / "d.jsonl"), "--predictions-out", str(out))
    assert r.exit_code == 0, r.output
    (pred,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (pred["model_version"], pred["score"]) == ("crf-0.1", 0.75)
    assert pred["submission"]["entities"] == [{"id": "p1", "start": 18, "end": 27, "text": "Hezbollah", "type": "ARMED_GROUP"}]
