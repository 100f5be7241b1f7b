"""Faults a real server cannot produce on demand, from a fake HTTP server: HTTP 500, a connection
that dies mid-download, timeouts. Retries with backoff, then a clear error and no partial file."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

from warclaims.labelstudio.api import Api, ApiError
from warclaims.labelstudio.ops import download_to

BODY = b'[{"id": 1, "data": {"text": "x"}}]' * 50


class Fake:
    """Serves BODY after the scripted faults: '500', 'die' (half the body, then close), 'slow'."""

    def __init__(self, faults: list[str]) -> None:
        self.faults = faults
        self.requests = 0


@pytest.fixture()
def fake() -> Iterator[tuple[Fake, str]]:
    state = Fake([])

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            state.requests += 1
            fault = state.faults.pop(0) if state.faults else "ok"
            if fault == "500":
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if fault == "slow":
                time.sleep(0.6)
            self.send_response(200)
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            if fault == "die":
                self.wfile.write(BODY[: len(BODY) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(BODY)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def api(url: str) -> Api:
    return Api(url, "secret-token", timeout=0.3, retries=2, backoff=0.01)


@pytest.mark.parametrize("faults", [["500"], ["die"], ["slow"], ["500", "die"]])
def test_retries_then_succeeds(fake: tuple[Fake, str], tmp_path: Path, faults: list[str]) -> None:
    state, url = fake
    state.faults = list(faults)
    dest = tmp_path / "export.json"
    download_to(api(url), "/download", dest)
    assert dest.read_bytes() == BODY and state.requests == len(faults) + 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json"]


@pytest.mark.parametrize("fault", ["500", "die", "slow"])
def test_gives_up_with_clear_error_and_no_file(fake: tuple[Fake, str], tmp_path: Path, fault: str) -> None:
    state, url = fake
    state.faults = [fault] * 3
    with pytest.raises(ApiError, match="failed after 3 attempts.*nothing written") as e:
        download_to(api(url), "/download", tmp_path / "export.json")
    assert "secret-token" not in str(e.value)
    assert list(tmp_path.iterdir()) == []


def test_never_overwrites(fake: tuple[Fake, str], tmp_path: Path) -> None:
    _, url = fake
    dest = tmp_path / "export.json"
    dest.write_bytes(b"old")
    with pytest.raises(ApiError, match="already exists; not overwritten"):
        download_to(api(url), "/download", dest)
    assert dest.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["export.json"]


def test_api_request_retries_5xx(fake: tuple[Fake, str]) -> None:
    state, url = fake
    state.faults = ["500", "500"]
    assert api(url).request("GET", "/x").content == BODY and state.requests == 3
