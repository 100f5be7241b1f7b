"""Runs the hostile-input catalogue (tests/hostile_catalogue.py), one parametrized test.

Each case: exit code as listed, every listed fragment in the output (file, line/record, JSON
path), no traceback, not the last-resort guard (its line here; its crash file fails the test in
conftest's autouse `no_test_reaches_the_guard`), the
Label Studio token of the environment nowhere, and the workspace unchanged except the paths the
case may write.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from hostile_catalogue import CASES, NO_SERVER, TOKEN, Hostile, Workspace
from treehash import tree
from warclaims.cli import cli
from warclaims.cli.guard import CRASH_DIR_ENV, MARKER
from warclaims.dataset import build, synthetic


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic release (marked synthetic) built once for the module."""
    import orjson

    root = tmp_path_factory.mktemp("hostile-release")
    with open(root / "in.jsonl", "wb") as f:
        for i in range(20):
            for who in ("ann-a@example.org", "ann-b@example.org"):
                f.write(orjson.dumps(synthetic.annotation(i, who, f"{who[:5]}-{i}")) + b"\n")
    build.build(root / "ds", build.Options(version="0.1.0", allow_synthetic=True), documents=[root / "in.jsonl"])
    return root / "ds"


def test_the_catalogue_is_large_and_named_uniquely() -> None:
    assert len(CASES) >= 100
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_input(case: Hostile, release: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    case.setup(Workspace(ws, release))
    monkeypatch.chdir(ws)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", TOKEN)
    monkeypatch.setenv("LABEL_STUDIO_URL", NO_SERVER)
    assert os.environ.get(CRASH_DIR_ENV), "conftest's guard check (a crash file fails the test) must be active"
    before = tree(ws)
    result = CliRunner().invoke(cli, list(case.args))
    out = result.output
    assert result.exception is None if case.code == 0 else isinstance(result.exception, SystemExit), out
    assert result.exit_code == case.code, out
    for fragment in case.fragments:
        assert fragment in out, f"{fragment!r} not in:\n{out}"
    assert "Traceback" not in out and MARKER not in out, out
    assert TOKEN not in out
    after = tree(ws)
    allowed = tuple(case.writes)
    assert {k: v for k, v in after.items() if not k.startswith(allowed) or not allowed} == \
           {k: v for k, v in before.items() if not k.startswith(allowed) or not allowed}
