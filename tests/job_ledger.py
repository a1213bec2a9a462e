"""Reading the job ledger from outside the schedulers under test."""

from __future__ import annotations

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from app.jobs.models import JobRun, RunStatus


def ok_runs(url: str, *, job_id: str | None = None, pid: int | None = None) -> int:
    """How many runs ended ok (of one job, or by the scheduler process ``pid``)."""
    query = select(func.count()).select_from(JobRun).where(JobRun.status == RunStatus.OK)
    if job_id is not None:
        query = query.where(JobRun.job_id == job_id)
    if pid is not None:
        query = query.where(JobRun.holder.endswith(f":{pid}"))
    engine = create_engine(url)
    with Session(engine) as session:
        count = session.scalar(query)
    engine.dispose()
    return int(count or 0)
