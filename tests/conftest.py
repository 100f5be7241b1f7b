"""Shared fixtures. `label_studio`: one real Label Studio server for the whole session.

The server runs from .venv-ls (or $WARCLAIMS_LABEL_STUDIO) on a free loopback port with a temp
data dir copied from a migrated template cached under .cache/ls-template (first build about
25-50 s, later starts about 4 s). Tests that use it are marked `labelstudio`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class LabelStudioServer:
    """A running server: base URL, admin API token, `make_user(email) -> user id`, an Api, its data dir and
    the environment for `label-studio` CLI calls on that data dir."""

    url: str
    token: str
    make_user: Callable[[str], int]
    api: Any
    data_dir: Path
    env: dict[str, str]


@pytest.fixture(scope="session")
def label_studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabelStudioServer]:
    """Start one real Label Studio server for the session; stopped at the end."""
    from warclaims.labelstudio.api import Api
    from warclaims.labelstudio.server import LocalServer, ServerError, label_studio_executable, prepare_from_template, server_env

    try:
        label_studio_executable()
    except ServerError as e:
        pytest.skip(str(e))
    data_dir = tmp_path_factory.mktemp("ls-data")
    creds = prepare_from_template(data_dir, REPO / ".cache" / "ls-template")
    server = LocalServer(data_dir, creds).start(timeout=300)
    try:
        api = Api(server.url, creds.token)
        yield LabelStudioServer(server.url, creds.token, api.user_id, api, data_dir, server_env(data_dir, creds))
    finally:
        server.stop()


@pytest.fixture(scope="session")
def crash_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the CLI's last-resort guard writes crash files during the whole test session."""
    return tmp_path_factory.mktemp("warclaims-crashes")


@pytest.fixture(autouse=True)
def own_label_studio_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own WARCLAIMS_LS_HOME (connection file, default data dir of `ls serve`),
    so no test reads or writes the checkout's .label-studio/ or a connection file of a running server."""
    from warclaims.labelstudio.home import HOME_ENV

    home = tmp_path_factory.mktemp("ls-home")
    monkeypatch.setenv(HOME_ENV, str(home))
    return home


@pytest.fixture(autouse=True)
def no_test_reaches_the_guard(crash_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test runs with WARCLAIMS_CRASH_DIR pointed at `crash_dir` and fails if a crash file
    appears there: no known input, good or bad, may end in the CLI's last-resort guard
    (warclaims.cli.guard). Tests of the guard itself point the variable elsewhere."""
    from warclaims.cli.guard import CRASH_DIR_ENV

    monkeypatch.setenv(CRASH_DIR_ENV, str(crash_dir))
    before = set(crash_dir.iterdir())
    yield
    new = sorted(set(crash_dir.iterdir()) - before)
    assert not new, "the CLI's last-resort guard was reached:\n" + "\n\n".join(p.read_text(encoding="utf-8") for p in new)
