"""`ls serve` never sends the token to a server it did not start (issue 14).

The "other process" here is a small HTTP server that answers /health like Label Studio and
records every request: a fault a real Label Studio cannot be made to produce on demand.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from warclaims.cli import cli
from warclaims.cli.guard import MARKER
from warclaims.labelstudio.server import CREDENTIALS_FILE, LocalServer, ServerError, free_port, group_listens_on, port_is_free

IMPOSTOR = textwrap.dedent('''
    import http.server, json, sys
    log = open(sys.argv[2], "a")
    class H(http.server.BaseHTTPRequestHandler):
        def _answer(self):
            log.write(json.dumps({"path": self.path, "headers": dict(self.headers)}) + "\\n"); log.flush()
            body = b'{"status": "UP"}'
            self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
        do_GET = do_POST = do_PATCH = _answer
        def log_message(self, *a): pass
    http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
''')


def wait_listening(port: int) -> None:
    for _ in range(200):
        if not port_is_free(port):
            return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on {port}")


@pytest.fixture()
def impostor(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """Another local process answering /health on a port; yields (port, request log)."""
    port, log = free_port(), tmp_path / "impostor.log"
    script = tmp_path / "impostor.py"
    script.write_text(IMPOSTOR, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(port), str(log)])
    try:
        wait_listening(port)
        yield port, log
    finally:
        proc.kill()
        proc.wait()


def requests_seen(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def test_port_probes_and_listener_ownership() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert not port_is_free(port)
        assert group_listens_on(os.getpgid(0), port) is True
        assert group_listens_on(os.getpgid(0) + 100000, port) is False
    assert port_is_free(port)


def test_serve_on_a_taken_port_sends_nothing(impostor: tuple[int, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    port, log = impostor
    fake = tmp_path / "label-studio"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(0o700)
    monkeypatch.setenv("WARCLAIMS_LABEL_STUDIO", str(fake))
    data = tmp_path / "data"
    result = CliRunner().invoke(cli, ["ls", "serve", "--data-dir", str(data), "--port", str(port)])
    token = json.loads((data / CREDENTIALS_FILE).read_text())["token"]
    assert result.exit_code == 1, result.output
    assert f"port {port} on 127.0.0.1 is already in use by another process; nothing was sent to it" in result.stderr
    assert "Traceback" not in result.output and MARKER not in result.stderr and token not in result.output
    assert requests_seen(log) == []
    assert data.is_dir() and oct(data.stat().st_mode & 0o777) == "0o700"  # kept, private


def test_a_port_taken_after_the_check_is_detected_before_the_token_is_sent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The started 'Label Studio' lets another session grab its port (as if it moved on): the
    answering server is not in our process group, so start() fails and the impostor saw only /health."""
    script = tmp_path / "impostor.py"
    script.write_text(IMPOSTOR, encoding="utf-8")
    log, pid_file = tmp_path / "impostor.log", tmp_path / "impostor.pid"
    fake = tmp_path / "label-studio"
    fake.write_text(textwrap.dedent(f'''\
        #!{sys.executable}
        import subprocess, sys, time
        port = sys.argv[sys.argv.index("--port") + 1]
        p = subprocess.Popen([{sys.executable!r}, {str(script)!r}, port, {str(log)!r}], start_new_session=True)
        open({str(pid_file)!r}, "w").write(str(p.pid))
        time.sleep(600)
    '''))
    fake.chmod(0o700)
    monkeypatch.setenv("WARCLAIMS_LABEL_STUDIO", str(fake))
    from warclaims.labelstudio.server import Credentials

    server = LocalServer(tmp_path / "data", Credentials.generate())
    try:
        with pytest.raises(ServerError, match="is not the Label Studio started here"):
            server.start(timeout=60)
    finally:
        if pid_file.exists():
            os.kill(int(pid_file.read_text()), signal.SIGKILL)
    assert server.proc is not None and server.proc.poll() is not None  # our child was stopped
    seen = requests_seen(log)
    assert seen and all(r["path"] == "/health" and "Authorization" not in r["headers"] for r in seen)
