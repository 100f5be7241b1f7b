"""Start and stop a local Label Studio server (shared by `warclaims ls serve` and the test fixture).

Label Studio runs from its own venv (`.venv-ls`, made by `make setup-ls`), headless, offline,
on 127.0.0.1 with a data dir of our choosing. A migrated data dir can be cached as a template
and copied, which cuts a start from about 25 s to about 4 s.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..paths import repo_root

CREDENTIALS_FILE = "warclaims-credentials.json"
"""Written into a data dir on first start (mode 600) so a later start can print the same login."""

_DROP_ENV = ("USERNAME", "PASSWORD", "PORT", "HOST")


class ServerError(RuntimeError):
    """Label Studio could not be found, started or reached."""


@dataclass(frozen=True)
class Credentials:
    """Admin login of a local server; `token` is the API key and is never printed."""

    username: str
    password: str
    token: str

    @classmethod
    def generate(cls, username: str = "admin@warclaims.local") -> "Credentials":
        """Fresh random password and token (the token fits Label Studio's 40-character limit)."""
        return cls(username, secrets.token_urlsafe(12), secrets.token_hex(20))


def label_studio_executable() -> Path:
    """`$WARCLAIMS_LABEL_STUDIO`, else `.venv-ls/bin/label-studio` in the checkout."""
    env = os.environ.get("WARCLAIMS_LABEL_STUDIO")
    if env:
        path = Path(env)
    else:
        root = repo_root() or Path.cwd()
        path = root / ".venv-ls" / "bin" / "label-studio"
    if not path.exists():
        raise ServerError(f"Label Studio not found at {path}; run `make setup-ls` or set WARCLAIMS_LABEL_STUDIO")
    return path


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (Label Studio silently moves on if its port is taken)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_is_free(port: int) -> bool:
    """Whether nothing listens on 127.0.0.1:`port` now (bind test; no byte is sent to anyone)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _listening_inodes(port: int) -> set[str] | None:
    """Socket inodes listening on TCP `port` (Linux /proc/net), or None where /proc/net is missing."""
    found: set[str] = set()
    tables = [Path("/proc/net/tcp"), Path("/proc/net/tcp6")]
    if not tables[0].is_file():
        return None
    for table in tables:
        try:
            lines = table.read_text(encoding="ascii").splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                found.add(fields[9])
    return found


def group_listens_on(pgid: int, port: int) -> bool | None:
    """Whether a process of process group `pgid` holds the socket listening on `port`.

    None where this cannot be told (no /proc); then the caller relies on the port having been free
    before the start and the child being alive.
    """
    inodes = _listening_inodes(port)
    if inodes is None:
        return None
    wanted = {f"socket:[{i}]" for i in inodes}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if os.getpgid(int(proc.name)) != pgid:
                continue
            if any(os.readlink(fd) in wanted for fd in (proc / "fd").iterdir()):
                return True
        except OSError:  # the process ended meanwhile, or is not ours to inspect
            continue
    return False


def load_or_create_credentials(data_dir: Path) -> tuple[Credentials, bool]:
    """The credentials stored in `data_dir`, or new ones written there; second item: newly made."""
    path = data_dir / CREDENTIALS_FILE
    if path.is_file():
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
            return Credentials(str(d["username"]), str(d["password"]), str(d["token"]).strip()), False
        except (ValueError, TypeError, KeyError) as e:  # not JSON, not UTF-8, not an object, a field missing
            raise ServerError(f"{path}: not a credentials file written by warclaims ({type(e).__name__}); "
                              "restore it from a backup or use a new data dir") from None
    if (data_dir / "label_studio.sqlite3").exists():
        raise ServerError(f"{data_dir} holds a Label Studio database but no {CREDENTIALS_FILE}; "
                          "use the login you created it with, or a new data dir")
    data_dir.mkdir(parents=True, exist_ok=True)
    creds = Credentials.generate()
    from ..safe_write import write_text

    write_text(path, json.dumps(creds.__dict__), mode=0o600, exclusive=True)  # owner-only; never replaces one
    return creds, True


def server_env(data_dir: Path, creds: Credentials) -> dict[str, str]:
    """Environment for a headless, offline, non-interactive start (see LABEL_STUDIO_NOTES.md)."""
    env = {k: v for k, v in os.environ.items() if k not in _DROP_ENV}
    env.update({
        "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
        "LABEL_STUDIO_USERNAME": creds.username,
        "LABEL_STUDIO_PASSWORD": creds.password,
        "LABEL_STUDIO_USER_TOKEN": creds.token,
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
        "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
        "LATEST_VERSION_CHECK": "false",
        "SENTRY_DSN": "",
        "FRONTEND_SENTRY_DSN": "",
        "COLLECT_ANALYTICS": "false",
    })
    # A server on loopback may use an ML backend on loopback (`warclaims ls backend`): the URL
    # check and the webhook Label Studio adds for the backend both refuse 127.0.0.1 otherwise.
    # Set either variable to true in the environment to keep the check.
    env.setdefault("ML_BLOCK_LOCAL_IP", "false")
    env.setdefault("SSRF_PROTECTION_ENABLED", "false")
    return env


class LocalServer:
    """One `label-studio start` process; `start()` returns once `/health` says UP."""

    def __init__(self, data_dir: Path, creds: Credentials, port: int | None = None, log: Path | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.creds = creds
        self.port = port or free_port()
        self.log = log or self.data_dir / "server.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Base URL of the server."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120.0) -> "LocalServer":
        """Launch the server in its own process group and wait until it is healthy."""
        from .home import make_private_dir, secure_tree

        exe = label_studio_executable()
        if not port_is_free(self.port):
            raise ServerError(f"port {self.port} on 127.0.0.1 is already in use by another process; nothing was sent to it. "
                              "Choose another --port, or leave --port out to get a free one")
        make_private_dir(self.data_dir)
        secure_tree(self.data_dir)  # a data dir from an older version or a copied template may be 0755/0644
        cmd = [str(exe), "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(self.port)]
        with open(self.log, "ab", opener=lambda path, flags: os.open(path, flags, 0o600)) as log:
            # umask 077: the files the server makes while it runs (database journal, uploads) are owner-only too
            self.proc = subprocess.Popen(cmd, env=server_env(self.data_dir, self.creds), stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True, umask=0o077)
        try:
            self._wait_healthy(timeout)
            self._check_ours()
            secure_tree(self.data_dir)  # the database (it holds the token) and logs are created by the start
        except BaseException:  # including Ctrl-C while waiting: never leave the server behind
            self.stop()
            raise
        return self

    def _check_ours(self) -> None:
        """ServerError unless the process we started is alive and is the one listening on our port.

        Label Studio moves to the next port when its port is taken, so whatever answered /health
        may be another program: it must never receive the token.
        """
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise ServerError(f"Label Studio exited with code {self.proc.returncode}; see {self.log}")
        if group_listens_on(self.proc.pid, self.port) is False:
            raise ServerError(f"the server answering on port {self.port} is not the Label Studio started here "
                              f"(another process took the port); nothing was sent to it. See {self.log}")

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise ServerError(f"Label Studio exited with code {self.proc.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as r:
                    if json.loads(r.read()).get("status") == "UP":
                        return
            except (urllib.error.URLError, OSError, ValueError):
                time.sleep(0.25)  # not listening yet
                continue
            time.sleep(0.25)
        raise ServerError(f"Label Studio did not become healthy within {timeout:.0f} s; see {self.log}")

    def stop(self, timeout: float = 20.0) -> None:
        """Stop the whole process group: SIGTERM, then SIGKILL after `timeout` seconds."""
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        except ProcessLookupError:
            pass

    def __enter__(self) -> "LocalServer":
        return self.start() if self.proc is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _copy_data_dir(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, dirs_exist_ok=True, ignore=shutil.ignore_patterns("server.log", "*.log"))


def prepare_from_template(data_dir: Path, template: Path) -> Credentials:
    """Fill `data_dir` with a copy of a migrated template (made on first use) and return its login.

    The template is built once by starting and stopping a server on it; later copies start
    in about 4 s because migrations are already applied.
    """
    if not (template / CREDENTIALS_FILE).is_file() or not (template / "label_studio.sqlite3").is_file():
        building = template.with_name(template.name + f".building-{os.getpid()}")
        shutil.rmtree(building, ignore_errors=True)
        creds, _ = load_or_create_credentials(building)
        LocalServer(building, creds).start(timeout=300).stop()
        template.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(template, ignore_errors=True)
        try:
            os.replace(building, template)
        except OSError:  # another process finished its template first: use that one
            shutil.rmtree(building, ignore_errors=True)
            if not (template / CREDENTIALS_FILE).is_file():
                raise
    _copy_data_dir(template, data_dir)
    creds, _ = load_or_create_credentials(data_dir)
    return creds
