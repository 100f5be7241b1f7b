"""The published baselines' leaderboard page (baselines/leaderboard/index.html) in headless Chromium.

Checks what a reader sees: one row per published run, every column present, the best cell of each
column bold, and every cell's text readable on its background (WCAG contrast >= 4.5). The
screenshot in docs/leaderboard.png is re-shot on every run (replaced only when it really changed).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from warclaims import leaderboard as lb

from .pictures import store

REPO = Path(__file__).resolve().parents[2]
BOARD = REPO / "baselines" / "leaderboard"

_CELLS = """() => Array.from(document.querySelectorAll('td')).map(td => {
  const s = getComputedStyle(td);
  return {text: td.innerText, cls: td.className, color: s.color, bg: s.backgroundColor, weight: s.fontWeight,
          spans: Array.from(td.querySelectorAll('span')).map(x => getComputedStyle(x).color)};
})"""


def _rgb(css: str) -> tuple[float, ...]:
    parts = css[css.index("(") + 1:css.index(")")].split(",")
    return tuple(float(p) for p in parts[:3])


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio of two CSS rgb() colours."""
    a, b = sorted((_luminance(_rgb(fg)), _luminance(_rgb(bg))), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_contrast_of_known_colours() -> None:
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert contrast("rgb(119, 119, 119)", "rgb(255, 255, 255)") < 4.5 < contrast("rgb(85, 85, 85)", "rgb(255, 255, 255)")


def test_published_page_reads_well(chromium: Any) -> None:
    data = json.loads((BOARD / "leaderboard.json").read_text(encoding="utf-8"))
    context = chromium.new_context(viewport={"width": 1500, "height": 700}, device_scale_factor=1)
    try:
        page = context.new_page()
        page.goto((BOARD / "index.html").as_uri())
        rows = page.locator("tbody tr")
        assert rows.count() == len(data["rows"]) > 0
        headers = page.locator("thead th").all_inner_texts()
        assert headers[3:] == [title for _, title in lb.COLUMNS]
        cells = page.evaluate(_CELLS)
        for cell in cells:
            bg = cell["bg"] if cell["bg"] != "rgba(0, 0, 0, 0)" else "rgb(255, 255, 255)"
            for fg in [cell["color"], *cell["spans"]]:
                assert contrast(fg, bg) >= 4.5, cell
        best = [c for c in cells if "best" in c["cls"].split()]
        assert best and all(int(c["weight"]) >= 600 for c in best)
        n_best = sum(1 for m in data["columns"] if any(r["cells"][m]["best"] for r in data["rows"]))
        assert len(best) == n_best
        store(page.screenshot(full_page=True), REPO / "docs" / "leaderboard.png")
    finally:
        context.close()
