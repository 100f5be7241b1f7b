"""`warclaims ls convert` with a mapping and --meta: located config, mapping and meta problems, in text and JSON."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from warclaims.cli import cli

from . import adopt_data as A

REPO = Path(__file__).resolve().parents[2]
NER = ["--config", str(A.NER / "config.xml"), "--mapping", str(A.NER / "mapping.json"), "--meta", str(A.NER / "meta.json")]


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["ls", "convert", *args])


def test_help_example_names_files_of_the_clone() -> None:
    r = CliRunner().invoke(cli, ["ls", "convert", "--help"])
    example = re.search(r"warclaims ls convert tests/labelstudio/data/adopt_ner/\S+ .*?ner\.jsonl", r.output.replace("\\\n", " "), re.S)
    assert example, r.output
    paths = [a for a in shlex.split(example.group(0)) if a.startswith("tests/")]
    assert len(paths) == 4 and all((REPO / p).is_file() for p in paths)


def test_ner_example_converts_and_reports_what_was_ignored(tmp_path: Path) -> None:
    out = tmp_path / "ner.jsonl"
    r = run(str(A.NER / "export.json"), *NER, "--out", str(out))
    assert r.exit_code == 0, r.output
    assert "ignored (mapping): regions label:MISC: 2" in r.output and re.search(r"ignored_regions\s+5", r.output)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_unmapped_labels_are_json_problems_with_json(tmp_path: Path) -> None:
    r = run(str(A.NER / "export.json"), "--config", str(A.NER / "config.xml"), "--out", str(tmp_path / "x.jsonl"), "--json")
    assert r.exit_code == 1
    report = json.loads(r.output)
    assert report["counts"]["documents"] == 0 and report["repairs"] == [] and len(report["problems"]) == 6
    first = report["problems"][0]
    assert (first["file"], first["path"]) == (str(A.NER / "config.xml"), "<Labels name='label'>/<Label value='PER'>")
    assert not (tmp_path / "x.jsonl").exists()


def test_mapping_problems_name_the_mapping_file_and_json_path(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"labels": {"label:PER": "entities:HUMAN"}, "defaults": {"claims.quote": "verbatim"}}), encoding="utf-8")
    r = run(str(A.NER / "export.json"), "--config", str(A.NER / "config.xml"), "--mapping", str(mapping), "--out", str(tmp_path / "x"), "--json")
    assert r.exit_code == 1
    assert [(p["file"], p["path"]) for p in json.loads(r.output)["problems"]] == [
        (str(mapping), '$.labels["label:PER"]'), (str(mapping), '$.defaults["claims.quote"]')]
    mapping.write_text(json.dumps({"labels": {**json.loads((A.NER / "mapping.json").read_text())["labels"], "label:PER": "entities:HUMAN"}}))
    r = run(str(A.NER / "export.json"), "--config", str(A.NER / "config.xml"), "--mapping", str(mapping), "--out", str(tmp_path / "x"))
    assert r.exit_code == 1 and f"{mapping}:0: $.labels[\"label:PER\"]: 'entities:HUMAN' is not one of: entities:PERSON" in r.output and "Traceback" not in r.output


def test_mapping_that_is_not_json_is_located(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"labels": {}\n,,}', encoding="utf-8")
    r = run(str(A.NER / "export.json"), "--config", str(A.NER / "config.xml"), "--mapping", str(mapping), "--out", str(tmp_path / "x"), "--json")
    (problem,) = json.loads(r.output)["problems"]
    assert r.exit_code == 1 and problem["file"] == str(mapping) and problem["line"] == 2


def test_meta_file_problems_are_located(tmp_path: Path) -> None:
    meta = tmp_path / "meta.json"
    meta.write_text(json.dumps({"source": "x", "language": "en", "corpus": "synthetic", "synthetic": "yes"}), encoding="utf-8")
    args = [str(A.NER / "export.json"), "--config", str(A.NER / "config.xml"), "--mapping", str(A.NER / "mapping.json"), "--meta", str(meta)]
    r = run(*args, "--out", str(tmp_path / "x"))
    assert r.exit_code == 1
    assert f"{meta}:0: $: 'licence' is required" in r.output and f"{meta}:0: $.synthetic: expected boolean" in r.output


def test_without_meta_the_tasks_are_rejected_and_their_annotations_counted(tmp_path: Path) -> None:
    args = [str(A.NER / "export.json"), "--config", str(A.NER / "config.xml"), "--mapping", str(A.NER / "mapping.json")]
    report = json.loads(run(*args, "--out", str(tmp_path / "x"), "--json").output)
    c = report["counts"]
    assert (c["annotations"], c["annotations_in_rejected_tasks"], c["documents"]) == (3, 3, 0)
    assert all(p["path"].endswith(".data") and "--meta FILE" in p["message"] for p in report["problems"])


def test_config_recorded_in_the_manifest_is_named_as_such(tmp_path: Path) -> None:
    export = tmp_path / "20260101T000000Z.json"
    shutil.copyfile(A.NER / "export.json", export)
    xml = (A.NER / "config.xml").read_text(encoding="utf-8")
    (tmp_path / "MANIFEST.json").write_text(json.dumps({"exports": [{"file": export.name, "label_config": xml, "project_id": 1}]}))
    r = run(str(export), "--out", str(tmp_path / "x"), "--json")
    assert r.exit_code == 1 and json.loads(r.output)["problems"][0]["file"] == f"{tmp_path / 'MANIFEST.json'} label_config"
    r = run(str(export), "--mapping", str(A.NER / "mapping.json"), "--meta", str(A.NER / "meta.json"), "--out", str(tmp_path / "y"), "--json")
    assert r.exit_code == 0, r.output


def test_the_worked_examples_in_the_docs_run(tmp_path: Path) -> None:
    docs = (REPO / "docs" / "LABEL_STUDIO.md").read_text(encoding="utf-8").replace("\\\n", " ")
    commands = re.findall(r"^warclaims ls convert tests/labelstudio/data/adopt\S+.*$", docs, re.M)
    assert len(commands) == 2
    for command in commands:
        args = shlex.split(command)[3:]
        args[args.index("--out") + 1] = str(tmp_path / args[args.index("--out") + 1])
        r = CliRunner().invoke(cli, ["ls", "convert", *[str(REPO / a) if a.startswith("tests/") else a for a in args]])
        assert r.exit_code == 0 and re.search(r"^errors +0$", r.output, re.M), (command, r.output)
