"""`tree(root)`: every entry under a folder by content hash, for "nothing changed outside the
intended output" checks (tests/dataset/test_nothing_lost.py, tests/test_hostile_catalogue.py)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def tree(root: Path) -> dict[str, str]:
    """Every entry under `root`: files by content hash, links by target, folders as such."""
    out = {}
    for p in sorted(root.rglob("*")):
        key = p.relative_to(root).as_posix()
        if p.is_symlink():
            out[key] = "link:" + os.readlink(p)
        elif p.is_dir():
            out[key] = "dir"
        else:
            out[key] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out
