"""A failed browser test keeps its screenshot and console log and names them in its message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from . import conftest

pytestmark = [pytest.mark.browser, pytest.mark.labelstudio]


class _Outcome:
    """Stands in for pluggy's Result: holds the test's exception and what the hook forced."""

    def __init__(self, exc: BaseException) -> None:
        self.excinfo = (type(exc), exc, exc.__traceback__)
        self.forced: BaseException | None = None

    def force_exception(self, exc: BaseException) -> None:
        self.forced = exc


class _Item:
    nodeid = "tests/browser/test_failure_artifacts.py::test_demo[a/b]"


def test_failure_message_names_screenshot_and_console_log(ui: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(conftest, "ARTIFACTS", tmp_path)
    ui.page.goto(ui.url + "/user/login/")
    ui.page.evaluate("console.error('warclaims-marker: something broke')")
    item = _Item()
    item._warclaims_ui = ui  # type: ignore[attr-defined]
    try:
        raise AssertionError("the region did not appear")
    except AssertionError as e:
        outcome = _Outcome(e)
    hook = conftest.pytest_runtest_call(item)  # type: ignore[arg-type]
    next(hook)
    with pytest.raises(StopIteration):
        hook.send(outcome)
    message = str(outcome.forced)
    shot, log = tmp_path / "test_demo_a_b_.png", tmp_path / "test_demo_a_b_.console.log"
    assert "the region did not appear" in message and str(shot) in message and str(log) in message
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert "warclaims-marker: something broke" in log.read_text(encoding="utf-8")
    assert outcome.forced.__traceback__ is outcome.excinfo[2]


def test_a_passing_test_keeps_nothing(ui: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(conftest, "ARTIFACTS", tmp_path)
    item = _Item()
    item._warclaims_ui = ui  # type: ignore[attr-defined]
    outcome = _Outcome(RuntimeError())
    outcome.excinfo = None  # type: ignore[assignment]
    hook = conftest.pytest_runtest_call(item)  # type: ignore[arg-type]
    next(hook)
    with pytest.raises(StopIteration):
        hook.send(outcome)
    assert outcome.forced is None and not list(tmp_path.iterdir())
