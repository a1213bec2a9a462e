"""`flask --app app serve`, which `make demo` ends with: web workers plus a scheduler process."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from app.extensions import db
from app.serve import FIRST_DELAY, MAX_DELAY, STEADY_AFTER, restart_delay
from surveys.models import Response, Survey
from tests.conftest import csrf_token, make_app, make_survey
from tests.job_ledger import ok_runs
from tests.waiting import Output, wait_for

ROOT = Path(__file__).resolve().parent.parent
SERVE = [sys.executable, "-m", "flask", "--app", "app", "serve"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


class Served:
    """A running ``serve`` and what it has printed."""

    def __init__(self, url: str, port: int, **env: str) -> None:
        self.port = port
        self.proc = subprocess.Popen(
            [*SERVE, "--port", str(port), "--workers", "1"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": "test", **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.output = Output(self.proc)

    def wait_for_output(self, pattern: str) -> re.Match[str]:
        """The first match of ``pattern`` in what serve printed, once it has printed it."""
        return self.output.wait_for(pattern)

    def get(self, path: str) -> tuple[int, str]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as reply:
            return reply.status, reply.read().decode()


@pytest.fixture
def port() -> int:
    return _free_port()


@pytest.fixture
def served(sqlite_url: str, port: int) -> Iterator[Served]:
    """``serve`` on a SQLite file with a published survey; stopped with Ctrl-C at the end."""
    app = make_app(sqlite_url)
    with app.app_context():
        make_survey(db.session)
        db.session.commit()
        db.engine.dispose()
    running = Served(sqlite_url, port, FLASK_SCORE_INTERVAL_SECONDS="1")
    yield running
    if running.proc.poll() is None:
        running.proc.send_signal(signal.SIGINT)
        running.proc.wait(timeout=30)


def _pids(served: Served) -> tuple[int, int]:
    found = served.wait_for_output(r"web pid (\d+), scheduler pid (\d+)")
    return int(found.group(1)), int(found.group(2))


@pytest.mark.slow
def test_serve_starts_web_and_scheduler_and_stops_both(served: Served, port: int) -> None:
    served.wait_for_output(rf"Open http://127\.0\.0\.1:{port}/")
    web_pid, scheduler_pid = _pids(served)
    assert "scheduler run" in _cmdline(scheduler_pid)
    assert "gunicorn" in _cmdline(web_pid)
    status, body = served.get("/healthz")
    assert status == 200 and '"status":"ok"' in body.replace(" ", "")
    served.proc.send_signal(signal.SIGINT)
    assert served.proc.wait(timeout=30) == 0
    wait_for(
        lambda: _cmdline(web_pid) == "" and _cmdline(scheduler_pid) == "",
        30,
        "the web server and the scheduler to stop with serve",
    )


def _answer(served: Served, public_id: str, text: str) -> int:
    """Fill in and send the hosted survey like a browser (cookie, CSRF token); the final status."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    url = f"http://127.0.0.1:{served.port}/s/{public_id}"
    with opener.open(url, timeout=10) as reply:
        page = reply.read().decode()
    key = re.search(r'name="response_key" value="([^"]+)"', page)
    assert key, page
    form = {"csrf_token": csrf_token(page), "response_key": key.group(1), "q1": "2", "q2": text}
    data = urllib.parse.urlencode(form).encode()
    with opener.open(url, data=data, timeout=10) as reply:  # follows the redirect to "thanks"
        assert reply.geturl().endswith("/thanks")
        return int(reply.status)


def _healthz(served: Served) -> dict[str, Any]:
    status, body = served.get("/healthz")
    assert status == 200
    return dict(json.loads(body))


@pytest.mark.slow
def test_serve_restarts_a_killed_scheduler_and_keeps_taking_answers(
    served: Served, sqlite_url: str
) -> None:
    _web_pid, scheduler_pid = _pids(served)
    engine = create_engine(sqlite_url)
    with Session(engine) as session:
        public_id = session.scalar(select(Survey.public_id))
    wait_for(lambda: ok_runs(sqlite_url, pid=scheduler_pid), 60, "the scheduler's first run")

    pid = scheduler_pid
    for delay in (FIRST_DELAY, 2 * FIRST_DELAY):  # killed again soon after: the wait doubles
        os.kill(pid, signal.SIGKILL)
        served.wait_for_output(
            rf"scheduler \(pid {pid}\) was killed by signal 9; restarting it in {delay:.0f} s"
        )
        # Meanwhile the web server answers: the probe, the hosted page, and a customer's answer.
        assert served.get("/healthz")[0] == 200
        assert served.get(f"/s/{public_id}")[0] == 200
        assert _answer(served, public_id, f"Answered while scheduler {pid} was down") == 200
        assert served.proc.poll() is None
        # The newest restart line: not one naming the scheduler just killed.
        restarted = served.wait_for_output(rf"scheduler restarted \(pid (?!{pid}\))(\d+)\)")
        pid = int(restarted.group(1))
        assert "scheduler run" in _cmdline(pid)
        wait_for(lambda pid=pid: ok_runs(sqlite_url, pid=pid), 60, "the restarted scheduler to run")

    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Response)) == 2
    health = _healthz(served)["scheduler"]
    assert health["jobs"]["score-unscored"]["recent"] is True
    engine.dispose()


def test_a_dying_scheduler_is_restarted_after_a_doubling_back_off_capped_at_a_minute() -> None:
    delays, delay = [], None
    for _ in range(9):
        delay = restart_delay(delay, ran_for=0.5)
        delays.append(delay)
    assert delays == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert MAX_DELAY == 60
    # One that ran steadily before dying starts the back-off afresh.
    assert restart_delay(60, ran_for=STEADY_AFTER) == FIRST_DELAY
