"""An exclusive lock held on a lock file (`fcntl.flock`), removed by its holder when done.

Shared by the release build (dataset.lock: one build per release folder, refused at once when
busy) and `ls pull` (one manifest update per folder at a time, waiting its turn). The kernel
drops a flock when its process dies, so a lock left by a killed process is free. The holder
unlinks the file while still holding it; a process that opened the old file meanwhile sees,
after locking, that the path no longer names its file and tries again, so two processes never
both believe they hold the lock.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from pathlib import Path
from typing import Callable, Iterator

ATTEMPTS = 20
"""Tries when the lock file is replaced under us (each replacement is another holder finishing)."""


class Locked(Exception):
    """Another live process holds the lock; the message names the lock file and its holder."""


def holder(fd: int) -> str:
    """What the holder wrote into the lock file, as text ('' if unreadable or empty)."""
    with contextlib.suppress(OSError, UnicodeDecodeError):
        return os.pread(fd, 200, 0).decode("utf-8").strip()
    return ""


def _same_file(fd: int, path: Path) -> bool:
    try:
        st = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return os.path.samestat(st, os.fstat(fd))


def acquire(path: Path, *, wait: bool, busy: Callable[[str], str] | None = None) -> tuple[int, str]:
    """(fd holding the lock on `path`, what the previous holder left in the file).

    With `wait`, block until the lock is free; otherwise raise Locked when another live process
    holds it, with the message `busy(holder's text)` (default: the path and that text)."""
    for _ in range(ATTEMPTS):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError as e:
            raise Locked(f"{path}: cannot open the lock file ({e.strerror or e}); nothing was changed") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError as e:
            text = holder(fd)
            os.close(fd)
            if e.errno in (errno.EWOULDBLOCK, errno.EACCES):
                raise Locked(busy(text) if busy else f"{path}: held by another process ({text or 'holder unknown'})") from None
            raise
        if _same_file(fd, path):
            return fd, holder(fd)
        os.close(fd)  # the holder finished and removed the file between our open and our lock
    raise Locked(f"{path}: the lock kept changing hands ({ATTEMPTS} tries); nothing was changed")


@contextlib.contextmanager
def held(path: Path, *, wait: bool, busy: Callable[[str], str] | None = None) -> Iterator[tuple[int, str]]:
    """Hold the lock on `path` for the block (see `acquire`); yields (fd, previous holder's text).
    The file is removed, then closed, when the block ends."""
    fd, previous = acquire(path, wait=wait, busy=busy)
    try:
        yield fd, previous
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        os.close(fd)
