"""The release folder a build replaces: what may be replaced, the temp folders, the swap, and the
recovery after a killed build (issue 14, "nothing lost").

A build writes into `.NAME.build-PID/` next to the target NAME and swaps it in with one atomic
exchange of the two folders (Linux renameat2 RENAME_EXCHANGE): there is no moment without a
readable release at NAME, and the old release, now at `.NAME.build-PID/`, is then removed.
Where the exchange is not supported (another OS or file system) the swap falls back to two
renames: the old release to `.NAME.old-PID`, the new one onto NAME; one killed between them
leaves no NAME at all. A build killed midway leaves those folders behind; the next build
(`prepare`, run under the release lock, see `lock`) puts a lone `.NAME.old-PID` back as NAME
and removes the leftovers of processes that are no longer alive. It refuses a target that is not a release (no RELEASE.json) but holds files:
the swap would delete them.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import sys
import shutil
from pathlib import Path

RELEASE_FILE = "RELEASE.json"


class TargetError(Exception):
    """A target the build must not replace."""


def temp_dir(target: Path) -> Path:
    """The folder this process builds into."""
    return target.parent / f".{target.name}.build-{os.getpid()}"


def old_dir(target: Path) -> Path:
    """Where this process parks the previous release during the swap."""
    return target.parent / f".{target.name}.old-{os.getpid()}"


def _alive(pid: int) -> bool:
    """Whether process `pid` exists (our own PID counts as dead: its folders are from an earlier process)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's process, or a PID we cannot test: leave its folders alone
    return True


def leftovers(target: Path) -> list[tuple[str, int, Path]]:
    """(kind 'build' or 'old', pid, path) of the real folders next to `target` named like a
    killed build's, whose process is not alive; newest first."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(build|old)-([0-9]{{1,10}})")
    found = []
    if target.parent.is_dir():
        for p in target.parent.iterdir():
            m = pattern.fullmatch(p.name)
            if m and p.is_dir() and not p.is_symlink() and not _alive(int(m.group(2))):
                found.append((m.group(1), int(m.group(2)), p))
    return sorted(found, key=lambda f: f[2].stat().st_mtime, reverse=True)


def check_named(target: Path) -> None:
    """Refuse a target without a name of its own ('.', '..', the current folder by any path): the
    lock, the temporary folder and the swap all live next to the release folder. Raises TargetError."""
    if target.name in ("", ".", "..") or target.resolve() == Path.cwd().resolve():
        raise TargetError(f"{target}: give the release folder by name (e.g. dataset): the build puts its lock and "
                          "temporary folder next to it and swaps the folder itself")


def prepare(target: Path) -> list[str]:
    """Check that `target` may be replaced, recover a release lost by a killed swap and remove
    dead builds' temp folders; returns one line per thing done. Raises TargetError."""
    if target.is_symlink():
        raise TargetError(f"{target}: is a symbolic link; give the real release directory")
    if target.exists() and not target.is_dir():
        raise TargetError(f"{target}: is not a directory")
    done = []
    found = leftovers(target)
    if not target.exists():
        olds = [p for kind, _, p in found if kind == "old"]
        if olds:
            os.rename(olds[0], target)
            done.append(f"recovered the release {target} from {olds[0].name} (left by a killed build)")
            found = [f for f in found if f[2] != olds[0]]
    for kind, _, p in found:
        if kind == "old" and not (p / RELEASE_FILE).is_file() and any(p.iterdir()):
            done.append(f"kept {p.name}: left by a killed build but not a release; look at it and remove it")
            continue
        shutil.rmtree(p)
        done.append(f"removed {p.name} (left by a killed build)")
    if target.is_dir() and not (target / RELEASE_FILE).is_file() and any(target.iterdir()):
        raise TargetError(f"{target}: not empty and not a release (no {RELEASE_FILE}); nothing was deleted. "
                          "Give a new or empty directory, or an existing release")
    return done


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap the directory entries `a` and `b` (both must exist); False when this
    OS or file system cannot, OSError on any other failure."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def swap(tmp: Path, target: Path) -> None:
    """Replace `target` by `tmp`: one atomic exchange, else two renames (see module docstring)."""
    if not target.exists():
        os.rename(tmp, target)
        return
    if exchange(tmp, target):
        shutil.rmtree(tmp)  # the old release; a kill here leaves a dead build's folder for `prepare`
        return
    old = old_dir(target)
    os.rename(target, old)
    try:
        os.rename(tmp, target)
    except OSError:
        os.rename(old, target)
        raise
    shutil.rmtree(old)
