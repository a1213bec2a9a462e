"""The journey-map domain: scoring pipeline, facts and buckets, rollups, pain points, alerts,
snapshots, exports and retention.

Plain Python and SQLAlchemy (no Flask): services take a ``Session``, flush, and leave the commit
to the caller.
"""

from __future__ import annotations

from journeys.aggregate import CellStats, load_cells, load_series
from journeys.canvas_models import CanvasLane, CellNote, StageTarget
from journeys.customers import CustomerPaths, DownstreamEffect, FlowEdge, follow_customers
from journeys.errors import (
    DrilldownError,
    InvalidAnnotation,
    InvalidCustomerField,
    InvalidPeriod,
    InvalidShareRequest,
    InvalidWebhook,
    JourneyError,
    MapViewError,
    ShareLinkInvalid,
)
from journeys.facts import forget_responses
from journeys.maps import active_pain_points, recent_alerts
from journeys.models import (
    Alert,
    MapCell,
    MapSnapshot,
    PainPoint,
    ResponseFact,
    RollupBucket,
)
from journeys.retention import purge
from journeys.rollups import (
    ROLLUP_STEPS,
    RollupResult,
    latest_snapshot,
    rollup,
    rollup_journey,
)
from journeys.scoring import (
    count_pending,
    record_pass,
    score_answers,
    score_pending,
    score_responses,
)
from journeys.sharing_models import ShareLink

__all__ = [
    "ROLLUP_STEPS",
    "Alert",
    "CanvasLane",
    "CellNote",
    "CellStats",
    "CustomerPaths",
    "DownstreamEffect",
    "DrilldownError",
    "FlowEdge",
    "InvalidAnnotation",
    "InvalidCustomerField",
    "InvalidPeriod",
    "InvalidShareRequest",
    "InvalidWebhook",
    "JourneyError",
    "MapCell",
    "MapSnapshot",
    "MapViewError",
    "PainPoint",
    "ResponseFact",
    "RollupBucket",
    "RollupResult",
    "ShareLink",
    "ShareLinkInvalid",
    "StageTarget",
    "active_pain_points",
    "count_pending",
    "follow_customers",
    "forget_responses",
    "latest_snapshot",
    "load_cells",
    "load_series",
    "purge",
    "recent_alerts",
    "record_pass",
    "rollup",
    "rollup_journey",
    "score_answers",
    "score_pending",
    "score_responses",
]
