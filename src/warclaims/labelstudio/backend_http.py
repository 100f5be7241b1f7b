"""The ML backend (labelstudio.backend) served over HTTP with the standard library's ThreadingHTTPServer.

Why the standard library and not a framework:
- `label-studio-ml` (the official SDK, 1.0.9 on the index) pins Flask 1.x and drags in its own
  model zoo conventions; it cannot share an environment with current Flask or our pins.
- A framework (Starlette/FastAPI on uvicorn, Flask on a WSGI server) is not installed in the
  project's environment; it would add two or more runtime dependencies to every install and CI
  run for five JSON routes called by one client (the Label Studio server) on loopback, and its
  async machinery buys nothing: a prediction is CPU-bound work under the GIL and is serialised
  by a lock anyway (Pipeline.predict).
- What a framework would give we need little of and do here explicitly: JSON bodies only, a
  Content-Length required and capped (MAX_BODY), a socket timeout per connection, HTTP/1.1
  keep-alive (Label Studio reuses one requests session), one thread per connection, every error
  a JSON `{"error": ...}` with a 4xx/5xx status, and a clean stop (`shutdown`, `server_close`).
The server binds to loopback by default; like Label Studio's own development server, it is for
a workstation or a small team's LAN, not for the open internet (no authentication).
"""

from __future__ import annotations

import json
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import urlsplit

from .backend import Backend, Predicted, ProtocolError

MAX_BODY = 64 * 1024 * 1024
"""Largest request body accepted (a /predict batch of a few thousand articles fits)."""

Log = Callable[[str], None]

ROUTES: dict[tuple[str, str], Callable[[Backend, Any], Any]] = {
    ("GET", "/health"): lambda b, _: b.health(),
    ("GET", "/"): lambda b, _: b.health(),
    ("GET", "/versions"): lambda b, _: b.versions(),
    ("POST", "/setup"): lambda b, body: b.setup(body),
    ("POST", "/predict"): lambda b, body: b.predict_tasks(body),
    ("POST", "/webhook"): lambda b, body: b.webhook(body),
}
"""(method, path) -> handler; paths with a trailing slash are the same route."""


class BackendServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer holding the Backend and a log function."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], backend: Backend, log: Log) -> None:
        self.backend = backend
        self.log = log
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        """Base URL the server listens on."""
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


def describe(record: Predicted) -> str:
    """One log line for a /predict call: regions per task and what the config could not show."""
    parts = [f"task {t}: {n} region(s)" + (f", left out {record.dropped[t]}" if t in record.dropped else "")
             for t, n in record.regions.items()]
    if record.no_text:
        parts.append(f"no text in task(s) {record.no_text}: empty prediction")
    return "; ".join(parts) or "no tasks"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds a connection may stall mid-request before its thread gives up
    server: BackendServer

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        t0 = time.perf_counter()
        path = urlsplit(self.path).path.rstrip("/") or "/"
        route = ROUTES.get((method, path))
        note = ""
        if route is None:
            known = any(p == path for _, p in ROUTES)
            status, payload = (405, {"error": f"{method} not allowed on {path}"}) if known else (404, {"error": f"no route {path}"})
            self._discard_body()
        else:
            status, payload, note = self._run(method, path, route)
        self._send(status, payload)
        self.server.log(f"{method} {path} {status} {1000 * (time.perf_counter() - t0):.0f} ms" + (f": {note}" if note else ""))

    def _run(self, method: str, path: str, route: Callable[[Backend, Any], Any]) -> tuple[int, Any, str]:
        body: Any = None
        if method == "POST":
            status, body = self._read_json()
            if status != 200:
                return status, body, body["error"]
        try:
            out = route(self.server.backend, body)
        except ProtocolError as e:
            return 400, {"error": str(e)}, str(e)
        except Exception as e:  # a bug of ours: answer 500, keep serving, log the traceback
            self.server.log(traceback.format_exc())
            return 500, {"error": f"internal error: {type(e).__name__}: {e}"}, "internal error"
        if isinstance(out, tuple):  # /predict: (response, record)
            return 200, out[0], describe(out[1])
        return 200, out, ""

    def _read_json(self) -> tuple[int, Any]:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.close_connection = True
            return 411, {"error": "send a Content-Length (chunked bodies are not accepted)"}
        raw = self.headers.get("Content-Length")
        try:
            length = int(raw) if raw is not None else 0
        except ValueError:
            self.close_connection = True
            return 400, {"error": f"bad Content-Length {raw!r}"}
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            return 413, {"error": f"body of {length} bytes (at most {MAX_BODY})"}
        data = self.rfile.read(length)
        try:
            return 200, json.loads(data) if data else None
        except (ValueError, UnicodeDecodeError) as e:
            return 400, {"error": f"body is not JSON: {e}"}

    def _discard_body(self) -> None:
        raw = self.headers.get("Content-Length")
        if raw and raw.isdigit() and int(raw) <= MAX_BODY:
            self.rfile.read(int(raw))
        elif raw:
            self.close_connection = True

    def _send(self, status: int, payload: Any) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence http.server's own access log: _dispatch logs each request once, with timing."""

    def log_error(self, format: str, *args: Any) -> None:
        """Malformed requests go to the log; an idle keep-alive connection timing out does not."""
        message = format % args
        if not message.startswith("Request timed out"):
            self.server.log(f"HTTP error from {self.client_address[0]}: {message}")


def make_server(backend: Backend, host: str = "127.0.0.1", port: int = 0, log: Log = lambda _: None) -> BackendServer:
    """Bind (port 0: a free one) and return the server; call serve_forever() to serve."""
    return BackendServer((host, port), backend, log)
