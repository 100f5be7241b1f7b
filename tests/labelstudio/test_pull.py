"""`ls pull` against faults a real server cannot produce on demand, from a small fake HTTP server
(stdlib, in a thread): a body cut short with or without Content-Length, a chunked body cut, an
HTML login page, a body that is not a list of tasks, HTTP 500 on export creation, a server that
drips one byte at a time (in the body or in the headers). Each case asserts exit 1, a message
naming the project and request, no traceback, no token, and the out folder unchanged (hashed).
The normal path against the real server is in test_end_to_end.py and test_pull_passes.py.
The export bodies are synthetic.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest
from click.testing import CliRunner

from warclaims.cli import cli
from warclaims.labelstudio.api import Api, ApiError
from warclaims.labelstudio.pull import download, file_names, read_manifest
from warclaims.labelstudio.sdk import client

TOKEN = "s3cret-token-for-the-fake"
TASKS = [{"id": i, "data": {"text": "synthetic text", "doc_id": f"synthetic-{i}", "meta": {}}, "annotations": []} for i in range(300)]
BODY = json.dumps(TASKS).encode()
HTML = b"<!DOCTYPE html>\n<html><head><title>Login | Label Studio</title></head><body><form>...</form></body></html>"
DOWNLOAD = "/api/projects/1/exports/7/download"


class Fake:
    """What the fake server does: `download` and `export` name the behaviour of those two calls
    (for every request), `requests` counts the requests per path."""

    def __init__(self) -> None:
        self.download = "ok"
        self.export = "ok"
        self.headers_drip = False
        self.requests: dict[str, int] = {}
        self.stop = threading.Event()


def _handler(state: Fake) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def send(self, status: int, body: bytes, content_type: str = "application/json", length: int | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if length is not None:
                self.send_header("Content-Length", str(length))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True

        def drip(self, data: bytes) -> None:
            for i in range(len(data)):
                if state.stop.wait(0.3):
                    return
                self.wfile.write(data[i:i + 1])
                self.wfile.flush()

        def do_GET(self) -> None:
            path = self.path.split("?")[0].rstrip("/")  # the SDK asks for /api/projects/, requests for /api/projects
            state.requests[path] = state.requests.get(path, 0) + 1
            try:
                self.answer(path)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.do_GET()

        def answer(self, path: str) -> None:
            if path == "/api/projects" and state.headers_drip:
                self.drip(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]")
                return
            if path == "/api/projects":
                title = self.path.split("title=")[1].split("&")[0] if "title=" in self.path else ""
                found = [{"id": 1, "title": "WarClaims"}] if title == "WarClaims" else []
                return self.send(200, json.dumps({"results": found}).encode(), length=len(json.dumps({"results": found})))
            if path == "/api/projects/1":
                body = json.dumps({"id": 1, "title": "WarClaims", "label_config": "<View/>", "description": ""}).encode()
                return self.send(200, body, length=len(body))
            if path == "/api/projects/1/exports":
                if state.export == "500":
                    return self.send(500, b"Server Error", "text/html", length=12)
                return self.send(201, b'{"id": 7}', length=9)
            if path == "/api/version":
                return self.send(200, b'{"release": "1.23.2"}', length=21)
            if path == DOWNLOAD:
                return self.download(state.download)
            self.send(404, b"{}", length=2)

        def download(self, fault: str) -> None:
            half = BODY[: len(BODY) // 2]
            if fault == "ok":
                self.send(200, BODY, length=len(BODY))
            elif fault == "cut_with_length":
                self.send(200, half, length=len(BODY))
            elif fault == "cut_without_length":
                self.send(200, half)
            elif fault == "chunked_cut":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(half), half))  # no closing 0-length chunk
                self.close_connection = True
            elif fault == "html":
                self.send(200, HTML, "text/html; charset=utf-8", length=len(HTML))
            elif fault == "html_as_json":
                self.send(200, HTML, length=len(HTML))
            elif fault == "object":
                self.send(200, b'{"detail": "ok"}', length=16)
            elif fault == "not_tasks":
                self.send(200, b'[{"id": 1, "data": "x"}, "x"]', length=29)
            elif fault == "forbidden":
                self.send(403, b'{"detail": "Authentication credentials were not provided."}', length=59)
            elif fault == "drip":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(BODY)))
                self.end_headers()
                self.drip(BODY)
                self.close_connection = True

    return Handler


@pytest.fixture()
def fake() -> Iterator[tuple[Fake, str]]:
    state = Fake()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}"
    state.stop.set()
    server.shutdown()
    server.server_close()


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones too) with its sha256."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    """An exports folder that already holds one recorded export."""
    folder = tmp_path / "pulls"
    folder.mkdir()
    (folder / "20260101T000000000000Z.json").write_bytes(b"[]")
    (folder / "MANIFEST.json").write_text(json.dumps({"exports": [{"file": "20260101T000000000000Z.json"}]}), encoding="utf-8")
    return folder


def pull(url: str, out: Path, *extra: str) -> Any:
    return CliRunner().invoke(cli, ["ls", "pull", "--url", url, "--token", TOKEN, "--out", str(out), *extra])


def assert_refused(result: Any, before: dict[str, str], out: Path, *fragments: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and TOKEN not in result.output
    assert result.stderr.startswith("Error: pull failed, nothing kept: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr
    assert tree(out) == before


def test_a_good_download_is_kept_and_recorded(fake: tuple[Fake, str], out: Path) -> None:
    _, url = fake
    result = pull(url, out, "--json")
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["exports"]
    assert (out / entry["file"]).read_bytes() == BODY
    assert (entry["tasks"], entry["pass"], entry["project_id"], entry["sha256"]) == (300, None, 1, hashlib.sha256(BODY).hexdigest())
    manifest = json.loads((out / "MANIFEST.json").read_text(encoding="utf-8"))
    assert [e["file"] for e in manifest["exports"]] == ["20260101T000000000000Z.json", entry["file"]]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(("fault", "fragment"), [
    ("cut_with_length", "failed after 4 attempts (RemoteProtocolError)"),
    ("cut_without_length", "not valid JSON, or cut short (line 1"),
    ("chunked_cut", "failed after 4 attempts (RemoteProtocolError)"),
    ("html", "content type 'text/html; charset=utf-8', not JSON (a login or error page? check --url and the token)"),
    ("html_as_json", "an HTML page, not a JSON export"),
    ("object", "$: a full-JSON export is a list of tasks, got object"),
    ("not_tasks", "$[0]: a task must be an object with a data object, got an object without a data object"),
    ("forbidden", "HTTP 403: {\"detail\": \"Authentication credentials were not provided.\"}"),
])
def test_a_bad_download_keeps_nothing(fake: tuple[Fake, str], out: Path, fault: str, fragment: str) -> None:
    state, url = fake
    state.download = fault
    before = tree(out)
    assert_refused(pull(url, out), before, out, f"project 'WarClaims' (id 1): GET {DOWNLOAD}?exportType=JSON: ", fragment)


def test_export_creation_answering_500_keeps_nothing(fake: tuple[Fake, str], out: Path) -> None:
    state, url = fake
    state.export = "500"
    before = tree(out)
    assert_refused(pull(url, out), before, out,
                   "project 'WarClaims' (id 1): POST /api/projects/1/exports/: failed after 4 attempts (HTTP 500)")
    assert DOWNLOAD not in state.requests


def test_a_missing_out_folder_stays_missing_after_a_failure(fake: tuple[Fake, str], tmp_path: Path) -> None:
    state, url = fake
    state.download = "html"
    result = pull(url, tmp_path / "new")
    assert result.exit_code == 1 and not (tmp_path / "new").exists()


@pytest.mark.parametrize("where", ["body", "headers"])
def test_a_dripping_server_is_cut_off_by_the_overall_deadline(fake: tuple[Fake, str], out: Path, where: str) -> None:
    """One byte every 0.3 s would take minutes; the per-read timeout (60 s) never fires."""
    state, url = fake
    state.download, state.headers_drip = ("drip", False) if where == "body" else ("ok", True)
    before = tree(out)
    started = time.monotonic()
    result = pull(url, out, "--timeout", "1.5")
    elapsed = time.monotonic() - started
    assert_refused(result, before, out, "the network deadline of 1.5 s (--timeout) passed while talking to Label Studio")
    assert elapsed < 6, elapsed


def test_a_corrupt_manifest_stops_the_pull_before_any_request(fake: tuple[Fake, str], out: Path) -> None:
    state, url = fake
    (out / "MANIFEST.json").write_text('{"exports": [], "exports": []}', encoding="utf-8")
    before = tree(out)
    assert_refused(pull(url, out), before, out, f"{out / 'MANIFEST.json'}: cannot be read (", "exports")
    assert state.requests == {}


def test_a_missing_project_is_named(fake: tuple[Fake, str], out: Path) -> None:
    _, url = fake
    before = tree(out)
    assert_refused(pull(url, out, "--project", "Nope"), before, out, "no project titled 'Nope' and no pass project of it")
    assert_refused(pull(url, out, "--pass", "second"), before, out, "no project titled 'WarClaims (second pass)'")


@pytest.mark.parametrize("timeout", ["0", "-1", "nan", "1e9"])
def test_timeout_is_bounded(timeout: str, out: Path) -> None:
    result = pull("http://127.0.0.1:9", out, "--timeout", timeout)
    assert result.exit_code == 2 and "Invalid value for '--timeout'" in result.output


def test_download_retries_a_cut_body_then_succeeds(fake: tuple[Fake, str], tmp_path: Path) -> None:
    state, url = fake
    state.download = "cut_with_length"
    api = Api(url, TOKEN, timeout=5, retries=2, backoff=0.01)

    def heal() -> None:
        while state.requests.get(DOWNLOAD, 0) < 1:
            time.sleep(0.01)
        state.download = "ok"

    healer = threading.Thread(target=heal)
    healer.start()
    with client(api) as ls:
        pending, sha, size, tasks = download(api, ls, 1, 7, tmp_path / "export.json")
    healer.join()
    try:
        assert (pending.temp.read_bytes(), size, tasks) == (BODY, len(BODY), 300)
        assert sha == hashlib.sha256(BODY).hexdigest() and state.requests[DOWNLOAD] >= 2
    finally:
        pending.abort()
    assert list(tmp_path.iterdir()) == []


def test_api_json_refuses_an_html_page(fake: tuple[Fake, str]) -> None:
    state, url = fake
    state.download = "html_as_json"
    with pytest.raises(ApiError, match="answered with an HTML page, not JSON"):
        Api(url, TOKEN).json("GET", DOWNLOAD)


def test_file_names_per_pass_and_unique() -> None:
    got = file_names([({"id": 1}, None), ({"id": 2}, "first"), ({"id": 3}, "second"), ({"id": 4}, "second")], "S")
    assert got == ["S.json", "S-first.json", "S-second-p3.json", "S-second-p4.json"]


def test_read_manifest(tmp_path: Path) -> None:
    assert read_manifest(tmp_path) == {"exports": []}
    (tmp_path / "MANIFEST.json").write_text("[]", encoding="utf-8")
    with pytest.raises(Exception, match=r"\$\.exports: expected an object with an exports list"):
        read_manifest(tmp_path)


@pytest.mark.parametrize("command", [["setup"], ["import", str(Path(__file__).parent / "data" / "articles.jsonl")]])
def test_other_commands_keep_the_deadline(fake: tuple[Fake, str], command: list[str]) -> None:
    """`ls setup` and `ls import` against a server dripping its headers end on time."""
    state, url = fake
    state.headers_drip = True
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["ls", *command, "--url", url, "--token", TOKEN, "--timeout", "1"])
    assert result.exit_code == 1, result.output
    assert "the network deadline of 1 s (--timeout) passed while talking to Label Studio" in result.stderr
    assert "Traceback" not in result.output and TOKEN not in result.output
    assert time.monotonic() - started < 6


def test_an_existing_file_is_never_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two stores within one timestamp (forced here): the second keeps nothing and says why."""
    import warclaims.labelstudio.pull as pull_module

    monkeypatch.setattr(pull_module, "utc_stamp", lambda: "20260101T000000000000Z")
    src = tmp_path / "export.json"
    src.write_bytes(BODY)
    out = tmp_path / "pulls"
    first = CliRunner().invoke(cli, ["ls", "pull", "--from-file", str(src), "--out", str(out)])
    assert first.exit_code == 0, first.output
    before = tree(out)
    again = CliRunner().invoke(cli, ["ls", "pull", "--from-file", str(src), "--out", str(out)])
    assert again.exit_code == 1 and f"{out / '20260101T000000000000Z.json'}: already exists; not overwritten" in again.stderr
    assert tree(out) == before


def test_a_failed_manifest_write_takes_the_kept_file_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A disk-full moment at the manifest write must not leave an unrecorded export behind."""
    import warclaims.labelstudio.pull as pull_module

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    src = tmp_path / "export.json"
    src.write_bytes(BODY)
    out = tmp_path / "pulls"
    out.mkdir()
    monkeypatch.setattr(pull_module, "write_text", full)
    result = CliRunner().invoke(cli, ["ls", "pull", "--from-file", str(src), "--out", str(out)])
    assert result.exit_code == 1 and "cannot keep the export ([Errno 28] No space left on device)" in result.stderr
    assert list(out.iterdir()) == []


def test_a_token_with_a_space_inside_is_refused_without_showing_it(fake: tuple[Fake, str], out: Path) -> None:
    """A trailing newline is stripped where the token is read (labelstudio.connection); whitespace
    inside a token cannot be meant, and is refused before any request."""
    _, url = fake
    before = tree(out)
    result = CliRunner().invoke(cli, ["ls", "pull", "--url", url, "--token", TOKEN[:8] + "\n" + TOKEN[8:], "--out", str(out)])
    assert result.exit_code != 0 and TOKEN not in result.output and TOKEN[8:] not in result.output
    assert "Traceback" not in result.output and tree(out) == before


def test_a_pull_keeps_the_entries_another_pull_recorded_meanwhile(tmp_path: Path) -> None:
    """The manifest as it was before the network work is stale once another pull into the same
    folder has kept its export; keeping reads it under the manifest lock, so no entry is lost."""
    from warclaims.labelstudio import pull as P
    from warclaims.safe_write import Pending

    src = tmp_path / "export.json"
    src.write_bytes(BODY)
    out = tmp_path / "pulls"
    assert read_manifest(out) == {"exports": []}  # a slow pull starts: nothing recorded yet
    first = P.pull_from_file(src, out, label_config="<View/>", label_studio_version="t")  # a quick one finishes
    out.mkdir(exist_ok=True)
    pending = Pending(out / "slow.json", exclusive=True)
    pending.temp.write_bytes(BODY)
    slow = P.Fetched({"id": 7, "title": "t", "label_config": ""}, None, pending, hashlib.sha256(BODY).hexdigest(), len(BODY), len(TASKS))
    P.keep([slow], out, [{"file": "slow.json"}])
    assert [e["file"] for e in read_manifest(out)["exports"]] == [first["file"], "slow.json"]


def test_concurrent_pulls_into_one_folder_record_every_export(tmp_path: Path) -> None:
    from warclaims.labelstudio import pull as P

    out = tmp_path / "pulls"
    out.mkdir()
    sources = []
    for i in range(4):
        sources.append(tmp_path / f"e{i}.json")
        sources[-1].write_bytes(BODY)
    passes = ["first", "second", "adjudicated", None]  # distinct names even within one microsecond
    entries: list[dict[str, Any]] = []
    threads = [threading.Thread(target=lambda s=s, p=p: entries.append(
        P.pull_from_file(s, out, label_config="<View/>", label_studio_version="t", pass_=p))) for s, p in zip(sources, passes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    recorded = sorted(e["file"] for e in read_manifest(out)["exports"])
    assert recorded == sorted(e["file"] for e in entries) and len(entries) == len(set(recorded)) == 4
    assert sorted(p.name for p in out.glob("*.json")) == sorted([*recorded, "MANIFEST.json"])
