"""convert_export on a small hand-written export: golden records, counts, pass and provenance rules."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from warclaims.labelstudio.config import parse_config
from warclaims.labelstudio.convert import convert_export, convert_export_file
from warclaims.paths import labeling_config_path

DATA = Path(__file__).parent / "data"
CONFIG = parse_config(labeling_config_path().read_text(encoding="utf-8"))


def small() -> list[dict[str, Any]]:
    return json.loads((DATA / "small_export.json").read_text(encoding="utf-8"))


def conv(tasks: list[dict[str, Any]]) -> Any:
    return convert_export(tasks, source="x.json", config=CONFIG, guidelines_version="0.1.0", tool_version="label-studio 1.23.2")


def test_small_export_matches_golden() -> None:
    c = conv(small())
    golden = DATA / "small_expected.jsonl"
    lines = "".join(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n" for d in c.documents)
    if os.environ.get("WARCLAIMS_UPDATE_GOLDEN"):
        golden.write_text(lines, encoding="utf-8")
    assert lines == golden.read_text(encoding="utf-8")
    assert c.problems == []


def test_counts_exclusions_and_predictions_apart() -> None:
    s = conv(small()).summary()
    assert (s["tasks"], s["annotations"], s["documents"], s["excluded_cancelled"], s["excluded_draft"]) == (2, 4, 3, 1, 1)
    assert (s["predictions"], s["repairs"], s["errors"], s["regions_entities"], s["regions_stances"]) == (1, 1, 0, 5, 2)
    p = conv(small()).predictions[0]
    assert (p.model_version, p.score, p.task_id, p.submission["entities"][0]["type"]) == ("crf-0.1", 0.5, 11, "ORG")


def test_pass_annotator_and_pre_annotation() -> None:
    docs = conv(small()).documents
    first, second, adjudicated = (d["meta"]["annotation"] for d in docs)
    # earliest by created_at is "first" even though it comes second in the export
    assert (first["pass"], first["annotators"], first["annotation_ids"]) == ("first", ["ann@example.org"], ["u-first"])
    assert (second["pass"], second["annotators"], second["pre_annotated_by"]) == ("second", ["7"], "crf-0.1")
    assert adjudicated["pass"] == "adjudicated"  # from task data "passes"


def test_newline_normalised_span_keeps_exact_text() -> None:
    doc = conv(small()).documents[2]
    assert doc["entities"][1]["text"] == "IS\r\nfighters" == doc["text"][17:29]


def test_bad_task_data_is_located() -> None:
    tasks = small()
    del tasks[1]["data"]["doc_id"]
    c = conv(tasks)
    assert [(p.file, p.path) for p in c.problems] == [("x.json", "$[1].data")]
    assert "task 12:" in c.problems[0].message and c.summary()["documents"] == 2


def test_record_schema_errors_are_reported_not_dropped() -> None:
    tasks = small()
    del tasks[0]["data"]["meta"]["licence"]
    c = conv(tasks)
    assert c.summary()["annotations_with_errors"] == 2 and c.summary()["documents"] == 1
    assert all(p.path.startswith("$[0].annotations[") and "licence" in p.message for p in c.problems)


def test_not_a_list() -> None:
    c = conv({"tasks": []})  # type: ignore[arg-type]
    assert c.problems[0].path == "$" and c.summary()["errors"] == 1


def test_convert_file_reads_manifest(tmp_path: Path) -> None:
    shutil.copy(DATA / "small_export.json", tmp_path / "20240101T000000Z.json")
    (tmp_path / "MANIFEST.json").write_text(json.dumps({"exports": [{
        "file": "20240101T000000Z.json", "guidelines_version": "9.9.9", "label_studio_version": "1.20.0",
        "label_config": CONFIG.xml}]}), encoding="utf-8")
    c = convert_export_file(tmp_path / "20240101T000000Z.json")
    ann = c.documents[0]["meta"]["annotation"]
    assert (ann["guidelines_version"], ann["tool_version"]) == ("9.9.9", "label-studio 1.20.0")
    c = convert_export_file(tmp_path / "20240101T000000Z.json", guidelines_version="0.2.0")
    assert c.documents[0]["meta"]["annotation"]["guidelines_version"] == "0.2.0"


def test_convert_file_bad_json(tmp_path: Path) -> None:
    (tmp_path / "e.json").write_text("[{", encoding="utf-8")
    c = convert_export_file(tmp_path / "e.json")
    assert c.problems and c.problems[0].file.endswith("e.json")


def test_annotation_that_is_not_an_object_is_reported() -> None:
    tasks = small()
    tasks[1]["annotations"].append(17)
    c = conv(tasks)
    assert [p.path for p in c.problems] == ["$[1].annotations[1]"] and c.summary()["annotations"] == 5


def _passes(c: Any) -> list[tuple[Any, str, str]]:
    return [(d["meta"]["annotation"]["task_id"], d["meta"]["annotation"]["annotators"][0], d["meta"]["annotation"]["pass"]) for d in c.documents]


def test_pass_precedence_task_data_then_project_then_rank() -> None:
    """Task 11 has two annotations (rank rule: first, second); task 12's data `passes` map says adjudicated."""
    assert _passes(conv(small())) == [(11, "ann@example.org", "first"), (11, "7", "second"), (12, "3", "adjudicated")]
    from_project = convert_export(small(), source="x.json", config=CONFIG, guidelines_version="0.1.0", tool_version="t",
                                  project_pass="second")
    assert _passes(from_project) == [(11, "ann@example.org", "second"), (11, "7", "second"), (12, "3", "adjudicated")]
    forced = convert_export(small(), source="x.json", config=CONFIG, guidelines_version="0.1.0", tool_version="t",
                            project_pass="second", forced_pass="first")
    assert {p for _, _, p in _passes(forced)} == {"first"}


def test_convert_file_takes_the_pass_from_the_manifest(tmp_path: Path) -> None:
    shutil.copy(DATA / "small_export.json", tmp_path / "20240101T000000Z-second.json")
    entry = {"file": "20240101T000000Z-second.json", "label_config": CONFIG.xml, "pass": "second"}
    (tmp_path / "MANIFEST.json").write_text(json.dumps({"exports": [entry]}), encoding="utf-8")
    c = convert_export_file(tmp_path / "20240101T000000Z-second.json")
    assert [p for _, _, p in _passes(c)] == ["second", "second", "adjudicated"]
    assert [p for _, _, p in _passes(convert_export_file(tmp_path / "20240101T000000Z-second.json", forced_pass="first"))] == ["first"] * 3
    (tmp_path / "MANIFEST.json").write_text(json.dumps({"exports": [{**entry, "pass": "third"}]}), encoding="utf-8")
    c = convert_export_file(tmp_path / "20240101T000000Z-second.json")
    assert not c.documents and c.problems[0].file == str(tmp_path / "MANIFEST.json")
    assert "unknown pass 'third'; passes: first, second, adjudicated" in c.problems[0].message
