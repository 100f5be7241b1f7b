"""The lock of a release folder: one build at a time per target (issue 14, "nothing lost").

Why: two builds of one version at once both reported success, the second silently replacing
the first, and a slow older build finishing after a newer one swapped the older version back
in. A build therefore holds `.NAME.lock` (next to the release folder NAME) from before it reads
the latest release until after its swap, so "is this version new?" and "put it in place" are
one critical section; a second build exits at once naming the lock and its holder.

How: warclaims.flock, not waiting (shared with `ls pull`'s manifest lock). A lock left by a
killed build (kill -9 included) is free for the next build, which says it took it over; the
holder writes its PID and start time into the file for the message.
"""

from __future__ import annotations

import contextlib
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from ..flock import Locked, held

__all__ = ["Locked", "hold", "lock_path"]


def lock_path(target: Path) -> Path:
    """The lock file of release folder `target`."""
    return target.parent / f".{target.name}.lock"


@contextlib.contextmanager
def hold(target: Path) -> Iterator[list[str]]:
    """Hold the lock of `target` for the block; yields one line per thing done (a lock of a
    killed build taken over). Raises Locked when another live build holds it."""
    path = lock_path(Path(target))
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise Locked(f"{path}: not a regular file; remove it (it is where release builds take their lock)")

    def busy(holder: str) -> str:
        return (f"{path}: another build of this release folder is running ({holder or 'holder unknown'}); "
                "wait for it to finish, nothing was changed")

    with held(path, wait=False, busy=busy) as (fd, previous):
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {started}\n".encode("utf-8"), 0)
        yield [f"took over the lock {path.name} left by a killed build ({previous})"] if previous else []
