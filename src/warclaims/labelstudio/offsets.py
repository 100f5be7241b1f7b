"""Proving region offsets against the task text, and repairing UTF-16 offsets when unambiguous.

Label Studio 1.23 stores code-point offsets for inline text, but older versions and
URL-loaded text stored UTF-16 offsets, which drift by one after each character outside the
Basic Multilingual Plane (emoji, some CJK). `value.text` from the browser may differ from the
slice in its newlines, so the proof compares after normalising CRLF and CR to LF; any other
difference is an error.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass


def squash(s: str) -> str:
    """`s` with newlines normalised (CRLF and CR -> LF): the comparison key for region text vs. slice."""
    return s.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True, slots=True)
class OffsetCheck:
    """Outcome of proving one region: ok offsets, a repair (new offsets), or an error message."""

    start: int
    end: int
    repaired: bool = False
    error: str | None = None


def utf16_to_codepoints(text: str, unit: int) -> int | None:
    """The code-point offset at UTF-16 offset `unit`, or None if `unit` falls inside a surrogate pair."""
    cumulative = _utf16_positions(text)
    i = bisect_left(cumulative, unit)
    return i if i < len(cumulative) and cumulative[i] == unit else None


def _utf16_positions(text: str) -> list[int]:
    out = [0]
    total = 0
    for ch in text:
        total += 2 if ord(ch) > 0xFFFF else 1
        out.append(total)
    return out


def prove(text: str, start: object, end: object, region_text: object) -> OffsetCheck:
    """Check `text[start:end]` against `region_text`; repair UTF-16 offsets only when unambiguous.

    A repair is made when the code-point reading disagrees with the region text and the UTF-16
    reading agrees with it exactly (the two readings differ only when a non-BMP character
    precedes the span). Without `region_text` the offsets can only be range-checked.
    """
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        return OffsetCheck(0, 0, error=f"start/end must be integers, got {start!r}/{end!r}")
    if not 0 <= start < end:
        return OffsetCheck(start, end, error=f"start ({start}) must be >= 0 and less than end ({end})")
    ok_range = end <= len(text)
    if region_text is not None and not isinstance(region_text, str):
        return OffsetCheck(start, end, error=f"value.text must be a string, got {region_text!r}")
    if ok_range and (region_text is None or squash(text[start:end]) == squash(region_text)):
        return OffsetCheck(start, end)
    if region_text is not None and len(text.encode("utf-16-le")) != 2 * len(text):
        s16, e16 = utf16_to_codepoints(text, start), utf16_to_codepoints(text, end)
        if s16 is not None and e16 is not None and s16 < e16 and text[s16:e16] == region_text:
            return OffsetCheck(s16, e16, repaired=True)
    if not ok_range:
        return OffsetCheck(start, end, error=f"end ({end}) is beyond the task text (length {len(text)})")
    return OffsetCheck(start, end, error=f"region text {region_text!r} differs from text[{start}:{end}] = {text[start:end]!r}")
