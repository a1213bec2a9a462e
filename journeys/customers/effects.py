"""What customer paths show: the flow between touchpoints, and each touchpoint's downstream effect
on the KPIs customers give later — summed from the customer tables in SQL, with intervals.

An effect compares customers whose comments at a touchpoint read negative with the customers who
commented there otherwise, on a KPI they gave at a later stage (e.g. advocacy NPS). Like a pain
point it must be earned: each group needs ``min_group`` customers, and the difference counts as
found only when it holds at 95 % after a Bonferroni correction for every pair tested in the
journey (many touchpoints × stages × KPIs are tested at once; uncorrected, some would pass by
chance).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from statistics import NormalDist
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from journeys.customers.models import CustomerLink, CustomerStep
from journeys.stats import Z_95, sample_variance

DEFAULT_MIN_GROUP = 15
#: What each KPI's figure is, for sentences and legends.
KPI_UNITS: dict[str, str] = {"nps": "NPS points", "csat": "CSAT points", "ces": "CES"}


@dataclass(frozen=True, slots=True)
class GroupSums:
    """Sums of one group's KPI answers: enough for NPS, CSAT % satisfied and CES mean."""

    n: int
    promoters: int = 0
    detractors: int = 0
    satisfied: int = 0
    total: float = 0.0
    total_sq: float = 0.0

    def figure(self, kpi: str) -> tuple[float, float]:
        """The group's KPI and the variance of that estimate."""
        n = self.n
        if kpi == "nps":
            p, d = self.promoters / n, self.detractors / n
            return 100 * (p - d), 10_000 * (p + d - (p - d) ** 2) / n
        if kpi == "csat":
            s = self.satisfied / n
            return 100 * s, 10_000 * s * (1 - s) / n
        return self.total / n, sample_variance(n, self.total, self.total_sq) / n


@dataclass(frozen=True, slots=True)
class DownstreamEffect:
    """How a negative experience at a touchpoint goes with a KPI given at a later stage."""

    from_touchpoint_id: int
    to_stage_id: int
    kpi: str
    negative_n: int
    other_n: int
    negative_figure: float
    other_figure: float
    difference: float  # negative − other, in the KPI's units
    low: float  # 95 % interval of the difference
    high: float
    found: bool  # holds after the correction for every pair tested

    def as_json(self) -> dict[str, Any]:
        """The effect as stored on a snapshot."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DownstreamEffect:
        """An effect read back from a snapshot."""
        return cls(**data)


@dataclass(frozen=True, slots=True)
class FlowEdge:
    """Customers who went from one touchpoint straight to another (from 0: began there)."""

    from_touchpoint_id: int
    to_touchpoint_id: int
    customers: int
    moves: int

    def as_json(self) -> dict[str, Any]:
        """The edge as stored on a snapshot."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class CustomerPaths:
    """The customer-journey part of a snapshot: how many customers, their flow, the effects."""

    field: str
    customers: int
    returning: int  # customers with answers at two or more touchpoints
    flow: tuple[FlowEdge, ...]
    effects: tuple[DownstreamEffect, ...]
    min_group: int

    def as_json(self) -> dict[str, Any]:
        """Stored on the snapshot (a JSON column), read by the map's builders."""
        return {
            "field": self.field,
            "customers": self.customers,
            "returning": self.returning,
            "flow": [edge.as_json() for edge in self.flow],
            "effects": [effect.as_json() for effect in self.effects],
            "min_group": self.min_group,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CustomerPaths | None:
        """The stored paths, or None for a snapshot without customer journeys."""
        if not data:
            return None
        return cls(
            field=str(data["field"]),
            customers=int(data["customers"]),
            returning=int(data["returning"]),
            flow=tuple(FlowEdge(**edge) for edge in data["flow"]),
            effects=tuple(DownstreamEffect.from_json(e) for e in data["effects"]),
            min_group=int(data["min_group"]),
        )

    @property
    def found(self) -> tuple[DownstreamEffect, ...]:
        """The effects the evidence holds, largest first."""
        return tuple(e for e in self.effects if e.found)


def compare(
    from_touchpoint_id: int,
    to_stage_id: int,
    kpi: str,
    negative: GroupSums,
    other: GroupSums,
    z_found: float,
) -> DownstreamEffect:
    """The difference between the two groups with its 95 % interval; ``found`` when it clears
    ``z_found`` standard errors."""
    neg_figure, neg_var = negative.figure(kpi)
    other_figure, other_var = other.figure(kpi)
    difference = neg_figure - other_figure
    se = math.sqrt(neg_var + other_var)
    found = abs(difference) > z_found * se if se > 0 else difference != 0
    return DownstreamEffect(
        from_touchpoint_id,
        to_stage_id,
        kpi,
        negative.n,
        other.n,
        round(neg_figure, 4),
        round(other_figure, 4),
        round(difference, 4),
        round(difference - Z_95 * se, 4),
        round(difference + Z_95 * se, 4),
        found,
    )


def _effects(session: Session, journey_id: int, min_group: int) -> list[DownstreamEffect]:
    value = CustomerLink.value
    rows = session.execute(
        select(
            CustomerLink.from_touchpoint_id,
            CustomerLink.to_stage_id,
            CustomerLink.kpi,
            CustomerLink.negative,
            func.count(),
            func.sum(case((value >= 9, 1), else_=0)),
            func.sum(case((value <= 6, 1), else_=0)),
            func.sum(case((value >= 4, 1), else_=0)),
            func.sum(value),
            func.sum(value * value),
        )
        .where(CustomerLink.journey_id == journey_id)
        .group_by(
            CustomerLink.from_touchpoint_id,
            CustomerLink.to_stage_id,
            CustomerLink.kpi,
            CustomerLink.negative,
        )
    ).all()
    groups: dict[tuple[int, int, str], dict[bool, GroupSums]] = {}
    for tp, stage, kpi, negative, n, prom, det, sat, total, total_sq in rows:
        groups.setdefault((tp, stage, kpi), {})[bool(negative)] = GroupSums(
            int(n), int(prom or 0), int(det or 0), int(sat or 0), float(total), float(total_sq)
        )
    tested = {
        key: pair
        for key, pair in groups.items()
        if min(pair.get(True, GroupSums(0)).n, pair.get(False, GroupSums(0)).n) >= min_group
    }
    if not tested:
        return []
    z_found = NormalDist().inv_cdf(1 - 0.05 / (2 * len(tested)))
    effects = [
        compare(tp, stage, kpi, pair[True], pair[False], z_found)
        for (tp, stage, kpi), pair in tested.items()
    ]
    return sorted(effects, key=lambda e: (not e.found, -abs(e.difference)))


def _flow(session: Session, journey_id: int) -> list[FlowEdge]:
    rows = session.execute(
        select(
            CustomerStep.from_touchpoint_id,
            CustomerStep.to_touchpoint_id,
            func.count(),
            func.sum(CustomerStep.count),
        )
        .where(CustomerStep.journey_id == journey_id)
        .group_by(CustomerStep.from_touchpoint_id, CustomerStep.to_touchpoint_id)
    ).all()
    edges = [FlowEdge(int(a), int(b), int(c), int(m)) for a, b, c, m in rows]
    return sorted(edges, key=lambda e: (-e.customers, e.from_touchpoint_id, e.to_touchpoint_id))


def customer_paths(
    session: Session, journey_id: int, field: str, *, min_group: int = DEFAULT_MIN_GROUP
) -> CustomerPaths:
    """The journey's customer flow and downstream effects, from its customer tables."""
    places = func.count(func.distinct(CustomerStep.to_touchpoint_id)).label("places")
    per_customer = (
        select(CustomerStep.customer, places)
        .where(CustomerStep.journey_id == journey_id)
        .group_by(CustomerStep.customer)
    ).subquery()
    customers, returning = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((per_customer.c.places > 1, 1), else_=0)), 0),
        ).select_from(per_customer)
    ).one()
    return CustomerPaths(
        field=field,
        customers=int(customers),
        returning=int(returning),
        flow=tuple(_flow(session, journey_id)),
        effects=tuple(_effects(session, journey_id, min_group)),
        min_group=min_group,
    )
