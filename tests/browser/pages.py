"""Page objects for the Label Studio 1.23 labeling UI, driven as an annotator drives it.

Everything an annotator does goes through the real input path: label hotkeys, a real mouse drag
over the words (press, move, release), clicks in the regions panel, choice hotkeys or clicks,
Alt+R and a click for a relation, the relation's label picker, the Submit button. The only
script run in the page is `_SPAN_RECT`, which plays the annotator's eyes: it measures where the
first and last character of a span are drawn, so the mouse knows where to press and release.

Selectors are the ones measured on 1.23.2 (shared/LABEL_STUDIO_NOTES.md, last section). Every
action waits for its visible effect (a new row in the regions panel, a checked choice, a
relation row), so a step that did nothing fails at that step, not at the final comparison.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page


def expect(target: Any) -> Any:
    """Playwright's auto-retrying `expect`, imported on use so collection works without Playwright."""
    from playwright.sync_api import expect as _expect

    return _expect(target)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync")
"""Flags measured to give a quiet, offline, headless Chromium as root (LABEL_STUDIO_NOTES.md)."""

VIEWPORT = {"width": 1400, "height": 1000}

_SPAN_RECT = r"""
([start, end]) => {
  // start/end: UTF-16 offsets into the rendered text, where each <br> stands for one "\n".
  const root = document.querySelector('.lsf-htx-richtext');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  let pos = 0, sNode = null, sOff = 0, eNode = null, eOff = 0;
  while (walker.nextNode()) {
    const n = walker.currentNode;
    if (n.nodeType === 1) { if (n.tagName === 'BR') pos += 1; continue; }
    const len = n.data.length;
    if (sNode === null && start < pos + len) { sNode = n; sOff = start - pos; }
    if (eNode === null && end <= pos + len) { eNode = n; eOff = end - pos; }
    pos += len;
  }
  if (sNode === null || eNode === null) return {error: `offsets ${start}..${end} outside the rendered text (${pos})`};
  sNode.parentElement.scrollIntoView({block: 'center'});
  const first = document.createRange(); first.setStart(sNode, sOff); first.setEnd(sNode, sOff + 1);
  const last = document.createRange(); last.setStart(eNode, eOff - 1); last.setEnd(eNode, eOff);
  const a = first.getClientRects()[0], bs = last.getClientRects(), b = bs[bs.length - 1];
  // A right-to-left character (Arabic, Hebrew) starts at its right edge and ends at its left edge.
  const rtl = (s) => /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/.test(s);
  const x1 = rtl(first.toString()) ? a.right - a.width * 0.25 : a.left + a.width * 0.25;
  const x2 = rtl(last.toString()) ? b.left + b.width * 0.25 : b.right - b.width * 0.25;
  return {x1: x1, y1: a.top + a.height / 2, x2: x2, y2: b.top + b.height / 2, rendered: pos};
}
"""


def utf16_len(s: str) -> int:
    """Length of `s` in UTF-16 code units (what the browser counts; emoji outside the BMP count 2)."""
    return len(s.encode("utf-16-le")) // 2


def login(page: Page, base_url: str, email: str, password: str) -> None:
    """Log in through the login form, as a person does; fails unless the app shell loads."""
    page.goto(base_url + "/user/login/")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button.login-button")
    page.wait_for_url(re.compile(r"^(?!.*/user/login).*$"))
    expect(page.locator("#email")).to_have_count(0)


@dataclass
class Region:
    """A region the test created: its panel row index (creation order), label and text."""

    index: int
    label: str
    text: str


@dataclass
class LabelingPage:
    """The labeling page of one task, with the config's hotkeys for labels and choices."""

    page: Page
    task_id: int
    text: str
    hotkeys: dict[tuple[str, str], str]
    regions: list[Region] = field(default_factory=list)
    relations: int = 0

    def open(self, base_url: str, project_id: int) -> "LabelingPage":
        """Open the task in the data manager's labeling view and wait for the text to render."""
        self.page.goto(f"{base_url}/projects/{project_id}/data?task={self.task_id}")
        # The data manager rewrites the URL (adds &tab=) and may redraw the editor once more after
        # the first paint: wait for that, for the network to settle and for the fonts.
        self.page.wait_for_url(re.compile(r"[?&]tab="), timeout=30_000)
        self.page.wait_for_load_state("networkidle")
        expect(self.page.locator(".lsf-htx-richtext")).to_be_visible(timeout=30_000)
        expect(self.page.get_by_role("button", name="Submit")).to_be_visible()
        self.page.evaluate("document.fonts.ready.then(() => true)")
        return self

    # -- regions -------------------------------------------------------------------------------

    def row(self, region: Region) -> Locator:
        """The region's row in the regions panel, found by its index badge (1-based, creation order)."""
        badge = self.page.locator(".lsf-outliner-item__index").filter(has_text=re.compile(f"^{region.index + 1}$"))
        return self.page.locator(".lsf-outliner-item").filter(has=badge)

    def reveal(self, region: Region) -> Locator:
        """Scroll the regions panel with the mouse wheel until the region's row is drawn (the panel
        is a virtual list: rows scrolled out of view are not in the page at all)."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        row = self.row(region)
        try:
            row.wait_for(state="attached", timeout=2000)
        except PlaywrightTimeout:
            pass  # drawn but scrolled out of the panel's view: the wheel loop below finds it
        for _ in range(30):
            if row.count():
                row.scroll_into_view_if_needed()
                return row
            shown = [int(t) for t in self.page.locator(".lsf-outliner-item__index").all_inner_texts() if t.strip().isdigit()]
            if not shown:
                break
            self.page.locator(".lsf-outliner-item").first.hover()
            self.page.mouse.wheel(0, 120 if region.index + 1 > max(shown) else -120)
            time.sleep(0.05)
        raise AssertionError(f"region {region.index + 1} ({region.label} {region.text!r}) is not in the regions panel")

    def show_tab(self, name: str) -> None:
        """Bring the Regions or Relations tab of the side panel to the front."""
        self.page.locator(".lsf-panel-tabs__tab:visible").filter(has_text=re.compile(f"^{name}$")).click()

    def unselect(self) -> None:
        """Leave any selected region (Escape), so a label hotkey starts a new region."""
        self.page.keyboard.press("Escape")
        expect(self.page.locator(".lsf-label_selected")).to_have_count(0)

    def pick_label(self, control: str, label: str) -> None:
        """Press the label's hotkey and wait until the label shows as active (retried once:
        the editor binds its hotkeys a moment after it draws)."""
        key = self.hotkeys[(control, label)]
        active = self.page.locator(".lsf-label_selected").filter(has_text=label)
        for attempt in range(3):
            self.page.keyboard.press(key)
            try:
                expect(active).to_have_count(1, timeout=1500)
                return
            except AssertionError:
                if attempt == 2:
                    raise AssertionError(f"hotkey {key!r} did not activate label {label!r}") from None

    def drag(self, start: int, end: int) -> None:
        """Select text[start:end] (code points) with a real mouse drag over the rendered words."""
        rect = self.page.evaluate(_SPAN_RECT, [utf16_len(self.text[:start]), utf16_len(self.text[:end])])
        if "error" in rect:
            raise AssertionError(rect["error"])
        mouse = self.page.mouse
        mouse.move(rect["x1"], rect["y1"])
        mouse.down()
        mouse.move((rect["x1"] + rect["x2"]) / 2, (rect["y1"] + rect["y2"]) / 2, steps=4)
        mouse.move(rect["x2"], rect["y2"], steps=4)
        mouse.up()

    def label_span(self, control: str, label: str, start: int, end: int) -> Region:
        """Hotkey, drag, and wait for the new row in the regions panel showing label and text."""
        self.show_tab("Regions")
        region = Region(len(self.regions), label, self.text[start:end])
        highlights = self.page.locator(".lsf-htx-richtext .htx-highlight")
        for attempt in range(2):  # one retry: a drag during the editor's last redraw after opening is lost
            before = highlights.count()
            self.unselect()
            self.pick_label(control, label)
            self.drag(start, end)
            try:
                expect(highlights).not_to_have_count(before, timeout=3000)
                break
            except AssertionError:
                if attempt:
                    raise AssertionError(f"dragging over {region.text!r} with {label} active made no region") from None
        row = self.reveal(region)
        expect(row).to_contain_text(label)
        expect(row).to_contain_text(region.text.split("\n")[0][:40])
        self.regions.append(region)
        return region

    def select(self, region: Region) -> None:
        """Click the region's row in the regions panel; wait for its label to show as active."""
        self.show_tab("Regions")
        self.unselect()
        self.reveal(region).click()
        expect(self.page.locator(".lsf-label_selected").filter(has_text=region.label)).to_have_count(1)

    # -- per-region choices ----------------------------------------------------------------------

    def choice_input(self, value: str) -> Locator:
        """The visible input of a choice (labels carry a hotkey hint, so match the input's value)."""
        return self.page.locator(f"input[value='{value}']:visible, input[name='{value}']:visible").first

    def choose_by_hotkey(self, region: Region, control: str, value: str) -> None:
        """Select the region, press the choice's hotkey, and wait for the choice to be checked."""
        self.select(region)
        self.page.keyboard.press(self.hotkeys[(control, value)])
        expect(self.choice_input(value)).to_be_checked()

    def choose_by_click(self, region: Region, value: str) -> None:
        """Select the region and click the choice, as a mouse user does."""
        self.select(region)
        self.choice_input(value).check()
        expect(self.choice_input(value)).to_be_checked()

    # -- relations -------------------------------------------------------------------------------

    def relate(self, source: Region, target: Region) -> None:
        """Alt+R on the selected `source`, then a click on `target`'s row: a relation source -> target."""
        self.select(source)
        self.page.keyboard.press("Alt+r")
        self.reveal(target).click()
        self.relations += 1
        self.show_tab("Relations")
        expect(self.page.locator(".lsf-relations__item")).to_have_count(self.relations)
        self.show_tab("Regions")

    def label_relation(self, n: int, label: str) -> None:
        """Give relation row `n` (creation order) a label with the relation's label picker."""
        self.unselect()
        self.show_tab("Relations")
        item = self.page.locator(".lsf-relations__item").nth(n)
        item.hover()
        item.get_by_role("button", name="Show Relation Labels").click()
        item.get_by_text("Select labels").click()
        self.page.locator("[data-testid=select-option-label]:visible").filter(has_text=re.compile(f"^{label}$")).click()
        self.page.keyboard.press("Escape")
        expect(item).to_contain_text(label)
        self.show_tab("Regions")

    # -- submit and pictures ---------------------------------------------------------------------

    def submit(self) -> dict[str, Any]:
        """Click Submit and return the annotation the server created (HTTP 201)."""
        self.unselect()
        with self.page.expect_response(lambda r: r.request.method == "POST"
                                       and f"/api/tasks/{self.task_id}/annotations" in r.url) as created:
            self.page.get_by_role("button", name="Submit").click()
        resp = created.value
        if resp.status != 201:
            raise AssertionError(f"submit: HTTP {resp.status}: {resp.text()[:300]}")
        return resp.json()

    def scroll_to(self, start: int) -> None:
        """Scroll the text so the character at code point `start` is in the middle of the view."""
        self.page.evaluate(_SPAN_RECT, [utf16_len(self.text[:start]), utf16_len(self.text[:start + 1])])

    def picture(self) -> bytes:
        """A PNG of the labeling area (labels, text, side panels) without the task list."""
        time.sleep(0.3)  # let highlights and relation arrows finish drawing
        return bytes(self.page.screenshot(clip={"x": 240, "y": 48, "width": VIEWPORT["width"] - 240,
                                                "height": VIEWPORT["height"] - 48}))
