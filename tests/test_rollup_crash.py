"""A rollup killed half-way leaves the last complete map and its buckets in place."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from journeys.models import MapCell, MapSnapshot, RollupBucket
from tests.conftest import make_app
from tests.waiting import Output

ROOT = Path(__file__).resolve().parent.parent


def _consistent(url: str) -> tuple[int, int]:
    """Assert the newest snapshot is whole and matches the buckets; return (snapshots, answers)."""
    engine = create_engine(url)
    with Session(engine) as session:
        snapshot = session.scalars(select(MapSnapshot).order_by(MapSnapshot.id.desc())).first()
        assert snapshot is not None
        cells = session.scalars(select(MapCell).where(MapCell.snapshot_id == snapshot.id)).all()
        bucket_n = session.scalar(select(func.sum(RollupBucket.n))) or 0
        bucket_cells = session.execute(
            select(RollupBucket.stage_id, RollupBucket.touchpoint_id).distinct()
        ).all()
        assert sum(c.n for c in cells) == snapshot.answer_count == bucket_n
        assert len(cells) == len(bucket_cells)
        count = session.scalar(select(func.count()).select_from(MapSnapshot)) or 0
    engine.dispose()
    return count, snapshot.answer_count


@pytest.mark.slow
def test_killing_a_rollup_half_way_keeps_the_last_complete_map(sqlite_url: str) -> None:
    app = make_app(sqlite_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "seed-demo", "--answers", "3000"]).exit_code == 0
    assert runner.invoke(args=["journeys", "rollup"]).exit_code == 0
    before, answers = _consistent(sqlite_url)
    # A killed rollup leaves its job lock leased on SQLite; the next one waits the lease out.
    env = {**os.environ, "DATABASE_URL": sqlite_url, "SECRET_KEY": "test", "JOB_LEASE_SECONDS": "2"}
    # Killed as the rollup begins (the command prints its label then), three times over.
    for _attempt in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "journeys", "rollup", "--full"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        Output(proc).wait_for("Rolling up", interval=0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        # Whichever moment the kill landed, the newest snapshot is whole: the old one, or a new
        # one written completely.
        snapshots, now_answers = _consistent(sqlite_url)
        assert now_answers == answers
        assert snapshots in (before, before + 1)
        before = snapshots
