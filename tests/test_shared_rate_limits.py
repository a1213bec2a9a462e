"""Rate limits shared by every web process through Redis: one limit, however many gunicorns."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from app.extensions import db
from tests.conftest import IN_CI, make_app, make_survey, migrate
from tests.waiting import Output, wait_for

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 5  # answers per minute per client and survey, across every process


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """Debian's redis-server on a free loopback port, nothing persisted; in CI its absence fails
    the run instead of skipping."""
    server = shutil.which("redis-server")
    if server is None:
        message = "redis-server is not installed (apt-get install redis-server)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = Output(proc)
    client = redis.Redis(port=port, socket_timeout=2)

    def answers() -> bool:
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    try:
        wait_for(answers, 30, lambda: f"redis-server to answer PING; it printed:\n{output.text}")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        _stop(proc)


class Gunicorn:
    """One gunicorn (one worker) serving the app, as one web host of a deployment."""

    def __init__(self, database_url: str, storage_uri: str) -> None:
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "--workers", "1"),
                *("--bind", f"127.0.0.1:{self.port}", "app:create_app()"),
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "DATABASE_URL": database_url,
                "SECRET_KEY": "test",
                "RATELIMIT_STORAGE_URI": storage_uri,
                "API_RATE_LIMIT": f"{LIMIT} per minute",
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.output = Output(self.proc)

    def wait_until_serving(self) -> None:
        """Return once the app answers /healthz."""

        def serving() -> bool:
            if self.proc.poll() is not None:
                raise AssertionError(f"gunicorn exited; it printed:\n{self.output.text}")
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=5):
                    return True
            except urllib.error.HTTPError:
                return True  # it answers; the scheduler's health is not this test's business
            except OSError:
                return False

        wait_for(serving, 90, lambda: f"gunicorn to serve; it printed:\n{self.output.text}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(self, public_id: str, n: int) -> int:
        """POST one answer to the response API; the reply's status."""
        body = json.dumps({"id": f"answer-{n}", "answers": {"q1": 4, "q2": f"Fine {n}"}})
        request = urllib.request.Request(
            self.url(f"/api/v1/surveys/{public_id}/responses"),
            data=body.encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as reply:
                return int(reply.status)
        except urllib.error.HTTPError as refused:
            return int(refused.code)


@pytest.mark.slow
@pytest.mark.postgres
def test_two_gunicorns_on_one_database_share_one_rate_limit_through_redis(
    pg_url: str, redis_url: str
) -> None:
    app = make_app(pg_url)
    with app.app_context():
        public_id = make_survey(db.session).public_id
        db.session.commit()
        db.engine.dispose()
    hosts = [Gunicorn(pg_url, redis_url), Gunicorn(pg_url, redis_url)]
    try:
        for host in hosts:
            host.wait_until_serving()
        # Taking turns, the two processes see one client LIMIT + 3 times: with counters kept in
        # each process (memory://) each would accept LIMIT, every one of these answers.
        statuses = [hosts[n % 2].answer(public_id, n) for n in range(LIMIT + 3)]
    finally:
        for host in hosts:
            _stop(host.proc)
    assert statuses == [201] * LIMIT + [429] * 3, statuses
    counters = redis.Redis.from_url(redis_url).keys("LIMITS*")
    assert counters, "the limit was not counted in Redis"


def test_an_unreachable_limit_store_falls_back_to_per_process_limits_instead_of_500(
    tmp_path: Path,
) -> None:
    """Redis down (nothing listens on its port): answers are still taken, and still limited."""
    uri = f"sqlite:///{tmp_path / 'journeymap.db'}"
    migrate(uri)
    app = make_app(
        uri,
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{_free_port()}/0",
        API_RATE_LIMIT=f"{LIMIT} per minute",
    )
    with app.app_context():
        public_id = make_survey(db.session).public_id
        db.session.commit()
    client = app.test_client()
    statuses = [
        client.post(
            f"/api/v1/surveys/{public_id}/responses",
            json={"id": f"answer-{n}", "answers": {"q1": 4, "q2": f"Fine {n}"}},
        ).status_code
        for n in range(LIMIT + 2)
    ]
    assert statuses == [201] * LIMIT + [429] * 2, statuses


def test_an_app_made_after_a_store_outage_counts_in_its_own_store(
    tmp_path: Path, redis_url: str
) -> None:
    """The limiter is one object per process: an app created after another app found its store
    unreachable counts every request in its own store, not the first few in the stand-in memory
    (counts split between two stores let twice the limit through)."""
    uri = f"sqlite:///{tmp_path / 'journeymap.db'}"
    migrate(uri)
    down = make_app(uri, RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{_free_port()}/0")
    with down.app_context():
        public_id = make_survey(db.session).public_id
        db.session.commit()
    first = down.test_client().post(
        f"/api/v1/surveys/{public_id}/responses", json={"id": "down", "answers": {"q1": 4}}
    )
    assert first.status_code == 201  # counted in memory: its store is unreachable

    up = make_app(uri, RATELIMIT_STORAGE_URI=redis_url, API_RATE_LIMIT=f"{LIMIT} per minute")
    client = up.test_client()
    statuses = [
        client.post(
            f"/api/v1/surveys/{public_id}/responses",
            json={"id": f"up-{n}", "answers": {"q1": 4}},
        ).status_code
        for n in range(LIMIT + 1)
    ]
    assert statuses == [201] * LIMIT + [429], statuses
    store = redis.Redis.from_url(redis_url)
    try:
        counted = list(store.scan_iter("LIMITS:*"))
        assert counted, "the new app's requests were not counted in its own store"
    finally:
        store.close()
