"""Recording events: each one once, as the exact body its endpoints will receive, with a
delivery per subscribed endpoint in the same transaction as what it reports."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from journeys.models import Alert, PainPoint
from journeys.webhooks.models import (
    EventType,
    WebhookCursor,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from surveys.kinds import stored_value
from surveys.models import (
    Answer,
    Journey,
    Response,
    ResponseSource,
    Stage,
    SurveyVersion,
    Touchpoint,
    utcnow,
)

# Responses that customers give (the page, the widget, the API); a feedback file or the demo's
# answers are history being loaded, not news.
LIVE_SOURCES = (ResponseSource.HOSTED, ResponseSource.EMBED, ResponseSource.API)
RESPONSE_EVENTS = (EventType.RESPONSE_CREATED, EventType.RESPONSE_COMPLETED)
# Responses are looked for again this far back, so one committed late (a slow request, a web
# host whose clock lags) is still found; events already recorded are not recorded twice.
LATE_COMMIT_MARGIN = timedelta(minutes=10)
RESPONSES_PER_PASS = 2000


def _iso(moment: datetime) -> str:
    """A stored (naive UTC) moment as ISO 8601 with its Z."""
    return moment.isoformat(timespec="seconds") + "Z"


def subscribed(
    session: Session, organisation_id: int | None, event_type: EventType
) -> list[WebhookEndpoint]:
    """The active endpoints that hear ``event_type`` of an organisation (or of every one)."""
    endpoints = session.scalars(
        select(WebhookEndpoint)
        .where(
            WebhookEndpoint.active.is_(True),
            or_(
                WebhookEndpoint.organisation_id == organisation_id,
                WebhookEndpoint.organisation_id.is_(None),
            ),
        )
        .order_by(WebhookEndpoint.id)
    )
    return [e for e in endpoints if event_type in e.events]


def record_event(
    session: Session,
    organisation_id: int | None,
    event_type: EventType,
    subject: str,
    data: Mapping[str, Any],
    *,
    to: Sequence[WebhookEndpoint] | None = None,
) -> WebhookEvent | None:
    """Record ``event_type`` about ``subject`` once, queued for each endpoint that hears it.

    ``to`` names the endpoints instead (the test event). Nothing is written when nobody listens
    or the event was recorded before. Flushes; the caller commits with what the event reports.
    """
    endpoints = list(to) if to is not None else subscribed(session, organisation_id, event_type)
    if not endpoints:
        return None
    known = select(WebhookEvent.id).where(
        WebhookEvent.type == event_type, WebhookEvent.subject == subject
    )
    if session.scalar(known) is not None:
        return None
    return _write_event(session, organisation_id, event_type, subject, data, endpoints)


def _write_event(
    session: Session,
    organisation_id: int | None,
    event_type: EventType,
    subject: str,
    data: Mapping[str, Any],
    endpoints: Sequence[WebhookEndpoint],
) -> WebhookEvent:
    """Write an event not recorded before, and its deliveries, due at once."""
    now = utcnow()
    public_id = "evt_" + secrets.token_hex(12)
    body = {"id": public_id, "type": str(event_type), "created": _iso(now), "data": dict(data)}
    event = WebhookEvent(
        public_id=public_id,
        organisation_id=organisation_id,
        type=event_type,
        subject=subject,
        created_at=now,
        body=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
    )
    session.add(event)
    session.flush()
    for endpoint in endpoints:
        session.add(
            WebhookDelivery(event_id=event.id, endpoint_id=endpoint.id, next_attempt_at=now)
        )
    session.flush()
    return event


def _organisation_of(session: Session, journey_id: int) -> tuple[int, str]:
    row = session.execute(
        select(Journey.organisation_id, Journey.slug).where(Journey.id == journey_id)
    ).one()
    return int(row[0]), str(row[1])


def _names(session: Session, stage_id: int, touchpoint_id: int) -> tuple[str, str]:
    stage = session.scalar(select(Stage.name).where(Stage.id == stage_id)) or ""
    touchpoint = session.scalar(select(Touchpoint.name).where(Touchpoint.id == touchpoint_id))
    return stage, touchpoint or ""


def pain_point_data(session: Session, point: PainPoint) -> dict[str, Any]:
    """A pain point as webhook bodies carry it."""
    _org, slug = _organisation_of(session, point.journey_id)
    stage, touchpoint = _names(session, point.stage_id, point.touchpoint_id)
    return {
        "pain_point": {
            "id": point.id,
            "journey": slug,
            "stage": stage,
            "touchpoint": touchpoint,
            "status": str(point.status),
            "active": point.active,
            "severity": point.severity,
            "impact": point.impact,
            "answers": point.n,
            "negative_share": point.negative_share,
            "themes": point.themes,
            "owner_team": point.owner_team,
            "effort": point.effort,
            "priority": point.priority,
        }
    }


def pain_points_opened(session: Session, points: Iterable[PainPoint]) -> int:
    """Record ``pain_point.opened`` for points just found (or found again after resolving)."""
    count = 0
    for point in points:
        organisation_id, _slug = _organisation_of(session, point.journey_id)
        # Opened anew each time it (re)appears: the moment it was last first seen makes it new.
        subject = f"pain_point:{point.id}:{point.last_seen_at.isoformat()}"
        data = pain_point_data(session, point)
        if record_event(session, organisation_id, EventType.PAIN_POINT_OPENED, subject, data):
            count += 1
    return count


def pain_point_changed(session: Session, point: PainPoint) -> WebhookEvent | None:
    """Record ``pain_point.changed``: the team changed its status, owner, notes or effort."""
    organisation_id, _slug = _organisation_of(session, point.journey_id)
    subject = f"pain_point:{point.id}:{secrets.token_hex(8)}"  # every change is news
    data = pain_point_data(session, point)
    return record_event(session, organisation_id, EventType.PAIN_POINT_CHANGED, subject, data)


def alerts_raised(session: Session, alerts: Iterable[Alert]) -> int:
    """Record ``alert.raised`` for each alert a rollup raised."""
    count = 0
    for alert in alerts:
        organisation_id, slug = _organisation_of(session, alert.journey_id)
        stage, touchpoint = _names(session, alert.stage_id, alert.touchpoint_id)
        data = {
            "alert": {
                "id": alert.id,
                "journey": slug,
                "stage": stage,
                "touchpoint": touchpoint,
                "message": alert.message,
                "previous_mean": alert.previous_mean,
                "current_mean": alert.current_mean,
                "created_at": _iso(alert.created_at),
            }
        }
        subject = f"alert:{alert.id}"
        if record_event(session, organisation_id, EventType.ALERT_RAISED, subject, data):
            count += 1
    return count


def response_data(response: Response, journey_slug: str) -> dict[str, Any]:
    """A response as webhook bodies carry it: ids, where it was given, hidden fields, answers."""
    answers = {
        a.question.key: stored_value(a.question, a.value_text, a.value_number)
        for a in response.answers
    }
    return {
        "response": {
            "id": response.public_id,
            "journey": journey_slug,
            "survey": response.version.survey.public_id,
            "survey_version": response.version.number,
            "stage_id": response.stage_id,
            "touchpoint_id": response.touchpoint_id,
            "persona_id": response.persona_id,
            "channel": str(response.channel),
            "source": str(response.source),
            "status": str(response.status),
            "created_at": _iso(response.created_at),
            "completed_at": _iso(response.completed_at) if response.completed_at else None,
            "hidden": dict(response.meta.get("hidden", {})),
            "answers": answers,
        }
    }


def _responses(session: Session, ids: set[int]) -> dict[int, tuple[Response, str]]:
    """Responses by id, with what their webhook body needs, and their journey's slug."""
    if not ids:
        return {}
    rows = session.execute(
        select(Response, Journey.slug)
        .join(Journey, Journey.id == Response.journey_id)
        .where(Response.id.in_(ids))
        .options(
            selectinload(Response.answers).selectinload(Answer.question),
            selectinload(Response.version).selectinload(SurveyVersion.survey),
        )
    ).all()
    return {response.id: (response, slug) for response, slug in rows}


def collect_response_events(session: Session, *, now: datetime | None = None) -> int:
    """Record ``response.created`` and ``response.completed`` for responses given since the
    last pass (less a margin for late commits); return how many events were recorded.

    Responses arrive by every surface through the response core, which knows nothing of
    webhooks: this pass finds them, much as the scoring job does. Reads in batches; flushes.
    """
    now = now or utcnow()
    listening = [
        e
        for e in session.scalars(
            select(WebhookEndpoint)
            .where(WebhookEndpoint.active.is_(True))
            .order_by(WebhookEndpoint.id)
        )
        if any(t in e.events for t in RESPONSE_EVENTS)
    ]
    if not listening:
        return 0  # and nothing to catch up on later: a new endpoint hears what follows it
    cursor = session.get(WebhookCursor, 1)
    if cursor is None:
        cursor = WebhookCursor(id=1, responses_until=None)
        session.add(cursor)
    first_listener = min(e.created_at for e in listening)
    since = max(first_listener, (cursor.responses_until or first_listener) - LATE_COMMIT_MARGIN)
    organisations = {e.organisation_id for e in listening}

    def listeners(organisation_id: int, event_type: EventType) -> list[WebhookEndpoint]:
        return [
            e
            for e in listening
            if e.organisation_id in (organisation_id, None) and event_type in e.events
        ]

    # Only the columns that decide which events are due: the rows seen again within the margin
    # (most of them, at any volume) cost an index read, and only new events load their answers.
    query = (
        select(
            Response.id,
            Response.updated_at,
            Response.created_at,
            Response.completed_at,
            Journey.organisation_id,
        )
        .join(Journey, Journey.id == Response.journey_id)
        .where(Response.updated_at >= since, Response.source.in_(LIVE_SOURCES))
        .order_by(Response.updated_at, Response.id)
        .limit(RESPONSES_PER_PASS)
    )
    if None not in organisations:  # no endpoint hears every organisation
        query = query.where(Journey.organisation_id.in_(organisations))
    recorded, after = 0, None
    while True:
        page = query
        if after is not None:  # the next batch, by (updated_at, id)
            page = page.where(
                or_(
                    Response.updated_at > after[0],
                    and_(Response.updated_at == after[0], Response.id > after[1]),
                )
            )
        rows = session.execute(page).all()
        subjects = [f"response:{row.id}" for row in rows]
        known = {
            (event_type, subject)
            for event_type, subject in session.execute(
                select(WebhookEvent.type, WebhookEvent.subject).where(
                    WebhookEvent.type.in_(RESPONSE_EVENTS), WebhookEvent.subject.in_(subjects)
                )
            )
        }
        wanted: list[tuple[int, int, EventType, list[WebhookEndpoint]]] = []
        for row in rows:
            due = []
            if row.created_at >= since:
                due.append(EventType.RESPONSE_CREATED)
            if row.completed_at is not None and row.completed_at >= since:
                due.append(EventType.RESPONSE_COMPLETED)
            for event_type in due:
                endpoints = listeners(row.organisation_id, event_type)
                if endpoints and (event_type, f"response:{row.id}") not in known:
                    wanted.append((row.id, row.organisation_id, event_type, endpoints))
        loaded = _responses(session, {response_id for response_id, *_rest in wanted})
        for response_id, organisation_id, event_type, endpoints in wanted:
            response, slug = loaded[response_id]
            data = response_data(response, slug)
            subject = f"response:{response_id}"
            _write_event(session, organisation_id, event_type, subject, data, endpoints)
            recorded += 1
        if len(rows) < RESPONSES_PER_PASS:
            break
        after = (rows[-1].updated_at, rows[-1].id)
    cursor.responses_until = now
    session.flush()
    return recorded
