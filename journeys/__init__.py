"""The journey-map domain: scoring pipeline, rollups, pain points, snapshots and the demo journey.

Plain Python and SQLAlchemy (no Flask): services take a ``Session``, flush, and leave the commit
to the caller.
"""

from __future__ import annotations

from journeys.jobs import claim_tick, finish_run, runs_of, tick_of
from journeys.maps import JourneyMap, journey_map
from journeys.models import JobRun, MapCell, MapSnapshot
from journeys.rollup import RollupResult, latest_snapshot, rollup, rollup_journey
from journeys.scoring import count_pending, score_answers, score_pending

__all__ = [
    "JobRun",
    "JourneyMap",
    "MapCell",
    "MapSnapshot",
    "RollupResult",
    "claim_tick",
    "count_pending",
    "finish_run",
    "journey_map",
    "latest_snapshot",
    "rollup",
    "rollup_journey",
    "runs_of",
    "score_answers",
    "score_pending",
    "tick_of",
]
