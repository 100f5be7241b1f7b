"""`ls serve` keeps every annotation: annotate through the API, Ctrl-C, start again, pull (issue 15).

Runs the real CLI as a subprocess on the default data dir (WARCLAIMS_LS_HOME/data, a temp dir
here, see conftest) with a real Label Studio; the data dir starts as a copy of the migrated
template with loose modes (0755/0644) that serve must make owner-only.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from warclaims.cli import cli
from warclaims.labelstudio import ops
from warclaims.labelstudio.api import Api
from warclaims.labelstudio.home import connection_path, default_data_dir, read_connection_file

from . import e2e_data as E

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]


def start(*args: str) -> tuple[subprocess.Popen[str], list[str]]:
    """`warclaims ls serve ARGS` until it says how to stop it; returns the process and its stdout lines."""
    exe = str(Path(sys.executable).parent / "warclaims")
    proc = subprocess.Popen([exe, "ls", "serve", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("Ctrl-C"):
            break
    assert lines and lines[-1].startswith("Ctrl-C"), "".join(lines) + (proc.stderr.read() if proc.stderr else "")
    return proc, lines


def stop(proc: subprocess.Popen[str], lines: list[str]) -> str:
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=90)
    assert proc.returncode == 0, "".join(lines) + out + err
    return "".join(lines) + out + err


def private(path: Path) -> bool:
    """path and everything below it owner-only (folders 0700, files 0600)."""
    for dirpath, dirnames, filenames in os.walk(path):
        for name, want in [(".", 0o700)] + [(d, 0o700) for d in dirnames] + [(f, 0o600) for f in filenames]:
            if stat.S_IMODE(os.lstat(os.path.join(dirpath, name)).st_mode) != want:
                return False
    return True


def test_annotations_survive_a_stop_and_a_start(tmp_path: Path) -> None:
    from warclaims.labelstudio.server import ServerError, label_studio_executable, prepare_from_template

    try:
        label_studio_executable()
    except ServerError as e:
        pytest.skip(str(e))
    data = default_data_dir()
    prepare_from_template(data, REPO / ".cache" / "ls-template")
    for p in [data, *data.rglob("*")]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)

    proc, lines = start("--import", str(DATA / "articles.jsonl"))
    try:
        conn = read_connection_file(connection_path())
        assert conn is not None and stat.S_IMODE(connection_path().stat().st_mode) == 0o600
        assert private(data) and stat.S_IMODE(data.parent.stat().st_mode) == 0o700
        api = Api(conn.url, conn.token)
        pid = ops.project_id(api, "WarClaims")
        task = ops.tasks_by_doc_id(api, pid)["synthetic-arabic"]
        text = task["data"]["text"]
        result = [E.region(text, "r1", "حمص", "entity", "LOC")]
        made = api.json("POST", f"/api/tasks/{task['id']}/annotations", json={"result": result})
    except BaseException:
        proc.kill()
        raise
    first = stop(proc, lines)
    assert f"Data dir: {data} (existing data, used again; kept when the server stops)" in first
    assert f"Stopped. The data is kept in {data}" in first and "4 article(s) imported" in first
    assert conn.token not in first and conn.token not in (data / "server.log").read_text(encoding="utf-8", errors="replace")
    assert (data / "label_studio.sqlite3").is_file() and private(data)
    assert not connection_path().exists()  # the server is gone: no stale URL for the other commands

    proc, lines = start()
    try:
        pulled = CliRunner().invoke(cli, ["ls", "pull", "--out", str(tmp_path / "exports"), "--json"],
                                    env={"LABEL_STUDIO_URL": None, "LABEL_STUDIO_API_KEY": None})
        assert pulled.exit_code == 0, pulled.output
        assert f"(URL and token from connection file {connection_path()})" in pulled.stderr
    finally:
        second = stop(proc, lines)
    assert "existing data, used again" in second and conn.token not in second + pulled.output
    export = json.loads((tmp_path / "exports" / json.loads(pulled.stdout)["exports"][0]["file"]).read_text(encoding="utf-8"))
    annotations = [a for t in export for a in t["annotations"]]
    assert [(a["id"], a["result"][0]["value"]["text"]) for a in annotations] == [(made["id"], "حمص")]
    assert len(export) == 4
