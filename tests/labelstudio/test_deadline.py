"""The overall network deadline: time left, request timeouts, and the main-thread interrupt."""

from __future__ import annotations

import threading
import time

import pytest

from warclaims.labelstudio.deadline import Deadline, DeadlineExceeded, enforce


def test_timeouts_shrink_to_the_time_left() -> None:
    d = Deadline(0.5)
    assert 0 < d.timeout(60) <= 0.5 and d.timeout(0.1) == pytest.approx(0.1)
    time.sleep(0.55)
    assert d.remaining() == 0
    with pytest.raises(DeadlineExceeded, match=r"the network deadline of 0\.5 s \(--timeout\) passed before the next request"):
        d.timeout(60)


def test_enforce_interrupts_a_blocking_call_in_the_main_thread() -> None:
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded, match="passed while waiting"):
        with enforce(Deadline(0.3), "while waiting"):
            threading.Event().wait(30)
    assert time.monotonic() - started < 5


def test_enforce_is_disarmed_after_the_block() -> None:
    with enforce(Deadline(0.2)):
        pass
    time.sleep(0.4)  # no late interrupt


def test_off_the_main_thread_only_the_timeouts_apply() -> None:
    seen: list[object] = []

    def work() -> None:
        with enforce(Deadline(0.1)) as d:
            time.sleep(0.2)
            seen.append(d.remaining())

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert seen == [0.0]
