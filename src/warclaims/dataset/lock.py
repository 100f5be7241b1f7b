"""The lock of a release folder: one build at a time per target (issue 14, "nothing lost").

Why: two builds of one version at once both reported success, the second silently replacing
the first, and a slow older build finishing after a newer one swapped the older version back
in. A build therefore holds `.NAME.lock` (next to the release folder NAME) from before it reads
the latest release until after its swap, so "is this version new?" and "put it in place" are
one critical section; a second build exits at once naming the lock and its holder.

How: `fcntl.flock` on the lock file (exclusive, non-blocking). The kernel drops a flock when
its process dies, so a lock left by a killed build (kill -9 included) is free for the next
build, which says it took it over. The holder writes its PID and start time into the file for
the message. On release the file is unlinked while still locked; a process that opened the
old file meanwhile sees, after locking, that the path no longer names its file and tries again,
so two processes never both believe they hold the lock.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

ATTEMPTS = 20
"""Tries when the lock file is replaced under us (each replacement is another build finishing)."""


class Locked(Exception):
    """Another live build holds the lock; the message names the lock file and its holder."""


def lock_path(target: Path) -> Path:
    """The lock file of release folder `target`."""
    return target.parent / f".{target.name}.lock"


def _holder(fd: int) -> str:
    """The PID and start time another build wrote into the lock file, as text ('' if unreadable)."""
    with contextlib.suppress(OSError, UnicodeDecodeError):
        return os.pread(fd, 200, 0).decode("utf-8").strip()
    return ""


def _same_file(fd: int, path: Path) -> bool:
    try:
        st = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    here = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (here.st_dev, here.st_ino)


def _acquire(path: Path) -> tuple[int, str]:
    """(fd holding the lock, what the previous holder left in the file); raises Locked."""
    for _ in range(ATTEMPTS):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError as e:
            raise Locked(f"{path}: cannot open the lock file ({e.strerror or e}); nothing was changed") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            holder = _holder(fd)
            os.close(fd)
            if e.errno in (errno.EWOULDBLOCK, errno.EACCES):
                raise Locked(f"{path}: another build of this release folder is running "
                             f"({holder or 'holder unknown'}); wait for it to finish, nothing was changed") from None
            raise
        if _same_file(fd, path):
            return fd, _holder(fd)
        os.close(fd)  # the holder finished and removed the file between our open and our lock
    raise Locked(f"{path}: the lock kept changing hands ({ATTEMPTS} tries); nothing was changed")


@contextlib.contextmanager
def hold(target: Path) -> Iterator[list[str]]:
    """Hold the lock of `target` for the block; yields one line per thing done (a lock of a
    killed build taken over). Raises Locked when another live build holds it."""
    path = lock_path(Path(target))
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise Locked(f"{path}: not a regular file; remove it (it is where release builds take their lock)")
    fd, previous = _acquire(path)
    done = [f"took over the lock {path.name} left by a killed build ({previous})"] if previous else []
    try:
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {started}\n".encode("utf-8"), 0)
        yield done
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        os.close(fd)
