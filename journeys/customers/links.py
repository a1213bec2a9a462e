"""Keep each known customer's touches, steps and downstream links up to date.

A customer is known by a hidden field the researcher names for the journey (say ``customer_id``).
The rollup calls :func:`refresh_customers` with the moment from which facts changed; only the
customers behind those facts are re-linked, so the work follows the new answers, not the history.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

import sentiment
from journeys.customers.models import CustomerLink, CustomerStep, CustomerTouch
from journeys.errors import InvalidCustomerField
from journeys.models import ResponseFact, RollupState
from surveys.hidden_fields import field_name, is_field_name
from surveys.models import Journey, Response, Stage

CHUNK = 500  # ids per IN (…) list
LINK_CHUNK = 2000  # customers (or responses) handled per round trip
KPIS: tuple[str, ...] = ("nps", "csat", "ces")
# Core tables: rows go in and out as plain tuples and dicts (the ORM's per-row bookkeeping
# would cost more than the linking itself).
TOUCH: Table = CustomerTouch.__table__  # type: ignore[assignment]
LINK: Table = CustomerLink.__table__  # type: ignore[assignment]
STEP: Table = CustomerStep.__table__  # type: ignore[assignment]


def customer_digest(value: str) -> str:
    """The stored form of a customer key: the first 32 hex digits of its SHA-256."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Touch:
    """One of a customer's answers, as linking needs it."""

    response_id: int
    answered_at: datetime
    stage_id: int
    touchpoint_id: int
    compound: float | None
    kpis: tuple[tuple[str, float], ...]


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _clear(session: Session, journey_id: int) -> None:
    for table in (TOUCH, LINK, STEP):
        session.execute(delete(table).where(table.c.journey_id == journey_id))


def _record_touches(
    session: Session, journey_id: int, field: str, since: datetime | None
) -> set[str]:
    """Rewrite the touches of the responses whose facts changed; the customers they concern."""
    # The hidden field read in SQL (json_extract on SQLite, ->> on PostgreSQL): only the value
    # crosses over, not each response's whole metadata.
    value = Response.meta["hidden"][field].as_string()
    query = (
        select(ResponseFact.response_id, value, Response.created_at)
        .join(Response, Response.id == ResponseFact.response_id)
        .where(ResponseFact.journey_id == journey_id)
    )
    if since is not None:
        query = query.where(ResponseFact.updated_at > since)
    rows = session.connection().execute(query).all()
    customers: set[str] = set()
    for chunk in _chunks(rows, LINK_CHUNK):
        if since is not None:
            # A response whose customer changed (or was removed) leaves its former customer to
            # be re-linked too.
            ids = [row[0] for row in chunk]
            customers.update(
                session.scalars(
                    select(CustomerTouch.customer).where(CustomerTouch.response_id.in_(ids))
                )
            )
            session.execute(delete(TOUCH).where(TOUCH.c.response_id.in_(ids)))
        touches = []
        for response_id, named, created_at in chunk:
            if named is None or not str(named).strip():
                continue
            customer = customer_digest(str(named).strip())
            customers.add(customer)
            touches.append(
                {
                    "response_id": response_id,
                    "journey_id": journey_id,
                    "customer": customer,
                    "answered_at": created_at,
                }
            )
        if touches:
            session.execute(insert(TOUCH), touches)
    return customers


def _touches_of(
    session: Session, journey_id: int, customers: Sequence[str], *, whole_range: bool
) -> dict[str, list[Touch]]:
    """Each customer's answers in time order; ``whole_range`` when every customer between the
    first and the last of ``customers`` is wanted (a rebuild), read as one range of the index."""
    who = (
        CustomerTouch.customer.between(customers[0], customers[-1])
        if whole_range
        else CustomerTouch.customer.in_(customers)
    )
    rows = session.connection().execute(
        select(
            CustomerTouch.customer,
            CustomerTouch.response_id,
            CustomerTouch.answered_at,
            ResponseFact.stage_id,
            ResponseFact.touchpoint_id,
            ResponseFact.compound,
            ResponseFact.nps,
            ResponseFact.csat,
            ResponseFact.ces,
        )
        .join(ResponseFact, ResponseFact.response_id == CustomerTouch.response_id)
        .where(CustomerTouch.journey_id == journey_id, who)
        .order_by(CustomerTouch.customer, CustomerTouch.answered_at, CustomerTouch.response_id)
    )
    found: dict[str, list[Touch]] = defaultdict(list)
    for customer, response_id, answered_at, stage_id, touchpoint_id, compound, *kpi in rows:
        kpis = tuple(
            (name, float(value)) for name, value in zip(KPIS, kpi, strict=True) if value is not None
        )
        found[customer].append(
            Touch(response_id, answered_at, stage_id, touchpoint_id, compound, kpis)
        )
    return found


def steps_of(touches: Sequence[Touch]) -> dict[tuple[int, int], int]:
    """Moves between touchpoints in time order: (0, first) where the customer began, then each
    change of touchpoint (answering the same touchpoint twice in a row is no move)."""
    moves: dict[tuple[int, int], int] = {}
    previous = 0
    for touch in touches:
        if touch.touchpoint_id != previous:
            key = (previous, touch.touchpoint_id)
            moves[key] = moves.get(key, 0) + 1
            previous = touch.touchpoint_id
    return moves


def links_of(
    touches: Sequence[Touch], stage_position: dict[int, int]
) -> list[tuple[int, int, str, bool, float]]:
    """(touchpoint, later stage, KPI, negative there?, KPI answer) for one customer.

    The experience at a touchpoint is the mean compound of the customer's comments there (a
    touchpoint they never commented on has none); the KPI at a later stage is their latest answer
    there. A link needs the touchpoint answered first and the KPI's stage after the touchpoint's.
    """
    comments: dict[int, list[float]] = defaultdict(list)
    first_at: dict[int, tuple[datetime, int]] = {}
    latest_kpi: dict[tuple[int, str], tuple[datetime, float]] = {}
    for touch in touches:
        first_at.setdefault(touch.touchpoint_id, (touch.answered_at, touch.stage_id))
        if touch.compound is not None:
            comments[touch.touchpoint_id].append(touch.compound)
        for kpi, value in touch.kpis:
            latest_kpi[(touch.stage_id, kpi)] = (touch.answered_at, value)
    links = []
    for touchpoint_id, compounds in comments.items():
        began, stage_id = first_at[touchpoint_id]
        negative = sentiment.label_for(sum(compounds) / len(compounds)) == "negative"
        for (to_stage, kpi), (at, value) in latest_kpi.items():
            if stage_position.get(to_stage, -1) > stage_position.get(stage_id, -1) and at > began:
                links.append((touchpoint_id, to_stage, kpi, negative, value))
    return links


def _relink(
    session: Session,
    journey_id: int,
    customers: Iterable[str],
    stage_position: dict[int, int],
    *,
    fresh: bool,
) -> None:
    """Rewrite the steps and links of ``customers`` (``fresh``: the tables hold none yet)."""
    ordered = sorted(customers)
    for chunk in _chunks(ordered, LINK_CHUNK):
        if not fresh:
            for table in (LINK, STEP):
                for ids in _chunks(chunk):
                    session.execute(
                        delete(table).where(
                            table.c.journey_id == journey_id, table.c.customer.in_(ids)
                        )
                    )
        links: list[dict[str, Any]] = []
        steps: list[dict[str, Any]] = []
        touches_by_customer: dict[str, list[Touch]] = {}
        if fresh:
            touches_by_customer = _touches_of(session, journey_id, chunk, whole_range=True)
        else:
            for ids in _chunks(chunk):
                touches_by_customer.update(_touches_of(session, journey_id, ids, whole_range=False))
        for customer, touches in touches_by_customer.items():
            steps += [
                {
                    "journey_id": journey_id,
                    "customer": customer,
                    "from_touchpoint_id": a,
                    "to_touchpoint_id": b,
                    "count": count,
                }
                for (a, b), count in steps_of(touches).items()
            ]
            links += [
                {
                    "journey_id": journey_id,
                    "customer": customer,
                    "from_touchpoint_id": tp,
                    "to_stage_id": stage,
                    "kpi": kpi,
                    "negative": negative,
                    "value": value,
                }
                for tp, stage, kpi, negative, value in links_of(touches, stage_position)
            ]
        if steps:
            session.execute(insert(STEP), steps)
        if links:
            session.execute(insert(LINK), links)


def refresh_customers(
    session: Session, journey_id: int, field: str | None, since: datetime | None
) -> int:
    """Bring the journey's customer tables up to date with facts changed after ``since``
    (``None``: rebuild them all); returns how many customers were re-linked.

    Without a customer field the journey keeps no customer tables.
    """
    if field is None or since is None:
        _clear(session, journey_id)
    if field is None:
        return 0
    customers = _record_touches(session, journey_id, field, since)
    positions = {
        stage_id: position
        for stage_id, position in session.execute(
            select(Stage.id, Stage.position).where(Stage.journey_id == journey_id)
        )
    }
    _relink(session, journey_id, customers, positions, fresh=since is None)
    session.flush()
    return len(customers)


def follow_customers(session: Session, journey: Journey, field: str | None) -> None:
    """Name the hidden field that identifies a journey's customers (None: stop following them).

    The next rollup rebuilds the journey from scratch, so every answer is linked by the new field.
    """
    name = field_name(field) if field and field.strip() else None
    if name is not None and not is_field_name(name):
        raise InvalidCustomerField(field or "")
    if name == journey.customer_field:
        return
    journey.customer_field = name
    state = session.get(RollupState, journey.id)
    if state is not None:
        state.facts_seen_until = None
    session.flush()
