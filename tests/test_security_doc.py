"""SECURITY.md names the tests of each promise: every test file it names must exist."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_every_test_file_named_exists() -> None:
    text = (REPO / "SECURITY.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"tests/[\w/]+\.py", text))
    bare = set(re.findall(r"(?<![\w/])(test_\w+\.py)", text))
    assert paths and bare
    missing = sorted(p for p in paths if not (REPO / p).is_file())
    have = {p.name for p in (REPO / "tests").rglob("test_*.py")}
    missing += sorted(b for b in bare if b not in have)
    assert not missing, missing
