"""Screenshots for the guidelines, rewritten only when the picture really changed.

Each browser run re-shoots the labeling interface. A new shot replaces the file in
annotation/images/ only when it differs from the stored one in size or in more than
`CHANGED_FRACTION` of its pixels, so a label, colour, hotkey or layout change in the config
shows up in the guidelines, while the clock text ("seconds ago") and anti-aliasing noise do not
dirty the work tree on every run.
"""

from __future__ import annotations

import io
from pathlib import Path

CHANGED_FRACTION = 0.003
"""Share of pixels that must differ before a stored picture is replaced (0.3 %: a relabelled
region or a new hotkey hint changes far more; the 'seconds ago' clock changes less)."""


def changed_fraction(old_png: bytes, new_png: bytes) -> float:
    """Share of pixels that differ between two PNGs (1.0 when their sizes differ)."""
    from PIL import Image, ImageChops

    a = Image.open(io.BytesIO(old_png)).convert("RGB")
    b = Image.open(io.BytesIO(new_png)).convert("RGB")
    if a.size != b.size:
        return 1.0
    diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 24 else 0)
    return diff.histogram()[255] / (a.size[0] * a.size[1])


def store(png: bytes, dest: Path) -> bool:
    """Write `png` to `dest` unless an almost identical picture is already there; True if written."""
    if dest.is_file() and changed_fraction(dest.read_bytes(), png) < CHANGED_FRACTION:
        return False
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(png)
    return True
