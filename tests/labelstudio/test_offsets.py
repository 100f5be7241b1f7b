"""Offset proofs and UTF-16 repairs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from warclaims.labelstudio.offsets import prove, utf16_to_codepoints

TEXT = "a😀b 😀 Homs"


def test_code_points_are_accepted() -> None:
    assert prove(TEXT, 6, 10, "Homs").start == 6 and not prove(TEXT, 6, 10, "Homs").repaired


def test_utf16_offsets_are_repaired() -> None:
    c = prove(TEXT, 8, 12, "Homs")
    assert (c.start, c.end, c.repaired, c.error) == (6, 10, True, None)


def test_no_repair_without_region_text() -> None:
    assert prove(TEXT, 8, 12, None).error == "end (12) is beyond the task text (length 10)"


def test_no_repair_when_utf16_reading_does_not_match() -> None:
    c = prove(TEXT, 8, 12, "Hama")
    assert c.error and not c.repaired


def test_no_repair_without_non_bmp_characters() -> None:
    assert prove("plain Homs", 5, 9, "Homs").error is not None


def test_newlines_are_normalised_only() -> None:
    text = "x\r\ny"
    assert prove(text, 0, 4, "x\ny").error is None
    assert prove("x y", 0, 3, "x  y").error is not None


def test_inside_surrogate_pair_has_no_code_point() -> None:
    assert utf16_to_codepoints("😀a", 1) is None and utf16_to_codepoints("😀a", 2) == 1


def test_bad_offsets() -> None:
    assert prove("abc", 2, 1, "x").error and prove("abc", "0", 1, "a").error and prove("abc", True, 1, "a").error


@given(st.text(alphabet="ab 😀🔥", max_size=20), st.text(alphabet="xyz", min_size=1, max_size=5), st.text(alphabet="c 🔥", max_size=5))
def test_utf16_offsets_always_repair_to_the_span(prefix: str, span: str, suffix: str) -> None:
    text = prefix + span + suffix
    u = lambda s: len(s.encode("utf-16-le")) // 2  # noqa: E731
    c = prove(text, u(prefix), u(prefix) + len(span), span)
    assert c.error is None and text[c.start:c.end] == span and (c.start, c.end) == (len(prefix), len(prefix) + len(span))
    assert c.repaired == (u(prefix) != len(prefix))
