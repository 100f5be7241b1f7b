"""Issue 14 "nothing lost": hostile targets and names for the release build, leftovers of killed
builds, and the one safe-write function. Each case checks the exit code, the message, that no
traceback is printed and that nothing outside the intended output changed."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from warclaims import safe_write
from warclaims.cli import cli
from warclaims.dataset import split

from treehash import tree

from .conftest import write_annotations


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _build(inputs: Path, out: Path, *extra: str):
    return _run("dataset", "build", "--documents", str(inputs), "--version", "0.1.0", "--out", str(out),
                "--allow-synthetic", *extra)


# ---- 2. a non-empty folder that is not a release is never replaced --------------------------

def test_build_refuses_folder_holding_the_exports(tmp_path: Path) -> None:
    """The reported case: --out names the folder that holds the inputs; today it was deleted."""
    work = tmp_path / "annotation"
    (work / "exports").mkdir(parents=True)
    inputs = write_annotations(work / "exports" / "in.jsonl", range(6))
    (work / "notes.md").write_text("hand-written\n")
    before = tree(tmp_path)
    result = _build(inputs, work)
    assert result.exit_code == 1, result.output
    assert "not empty and not a release (no RELEASE.json); nothing was deleted" in result.output
    assert "Traceback" not in result.output
    assert tree(tmp_path) == before


@pytest.mark.parametrize("kind", ["symlink", "file"])
def test_build_refuses_symlink_or_file_target(tmp_path: Path, kind: str) -> None:
    inputs = write_annotations(tmp_path / "in.jsonl", range(6))
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("keep\n")
    out = tmp_path / "out"
    if kind == "symlink":
        out.symlink_to(victim)
    else:
        out.write_text("a file\n")
    before = tree(tmp_path)
    result = _build(inputs, out)
    assert result.exit_code in (1, 2) and "Traceback" not in result.output
    assert ("symbolic link" if kind == "symlink" else "is a file") in result.output, result.output
    assert tree(tmp_path) == before


def test_build_into_empty_folder_and_over_a_release_still_works(tmp_path: Path) -> None:
    inputs = write_annotations(tmp_path / "in.jsonl", range(6))
    out = tmp_path / "ds"
    out.mkdir()
    assert _build(inputs, out).exit_code == 0
    again = _build(inputs, out)
    assert again.exit_code == 0 and "nothing to do" in again.output


# ---- 3. split names become file names: one strict pattern -----------------------------------

@pytest.mark.parametrize("ratios, message", [
    ("../../victim=0.6,validation=0.2,test=0.2", "split name '../../victim' is not allowed"),
    ("=0.6,validation=0.2,test=0.2", "split name '' is not allowed"),
    ("Train=0.6,validation=0.2,test=0.2", "split name 'Train' is not allowed"),
    ("a/b=0.6,validation=0.2,test=0.2", "split name 'a/b' is not allowed"),
    ("x" * 33 + "=0.6,validation=0.2,test=0.2", "is not allowed"),
    ("train=nan,validation=0.2,test=0.2", "must be positive"),
    ("train=inf,validation=0.2,test=0.2", "must be positive"),
    ("train=-0.6,validation=0.8,test=0.8", "must be positive"),
    ("train=0.6,validation=0.2,test=0.2,train=0", "must be"),
    ("train=abc", "could not convert"),
])
def test_hostile_ratios_are_usage_errors(tmp_path: Path, ratios: str, message: str) -> None:
    inputs = write_annotations(tmp_path / "in.jsonl", range(6))
    before = tree(tmp_path)
    result = _build(inputs, tmp_path / "ds", "--ratios", ratios)
    assert result.exit_code == 2, result.output
    assert "Invalid value for --ratios:" in result.output and message in result.output
    assert "Traceback" not in result.output
    assert tree(tmp_path) == before


def test_check_component_is_the_one_pattern() -> None:
    assert safe_write.check_component("validation_2") == "validation_2"
    for bad in ["", ".", "..", "../x", "a b", "é", "1train", "train\n", "x" * 33]:
        with pytest.raises(ValueError, match="not allowed"):
            safe_write.check_component(bad, "split name")
    with pytest.raises(ValueError, match="split name"):
        split.check_ratios((("../x", 0.5), ("test", 0.5)))


# ---- 4. leftovers of killed builds ------------------------------------------------------------

def test_dead_builds_leftovers_are_removed_live_ones_kept(tmp_path: Path) -> None:
    inputs = write_annotations(tmp_path / "in.jsonl", range(6))
    assert _build(inputs, tmp_path / "ds").exit_code == 0
    dead, alive = _dead_pid(), os.getppid()
    for name in (f".ds.build-{dead}", f".ds.old-{dead}", f".ds.build-{alive}"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "part.parquet").write_bytes(b"half")
    (tmp_path / f".ds.old-{dead}" / "RELEASE.json").write_text("{}")  # a parked release
    (tmp_path / ".ds.build-notapid").mkdir()
    (tmp_path / f".other.build-{dead}").mkdir()
    before = tree(tmp_path)
    result = _build(inputs, tmp_path / "ds")
    assert result.exit_code == 0, result.output
    assert f"removed .ds.build-{dead} (left by a killed build)" in result.output
    assert f"removed .ds.old-{dead} (left by a killed build)" in result.output
    after = tree(tmp_path)
    assert not (tmp_path / f".ds.build-{dead}").exists() and not (tmp_path / f".ds.old-{dead}").exists()
    kept = {k: v for k, v in before.items() if not k.startswith((f".ds.build-{dead}", f".ds.old-{dead}"))}
    assert after == kept  # the release itself is unchanged: same version, same inputs


def test_release_lost_between_the_two_renames_is_recovered(tmp_path: Path) -> None:
    inputs = write_annotations(tmp_path / "in.jsonl", range(6))
    ds = tmp_path / "ds"
    assert _build(inputs, ds).exit_code == 0
    release = tree(ds)
    dead = _dead_pid()
    os.rename(ds, tmp_path / f".ds.old-{dead}")  # killed after parking the old release
    (tmp_path / f".ds.build-{dead}").mkdir()  # ... with its new build not yet swapped in
    result = _build(inputs, ds)
    assert result.exit_code == 0, result.output
    assert f"recovered the release {ds} from .ds.old-{dead}" in result.output
    assert "nothing to do" in result.output and tree(ds) == release
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds", "in.jsonl"]


def test_gitignore_lists_the_temp_folders() -> None:
    text = (Path(__file__).resolve().parents[2] / ".gitignore").read_text()
    assert ".*.build-*/" in text and ".*.old-*/" in text and ".*.lock" in text


# ---- 1. the safe write -----------------------------------------------------------------------

def test_safe_write_replaces_atomically_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old\n")
    safe_write.write_text(target, "new\r\nline\n")
    assert target.read_bytes() == b"new\r\nline\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_safe_write_failure_leaves_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with safe_write.open_atomic(target) as f:
            f.write(b"half")
            raise RuntimeError("killed")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_safe_write_refuses_directory_symlink_and_missing_folder(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n")
    (tmp_path / "link.txt").symlink_to(victim)
    (tmp_path / "dir").mkdir()
    before = tree(tmp_path)
    with pytest.raises(safe_write.UnsafeTarget, match="symbolic link"):
        safe_write.write_text(tmp_path / "link.txt", "x")
    with pytest.raises(safe_write.UnsafeTarget, match="is a directory"):
        safe_write.write_text(tmp_path / "dir", "x")
    with pytest.raises(safe_write.UnsafeTarget, match="no such directory"):
        safe_write.write_text(tmp_path / "new" / "a.txt", "x")
    with pytest.raises(FileExistsError):
        safe_write.write_text(victim, "x", exclusive=True)
    assert tree(tmp_path) == before
    safe_write.write_text(tmp_path / "new" / "a.txt", "x", make_parent=True)
    assert (tmp_path / "new" / "a.txt").read_text() == "x"


def test_cli_refuses_to_write_through_a_symlink(tmp_path: Path) -> None:
    """`dataset stats --card LINK`: one line, exit 1, the linked file untouched."""
    inputs = write_annotations(tmp_path / "in.jsonl", range(6))
    assert _build(inputs, tmp_path / "ds").exit_code == 0
    victim = tmp_path / "victim.md"
    victim.write_text("keep\n")
    (tmp_path / "card.md").symlink_to(victim)
    before = tree(tmp_path)
    result = _run("dataset", "stats", str(tmp_path / "ds"), "--card", str(tmp_path / "card.md"))
    assert result.exit_code == 1, result.output
    assert "card.md: is a symbolic link; not written through" in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert tree(tmp_path) == before
    shutil.rmtree(tmp_path / "ds")


@pytest.mark.parametrize("version", ["../../victim", "1.2.3/../../x", "١.٢.٣"])
def test_release_version_never_becomes_a_hostile_path(tmp_path: Path, version: str) -> None:
    """The version in RELEASE.json names runs/<baseline>/<version>/: it must be X.Y.Z."""
    ds = tmp_path / "ds"
    ds.mkdir()
    (ds / "RELEASE.json").write_text('{"version": "%s"}' % version)
    before = tree(tmp_path)
    result = _run("baselines", "run", "--dataset", str(ds), "--out", str(tmp_path / "out"), "--no-card")
    assert result.exit_code == 1, result.output
    assert f"$.version: {version!r} is not a release version X.Y.Z" in result.output and "Traceback" not in result.output
    assert tree(tmp_path) == before


def test_parked_folder_that_is_not_a_release_is_kept(tmp_path: Path) -> None:
    """A `.ds.old-PID` without RELEASE.json holds someone's files: reported, never deleted."""
    inputs = write_annotations(tmp_path / "in.jsonl", range(6))
    assert _build(inputs, tmp_path / "ds").exit_code == 0
    dead = _dead_pid()
    (tmp_path / f".ds.old-{dead}").mkdir()
    (tmp_path / f".ds.old-{dead}" / "mine.txt").write_text("mine\n")
    before = tree(tmp_path)
    result = _build(inputs, tmp_path / "ds")
    assert result.exit_code == 0 and f"kept .ds.old-{dead}: left by a killed build but not a release" in result.output
    assert tree(tmp_path) == before
