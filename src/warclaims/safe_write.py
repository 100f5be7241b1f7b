"""Every file the tool produces is written here: temp file in the target's folder, flush + fsync,
then one rename onto the target (issue 14, "nothing lost").

Why: a plain `write_text` truncates the old file first, so a crash, a full disk or Ctrl-C midway
leaves a half-written file where a good one was. A rename within one folder is atomic: readers
see the old file or the new one, never a mix. The writer also refuses targets it would damage:
a directory (it would be replaced or the write would fail late) and a symlink (the write would
land wherever the link points, or silently replace the user's link). The parent folder is made
only when the caller says so, so a typo in a path does not grow a tree of folders.

`check_component` is the one check for user strings that become a path component (split names).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path
from typing import IO, Any, Callable, Iterator

COMPONENT = re.compile(r"[a-z][a-z0-9_]{0,31}")
"""A user-chosen name used as a file or folder name: lower-case ASCII, no dots, no separators."""


class UnsafeTarget(OSError):
    """A write refused because it would damage something (directory, symlink, missing folder)."""


def check_component(name: str, what: str = "name") -> str:
    """`name` if it matches COMPONENT; ValueError naming `what` otherwise (e.g. '../x', '', 'Train')."""
    if not isinstance(name, str) or not COMPONENT.fullmatch(name):
        raise ValueError(f"{what} {name!r} is not allowed: use 1-32 of a-z, 0-9, _ starting with a letter")
    return name


def _umask_mode() -> int:
    """The mode a plain open() would give a new file (mkstemp makes 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def check_target(path: Path, *, make_parent: bool = False) -> Path:
    """Refuse a target that is a directory or a symlink, or whose folder is missing (unless
    `make_parent`); return the path. Raises UnsafeTarget."""
    path = Path(path)
    if path.is_symlink():
        raise UnsafeTarget(f"{path}: is a symbolic link; not written through (give the real path)")
    if path.is_dir():
        raise UnsafeTarget(f"{path}: is a directory; not overwritten")
    parent = path.parent
    if not parent.is_dir():
        if parent.exists() or parent.is_symlink():
            raise UnsafeTarget(f"{parent}: not a directory; cannot write {path.name} there")
        if not make_parent:
            raise UnsafeTarget(f"{parent}: no such directory; create it first")
        parent.mkdir(parents=True, exist_ok=True)
    return path


class Pending:
    """A temp file next to `target`, renamed onto it by commit() and removed by abort()."""

    def __init__(self, target: Path, *, make_parent: bool = False, mode: int | None = None,
                 exclusive: bool = False) -> None:
        self.target = check_target(target, make_parent=make_parent)
        # same suffix as the target: savefig and joblib choose the format by it
        fd, name = tempfile.mkstemp(prefix=f".{self.target.stem}.tmp-", suffix=self.target.suffix, dir=self.target.parent)
        os.close(fd)
        self.temp = Path(name)
        self.mode = _umask_mode() if mode is None else mode
        self.exclusive = exclusive

    def commit(self) -> None:
        """fsync the temp file, then move it onto the target (exclusive: fail if the target exists)."""
        try:
            os.chmod(self.temp, self.mode)
            with open(self.temp, "rb+") as f:
                os.fsync(f.fileno())
            check_target(self.target)  # the target may have become a directory or link meanwhile
            if self.exclusive:
                os.link(self.temp, self.target)  # FileExistsError when the target exists
            else:
                os.replace(self.temp, self.target)
        finally:
            self.abort()

    def abort(self) -> None:
        """Remove the temp file (a no-op after commit)."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.temp)


@contextlib.contextmanager
def temp_path(target: Path, *, make_parent: bool = False, mode: int | None = None,
              exclusive: bool = False) -> Iterator[Path]:
    """A temp path for writers that take a file name (savefig, joblib, Parquet): whatever they
    write there replaces `target` when the block ends without an exception."""
    pending = Pending(Path(target), make_parent=make_parent, mode=mode, exclusive=exclusive)
    try:
        yield pending.temp
    except BaseException:
        pending.abort()
        raise
    pending.commit()


@contextlib.contextmanager
def open_atomic(target: Path, *, text: bool = False, make_parent: bool = False, mode: int | None = None,
                exclusive: bool = False) -> Iterator[IO[Any]]:
    """A file opened for writing (binary, or UTF-8 text with '\\n' lines) that replaces `target` on success."""
    with temp_path(target, make_parent=make_parent, mode=mode, exclusive=exclusive) as tmp:
        with (open(tmp, "w", encoding="utf-8", newline="\n") if text else open(tmp, "wb")) as f:
            yield f
            f.flush()


def write_bytes(target: Path, data: bytes, *, make_parent: bool = False, mode: int | None = None,
                exclusive: bool = False) -> Path:
    """Write `data` to `target` atomically (see module docstring); returns the target."""
    with open_atomic(target, make_parent=make_parent, mode=mode, exclusive=exclusive) as f:
        f.write(data)
    return Path(target)


def write_text(target: Path, text: str, *, make_parent: bool = False, mode: int | None = None,
               exclusive: bool = False) -> Path:
    """Write `text` as UTF-8 (no newline translation) to `target` atomically; returns the target."""
    return write_bytes(target, text.encode("utf-8"), make_parent=make_parent, mode=mode, exclusive=exclusive)


def write_with(target: Path, writer: Callable[[Path], Any], *, make_parent: bool = False) -> Path:
    """Let `writer(temp_path)` produce the file, then move it onto `target`; returns the target."""
    with temp_path(target, make_parent=make_parent) as tmp:
        writer(tmp)
    return Path(target)
