"""`warclaims ls` through the CLI: help, exit codes, convert output, pull --from-file, serve."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from warclaims.cli import cli

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("cmd", ["serve", "setup", "import", "pull", "convert"])
def test_help_has_example(cmd: str) -> None:
    r = run("ls", cmd, "--help")
    assert r.exit_code == 0 and "Example:" in r.output


def test_convert_writes_records_and_table(tmp_path: Path) -> None:
    out = tmp_path / "docs.jsonl"
    r = CliRunner().invoke(cli, ["ls", "convert", str(DATA / "small_export.json"), "--out", str(out), "--guidelines-version", "0.1.0",
                                 "--tool-version", "label-studio 1.23.2"])
    assert r.exit_code == 0, r.output
    lines = lambda p: [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines()]  # noqa: E731
    assert lines(out) == lines(DATA / "small_expected.jsonl")
    assert "excluded_cancelled" in r.output and "repaired: " in r.output


def test_convert_json_needs_out() -> None:
    assert run("ls", "convert", str(DATA / "small_export.json"), "--json").exit_code == 2


def test_convert_errors_exit_1_located(tmp_path: Path) -> None:
    tasks = json.loads((DATA / "small_export.json").read_text(encoding="utf-8"))
    tasks[0]["annotations"][1]["result"][0]["value"]["labels"] = ["NEWSPAPER"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(tasks), encoding="utf-8")
    r = run("ls", "convert", str(bad), "--out", str(tmp_path / "o.jsonl"), "--json")
    assert r.exit_code == 1
    report = json.loads(r.output)
    assert report["problems"][0]["path"] == "$[0].annotations[1].result[0].value.labels[0]"
    assert report["problems"][0]["message"].startswith("task 11: label 'NEWSPAPER'")
    assert report["counts"]["annotations_with_errors"] == 1 and report["counts"]["documents"] == 2


def test_convert_bad_mapping_exit_1(tmp_path: Path) -> None:
    m = tmp_path / "m.json"
    m.write_text('{"colours": {}}', encoding="utf-8")
    r = run("ls", "convert", str(DATA / "small_export.json"), "--mapping", str(m))
    assert r.exit_code == 1 and "unknown section" in r.output


def test_setup_without_token_is_usage_error() -> None:
    env = {k: v for k, v in os.environ.items() if k != "LABEL_STUDIO_API_KEY"}
    r = CliRunner(env=env).invoke(cli, ["ls", "setup"])
    assert r.exit_code == 2


def test_import_rejects_bad_articles_before_any_request(tmp_path: Path) -> None:
    arts = tmp_path / "a.jsonl"
    arts.write_text('{"id": "x", "text": "t", "meta": {"source": "s"}}\n', encoding="utf-8")
    r = run("ls", "import", "--url", "http://127.0.0.1:9", "--token", "t", str(arts))
    assert r.exit_code == 1 and "a.jsonl:1: $.meta" in r.output


def test_pull_from_file_then_convert(tmp_path: Path) -> None:
    r = run("ls", "pull", "--from-file", str(DATA / "small_export.json"), "--out", str(tmp_path), "--json")
    assert r.exit_code == 0, r.output
    (entry,) = json.loads(r.output)["exports"]
    saved = tmp_path / entry["file"]
    assert saved.read_bytes() == (DATA / "small_export.json").read_bytes()
    assert entry["guidelines_version"] == "0.2.0" and entry["source"] == "file:small_export.json"
    r2 = run("ls", "pull", "--from-file", str(DATA / "small_export.json"), "--out", str(tmp_path), "--json")
    assert json.loads(r2.output)["exports"][0]["file"] != entry["file"]
    assert len(json.loads((tmp_path / "MANIFEST.json").read_text())["exports"]) == 2
    r3 = run("ls", "convert", str(saved), "--out", str(tmp_path / "d.jsonl"), "--json")
    assert r3.exit_code == 0
    first = json.loads((tmp_path / "d.jsonl").read_text().splitlines()[0])
    assert first["meta"]["annotation"]["guidelines_version"] == "0.2.0"


@pytest.mark.labelstudio
@pytest.mark.slow
def test_serve_prints_login_not_token_and_stops_on_ctrl_c(tmp_path: Path, label_studio: object) -> None:
    from warclaims.labelstudio.server import CREDENTIALS_FILE

    data = tmp_path / "data"
    shutil.copytree(REPO / ".cache" / "ls-template", data)
    token = json.loads((data / CREDENTIALS_FILE).read_text())["token"]
    exe = str(Path(sys.executable).parent / "warclaims")
    proc = subprocess.Popen([exe, "ls", "serve", "--data-dir", str(data), "--import", str(DATA / "articles.jsonl")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("Ctrl-C"):
            break
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    text = "".join(lines) + out + err
    assert proc.returncode == 0, text
    assert "4 article(s) imported" in text and "Password:" in text and "URL:       http://127.0.0.1:" in text
    assert token not in text
