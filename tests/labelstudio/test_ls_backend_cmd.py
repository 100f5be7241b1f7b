"""`warclaims ls backend` as a user runs it: start from saved models, answer Label Studio's
routes, stop cleanly on SIGINT; bad folders, taken ports and bad options are located errors."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from warclaims.baselines import persist
from warclaims.cli import cli
from warclaims.labelstudio.server import free_port
from warclaims.paths import labeling_config_path

from .live_backend import synthetic_pipeline

TEXT = "Reuters reported that Hezbollah fighters withdrew from Homs."  # synthetic


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `baselines run --save-models --out DIR` leaves, from models fitted on synthetic documents."""
    root = tmp_path_factory.mktemp("models")
    fitted = synthetic_pipeline()
    for spec, est in fitted.fitted:
        persist.save(est, root / "runs" / spec.name / "0.0.1" / "model.joblib", name=spec.name)
    return root


def test_help_has_an_example() -> None:
    r = CliRunner().invoke(cli, ["ls", "backend", "--help"])
    assert r.exit_code == 0 and "Example:" in r.output and "warclaims ls backend --port 9090" in r.output


def test_serves_the_saved_models_and_stops_on_sigint(model_dir: Path) -> None:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "warclaims", "ls", "backend", "--port", str(port), "--model", str(model_dir),
                             "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.communicate()
            try:
                health = requests.get(url + "/health", timeout=2).json()
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "backend did not come up"
                time.sleep(0.2)
        assert health["model_version"] == "entities-crf+claims-linear+stance-linear-e2e@0.0.1"
        body = {"tasks": [{"id": 3, "data": {"text": TEXT}}], "label_config": labeling_config_path().read_text(encoding="utf-8")}
        result = requests.post(url + "/predict", json=body, timeout=30).json()["results"][0]
        assert result["model_version"] == health["model_version"]
        assert all(TEXT[r["value"]["start"]:r["value"]["end"]] == r["value"]["text"] for r in result["result"] if "value" in r)
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    start = json.loads(out)
    assert start["url"] == url and start["source"] == str(model_dir) and start["model_version"] == health["model_version"]
    assert "POST /predict 200" in err and "task 3:" in err and err.rstrip().endswith("Stopped.")
    assert "Traceback" not in err


def test_a_folder_without_saved_models_is_a_located_error(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["ls", "backend", "--model", str(tmp_path)])
    assert r.exit_code == 1 and str(tmp_path) in r.output and "--save-models" in r.output


def test_a_missing_release_is_a_located_error(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["ls", "backend", "--dataset", str(tmp_path / "nothing")])
    assert r.exit_code == 1 and "RELEASE.json" in r.output


def test_a_taken_port_is_a_located_error(model_dir: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = CliRunner().invoke(cli, ["ls", "backend", "--model", str(model_dir), "--port", str(port)])
    assert r.exit_code == 1 and f"cannot listen on 127.0.0.1:{port}" in r.output


@pytest.mark.parametrize("args", [["ls", "backend", "--port", "0"], ["ls", "backend", "--only", "nope"],
                                  ["ls", "setup", "--token", "t", "--backend", "ftp://127.0.0.1:9090"]])
def test_bad_options_are_usage_errors(args: list[str]) -> None:
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 2, r.output
