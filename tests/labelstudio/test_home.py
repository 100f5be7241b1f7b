"""warclaims.labelstudio.home: where serve keeps its data, owner-only modes, the connection file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from warclaims.labelstudio import home
from warclaims.labelstudio.connection import ConnectionProblem
from warclaims.paths import repo_root


def mode(p: Path) -> int:
    return stat.S_IMODE(os.lstat(p).st_mode)


def test_default_home_is_the_env_else_the_checkout() -> None:
    assert home.default_home({"WARCLAIMS_LS_HOME": "/x/y"}) == Path("/x/y")
    assert home.default_data_dir({"WARCLAIMS_LS_HOME": "/x/y"}) == Path("/x/y/data")
    assert home.connection_path({"WARCLAIMS_LS_HOME": "/x/y"}) == Path("/x/y/connection.json")
    root = repo_root()
    assert root is not None and home.default_home({}) == root / ".label-studio"


def test_the_checkout_ignores_its_label_studio_folder() -> None:
    root = repo_root()
    assert root is not None
    assert ".label-studio/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_secure_tree_makes_everything_owner_only(tmp_path: Path) -> None:
    top = tmp_path / "data"
    (top / "media" / "upload").mkdir(parents=True)
    (top / "label_studio.sqlite3").write_bytes(b"token inside")
    (top / "media" / "upload" / "f.txt").write_text("x")
    (tmp_path / "outside").write_text("x")
    (top / "link").symlink_to(tmp_path / "outside")
    for p in [top, top / "media", top / "media" / "upload"]:
        os.chmod(p, 0o755)
    os.chmod(top / "label_studio.sqlite3", 0o644)
    os.chmod(tmp_path / "outside", 0o644)
    assert home.secure_tree(top) == 5
    assert [mode(p) for p in (top, top / "media", top / "media" / "upload")] == [0o700] * 3
    assert mode(top / "label_studio.sqlite3") == 0o600 and mode(top / "media" / "upload" / "f.txt") == 0o600
    assert mode(tmp_path / "outside") == 0o644  # a symlink is not followed
    assert home.secure_tree(top) == 0


def test_connection_file_round_trip_is_private_and_removed_only_if_ours(tmp_path: Path) -> None:
    path = tmp_path / "h" / "connection.json"
    assert home.read_connection_file(path) is None
    home.write_connection_file(path, "http://127.0.0.1:5000", "t" * 40, tmp_path / "h" / "data", 123)
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    got = home.read_connection_file(path)
    assert got is not None and (got.url, got.token, got.data_dir) == ("http://127.0.0.1:5000", "t" * 40, str(tmp_path / "h" / "data"))
    assert not home.remove_connection_file(path, "http://127.0.0.1:6000") and path.exists()
    assert home.remove_connection_file(path, "http://127.0.0.1:5000") and not path.exists()


@pytest.mark.parametrize("body,fragment", [(b"{not json", "not a connection file"), (b"\xff\xfe", "not a connection file"),
                                           (b'{"url": "http://h", "url": "http://x", "token": "t"}', "not a connection file"),
                                           (b"[]", "$: expected a JSON object")])
def test_a_bad_connection_file_is_a_located_problem(tmp_path: Path, body: bytes, fragment: str) -> None:
    path = tmp_path / "connection.json"
    path.write_bytes(body)
    with pytest.raises(ConnectionProblem, match=None) as e:
        home.read_connection_file(path)
    assert str(path) in str(e.value) and fragment in str(e.value)
