"""`ls serve` data dirs through the CLI with a Label Studio that fails at once (a fault the real one
cannot produce on demand): the default data dir is kept and private, --ephemeral is removed."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from warclaims.cli import cli
from warclaims.cli.guard import MARKER
from warclaims.labelstudio.home import connection_path, default_data_dir


@pytest.fixture()
def failing_label_studio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "label-studio"
    fake.write_text("#!/bin/sh\necho 'fake label studio: giving up' >&2\nexit 3\n")
    fake.chmod(0o700)
    monkeypatch.setenv("WARCLAIMS_LABEL_STUDIO", str(fake))


def data_dir_line(stderr: str) -> Path:
    found = re.search(r"^Data dir: (.+?) \(", stderr, re.MULTILINE)
    assert found, stderr
    return Path(found.group(1))


def test_the_default_data_dir_is_kept_and_private(failing_label_studio: None) -> None:
    result = CliRunner().invoke(cli, ["ls", "serve"])
    assert result.exit_code == 1 and "Label Studio exited with code 3" in result.stderr, result.output
    assert "Traceback" not in result.output and MARKER not in result.stderr
    data = default_data_dir()
    assert data_dir_line(result.stderr) == data and "(new; kept when the server stops)" in result.stderr
    assert (data / "warclaims-credentials.json").is_file() and (data / "server.log").is_file()
    for p in (data, data.parent):
        assert stat.S_IMODE(p.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in data.iterdir())
    assert not connection_path().exists()
    again = CliRunner().invoke(cli, ["ls", "serve"])
    assert "(existing data, used again; kept when the server stops)" in again.stderr


def test_ephemeral_data_is_removed(failing_label_studio: None) -> None:
    result = CliRunner().invoke(cli, ["ls", "serve", "--ephemeral"])
    assert result.exit_code == 1, result.output
    assert "(throw-away, deleted when the server stops)" in result.stderr
    assert not data_dir_line(result.stderr).exists() and not default_data_dir().exists()


def test_ephemeral_and_data_dir_exclude_each_other(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ls", "serve", "--ephemeral", "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 2 and "--ephemeral and --data-dir exclude each other" in result.stderr
    assert not (tmp_path / "d").exists()


def test_a_corrupt_credentials_file_is_exit_1_naming_it(tmp_path: Path, failing_label_studio: None) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / "warclaims-credentials.json").write_bytes(b"\xff{")
    result = CliRunner().invoke(cli, ["ls", "serve", "--data-dir", str(data)])
    assert result.exit_code == 1 and f"{data / 'warclaims-credentials.json'}: not a credentials file" in result.stderr
    assert "Traceback" not in result.output and MARKER not in result.stderr


@pytest.mark.parametrize("cmd", [["serve"], ["users"], ["users", "add"], ["users", "list"]])
def test_help_has_example(cmd: list[str]) -> None:
    result = CliRunner().invoke(cli, ["ls", *cmd, "--help"])
    assert result.exit_code == 0 and "Example:" in result.output



def test_a_second_serve_on_a_data_dir_in_use_is_refused(failing_label_studio: None) -> None:
    import subprocess
    import sys

    from warclaims.labelstudio.home import write_connection_file

    data = default_data_dir()
    write_connection_file(connection_path(), "http://127.0.0.1:1", "t" * 40, data, os.getpid())
    result = CliRunner().invoke(cli, ["ls", "serve"])
    assert result.exit_code == 1 and f"already runs on {data} at http://127.0.0.1:1" in result.stderr, result.output
    assert connection_path().exists() and not data.exists()  # nothing touched
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    write_connection_file(connection_path(), "http://127.0.0.1:1", "t" * 40, data, int(gone.stdout))
    stale = CliRunner().invoke(cli, ["ls", "serve"])
    assert "Label Studio exited with code 3" in stale.stderr  # a dead server's file does not block
