"""Waiting on another process or a clock: poll a condition until it holds or a deadline passes."""

from __future__ import annotations

import queue
import re
import subprocess
import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_for(
    predicate: Callable[[], T],
    timeout: float,
    message: str | Callable[[], str],
    *,
    interval: float = 0.1,
) -> T:
    """Return ``predicate()``'s first truthy value; fail the test with ``message`` (or what it
    returns, for details known only then) if none comes within ``timeout`` seconds.

    Deadlines are generous: CI shares two busy cores, and a passing test returns early anyway.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            said = message() if callable(message) else message
            raise AssertionError(f"waited {timeout:.0f} s: {said}")
        time.sleep(interval)


class Output:
    """Everything a child process has printed so far, read by a thread so that waiting for a line
    never blocks past its deadline (the child needs ``stdout=PIPE, text=True``)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None, "start the process with stdout=subprocess.PIPE"
        self._lines: list[str] = []
        self._fresh: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(proc.stdout,), daemon=True).start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self._fresh.put(line)

    @property
    def text(self) -> str:
        """What was printed until now."""
        while not self._fresh.empty():
            self._lines.append(self._fresh.get())
        return "".join(self._lines)

    def wait_for(
        self, pattern: str, timeout: float = 90, *, interval: float = 0.1
    ) -> re.Match[str]:
        """The first match of ``pattern`` in the output, once it has been printed."""
        return wait_for(
            lambda: re.search(pattern, self.text),
            timeout,
            lambda: f"the process to print {pattern!r}; it printed:\n{self.text}",
            interval=interval,
        )
