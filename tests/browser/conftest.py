"""Browser fixtures: Debian's Chromium driven by Python Playwright against the session's real server.

- `chromium`: one headless Chromium for the session (`/usr/bin/chromium`, never a downloaded build).
  Missing Chromium or Playwright skips the browser tests on a developer machine (`make setup-browser`
  installs both) but FAILS them when CI=true, so CI can never go green without running them.
- `annotator`: an annotator account made the way a person joins: the admin's invite link, then the
  sign-up form (posted over HTTP; only logging in is part of the tests).
- `ui`: a fresh browser context and page per test; the page's console is recorded.
- Failure is legible: when a test that used `ui` fails, the page's screenshot and console log are
  kept under .artifacts/browser/ and their paths are appended to the failure message itself.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / ".artifacts" / "browser"


def _browser_missing() -> str | None:
    from .pages import CHROMIUM

    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (run `make setup-browser`)"
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        return f"{CHROMIUM} is missing (run `make setup-browser`: apt-get install -y chromium)"
    return None


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    missing = _browser_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    from .pages import CHROMIUM, CHROMIUM_FLAGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                                     args=list(CHROMIUM_FLAGS))
        try:
            yield browser
        finally:
            browser.close()


@dataclass(frozen=True)
class Annotator:
    """Login of the annotator account the browser tests use."""

    email: str
    password: str


@pytest.fixture(scope="session")
def annotator(label_studio: Any) -> Annotator:
    """An annotator who joined through the organisation's invite link and the sign-up form."""
    import requests

    who = Annotator("annotator@warclaims.test", secrets.token_urlsafe(12))
    invite = label_studio.api.json("GET", "/api/invite")["invite_url"]
    with requests.Session() as s:
        page = s.get(label_studio.url + invite, timeout=30)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        action = re.search(r'<form id="signup-form"\s+action="([^"]+)"', page.text)
        assert csrf and action, f"sign-up form not found at {invite} (HTTP {page.status_code})"
        done = s.post(label_studio.url + action.group(1).replace("&amp;", "&"), allow_redirects=False, timeout=30,
                      data={"csrfmiddlewaretoken": csrf.group(1), "email": who.email, "password": who.password,
                            "allow_newsletters": "false"})
    assert done.status_code == 302, f"sign-up through the invite link failed: HTTP {done.status_code}"
    assert who.email in {u.get("email") for u in label_studio.api.users()}
    return who


@dataclass
class UI:
    """One test's page plus what is needed to explain a failure."""

    page: Any
    url: str
    console: list[str] = field(default_factory=list)


@pytest.fixture
def ui(chromium: Any, label_studio: Any, request: pytest.FixtureRequest) -> Iterator[UI]:
    """A fresh context (no cookies, no drafts in local storage) and page; console recorded."""
    from .pages import VIEWPORT

    context = chromium.new_context(viewport=VIEWPORT, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    out = UI(page, label_studio.url)
    page.on("console", lambda m: out.console.append(f"[{m.type}] {m.text}"))
    page.on("pageerror", lambda e: out.console.append(f"[pageerror] {e}"))
    request.node._warclaims_ui = out
    try:
        yield out
    finally:
        context.close()


def keep_artifacts(ui: UI, nodeid: str) -> tuple[Path, Path]:
    """Save the page's screenshot and console log under .artifacts/browser/; return both paths."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1])
    shot, log = ARTIFACTS / f"{stem}.png", ARTIFACTS / f"{stem}.console.log"
    try:
        ui.page.screenshot(path=str(shot), full_page=False)
    except Exception as e:  # the page may be gone; say so in the log rather than hide the original failure
        ui.console.append(f"[warclaims] screenshot failed: {type(e).__name__}: {e}")
        shot = Path(f"{shot} (not written: {type(e).__name__})")
    log.write_text(f"url: {ui.page.url}\n" + "\n".join(ui.console) + "\n", encoding="utf-8")
    return shot, log


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """On failure of a test that drove the browser, keep the artefacts and name them in the message."""
    outcome = yield
    ui = getattr(item, "_warclaims_ui", None)
    if ui is None or outcome.excinfo is None:
        return
    exc = outcome.excinfo[1]
    if isinstance(exc, (pytest.skip.Exception, KeyboardInterrupt)):
        return
    shot, log = keep_artifacts(ui, item.nodeid)
    err = AssertionError(f"{type(exc).__name__}: {exc}\n\nbrowser artefacts kept:\n  screenshot:  {shot}\n  console log: {log}")
    outcome.force_exception(err.with_traceback(exc.__traceback__))
