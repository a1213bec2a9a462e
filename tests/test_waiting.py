"""The tests' condition wait returns as soon as the condition holds and fails at its deadline."""

from __future__ import annotations

import itertools
import time

import pytest

from tests.waiting import wait_for


def test_wait_for_returns_the_first_truthy_value_without_waiting_out_the_timeout() -> None:
    polls = itertools.count()
    started = time.monotonic()
    assert wait_for(lambda: next(polls) >= 3 and "ready", 30, "ready", interval=0.001) == "ready"
    assert time.monotonic() - started < 5


def test_wait_for_fails_naming_the_condition_and_its_last_state_at_the_deadline() -> None:
    state = {"status": "starting"}
    with pytest.raises(AssertionError, match=r"waited 0 s: server \(starting\)"):
        wait_for(lambda: False, 0.05, lambda: f"server ({state['status']})")
