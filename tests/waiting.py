"""Waiting on another process or a clock: poll a condition until it holds or a deadline passes."""

from __future__ import annotations

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
