"""The ML backend over HTTP (warclaims.labelstudio.backend_http): routes, JSON errors with their
status, limits, keep-alive, a bug answered 500 while the server keeps serving, clean stop."""

from __future__ import annotations

import http.client
import json
import threading
from typing import Any, Iterator

import pytest
import requests

from warclaims.labelstudio import backend_http
from warclaims.labelstudio.backend import Backend
from warclaims.paths import labeling_config_path

from .test_backend import TEXT, stub_predict


@pytest.fixture
def served() -> Iterator[tuple[str, list[str], Backend]]:
    log: list[str] = []
    backend = Backend(stub_predict, "stub@0.0.1")
    server = backend_http.make_server(backend, log=log.append)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.url, log, backend
    server.shutdown()
    server.server_close()
    thread.join(5)
    assert not thread.is_alive()  # shutdown stops serve_forever: the clean stop `ls backend` relies on


def raw(url: str, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> tuple[int, Any]:
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request(method, path, body=body, headers=headers or {})
    resp = conn.getresponse()
    out = resp.status, json.loads(resp.read())
    conn.close()
    return out


def test_routes_answer_json_with_one_log_line_each(served: tuple[str, list[str], Backend]) -> None:
    url, log, _ = served
    with requests.Session() as s:  # one keep-alive connection, as Label Studio's session does
        assert s.get(url + "/health").json()["status"] == "UP"
        assert s.get(url + "/health/").json()["status"] == "UP"
        assert s.get(url + "/versions").json() == {"versions": ["stub@0.0.1"]}
        body = {"tasks": [{"id": 5, "data": {"text": TEXT}}], "label_config": labeling_config_path().read_text(encoding="utf-8")}
        out = s.post(url + "/predict", json=body)
        assert out.status_code == 200 and len(out.json()["results"]) == 1
        assert s.post(url + "/webhook", json={"action": "ANNOTATION_UPDATED"}).json()["trained"] is False
    assert len(log) == 5 and log[3].startswith("POST /predict 200") and "task 5: 5 region(s)" in log[3]


@pytest.mark.parametrize("method, path, body, headers, status, message", [
    ("GET", "/nowhere", b"", {}, 404, "no route /nowhere"),
    ("GET", "/predict", b"", {}, 405, "GET not allowed"),
    ("POST", "/predict", b"{nope", {}, 400, "not JSON"),
    ("POST", "/predict", b"[]", {}, 400, "JSON object"),
    ("POST", "/setup", b"", {"Content-Length": str(backend_http.MAX_BODY + 1)}, 413, "at most"),
    ("POST", "/setup", b"", {"Content-Length": "ten"}, 400, "bad Content-Length"),
    ("POST", "/setup", b"", {"Transfer-Encoding": "chunked"}, 411, "Content-Length"),
])
def test_bad_requests_get_a_status_and_a_json_error(served: tuple[str, list[str], Backend], method: str, path: str,
                                                    body: bytes, headers: dict[str, str], status: int, message: str) -> None:
    got, payload = raw(served[0], method, path, body, headers)
    assert got == status and message in payload["error"]
    assert requests.get(served[0] + "/health").status_code == 200  # still serving


def test_a_bug_is_a_500_with_the_traceback_logged_and_the_server_keeps_serving(served: tuple[str, list[str], Backend]) -> None:
    url, log, backend = served

    def broken(articles: Any) -> list[dict[str, Any]]:
        raise RuntimeError("model exploded")

    backend.predict = broken
    body = {"tasks": [{"id": 1, "data": {"text": TEXT}}], "label_config": labeling_config_path().read_text(encoding="utf-8")}
    out = requests.post(url + "/predict", json=body)
    assert out.status_code == 500 and "model exploded" in out.json()["error"]
    assert any("Traceback" in line and "model exploded" in line for line in log)
    assert requests.get(url + "/health").status_code == 200
