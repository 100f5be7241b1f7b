"""The CLI's last-resort guard (warclaims.cli.guard): one scrubbed line, a crash file, exit 1.

A command made to raise inside (monkeypatch) must print exactly one line naming the command and
the crash file, no traceback and no token; the file holds the traceback without the token.
click's usage errors, SystemExit and KeyboardInterrupt must pass through unchanged.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from warclaims.cli import cli, guard

TOKEN = "5f0c1e6b2d8a4c7e9b3a1d0f6e2c8b4a7d9e1f3c"


@pytest.fixture()
def own_crash_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Crash files of this test go here, not to the session directory that must stay empty."""
    monkeypatch.setenv(guard.CRASH_DIR_ENV, str(tmp_path / "crashes"))
    return tmp_path / "crashes"


def _explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError(f"boom: sent Authorization: Token {TOKEN} to the server\nsecond line")


def test_an_unexpected_exception_gives_one_line_and_a_crash_file(own_crash_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from warclaims.labelstudio import ops

    monkeypatch.setenv("LABEL_STUDIO_API_KEY", TOKEN)
    monkeypatch.setattr(ops, "setup_project", _explode)
    result = CliRunner().invoke(cli, ["ls", "setup", "--url", "http://127.0.0.1:9"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and result.stdout == ""
    line = lines[0]
    assert line.startswith(f"{guard.MARKER} in `warclaims ls setup`: RuntimeError: boom: sent Authorization: ***")
    assert "Traceback" not in result.output and TOKEN not in result.output
    files = list(own_crash_dir.iterdir())
    assert len(files) == 1 and str(files[0]) in line
    text = files[0].read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "_explode" in text and "RuntimeError: boom" in text
    assert TOKEN not in text


def test_a_token_given_as_an_option_is_scrubbed_too(own_crash_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from warclaims.labelstudio import ops

    def leak(*args: object, **kwargs: object) -> None:
        raise ValueError(f"bad value {TOKEN!r}")

    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    monkeypatch.setattr(ops, "setup_project", leak)
    result = CliRunner().invoke(cli, ["ls", "setup", f"--token={TOKEN}"])
    assert result.exit_code == 1 and TOKEN not in result.output
    assert "ValueError: bad value '***'" in result.stderr
    (crash,) = own_crash_dir.iterdir()
    assert TOKEN not in crash.read_text(encoding="utf-8") and "--token=***" in crash.read_text(encoding="utf-8")


def test_an_unwritable_crash_dir_still_gives_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from warclaims.labelstudio import ops

    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(guard.CRASH_DIR_ENV, str(blocker / "sub"))
    monkeypatch.setattr(ops, "setup_project", _explode)
    result = CliRunner().invoke(cli, ["ls", "setup", "--token", TOKEN])
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert "the traceback could not be written" in result.stderr and TOKEN not in result.stderr


@pytest.mark.parametrize("exc,code", [(SystemExit(3), 3), (KeyboardInterrupt(), 1), (click.UsageError("nope"), 2),
                                      (click.exceptions.Exit(0), 0)])
def test_exits_interrupts_and_click_errors_pass_through(exc: BaseException, code: int, own_crash_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from warclaims.labelstudio import ops

    def raise_it(*args: object, **kwargs: object) -> None:
        raise exc

    monkeypatch.setattr(ops, "setup_project", raise_it)
    result = CliRunner().invoke(cli, ["ls", "setup", "--token", TOKEN])
    assert result.exit_code == code
    assert guard.MARKER not in result.output and not own_crash_dir.exists()
    if isinstance(exc, KeyboardInterrupt):
        assert "Aborted!" in result.stderr  # click's own handling


def test_the_guard_in_a_real_process(tmp_path: Path) -> None:
    """The console entry point `main`, with a command that cannot run its import."""
    code = ("import sys, warclaims.cli as c\n"
            "c.COMMANDS['validate'] = ('warclaims.no_such_module', 'x', '')\n"
            "c.main(['validate', 'x'])\n")
    env = {"PATH": "/usr/bin:/bin", guard.CRASH_DIR_ENV: str(tmp_path), "LABEL_STUDIO_API_KEY": TOKEN}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith(f"{guard.MARKER} in `warclaims`: ModuleNotFoundError: No module named 'warclaims.no_such_module'")
    assert len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr
    assert len(list(tmp_path.glob("warclaims-crash-*.txt"))) == 1


def test_crash_dir_precedence(tmp_path: Path) -> None:
    assert guard.crash_dir({guard.CRASH_DIR_ENV: "/a", "XDG_STATE_HOME": "/b"}) == Path("/a")
    assert guard.crash_dir({"XDG_STATE_HOME": "/b"}) == Path("/b/warclaims")
    assert guard.crash_dir({}).is_dir()


@pytest.mark.parametrize("text,expected", [
    ("Authorization: Token abc.def-123", "Authorization: ***"),
    ("{'Authorization': 'Bearer eyJhbGciOi.x.y'}", "{'Authorization': '***'}"),
    ("header Token 0123456789abcdef sent", "header Token *** sent"),
    ("url?api_key=s3cr3t&x=1", "url?api_key=***&x=1"),
    ("--token s3cr3t --url http://h", "--token *** --url http://h"),
    ("nothing secret here", "nothing secret here"),
])
def test_scrub_masks_token_shapes(text: str, expected: str) -> None:
    assert guard.scrub(text) == expected


def test_secrets_come_from_the_environment_and_the_arguments() -> None:
    found = guard.secrets(["ls", "setup", "--token", "abcd1234", "--token=efgh5678", "--token", "ab"], {"LABEL_STUDIO_API_KEY": "zzzz9999"})
    assert set(found) == {"abcd1234", "efgh5678", "zzzz9999"}
    assert guard.scrub("x abcd1234 y zzzz9999", found) == "x *** y ***"
