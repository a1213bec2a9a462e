"""Map page benchmark on SQLite: server time of GET /journeys/<slug>/map with 1,000,000 scored
answers behind it, against the bare read of the newest snapshot's rows in the same run.

    .venv/bin/python bench/bench_map_page.py [--answers 1000000] [--small 10000] [--repeat 30]
                                             [--rev REV]... [--keep DIR]

The database is generated with bench/rollup_data.py and rolled up once (as the scheduler would),
then a signed-in viewer's requests go through the whole Flask stack (access check, read model,
inline SVG, template) with the test client; times are medians of ``--repeat`` requests after a
warm-up. Also timed: the filtered page (persona + channel, summed from day buckets) and the same
page over a small database. Target (issue 7): the map page ≤ 100 ms, with customer journeys on
(85 % of answers carry one of answers/5 customer ids; ``--no-customers`` turns them off). With
``--rev`` (repeatable), an earlier revision's code (its tree from git, run with this virtualenv)
serves the same databases in the same run, as the baseline of a change; it must read the same
schema. With ``--keep DIR`` the generated databases are kept in DIR and reused by later runs
(brought to this checkout's schema first): generating a million answers takes minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The code that serves the pages: this checkout, or an earlier revision's tree (--rev).
CODE = os.environ.get("JM_BENCH_CODE", str(ROOT))
sys.path.insert(0, CODE)

BARE_SNAPSHOT = (
    "SELECT c.* FROM map_cell c WHERE c.snapshot_id = ("
    "SELECT id FROM map_snapshot WHERE journey_id = 1 ORDER BY generated_at DESC, id DESC LIMIT 1)"
)


def _median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm caches and the template
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


class _JourneyInOrganisation:
    """The generator's connection, with its journey placed in an organisation (the generator
    predates organisations, and a journey now needs one)."""

    def __init__(self, con: sqlite3.Connection, organisation_id: int) -> None:
        self.con, self.organisation_id = con, organisation_id

    def execute(self, sql: str, params: object = ()) -> sqlite3.Cursor:
        if sql.startswith("INSERT INTO journey (id,"):
            sql = sql.replace("(id,", "(organisation_id, id,", 1).replace(
                "VALUES (1,", f"VALUES ({self.organisation_id}, 1,", 1
            )
        return self.con.execute(sql, params)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> object:
        return getattr(self.con, name)


def _build(path: Path, answers: int, organisation_id: int, customers: bool) -> None:
    """bench/rollup_data.build, with the journey in ``organisation_id``; with ``customers``,
    the journey follows its customers (one per five answers) across touchpoints."""
    from datetime import datetime, timedelta

    import bench.rollup_data as data

    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    data._setup(_JourneyInOrganisation(con, organisation_id))  # type: ignore[arg-type]
    start = datetime.now() - timedelta(days=56)
    data.add_responses(
        con, 1, answers, start=start, days=55, seed=1, customers=answers // 5 if customers else 0
    )
    if customers:
        con.execute("UPDATE journey SET customer_field = 'customer_id' WHERE id = 1")
        con.commit()
    con.close()


def _prepare(path: Path, answers: int, customers: bool) -> None:
    from flask_migrate import upgrade

    import journeys
    from app import create_app
    from app.extensions import db
    from surveys import accounts
    from surveys.models import Journey

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    with app.app_context():
        organisation_id = accounts.default_organisation(db.session).id
        db.session.commit()
        db.engine.dispose()
    started = time.perf_counter()
    _build(path, answers, organisation_id, customers)
    print(f"generated {answers:,} scored answers in {time.perf_counter() - started:.1f} s")
    with app.app_context():
        journey = db.session.get(Journey, 1)
        assert journey is not None
        started = time.perf_counter()
        journeys.rollup_journey(db.session, journey, full=True)
        db.session.commit()
        print(f"rolled up in {time.perf_counter() - started:.1f} s")
        db.engine.dispose()


def _upgrade(path: Path) -> None:
    """Bring a kept database to this checkout's schema."""
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        db.engine.dispose()


def _page_times(path: Path, repeat: int) -> dict[str, float]:
    from app import create_app
    from app.extensions import db
    from surveys import accounts

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        user = accounts.create_user(
            db.session, f"viewer{time.time_ns()}@example.com", "bench pw 123"
        )
        accounts.add_member(db.session, accounts.default_organisation(db.session), user, "viewer")
        db.session.commit()
        client = app.test_client()
        reply = client.post("/login", data={"email": user.email, "password": "bench pw 123"})
        assert reply.status_code == 302, reply.text

        def get(url: str) -> Callable[[], object]:
            def run() -> object:
                response = client.get(url)
                assert response.status_code == 200, response.status_code
                return response.data

            return run

        page = _median_ms(get("/journeys/bench/map"), repeat)
        filtered_url = "/journeys/bench/map?persona=2&channel=web"
        filtered = _median_ms(get(filtered_url), repeat)
        # The first reader of a cut after a rollup: its pain points' evidence not yet read (an
        # earlier revision without the per-snapshot evidence always reads it).
        from journeys import map_build

        forget = getattr(map_build, "clear_evidence_cache", lambda: None)

        def first_reader() -> object:
            forget()
            return get(filtered_url)()

        filtered_cold = _median_ms(first_reader, repeat)
        db.engine.dispose()
    con = sqlite3.connect(path)
    bare = _median_ms(lambda: con.execute(BARE_SNAPSHOT).fetchall(), repeat)
    con.close()
    return {"page": page, "filtered": filtered, "filtered_cold": filtered_cold, "bare": bare}


def _earlier_times(
    rev: str, work: Path, databases: list[Path], repeat: int
) -> list[dict[str, float]]:
    """The page times of ``rev``'s code over ``databases``, each in a fresh interpreter."""
    tree = work / "tree"
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    env = dict(os.environ, JM_BENCH_CODE=str(tree), PYTHONPATH=str(tree))
    times = []
    for path in databases:
        args = [sys.executable, __file__, "--times-of", str(path), "--repeat", str(repeat)]
        out = subprocess.run(args, cwd=tree, env=env, capture_output=True, text=True)
        if out.returncode:  # e.g. a revision that cannot read today's schema
            raise SystemExit(f"{rev} could not serve {path.name}:\n{out.stderr[-2000:]}")
        times.append(json.loads(out.stdout.splitlines()[-1]))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--customers",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="follow customers across touchpoints (customer journeys on; the default)",
    )
    parser.add_argument(
        "--rev",
        action="append",
        default=[],
        help="also time this earlier revision's code, as a baseline (may be repeated)",
    )
    parser.add_argument("--keep", type=Path, help="keep the databases in DIR, reuse them later")
    parser.add_argument("--times-of", type=Path, help=argparse.SUPPRESS)  # one side's run
    args = parser.parse_args()
    if args.times_of:
        print(json.dumps(_page_times(args.times_of, args.repeat)))
        return
    work = Path(tempfile.mkdtemp(prefix="jm-bench-map-"))
    kept = args.keep or work
    kept.mkdir(parents=True, exist_ok=True)
    big, small = kept / f"map-{args.answers}.db", kept / f"map-{args.small}.db"
    for path, answers in ((big, args.answers), (small, args.small)):
        if path.exists():
            _upgrade(path)
            print(f"reusing {path} ({answers:,} answers)")
        else:
            _prepare(path, answers, args.customers)
    large = _page_times(big, args.repeat)
    little = _page_times(small, args.repeat)
    revs = {rev: _earlier_times(rev, work / rev, [big, small], args.repeat) for rev in args.rev}

    def beside(figure: str, index: int) -> str:
        # An earlier revision without the per-snapshot evidence reads it on every request.
        return "".join(
            f"   {rev}: {times[index].get(figure, times[index]['filtered']):8.2f} ms"
            for rev, times in revs.items()
        )

    verdict = "met" if large["page"] <= 100 else "NOT met"
    print(f"\nmap page benchmark on SQLite, median of {args.repeat} requests")
    print(f"  baseline: bare read of the newest snapshot's rows     {large['bare']:8.2f} ms")
    print(
        f"  map page, {args.small:>9,} answers                      {little['page']:8.2f} ms"
        + beside("page", 1)
    )
    print(
        f"  map page, {args.answers:>9,} answers                      {large['page']:8.2f} ms"
        + beside("page", 0)
        + f"   {large['page'] / little['page']:.2f}× the small database"
        + f" (target ≤ 100 ms: {verdict})"
    )
    print(
        f"  filtered (persona + channel, from buckets), {args.answers:,} answers "
        f"{large['filtered']:8.2f} ms" + beside("filtered", 0)
    )
    print(
        f"  filtered, first reader of the cut since the rollup, {args.answers:,} answers "
        f"{large['filtered_cold']:8.2f} ms" + beside("filtered_cold", 0)
    )


if __name__ == "__main__":
    main()
