"""Where `warclaims ls serve` keeps its server: the Label Studio home (data dir + connection file).

Default: `.label-studio/` at the root of the checkout (git-ignored), so the annotations live next
to the project they belong to, survive reboots and temp cleaners, and are easy to find and back up;
outside a checkout (an installed wheel): `$XDG_DATA_HOME/warclaims/label-studio` (default
`~/.local/share/...`). `$WARCLAIMS_LS_HOME` overrides both (the tests point it at a temp dir).

    .label-studio/            0700
      data/                   0700  Label Studio's data dir (label_studio.sqlite3, media, credentials)
      connection.json         0600  URL + token of the running server, written by `ls serve`

Everything in it is owner-only: the SQLite database holds the API token in clear, as do the
credentials and connection files. `secure_tree` sets the modes; serve runs it on every start.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timezone
from pathlib import Path
from typing import Mapping

from ..paths import repo_root
from .connection import ConnectionFile, ConnectionProblem, parse_connection_file

HOME_ENV = "WARCLAIMS_LS_HOME"
CONNECTION_FILE = "connection.json"


def default_home(environ: Mapping[str, str] | None = None) -> Path:
    """`$WARCLAIMS_LS_HOME`, else `<checkout>/.label-studio`, else the user's data dir."""
    environ = os.environ if environ is None else environ
    if environ.get(HOME_ENV):
        return Path(environ[HOME_ENV])
    root = repo_root()
    if root is not None:
        return root / ".label-studio"
    base = Path(environ["XDG_DATA_HOME"]) if environ.get("XDG_DATA_HOME") else Path.home() / ".local" / "share"
    return base / "warclaims" / "label-studio"


def default_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The data dir `ls serve` uses without --data-dir."""
    return default_home(environ) / "data"


def connection_path(environ: Mapping[str, str] | None = None) -> Path:
    """The connection file every `ls` command reads when given no URL/token."""
    return default_home(environ) / CONNECTION_FILE


def secure_tree(top: Path) -> int:
    """Make `top` and every folder below it 0700 and every file 0600 (symlinks untouched); returns
    how many modes were changed. Files of other owners that cannot be changed raise PermissionError."""
    changed = 0
    for dirpath, dirnames, filenames in os.walk(top):
        for name, mode in [(".", 0o700)] + [(d, 0o700) for d in dirnames] + [(f, 0o600) for f in filenames]:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode) or stat.S_IMODE(st.st_mode) == mode:
                continue
            os.chmod(path, mode)
            changed += 1
    return changed


def make_private_dir(path: Path) -> Path:
    """Create `path` (and parents) if missing and make it 0700."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def read_connection_file(path: Path) -> ConnectionFile | None:
    """The connection file at `path`, None when there is none; ConnectionProblem when it is unreadable or bad."""
    from ..readers import JSONError, parse_json

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise ConnectionProblem(f"{path}: cannot read the connection file ({e.strerror or e})") from None
    try:
        data = parse_json(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ConnectionProblem(f"{path}: not a connection file (not UTF-8 at byte {e.start}); "
                                "delete it or run `warclaims ls serve` again") from None
    except JSONError as e:
        raise ConnectionProblem(f"{path}: not a connection file ({e}); delete it or run `warclaims ls serve` again") from None
    return parse_connection_file(str(path), data)


def write_connection_file(path: Path, url: str, token: str, data_dir: Path, pid: int) -> None:
    """Write URL and token of a started server to `path` (0600, its folder 0700), replacing an older one."""
    from ..safe_write import write_text

    make_private_dir(path.parent)
    body = {"url": url, "token": token, "data_dir": str(data_dir), "pid": pid,
            "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "written_by": "warclaims ls serve"}
    write_text(path, json.dumps(body, indent=2) + "\n", mode=0o600)


def remove_connection_file(path: Path, url: str) -> bool:
    """Remove the connection file if it still names `url` (another serve may have replaced it); True if removed."""
    try:
        current = read_connection_file(path)
    except ConnectionProblem:
        return False
    if current is None or current.url != url:
        return False
    path.unlink(missing_ok=True)
    return True


def running_server(path: Path, data_dir: Path) -> ConnectionFile | None:
    """The connection file's server if it uses `data_dir` and its serve process is still alive, else None.

    Two servers on one SQLite database would interleave their writes; serve refuses to start a second.
    """
    try:
        current = read_connection_file(path)
    except ConnectionProblem:
        return None
    if current is None or current.data_dir is None or current.pid is None:
        return None
    pid = current.pid
    if Path(current.data_dir).resolve() != data_dir.resolve():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:  # alive, someone else's
        return current
    return current
