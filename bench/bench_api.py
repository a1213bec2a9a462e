"""Benchmark: the public response API beside a bare Flask-SQLAlchemy insert endpoint, on SQLite.

    .venv/bin/python bench/bench_api.py [--requests 600] [--rounds 3] [--concurrency 8]

Both run under the same gunicorn settings (2 sync workers, loopback only), each on its own
migrated SQLite file with the same PRAGMAs; rounds alternate API / bare so machine noise hits both
alike, and medians are compared. The API side is the real thing: JSON checks, CORS guard, rate
limiting (with a limit too high to trip), validation against the survey version, the
Idempotency-Key, the insert of a response and its answers. Its text is scored by the
score-unscored job, as in production (SCORE_AFTER_SUBMIT=1 would score after each reply).

Every 20th request is sent twice with the same Idempotency-Key (a client retry). The benchmark
counts: every 2xx must be exactly one stored response — first sends 201, retries 200 with the
same id, and rows stored == 201s == distinct ids. Target (issue 5): API ≥ 0.5× bare throughput.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GUNICORN = [
    "--workers",
    os.environ.get("BENCH_WORKERS", "2"),
    "--worker-class",
    "sync",
    "--log-level",
    "warning",
]
TEXTS = [
    "Checkout was quick and painless.",
    "The card payment failed twice before it went through.",
    "Delivery slot options were confusing.",
    "Great prices, friendly support.",
]


def bare_app() -> Flask:
    """The baseline: Flask + Flask-SQLAlchemy, parse JSON, insert one row, commit, answer 201."""

    class Base(DeclarativeBase):
        pass

    db = SQLAlchemy(model_class=Base)

    class Row(db.Model):  # type: ignore[name-defined,misc]
        __tablename__ = "bare_response"
        id: Mapped[int] = mapped_column(primary_key=True)
        survey: Mapped[str]
        payload: Mapped[dict[str, Any]] = mapped_column(JSON)

    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{os.environ['BENCH_BARE_DB']}"
    db.init_app(app)
    with app.app_context():

        @event.listens_for(db.engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:  # same as the app's
            cursor = dbapi_connection.cursor()
            for pragma in ("foreign_keys=ON", "journal_mode=WAL", "busy_timeout=15000"):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    @app.post("/bare/<survey>/responses")
    def create(survey: str) -> Any:
        row = Row(survey=survey, payload=request.get_json())
        db.session.add(row)
        db.session.commit()
        return {"id": row.id}, 201

    return app


def _create_bare_table(path: Path) -> None:
    """Made once here, not in each gunicorn worker (two workers would race to create it)."""
    os.environ["BENCH_BARE_DB"] = str(path)
    app = bare_app()
    with app.app_context():
        db = app.extensions["sqlalchemy"]
        db.create_all()
        db.engine.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prepare_app_db(path: Path) -> str:
    """Migrate a fresh SQLite file and create one live survey; return its public id."""
    from flask_migrate import upgrade

    import surveys
    from app import create_app
    from app.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
        journey = surveys.create_journey(db.session, "Bench store")
        touchpoint = surveys.add_touchpoint(
            db.session, journey, "Checkout page", stage=journey.stages[2]
        )
        survey = surveys.create_survey(
            db.session,
            journey,
            title="Checkout feedback",
            stage=journey.stages[2],
            touchpoint=touchpoint,
            questions=[
                surveys.QuestionSpec("rating", "How satisfied are you?", required=True),
                surveys.QuestionSpec("free_text", "Why?"),
            ],
        )
        surveys.publish(db.session, survey)
        db.session.commit()
        public_id = survey.public_id
        db.engine.dispose()
    return public_id


def _start(target: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *GUNICORN, "--bind", f"127.0.0.1:{port}", target],
        cwd=ROOT,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(
                    f"gunicorn for {target} exited with {process.returncode}"
                ) from None
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"gunicorn for {target} did not start")


@dataclass
class Round:
    """One timed batch of requests against one side."""

    seconds: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)
    ids_created: set[str] = field(default_factory=set)
    ids_replayed: set[str] = field(default_factory=set)
    mismatched_replays: int = 0

    @property
    def rate(self) -> float:
        """Requests per second."""
        return sum(self.statuses.values()) / self.seconds


def _send(port: int, path: str, body: bytes, key: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            "POST",
            path,
            body,
            {"Content-Type": "application/json", "Idempotency-Key": key},
        )
        reply = conn.getresponse()
        return reply.status, reply.read()
    finally:
        conn.close()


def run_round(port: int, path: str, requests: int, concurrency: int, api: bool) -> Round:
    """Send ``requests`` POSTs from ``concurrency`` threads; every 20th is retried once."""
    result = Round()
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker() -> None:
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            body = json.dumps(
                {"answers": {"q1": n % 5 + 1, "q2": f"{TEXTS[n % len(TEXTS)]} (#{n})"}}
            ).encode()
            key = uuid.uuid4().hex
            sends = 2 if api and n % 20 == 0 else 1
            first_id = None
            for attempt in range(sends):
                status, raw = _send(port, path, body, key)
                with lock:
                    result.statuses[status] = result.statuses.get(status, 0) + 1
                    if api and 200 <= status < 300:
                        rid = json.loads(raw)["response"]["id"]
                        if attempt == 0:
                            result.ids_created.add(rid)
                            first_id = rid
                        else:
                            result.ids_replayed.add(rid)
                            result.mismatched_replays += rid != first_id

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    result.seconds = time.perf_counter() - started
    return result


def _fmt(values: list[float], spec: str) -> str:
    return ", ".join(format(v, spec) for v in values)


def main() -> int:
    """Run the rounds, print each figure beside its baseline, check the counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=300, help="requests per round")
    parser.add_argument("--rounds", type=int, default=7, help="rounds per side (alternating)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="jm-bench-api-"))
    app_db, bare_db = workdir / "app.db", workdir / "bare.db"
    public_id = _prepare_app_db(app_db)
    _create_bare_table(bare_db)
    api_port, bare_port = _free_port(), _free_port()
    servers = [
        _start(
            "app:create_app()",
            api_port,
            {
                "DATABASE_URL": f"sqlite:///{app_db}",
                "SECRET_KEY": "bench",
                # Rate limiting stays on (its cost is part of the API); the limit never trips.
                "API_RATE_LIMIT": "100000000 per minute",
            },
        ),
        _start("bench.bench_api:bare_app()", bare_port, {"BENCH_BARE_DB": str(bare_db)}),
    ]
    api_path = f"/api/v1/surveys/{public_id}/responses"
    bare_path = f"/bare/{public_id}/responses"
    try:
        run_round(api_port, api_path, 40, args.concurrency, api=True)  # warm-up
        run_round(bare_port, bare_path, 40, args.concurrency, api=False)
        api_rounds: list[Round] = []
        bare_rounds: list[Round] = []
        for _ in range(args.rounds):
            api_rounds.append(run_round(api_port, api_path, args.requests, args.concurrency, True))
            bare_rounds.append(
                run_round(bare_port, bare_path, args.requests, args.concurrency, False)
            )
    finally:
        # SIGTERM is gunicorn's graceful stop: a worker finishes the request in hand, its
        # after-reply scoring included, before it exits, so the counts below are final.
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)

    api_rate = statistics.median(r.rate for r in api_rounds)
    bare_rate = statistics.median(r.rate for r in bare_rounds)
    # Each API round beside the bare round right after it: a burst of noise from elsewhere on
    # the machine hits a pair, not one side, and the median of the pairs shrugs it off.
    pair_ratios = [a.rate / b.rate for a, b in zip(api_rounds, bare_rounds, strict=True)]
    ratio = statistics.median(pair_ratios)
    print(f"gunicorn {' '.join(GUNICORN)}, SQLite, {args.concurrency} client threads, ")
    print(f"{args.rounds} alternating rounds of {args.requests} requests per side\n")
    print(f"  public API  POST {api_path.replace(public_id, '<id>')}")
    print(
        f"      {api_rate:8.1f} req/s  (rounds: {', '.join(f'{r.rate:.0f}' for r in api_rounds)})"
    )
    print("  bare insert POST /bare/<id>/responses  (baseline)")
    print(
        f"      {bare_rate:8.1f} req/s  (rounds: {', '.join(f'{r.rate:.0f}' for r in bare_rounds)})"
    )
    print(f"  ratio of medians {api_rate / bare_rate:.2f}x; per pair: {_fmt(pair_ratios, '.2f')}")
    verdict = "PASS" if ratio >= 0.5 else "FAIL"
    print(f"  median pair ratio {ratio:.2f}x  (target >= 0.50x)  {verdict}\n")

    # Exactly once: count what the database holds against what the clients were told.
    con = sqlite3.connect(app_db)
    stored = con.execute("SELECT count(*) FROM response WHERE source = 'api'").fetchone()[0]
    distinct = con.execute("SELECT count(DISTINCT public_id) FROM response").fetchone()[0]
    scored = con.execute("SELECT count(*) FROM text_score").fetchone()[0]
    con.close()
    all_rounds = [*api_rounds]
    created = sum(r.statuses.get(201, 0) for r in all_rounds) + 40  # + the warm-up round
    replays = sum(r.statuses.get(200, 0) for r in all_rounds)
    failures = sum(n for r in all_rounds for s, n in r.statuses.items() if s >= 300)
    mismatched = sum(r.mismatched_replays for r in all_rounds)
    bare_con = sqlite3.connect(bare_db)
    bare_stored = bare_con.execute("SELECT count(*) FROM bare_response").fetchone()[0]
    bare_con.close()
    bare_2xx = sum(r.statuses.get(201, 0) for r in bare_rounds) + 40
    once = stored == created == distinct and mismatched == 0 and failures == 0
    print(f"  API: {created} × 201, {replays} × 200 (retries, same id), {failures} errors")
    print(f"       stored {stored} responses, {distinct} distinct ids, {scored} texts scored")
    print(f"  bare: {bare_2xx} × 201, stored {bare_stored} rows")
    print(f"  every 2xx is exactly one stored response: {'PASS' if once else 'FAIL'}")
    return 0 if once and bare_stored == bare_2xx else 1


if __name__ == "__main__":
    raise SystemExit(main())
