"""Rollup benchmark on SQLite: full rollup of 1,000,000 scored answers against a bare SQL GROUP BY
over the same rows, an incremental rollup of 10,000 new answers, and the rollup's peak memory.

    .venv/bin/python bench/bench_rollup.py [--answers 1000000] [--new 10000] [--repeat 3]

Each measurement runs in a fresh process (so peak RSS is the rollup's own) on a copy of the same
generated database; times are medians of ``--repeat`` runs. Targets (issue 6): full ≤ 10 s and
≤ 2× the bare GROUP BY; incremental ≤ 1 s; peak memory ≤ 500 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Baselines, each one plain GROUP BY over the same scored answers:
# - the map's cells straight from the answers as the app stores them (score ⋈ answer ⋈ response),
#   what a rollup without the fact table would have to run;
# - the same keys the rollup keeps (day, stage, touchpoint, persona, channel) over the fact
#   table, with one count and one mean: the floor of any rollup that reads facts.
BARE_STORED = (
    "SELECT r.stage_id, r.touchpoint_id, count(*), avg(s.compound) FROM text_score s "
    "JOIN answer a ON a.id = s.answer_id JOIN response r ON r.id = a.response_id "
    "WHERE r.journey_id = 1 GROUP BY r.stage_id, r.touchpoint_id"
)
BARE_FACTS = (
    "SELECT day, stage_id, touchpoint_id, persona_id, channel, count(*), avg(compound) "
    "FROM response_fact WHERE journey_id = 1 "
    "GROUP BY day, stage_id, touchpoint_id, persona_id, channel"
)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _app(path: Path):  # type: ignore[no-untyped-def]
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench"})


def measure(mode: str, path: Path, new: int) -> dict[str, float]:
    """One measurement in this process; prints JSON for the parent."""
    if mode in ("bare-stored", "bare-facts"):
        con = sqlite3.connect(path)
        started = time.perf_counter()
        rows = con.execute(BARE_STORED if mode == "bare-stored" else BARE_FACTS).fetchall()
        return {"seconds": time.perf_counter() - started, "rows": len(rows), "peak_mb": _peak_mb()}
    import journeys
    from app.extensions import db
    from surveys.models import Journey

    app = _app(path)
    with app.app_context():
        journey = db.session.get(Journey, 1)
        if mode == "incremental":
            import bench.rollup_data as data

            con = sqlite3.connect(path)
            last = con.execute("SELECT max(id) FROM response").fetchone()[0]
            data.add_responses(
                con, last + 1, new, start=datetime.now() - timedelta(hours=2), days=0.08, seed=99
            )
            con.close()
        started = time.perf_counter()
        result = journeys.rollup_journey(db.session, journey, full=(mode == "full"))
        db.session.commit()
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "pain_points": result.pain_points,
        "cells": result.cells,
        "days_rebuilt": result.days_rebuilt,
        "peak_mb": _peak_mb(),
    }


def _run(mode: str, path: Path, new: int = 0) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", mode, "--db", str(path), "--new", str(new)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--new", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, Path(args.db), args.new)))
        return

    from flask_migrate import upgrade

    import bench.rollup_data as data

    work = Path(tempfile.mkdtemp(prefix="jm-bench-"))
    template = work / "template.db"
    with _app(template).app_context():
        upgrade(directory=str(ROOT / "migrations"))
    started = time.perf_counter()
    data.build(str(template), args.answers)
    print(f"generated {args.answers:,} scored answers in {time.perf_counter() - started:.1f} s")
    # A first full rollup makes the template look like a live system: buckets and a snapshot.
    primed = _run("full", template)
    print(f"first full rollup: {primed['seconds']:.2f} s")

    results: dict[str, list[dict[str, float]]] = {
        m: [] for m in ("bare-stored", "bare-facts", "full", "incremental")
    }
    for _ in range(args.repeat):
        for mode in results:
            copy = work / f"{mode}.db"
            shutil.copy(template, copy)
            for suffix in ("-wal", "-shm"):
                if Path(f"{template}{suffix}").exists():
                    shutil.copy(f"{template}{suffix}", f"{copy}{suffix}")
            results[mode].append(_run(mode, copy, args.new))
    med = {m: statistics.median(r["seconds"] for r in rs) for m, rs in results.items()}
    peak = max(r["peak_mb"] for r in results["full"] + results["incremental"])
    full, stored, facts = med["full"], med["bare-stored"], med["bare-facts"]
    verdict = "met" if full <= 10 and full <= 2 * stored else "NOT met"
    print(f"\nrollup benchmark on SQLite, {args.answers:,} scored answers, median of {args.repeat}")
    print(f"  baseline: bare GROUP BY of the stored answers   {stored:7.2f} s")
    print(f"  floor:    bare GROUP BY of the facts, same keys {facts:7.2f} s")
    print(
        f"  full rollup                                     {full:7.2f} s   "
        f"{full / stored:.2f}× baseline, {full / facts:.2f}× floor "
        f"(target ≤ 10 s and ≤ 2× baseline: {verdict})"
    )
    incremental = med["incremental"]
    print(
        f"  incremental rollup of {args.new:,} new answers       {incremental:7.2f} s   "
        f"{incremental / full:.2f}× full, "
        f"{results['incremental'][0]['days_rebuilt']:.0f} day(s) re-aggregated (target ≤ 1 s: "
        f"{'met' if incremental <= 1 else 'NOT met'})"
    )
    print(
        f"  peak memory of a rollup process                 {peak:7.0f} MB  (target ≤ 500 MB: "
        f"{'met' if peak <= 500 else 'NOT met'})"
    )
    print(f"  pain points found: {results['full'][0]['pain_points']:.0f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
