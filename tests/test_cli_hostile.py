"""Hostile option values across commands (issue 14): bounded numbers and Label Studio URLs.

Every case must be a usage error (exit 2) or, for a bad LABEL_STUDIO_URL, invalid input (exit 1),
with one message naming the option or variable, no traceback, and not the last-resort guard.
The existing bad-input catalogue (tests/invalid_catalogue.py) is run through `validate` and
`score` here too, to show none of it reaches the guard.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from invalid_catalogue import CASES, Case, base, jsonl
from warclaims.cli import cli
from warclaims.cli.guard import MARKER


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, str]:
    """An existing JSONL file for arguments that must exist, and an output path."""
    f = tmp_path / "in.jsonl"
    f.write_bytes(jsonl(base()))
    return {"{f}": str(f), "{out}": str(tmp_path / "out.jsonl")}


# (args, envvar value of LABEL_STUDIO_URL or None, exit code, fragment of the message)
HOSTILE = [
    (["score", "{f}", "--seed", "-1"], None, 2, "Invalid value for '--seed': -1 is not in the range 0<=x<=4294967295"),
    (["score", "{f}", "--seed", "4294967296"], None, 2, "Invalid value for '--seed'"),
    (["score", "{f}", "--seed", "abc"], None, 2, "Invalid value for '--seed'"),
    (["score", "{f}", "--bootstrap", "2000000000"], None, 2, "Invalid value for '--bootstrap': 2000000000 is not in the range 0<=x<=100000"),
    (["score", "{f}", "--bootstrap", "1e3"], None, 2, "Invalid value for '--bootstrap'"),
    (["score", "{f}", "--jobs", "0"], None, 2, "Invalid value for '--jobs'"),
    (["score", "{f}", "--jobs", "100000"], None, 2, "Invalid value for '--jobs': 100000 is not in the range 1<=x<=256"),
    (["score", "{f}", "--max-problems", "-5"], None, 2, "Invalid value for '--max-problems'"),
    (["score", "compare", "{f}", "{f}", "--seed", "-7"], None, 2, "Invalid value for '--seed'"),
    (["score", "compare", "{f}", "{f}", "--bootstrap", "100001"], None, 2, "Invalid value for '--bootstrap'"),
    (["baselines", "run", "--seed", "-1"], None, 2, "Invalid value for '--seed'"),
    (["baselines", "run", "--bootstrap", "2000000000"], None, 2, "Invalid value for '--bootstrap'"),
    (["baselines", "predict", "{f}", "--out", "{out}", "--seed", "99999999999"], None, 2, "Invalid value for '--seed'"),
    (["demo", "--bootstrap", "1000000"], None, 2, "Invalid value for '--bootstrap'"),
    (["corpus", "select", "--fakes", "{f}", "--out", "{out}", "--n", "-1"], None, 2, "Invalid value for '--n'"),
    (["corpus", "select", "--fakes", "{f}", "--out", "{out}", "--per-outlet", "1000000000000"], None, 2, "Invalid value for '--per-outlet'"),
    (["corpus", "select", "--fakes", "{f}", "--out", "{out}", "--seed", "-3"], None, 2, "Invalid value for '--seed'"),
    (["ls", "serve", "--port", "0"], None, 2, "Invalid value for '--port': 0 is not in the range 1<=x<=65535"),
    (["ls", "serve", "--port", "65536"], None, 2, "Invalid value for '--port'"),
    (["ls", "serve", "--port", "-1"], None, 2, "Invalid value for '--port'"),
    (["ls", "import", "{f}", "--token", "t0ken", "--score", "nan"], None, 2, "Invalid value for '--score': 'nan' is not a number"),
    (["ls", "import", "{f}", "--token", "t0ken", "--score", "inf"], None, 2, "Invalid value for '--score'"),
    (["ls", "import", "{f}", "--token", "t0ken", "--score", "1.5"], None, 2, "Invalid value for '--score'"),
    (["ls", "setup", "--token", "t0ken", "--url", "127.0.0.1:8080"], None, 2,
     "Invalid value for '--url': '127.0.0.1:8080' is not an http(s) URL: no scheme (write http://127.0.0.1:8080)"),
    (["ls", "setup", "--token", "t0ken", "--url", "http://[::1"], None, 2, "Invalid value for '--url': 'http://[::1' is not a valid URL"),
    (["ls", "setup", "--token", "t0ken", "--url", "ftp://host"], None, 2, "Invalid value for '--url': 'ftp://host' is not an http(s) URL"),
    (["ls", "setup", "--token", "t0ken", "--url", "http://h?x=1"], None, 2, "Invalid value for '--url'"),
    (["ls", "import", "{f}", "--token", "t0ken", "--url", "http://admin:hunter22@h"], None, 2, "'http://***@h' must not contain user info"),
    (["ls", "pull", "--token", "t0ken", "--url", "http://h:99999"], None, 2, "Invalid value for '--url': 'http://h:99999' has an invalid port"),
    (["ls", "pull", "--token", "t0ken", "--url", ""], None, 2, "Invalid value for '--url': '' is empty"),
    (["ls", "setup", "--token", "t0ken"], "ftp://x", 1, "LABEL_STUDIO_URL: 'ftp://x' is not an http(s) URL"),
    (["ls", "import", "{f}", "--token", "t0ken"], "127.0.0.1:8080", 1, "LABEL_STUDIO_URL: '127.0.0.1:8080' is not an http(s) URL"),
    (["ls", "pull", "--token", "t0ken"], "http://[::1", 1, "LABEL_STUDIO_URL: 'http://[::1' is not a valid URL"),
]


@pytest.mark.parametrize("args,env,code,fragment", HOSTILE, ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_hostile_value_is_a_located_error(args: list[str], env: str | None, code: int, fragment: str, files: dict[str, str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    if env is not None:
        monkeypatch.setenv("LABEL_STUDIO_URL", env)
    argv = [files.get(a, a) for a in args]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit)
    assert fragment in result.stderr
    assert "Traceback" not in result.output and MARKER not in result.stderr and "hunter22" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1


def test_a_bad_label_studio_url_in_the_environment_does_not_stop_pull_from_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`pull --from-file` needs no server, so LABEL_STUDIO_URL is not even read."""
    export = tmp_path / "export.json"
    export.write_text(json.dumps([]), encoding="utf-8")
    monkeypatch.setenv("LABEL_STUDIO_URL", "ftp://x")
    result = CliRunner().invoke(cli, ["ls", "pull", "--from-file", str(export), "--out", str(tmp_path / "exports")])
    assert result.exit_code == 0, result.output


def test_the_bounds_are_shown_in_help() -> None:
    result = CliRunner().invoke(cli, ["score", "--help"])
    assert "0<=x<=100000" in result.output and "1<=x<=256" in result.output


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_bad_input_catalogue_never_reaches_the_guard(case: Case, tmp_path: Path) -> None:
    """Each catalogue file through `validate`, and as a submission and as gold through `score`:
    exit 1 with located problems, never the guard's line (nor a crash file, see conftest)."""
    bad = tmp_path / f"bad{case.suffix}"
    bad.write_bytes(case.data())
    good = tmp_path / "good.jsonl"
    good.write_bytes(jsonl(base()))
    for argv in (["validate", str(bad)], ["score", str(bad), "--gold", str(good), "--bootstrap", "0"],
                 ["score", str(good), "--gold", str(bad), "--bootstrap", "0"]):
        result = CliRunner().invoke(cli, argv)
        assert result.exit_code == 1, (argv, result.output)
        assert MARKER not in result.stderr and "Traceback" not in result.output, (argv, result.output)
