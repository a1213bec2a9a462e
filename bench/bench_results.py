"""Results pages benchmark on SQLite: one survey with 100,000 responses — the summary, the inbox's
first and 500th page, beside a bare COUNT(*) of the same rows in the same run; and the peak memory
of a CSV export of all of them, measured in a subprocess.

    .venv/bin/python bench/bench_results.py [--responses 100000] [--repeat 20] [--keep DIR]

Responses are written straight into a migrated SQLite file (four questions: NPS, a single choice,
a multiple choice and a scored comment; three personas, two channels, hidden fields, 10 % partial,
two versions), then a signed-in researcher's requests go through the whole Flask stack with the
test client; times are medians of ``--repeat`` requests after a warm-up (the first summary, which
counts the tallies, is timed on its own). Targets (issue 15): summary ≤ 150 ms, inbox pages
≤ 100 ms, CSV export of everything under 150 MB peak RSS.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench pw 123"
BASE = "/journeys/bench/surveys/1"
THEMES = (["hold time", "support"], ["refund"], ["payment"], [], ["staff", "friendly"])
TEXTS = (
    "I was on hold for an hour, terrible — très déçu.",
    "Refund still missing after two weeks.",
    "Great service, thanks!",
    "It was fine.",
    "The agent was friendly and quick.",
)
EMOTIONS = ("angry", "frustrated", "neutral", "satisfied", "delighted")


def _median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm caches and the templates
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _app(path: Path):  # type: ignore[no-untyped-def]
    from app import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
        }
    )


def _fill(con: sqlite3.Connection, organisation_id: int, responses: int) -> None:
    """One journey, one survey of two versions, ``responses`` scored responses over 70 days."""
    con.execute(
        "INSERT INTO journey (id, organisation_id, slug, name, description, created_at) "
        "VALUES (1, ?, 'bench', 'Bench journey', '', '2026-01-01')",
        (organisation_id,),
    )
    con.execute(
        "INSERT INTO stage (id, journey_id, name, position, goals, actions, owner_team) "
        "VALUES (1, 1, 'Retention', 0, '', '', '')"
    )
    con.execute(
        "INSERT INTO touchpoint (id, journey_id, stage_id, name, channel, position) "
        "VALUES (1, 1, 1, 'Support call', 'phone', 0)"
    )
    for i in (1, 2, 3):
        con.execute(
            "INSERT INTO persona (id, journey_id, name, description, attributes) "
            "VALUES (?, 1, ?, '', '{}')",
            (i, f"Persona {i}"),
        )
    con.execute(
        "INSERT INTO survey (id, journey_id, stage_id, touchpoint_id, public_id, title, intro, "
        "status, created_at, allowed_origins) VALUES (1, 1, 1, 1, 'bench', "
        "'How was the support call?', '', 'live', '2026-01-01', '[]')"
    )
    kinds = [
        ("q1", "nps", "How likely are you to recommend us?", {}),
        ("q2", "single_choice", "How did you reach us?", {"options": ["Phone", "Email", "Chat"]}),
        ("q3", "multiple_choice", "What did you need?", {"options": ["Refund", "Repair", "Info"]}),
        ("q4", "free_text", "Why?", {}),
    ]
    question_id = 0
    for version in (1, 2):
        con.execute(
            "INSERT INTO survey_version (id, survey_id, number, created_at, published_at) "
            "VALUES (?, 1, ?, '2026-01-01', '2026-01-01')",
            (version, version),
        )
        for position, (key, kind, prompt, settings) in enumerate(kinds):
            question_id += 1
            con.execute(
                "INSERT INTO question (id, version_id, key, position, kind, prompt, help_text, "
                "required, settings) VALUES (?, ?, ?, ?, ?, ?, '', 0, ?)",
                (question_id, version, key, position, kind, prompt, json.dumps(settings)),
            )
    rng = random.Random(1)
    start = datetime.now() - timedelta(days=70)
    rows, answers, scores = [], [], []
    answer_id = 0
    for rid in range(1, responses + 1):
        version = 1 if rid < responses * 0.3 else 2
        created = start + timedelta(seconds=rid * 70 * 86400 / responses + rng.random())
        stamp = created.strftime("%Y-%m-%d %H:%M:%S.%f")
        status = "partial" if rng.random() < 0.1 else "complete"
        meta = json.dumps({"hidden": {"customer_id": f"C{rid % 20000:05d}"}, "device": "mobile"})
        rows.append(
            (rid, f"r{rid:08d}", version, rng.randrange(1, 4), rng.choice(("phone", "web")),
             stamp, meta, status, None if status == "partial" else stamp)
        )  # fmt: skip
        first = (version - 1) * 4
        nps = rng.randrange(0, 11)
        for offset, text, number in (
            (1, None, float(nps)),
            (2, rng.choice(("Phone", "Email", "Chat")), None),
            (3, json.dumps(rng.sample(["Refund", "Repair", "Info"], rng.randrange(1, 3))), None),
        ):
            answer_id += 1
            answers.append((answer_id, rid, first + offset, text, number))
        if rng.random() < 0.94:
            answer_id += 1
            pick = rng.randrange(len(TEXTS))
            answers.append((answer_id, rid, first + 4, TEXTS[pick], None))
            compound = (-0.8, -0.5, 0.8, 0.0, 0.7)[pick] + rng.uniform(-0.1, 0.1)
            label = "negative" if compound < -0.05 else "positive" if compound > 0.05 else "neutral"
            scores.append(
                (answer_id, compound, label, EMOTIONS[pick], abs(compound),
                 json.dumps(THEMES[pick]), stamp)
            )  # fmt: skip
    con.executemany(
        "INSERT INTO response (id, public_id, version_id, survey_id, journey_id, stage_id, "
        "touchpoint_id, persona_id, channel, client_key, created_at, updated_at, completed_at, "
        "meta, source, status, request_digest) VALUES (?1, ?2, ?3, 1, 1, 1, 1, ?4, ?5, NULL, ?6,"
        " ?6, ?9, ?7, 'api', ?8, NULL)",
        rows,
    )
    con.executemany(
        "INSERT INTO answer (id, response_id, question_id, value_text, value_number) "
        "VALUES (?, ?, ?, ?, ?)",
        answers,
    )
    con.executemany(
        "INSERT INTO text_score (answer_id, compound, label, emotion, emotions, intensity, themes,"
        " reasons, language, model, scored_at) VALUES (?, ?, ?, ?, '{}', ?, ?, '[]', 'english', "
        "'bench', ?)",
        scores,
    )
    con.commit()


def prepare(path: Path, responses: int) -> None:
    """A migrated SQLite file with the bench survey and a researcher to sign in as."""
    from flask_migrate import upgrade

    from app.extensions import db
    from surveys import accounts

    app = _app(path)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        organisation = accounts.default_organisation(db.session)
        user = accounts.create_user(db.session, "bench@example.com", PASSWORD)
        accounts.add_member(db.session, organisation, user, "researcher")
        organisation_id = organisation.id
        db.session.commit()
        db.engine.dispose()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    started = time.perf_counter()
    _fill(con, organisation_id, responses)
    con.execute("ANALYZE")
    con.close()
    print(f"generated {responses:,} responses in {time.perf_counter() - started:.1f} s")


def _signed_in(app):  # type: ignore[no-untyped-def]
    client = app.test_client()
    reply = client.post("/login", data={"email": "bench@example.com", "password": PASSWORD})
    assert reply.status_code == 302, reply.status_code
    return client


def page_times(path: Path, repeat: int) -> dict[str, float]:
    """Median server times (ms) of the results pages, and the bare count beside them."""
    from app.extensions import db
    from surveys.models import Response

    app = _app(path)
    times: dict[str, float] = {}
    with app.app_context():
        client = _signed_in(app)

        def get(url: str) -> Callable[[], object]:
            def run() -> object:
                reply = client.get(url)
                assert reply.status_code == 200, (url, reply.status_code)
                return reply.data

            return run

        started = time.perf_counter()
        get(f"{BASE}/summary")()
        times["first summary (counts the tallies)"] = (time.perf_counter() - started) * 1000
        # The cursor of page 500: the last response of page 499, newest first.
        cursor = db.session.scalars(
            db.select(Response.public_id)
            .where(Response.survey_id == 1)
            .order_by(Response.created_at.desc(), Response.id.desc())
            .offset(499 * 25 - 1)
            .limit(1)
        ).one()
        pages = {
            "summary": f"{BASE}/summary",
            "inbox page 1": f"{BASE}/responses",
            "inbox page 500": f"{BASE}/responses?after={cursor}",
            "summary, one persona (tallies)": f"{BASE}/summary?persona=2",
            "summary, detractors (live count)": f"{BASE}/summary?answer=q1:le:6",
            "inbox, detractors": f"{BASE}/responses?answer=q1:le:6",
        }
        for name, url in pages.items():
            times[name] = _median_ms(get(url), repeat)
        db.engine.dispose()
    con = sqlite3.connect(path)
    times["bare COUNT(*)"] = _median_ms(
        lambda: con.execute("SELECT count(*) FROM response WHERE survey_id = 1").fetchone(), repeat
    )
    con.close()
    return times


def _resident_mb() -> tuple[float, float]:
    """This process's resident memory now and its peak since the last reset (MB)."""
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    now, peak = (float(status[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM"))
    return now, peak


def export_memory(path: Path, fmt: str) -> dict[str, float]:
    """In this process (run as a subprocess): stream the whole export, return the rows and the
    resident memory before it and at its peak (MB).

    The peak is reset once the worker is warm (Linux ``clear_refs``), so it is the export's own:
    signing in hashes a password with scrypt, whose buffer would otherwise be the peak.
    """
    app = _app(path)
    with app.app_context():
        client = _signed_in(app)
        client.get(f"{BASE}/responses?q=warm")  # imports and templates loaded, as in a worker
        Path("/proc/self/clear_refs").write_text("5")  # 5: reset the peak resident size
        before = _resident_mb()[0]
        started = time.perf_counter()
        reply = client.get(f"{BASE}/responses.{fmt}", buffered=False)
        size = lines = 0
        for chunk in reply.response:
            size += len(chunk)
            lines += chunk.count(b"\n")
        reply.close()
        seconds = time.perf_counter() - started
    # VmHWM, not getrusage's ru_maxrss: a child's ru_maxrss starts at the peak of the parent
    # that forked it (this benchmark's own process, with the pages' work behind it).
    peak = _resident_mb()[1]
    return {"before": before, "peak": peak, "mb": size / 1e6, "lines": lines, "s": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="build the database here (reused if present)")
    parser.add_argument("--export-of", type=Path, help=argparse.SUPPRESS)  # the subprocess
    parser.add_argument("--format", default="csv", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_of:
        print(json.dumps(export_memory(args.export_of, args.format)))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="jm-bench-results-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"results-{args.responses}.db"
    if not path.exists():
        prepare(path, args.responses)
    times = page_times(path, args.repeat)
    exports = {}
    for fmt in ("csv", "xlsx"):
        out = subprocess.run(
            [sys.executable, __file__, "--export-of", str(path), "--format", fmt],
            capture_output=True,
            text=True,
            check=True,
        )
        exports[fmt] = json.loads(out.stdout.splitlines()[-1])

    bare = times.pop("bare COUNT(*)")
    first = times.pop("first summary (counts the tallies)")
    targets = {"summary": 150, "inbox page 1": 100, "inbox page 500": 100}
    print(f"\nresults benchmark on SQLite, {args.responses:,} responses of one survey, "
          f"median of {args.repeat} requests (whole Flask stack)")  # fmt: skip
    print(f"  baseline: bare SELECT count(*) of the same rows      {bare:8.2f} ms")
    for name, ms in times.items():
        target = targets.get(name)
        verdict = ""
        if target is not None:
            verdict = f"   (target ≤ {target} ms: {'met' if ms <= target else 'NOT met'})"
        print(f"  {name:<50} {ms:8.2f} ms   {ms / bare:6.1f}× the count{verdict}")
    print(f"  first summary after the data arrived (counts tallies) {first:8.0f} ms, once")
    for fmt, found in exports.items():
        rows = int(found["lines"]) - (1 if fmt == "csv" else 0)
        shown = f"{rows:,} rows, " if fmt == "csv" else ""
        print(
            f"  {fmt.upper()} export of everything: {shown}{found['mb']:.1f} MB in "
            f"{found['s']:.1f} s; peak RSS {found['peak']:.0f} MB "
            f"(the warm worker before it: {found['before']:.0f} MB)"
            + (f"   (target < 150 MB: {'met' if found['peak'] < 150 else 'NOT met'})"
               if fmt == "csv" else "")
        )  # fmt: skip


if __name__ == "__main__":
    main()
