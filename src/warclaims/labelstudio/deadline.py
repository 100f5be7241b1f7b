"""An overall deadline for network operations (issue 14: "a server sending 1 byte every 20 s keeps
pull waiting forever").

Why more than a socket timeout: requests, urllib3 and httpx time out each read, so a server that
sends one byte just before every read timeout keeps a client waiting forever. Two layers:

- `Deadline.timeout()` gives every request a timeout no longer than the time left, and retries
  stop when the time is up (`Deadline.check`);
- `enforce(deadline)` interrupts whatever the main thread is doing when the time is up (a watchdog
  thread sends SIGUSR1 to the main thread, whose handler raises DeadlineExceeded), so a byte drip
  inside a read, a header drip or a slow SDK call all end on time. Off the main thread, or without
  SIGUSR1 (Windows), only the first layer applies.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from typing import Any, Iterator

DEFAULT_SECONDS = 600.0
"""Default overall deadline of one command's network work: a 2,000-task snapshot takes about 3 s
to create and download on a local server, so ten minutes leave room for large projects and slow
links, while a stalled server still ends in bounded time."""


class DeadlineExceeded(RuntimeError):
    """The overall deadline passed; the message says which deadline and during what."""


class Deadline:
    """A point in time (monotonic clock) by which the network work of one command must be done."""

    def __init__(self, seconds: float) -> None:
        self.seconds = float(seconds)
        self.expires = time.monotonic() + self.seconds

    def remaining(self) -> float:
        """Seconds left (0.0 once passed)."""
        return max(0.0, self.expires - time.monotonic())

    def timeout(self, per_request: float) -> float:
        """The timeout for the next request: `per_request`, shortened to the time left; raises
        DeadlineExceeded when none is left."""
        self.check("before the next request")
        return max(0.01, min(per_request, self.remaining()))

    def check(self, during: str) -> None:
        """Raise DeadlineExceeded when the deadline has passed."""
        if self.remaining() <= 0:
            raise self.exceeded(during)

    def exceeded(self, during: str) -> DeadlineExceeded:
        """The error for this deadline, naming what was going on."""
        return DeadlineExceeded(f"the network deadline of {self.seconds:g} s (--timeout) passed {during}")


_SIGNAL = getattr(signal, "SIGUSR1", None)


@contextlib.contextmanager
def enforce(deadline: Deadline, during: str = "while talking to Label Studio") -> Iterator[Deadline]:
    """Within the block, interrupt the main thread with DeadlineExceeded when `deadline` passes.

    Nesting is not supported (the inner block would disarm the outer one); one command, one block.
    """
    if _SIGNAL is None or threading.current_thread() is not threading.main_thread():
        yield deadline
        return
    armed = threading.Event()
    main = threading.main_thread().ident

    def handler(signum: int, frame: Any) -> None:
        if armed.is_set():
            armed.clear()
            raise deadline.exceeded(during)

    def fire() -> None:
        if armed.is_set() and main is not None:
            signal.pthread_kill(main, _SIGNAL)

    previous = signal.signal(_SIGNAL, handler)
    timer = threading.Timer(deadline.remaining(), fire)
    timer.daemon = True
    armed.set()
    timer.start()
    try:
        yield deadline
    finally:
        armed.clear()
        timer.cancel()
        timer.join()
        signal.signal(_SIGNAL, previous)
