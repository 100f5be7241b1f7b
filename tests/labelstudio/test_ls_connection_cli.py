"""The ls commands' URL/token through the CLI: sources named, connection file used, tokens never shown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from warclaims.cli import cli
from warclaims.cli.guard import MARKER
from warclaims.labelstudio import passes
from warclaims.labelstudio.home import connection_path, write_connection_file
from warclaims.labelstudio.server import free_port

TOKEN = "5ec7e70000000000000000000000000000000042"
CLOSED = f"http://127.0.0.1:{free_port()}"
ARTICLES = Path(__file__).parent / "data" / "articles.jsonl"


def invoke(args: list[str], env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, args, env={"LABEL_STUDIO_URL": None, "LABEL_STUDIO_API_KEY": None, **(env or {})})


def clean(result: Any, *secrets: str) -> None:
    assert "Traceback" not in result.output and MARKER not in result.stderr
    for s in secrets:
        assert s.strip() not in result.output


@pytest.mark.parametrize("cmd", [["setup"], ["import", str(ARTICLES)], ["pull"], ["users", "list"], ["users", "add", "a@b.org"]])
def test_no_token_anywhere_is_a_usage_error_saying_where_it_is(cmd: list[str]) -> None:
    result = invoke(["ls", *cmd])
    assert result.exit_code == 2, result.output
    assert "no API token" in result.stderr and str(connection_path()) in result.stderr and "warclaims-credentials.json" in result.stderr
    clean(result)


def test_a_token_with_a_trailing_newline_is_stripped_not_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["ls", "setup", "--url", CLOSED], {"LABEL_STUDIO_API_KEY": TOKEN + "\n"})
    assert result.exit_code == 1, result.output  # nothing listens there: a connection error, not a crash
    assert f"Label Studio {CLOSED} (URL from --url, token from LABEL_STUDIO_API_KEY)" in result.stderr
    assert "failed after" in result.stderr
    clean(result, TOKEN)


@pytest.mark.parametrize("bad", [TOKEN[:20] + "\n" + TOKEN[20:], TOKEN + "\x7f", TOKEN[:8] + " " + TOKEN[8:]])
@pytest.mark.parametrize("how", ["env", "option"])
def test_a_token_with_inner_whitespace_is_refused_not_shown(bad: str, how: str) -> None:
    args, env = (["--token", bad], {}) if how == "option" else ([], {"LABEL_STUDIO_API_KEY": bad})
    result = invoke(["ls", "setup", "--url", CLOSED, *args], env)
    assert result.exit_code == 1, result.output
    source = "--token" if how == "option" else "LABEL_STUDIO_API_KEY"
    assert f"the API token from {source} contains whitespace or control characters (token not shown)" in result.stderr
    clean(result, TOKEN[:20], TOKEN[20:])


def test_the_connection_file_is_used_and_named(tmp_path: Path) -> None:
    write_connection_file(connection_path(), CLOSED, TOKEN, tmp_path, 1)
    result = invoke(["ls", "pull", "--out", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert f"Label Studio {CLOSED} (URL and token from connection file {connection_path()})" in result.stderr
    clean(result, TOKEN)
    other = invoke(["ls", "setup"], {"LABEL_STUDIO_URL": "http://127.0.0.1:9"})
    assert other.exit_code == 2 and "no API token for http://127.0.0.1:9" in other.stderr and f"is for {CLOSED}" in other.stderr
    clean(other, TOKEN)


def test_a_corrupt_connection_file_is_exit_1_naming_it() -> None:
    path = connection_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"url": "http://127.0.0.1:1", "token": ' + json.dumps(TOKEN) + ', "token": "x"}')
    result = invoke(["ls", "setup"])
    assert result.exit_code == 1 and str(path) in result.stderr and "not a connection file" in result.stderr
    clean(result, TOKEN)


@pytest.mark.labelstudio
@pytest.mark.slow
def test_setup_with_a_newline_token_against_a_real_server(label_studio: Any) -> None:
    result = invoke(["ls", "setup", "--url", label_studio.url, "--project", "nl-token"], {"LABEL_STUDIO_API_KEY": label_studio.token + "\n"})
    assert result.exit_code == 0, result.output
    clean(result, label_studio.token)


@pytest.mark.labelstudio
@pytest.mark.slow
def test_setup_and_import_per_pass(label_studio: Any) -> None:
    srv = ["--url", label_studio.url, "--token", label_studio.token, "--project", "Passes"]
    for p in ("first", "second"):
        first = invoke(["ls", "setup", *srv, "--pass", p, "--json"])
        again = invoke(["ls", "setup", *srv, "--pass", p, "--json"])
        assert first.exit_code == 0 and again.exit_code == 0, first.output + again.output
        assert json.loads(first.stdout)["action"] == "created" and json.loads(again.stdout)["action"] == "unchanged"
        project = label_studio.api.find_project(f"Passes ({p} pass)")
        assert project is not None and passes.pass_of_project(label_studio.api.json("GET", f"/api/projects/{project['id']}")) == p
    imported = invoke(["ls", "import", *srv, "--pass", "second", str(ARTICLES), "--json"])
    assert imported.exit_code == 0, imported.output
    second = label_studio.api.find_project("Passes (second pass)")
    first = label_studio.api.find_project("Passes (first pass)")
    assert json.loads(imported.stdout)["project_id"] == second["id"]
    assert len(list(label_studio.api.iter_tasks(second["id"]))) == 4 and list(label_studio.api.iter_tasks(first["id"])) == []
    bad = invoke(["ls", "setup", *srv, "--pass", "third"])
    assert bad.exit_code == 2 and "'third' is not one of 'first', 'second', 'adjudicated'" in bad.stderr


@pytest.mark.labelstudio
@pytest.mark.slow
def test_users_add_creates_accounts_that_log_in(label_studio: Any, tmp_path: Path) -> None:
    from warclaims.labelstudio.users import can_log_in

    srv = ["--url", label_studio.url, "--token", label_studio.token]
    result = invoke(["ls", "users", "add", *srv, "ann-a@warclaims.test", "ann-b@warclaims.test", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["users"]
    assert [r["status"] for r in rows] == ["created", "created"]
    for r in rows:
        assert can_log_in(label_studio.url, r["email"], r["password"])
        assert not can_log_in(label_studio.url, r["email"], r["password"] + "x")
    clean(result, label_studio.token)
    again = invoke(["ls", "users", "add", *srv, "ann-a@warclaims.test", "ann-c@warclaims.test", "--passwords-file", str(tmp_path / "pw.json")])
    assert again.exit_code == 0, again.output
    assert "ann-a@warclaims.test: already has an account (unchanged)" in again.stdout and "password" not in again.stdout
    written = json.loads((tmp_path / "pw.json").read_text())
    assert oct((tmp_path / "pw.json").stat().st_mode & 0o777) == "0o600"
    assert [u["email"] for u in written["users"]] == ["ann-c@warclaims.test"]
    assert can_log_in(label_studio.url, "ann-c@warclaims.test", written["users"][0]["password"])
    assert can_log_in(label_studio.url, "ann-a@warclaims.test", rows[0]["password"])  # the existing account is unchanged
    refused = invoke(["ls", "users", "add", *srv, "x@y.org", "--passwords-file", str(tmp_path / "pw.json")])
    assert refused.exit_code == 2 and "exists; not overwritten" in refused.stderr
