"""Issue 14 "nothing lost", with real processes: kill -9 of a release build at 20 random (seeded)
moments, and concurrent builds of one release folder (warclaims.dataset.lock, target.swap).

The killed builds are forked children of the test process (modules already imported, so each
build takes well under a second and the kill lands inside the build, not in Python's start-up);
the concurrent builds run the real `python -m warclaims` next to an in-process CLI call.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from warclaims.cli import cli
from warclaims.dataset import build, lock

from .conftest import options, write_annotations

KILLS = 20
SEED = 14


def _release_version(ds: Path) -> str:
    return orjson.loads((ds / "RELEASE.json").read_bytes())["version"]


def _strays(root: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name not in keep)


def _fork_build(ds: Path, inputs: Path, version: str) -> int:
    """Start a build of `version` in a forked child; returns its PID."""
    pid = os.fork()
    if pid == 0:  # the child: build, then leave without running the parent's cleanup
        code = 1
        try:
            build.build(ds, options(version), documents=[inputs])
            code = 0
        finally:
            os._exit(code)
    return pid


def _wait(pid: int, limit: float) -> int:
    """The exit code of child `pid`; killed and failed after `limit` seconds (a hung build)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError(f"the forked build {pid} did not finish in {limit} s")


@pytest.mark.slow
def test_kill_9_at_random_moments_never_loses_the_release(tmp_path: Path) -> None:
    inputs = write_annotations(tmp_path / "in.jsonl", range(12))
    ds = tmp_path / "ds"
    build.build(ds, options("0.1.0"), documents=[inputs])
    build.build(ds, options("0.1.1"), documents=[inputs])  # warm: every module the build uses is imported
    started = time.monotonic()
    assert _wait(_fork_build(ds, inputs, "0.1.2"), 120) == 0  # how long a forked build takes, unkilled
    duration = time.monotonic() - started
    rng = random.Random(SEED)
    previous, outcomes = "0.1.2", {"before the swap": 0, "after the swap": 0}
    for i in range(KILLS):
        version = f"0.2.{i}"
        pid = _fork_build(ds, inputs, version)
        time.sleep(rng.uniform(0, duration * 1.5))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        assert build.verify(ds) == [], f"kill {i}: the release does not verify"
        found = _release_version(ds)
        assert found in (previous, version), f"kill {i}: release {found}"
        outcomes["after the swap" if found == version else "before the swap"] += 1
        result = build.build(ds, options(version), documents=[inputs])  # the next build cleans up
        assert result.status in ("built", "unchanged")
        assert build.verify(ds) == [] and _release_version(ds) == version
        assert _strays(tmp_path, {"ds", "in.jsonl"}) == [], f"kill {i}: stray folders left"
        previous = version
    assert outcomes["before the swap"] > 0, outcomes  # the seeded moments do land inside builds


def _cli_build(ds: Path, inputs: Path, version: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "warclaims", "dataset", "build", "--documents", str(inputs),
                             "--version", version, "--out", str(ds), "--allow-synthetic"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for_lock(ds: Path, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while not lock.lock_path(ds).exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the first build never took the lock"
        time.sleep(0.005)


@pytest.mark.slow
def test_two_concurrent_builds_of_one_version_exactly_one_succeeds(tmp_path: Path) -> None:
    inputs = write_annotations(tmp_path / "in.jsonl", range(80))
    other = write_annotations(tmp_path / "other.jsonl", range(40, 90))
    ds = tmp_path / "ds"
    first = _cli_build(ds, inputs, "0.1.0")
    _wait_for_lock(ds, first)
    second = CliRunner().invoke(cli, ["dataset", "build", "--documents", str(other), "--version", "0.1.0",
                                      "--out", str(ds), "--allow-synthetic"])
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err.decode()
    assert second.exit_code == 1, second.output
    assert f"{lock.lock_path(ds)}: another build of this release folder is running (pid {first.pid} since" in second.output
    assert "Traceback" not in second.output
    assert build.verify(ds) == [] and _release_version(ds) == "0.1.0"
    assert (ds / "releases" / "0.1.0.json").read_bytes().count(b"syn-000000") == 1  # the first build's data
    assert _strays(tmp_path, {"ds", "in.jsonl", "other.jsonl"}) == []


@pytest.mark.slow
def test_an_older_build_never_swaps_back_over_a_newer_release(tmp_path: Path) -> None:
    """A newer version cannot start while an older build runs; an older version built after a
    newer one is refused or a no-op, and the newer release stays in place."""
    inputs = write_annotations(tmp_path / "in.jsonl", range(80))
    ds = tmp_path / "ds"
    older = _cli_build(ds, inputs, "0.1.0")
    _wait_for_lock(ds, older)
    newer = CliRunner().invoke(cli, ["dataset", "build", "--documents", str(inputs), "--version", "0.2.0",
                                     "--out", str(ds), "--allow-synthetic"])
    assert newer.exit_code == 1 and ".ds.lock: another build" in newer.output, newer.output
    assert older.wait(timeout=300) == 0
    build.build(ds, options("0.2.0"), documents=[inputs])
    again = build.build(ds, options("0.1.0"), documents=[inputs])
    assert again.status == "unchanged" and _release_version(ds) == "0.2.0"
    with pytest.raises(build.BuildError, match="not newer than the latest release 0.2.0"):
        build.build(ds, options("0.1.5"), documents=[inputs])
    assert build.verify(ds) == [] and _release_version(ds) == "0.2.0"


def test_a_lock_left_by_a_killed_build_is_taken_over(tmp_path: Path) -> None:
    inputs = write_annotations(tmp_path / "in.jsonl", range(6))
    ds = tmp_path / "ds"
    lock.lock_path(ds).write_text("pid 999999 since 2026-12-06T00:00:00+00:00\n")
    result = build.build(ds, options("0.1.0"), documents=[inputs])
    assert result.recovered == ["took over the lock .ds.lock left by a killed build "
                                "(pid 999999 since 2026-12-06T00:00:00+00:00)"]
    assert _strays(tmp_path, {"ds", "in.jsonl"}) == []


def test_a_lock_path_that_is_not_a_file_is_refused(tmp_path: Path) -> None:
    inputs = write_annotations(tmp_path / "in.jsonl", range(6))
    ds = tmp_path / "ds"
    lock.lock_path(ds).mkdir()
    with pytest.raises(build.BuildError, match=r"\.ds\.lock: not a regular file"):
        build.build(ds, options("0.1.0"), documents=[inputs])
    assert not ds.exists()


def test_the_lock_is_exclusive_within_one_process_too(tmp_path: Path) -> None:
    ds = tmp_path / "ds"
    with lock.hold(ds):
        with pytest.raises(lock.Locked, match=rf"pid {os.getpid()} since"):
            with lock.hold(ds):
                pass
    assert not lock.lock_path(ds).exists()
