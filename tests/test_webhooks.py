"""Webhooks: events recorded once, signed deliveries to a real receiver, retries with back-off,
the delivery log, the test event, and the refusals that keep webhook URLs from reaching inside."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import surveys
from app.jobs import drivers
from journeys import webhooks
from journeys.aggregate import CellStats
from journeys.annotations import annotate
from journeys.models import PainPoint
from journeys.painpoints import Detection, persist
from journeys.webhooks import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEvent
from surveys.models import Organisation, ResponseSource, utcnow
from tests.conftest import csrf_token, login, make_journey, make_survey, make_user
from tests.webhook_receiver import Receiver


@pytest.fixture
def hooks_app(app: Flask) -> Flask:
    """The app allowed to reach the loopback receiver (refused by default), retrying after 30 s."""
    app.config.update(WEBHOOK_ALLOW_PRIVATE=True, WEBHOOK_RETRY_BASE_SECONDS=30)
    return app


def _organisation(session: Session) -> Organisation:
    return surveys.accounts.default_organisation(session)


def _answer_through_the_api(client: FlaskClient, public_id: str) -> str:
    reply = client.post(
        f"/api/v1/surveys/{public_id}/responses",
        json={"answers": {"q1": 4, "q2": "Quick delivery"}, "metadata": {"order": "981"}},
    )
    assert reply.status_code == 201, reply.text
    return str(reply.json["response"]["id"])


def test_a_completed_response_reaches_the_receiver_signed_on_the_third_try(
    hooks_app: Flask, client: FlaskClient, session: Session
) -> None:
    survey = make_survey(session, make_journey(session))
    with Receiver([500, 500]) as receiver:
        endpoint = webhooks.create_endpoint(
            session, _organisation(session).id, receiver.url, ["response.completed"]
        )
        session.commit()
        response_id = _answer_through_the_api(client, survey.public_id)

        first = drivers.run_webhooks(session)  # the job's pass, on the real clock
        assert (first.events, first.delivered, first.failed) == (1, 0, 1)
        (delivery,) = session.scalars(select(WebhookDelivery)).all()
        assert delivery.status == DeliveryStatus.PENDING
        start = delivery.tries[0].attempted_at
        assert delivery.next_attempt_at == start + timedelta(seconds=30)
        # Not due yet: nothing is sent before the back-off has passed.
        assert drivers.run_webhooks(session, now=start + timedelta(seconds=29)).failed == 0
        second = start + timedelta(seconds=31)
        assert drivers.run_webhooks(session, now=second).failed == 1
        session.refresh(delivery)
        assert delivery.next_attempt_at == second + timedelta(seconds=60)  # doubled
        third = drivers.run_webhooks(session, now=second + timedelta(seconds=61))
        assert (third.events, third.delivered, third.failed) == (0, 1, 0)

    session.refresh(delivery)
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 3
    assert [a.status_code for a in delivery.tries] == [500, 500, 204]
    assert len(receiver.requests) == 3
    bodies = {r.body for r in receiver.requests}
    assert len(bodies) == 1  # the same event each time, byte for byte
    for request in receiver.requests:
        assert webhooks.verify(
            endpoint.secret, request.headers["Journeymap-Signature"], request.body
        )
        assert not webhooks.verify(
            "whsec_other", request.headers["Journeymap-Signature"], request.body
        )
        assert request.headers["Journeymap-Event"] == "response.completed"
    event = receiver.requests[0].json
    assert event["type"] == "response.completed" and event["id"].startswith("evt_")
    assert event["created"].endswith("Z")
    assert event["data"]["response"]["id"] == response_id
    assert event["data"]["response"]["survey"] == survey.public_id
    assert event["data"]["response"]["answers"] == {"q1": 4, "q2": "Quick delivery"}
    assert event["data"]["response"]["hidden"] == {"order": "981"}
    assert [r.headers["Journeymap-Attempt"] for r in receiver.requests] == ["1", "2", "3"]
    # The endpoint's delivery log, as an admin reads it, shows all three attempts.
    login(client, make_user(session, "admin", _organisation(session)))
    log = client.get(f"/organisation/webhooks/{endpoint.id}").text
    assert "response.completed" in log and event["id"] in log and "delivered" in log
    assert log.count("HTTP 500") == 2 and log.count("HTTP 204") == 1


def test_the_delivery_log_shows_every_attempt_and_the_test_event_button_sends_one(
    hooks_app: Flask, client: FlaskClient, session: Session
) -> None:
    admin = make_user(session, "admin", _organisation(session))
    login(client, admin)
    with Receiver([500]) as receiver:
        page = client.get("/organisation/webhooks")
        reply = client.post(
            "/organisation/webhooks",
            data={
                "csrf_token": csrf_token(page.text),
                "url": receiver.url,
                "events": ["alert.raised", "pain_point.opened"],
                "description": "Ops <b>channel</b>",
            },
        )
        assert reply.status_code == 200
        (endpoint,) = webhooks.endpoints_of(session, _organisation(session).id)
        assert endpoint.secret in reply.text  # shown once, on creation
        assert "Ops &lt;b&gt;channel&lt;/b&gt;" in reply.text
        assert endpoint.secret not in client.get("/organisation/webhooks").text  # never again

        log_url = f"/organisation/webhooks/{endpoint.id}"
        token = csrf_token(client.get(log_url).text)
        assert client.post(f"{log_url}/test", data={"csrf_token": token}).status_code == 302
        start = utcnow()
        drivers.run_webhooks(session, now=start)  # 500
        drivers.run_webhooks(session, now=start + timedelta(seconds=31))  # accepted
    assert [r.json["type"] for r in receiver.requests] == ["webhook.test", "webhook.test"]
    log = client.get(log_url).text
    assert "webhook.test" in log and "delivered" in log
    assert log.count("HTTP 500") == 1 and log.count("HTTP 204") == 1


def test_an_endpoint_that_is_not_http_is_refused_naming_the_field(
    client: FlaskClient, session: Session
) -> None:
    admin = make_user(session, "admin", _organisation(session))
    login(client, admin)
    token = csrf_token(client.get("/organisation/webhooks").text)
    for url, says in [
        ("file:///etc/passwd", "must start with http:// or https://"),
        ("gopher://127.0.0.1:6379/_FLUSHALL", "must start with http:// or https://"),
        ("https://user:pw@hooks.example/x", "must not carry a user name"),
        ("https://", "needs a host"),
    ]:
        reply = client.post(
            "/organisation/webhooks",
            data={"csrf_token": token, "url": url, "events": ["alert.raised"]},
        )
        assert reply.status_code == 422 and says in reply.text and 'id="url-error"' in reply.text
    reply = client.post(
        "/organisation/webhooks", data={"csrf_token": token, "url": "https://hooks.example/x"}
    )
    assert reply.status_code == 422 and "choose at least one event" in reply.text
    assert webhooks.endpoints_of(session, _organisation(session).id) == []


def test_a_loopback_address_is_refused_unless_allowed_and_redirects_are_not_followed(
    app: Flask, session: Session
) -> None:
    with Receiver([302]) as receiver:
        endpoint = webhooks.create_endpoint(
            session, _organisation(session).id, receiver.url, ["alert.raised"]
        )
        webhooks.send_test_event(session, endpoint)
        session.commit()
        drivers.run_webhooks(session)  # WEBHOOK_ALLOW_PRIVATE is off by default
        assert receiver.requests == []
        (attempt,) = session.scalars(select(WebhookAttempt)).all()
        assert attempt.status_code is None and "private or local address" in attempt.error

        app.config["WEBHOOK_ALLOW_PRIVATE"] = True
        drivers.run_webhooks(session, now=utcnow() + timedelta(minutes=5))
        assert len(receiver.requests) == 1  # answered 302; the redirect was not followed
        last = session.scalars(select(WebhookAttempt).order_by(WebhookAttempt.id.desc())).first()
        assert last is not None and last.status_code == 302 and last.error == "answered 302"


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def hold() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/hook"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


def test_a_receiver_that_never_answers_costs_at_most_the_timeout(
    app: Flask, session: Session, silent_server: str
) -> None:
    app.config.update(WEBHOOK_ALLOW_PRIVATE=True, WEBHOOK_TIMEOUT_SECONDS=1)
    endpoint = webhooks.create_endpoint(
        session, _organisation(session).id, silent_server, ["alert.raised"]
    )
    webhooks.send_test_event(session, endpoint)
    session.commit()
    started = time.monotonic()
    assert drivers.run_webhooks(session).failed == 1
    assert time.monotonic() - started < 10  # bounded by the 1 s timeout, not the OS default
    (attempt,) = session.scalars(select(WebhookAttempt)).all()
    assert attempt.status_code is None and "timed out" in attempt.error


def test_a_delivery_is_given_up_after_its_last_attempt(hooks_app: Flask, session: Session) -> None:
    hooks_app.config["WEBHOOK_MAX_ATTEMPTS"] = 2
    with Receiver([500, 500, 500]) as receiver:
        endpoint = webhooks.create_endpoint(
            session, _organisation(session).id, receiver.url, ["alert.raised"]
        )
        webhooks.send_test_event(session, endpoint)
        session.commit()
        start = utcnow()
        drivers.run_webhooks(session, now=start)
        drivers.run_webhooks(session, now=start + timedelta(minutes=1))
        drivers.run_webhooks(session, now=start + timedelta(days=1))
    (delivery,) = session.scalars(select(WebhookDelivery)).all()
    assert (delivery.status, delivery.attempts, len(receiver.requests)) == ("failed", 2, 2)


def test_each_response_event_is_recorded_once_for_the_organisation_that_listens(
    hooks_app: Flask, client: FlaskClient, session: Session
) -> None:
    own = _organisation(session)
    other = surveys.accounts.create_organisation(session, "Elsewhere")
    webhooks.create_endpoint(
        session, own.id, "https://hooks.example/a", ["response.created", "response.completed"]
    )
    webhooks.create_endpoint(session, other.id, "https://hooks.example/b", ["response.created"])
    survey = make_survey(session, make_journey(session))
    session.commit()
    _answer_through_the_api(client, survey.public_id)
    assert webhooks.collect_response_events(session) == 2  # created and completed
    assert webhooks.collect_response_events(session) == 0  # looked at again: not twice
    session.commit()
    deliveries = session.scalars(select(WebhookDelivery)).all()
    assert {d.endpoint.url for d in deliveries} == {"https://hooks.example/a"}
    types = session.scalars(select(WebhookEvent.type).order_by(WebhookEvent.type)).all()
    assert types == ["response.completed", "response.created"]


def test_pain_points_opened_and_changed_are_events(hooks_app: Flask, session: Session) -> None:
    journey = make_journey(session)
    webhooks.create_endpoint(
        session,
        _organisation(session).id,
        "https://hooks.example/pain",
        ["pain_point.opened", "pain_point.changed"],
    )
    touchpoint = journey.touchpoints[1]
    stats = CellStats(n=40, sum_compound=-20.0, sum_compound_sq=12.0, negative=30, positive=2)
    stage_id = touchpoint.stage_id or journey.stages[0].id
    detection = Detection(stage_id, touchpoint.id, stats, 0.2, 2.0, None)
    (point,) = persist(session, journey.id, [detection])
    persist(session, journey.id, [detection])  # still there: not opened again
    annotate(session, point, status="in_progress", owner_team="Support", opportunity="", effort=2)
    annotate(session, point, status="in_progress", owner_team="Support", opportunity="", effort=2)
    session.commit()
    events = session.scalars(select(WebhookEvent).order_by(WebhookEvent.id)).all()
    assert [e.type for e in events] == ["pain_point.opened", "pain_point.changed"]
    changed = json.loads(events[1].body)["data"]["pain_point"]
    assert (changed["status"], changed["owner_team"], changed["touchpoint"]) == (
        "in_progress",
        "Support",
        "Support call",
    )
    assert session.scalar(select(func.count()).select_from(PainPoint)) == 1


def test_the_documented_verification_snippet_accepts_our_signature_and_nothing_else() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "webhooks.md").read_text()
    code = doc.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # the receiver's code, exactly as the documentation shows it
    verify = namespace["verify"]
    body = b'{"id":"evt_1","type":"webhook.test"}'
    header = webhooks.signature_header("whsec_abc", int(time.time()), body)
    assert verify("whsec_abc", header, body)
    assert not verify("whsec_abc", header, body + b" ")
    assert not verify("whsec_xyz", header, body)
    stale = webhooks.signature_header("whsec_abc", int(time.time()) - 3600, body)
    assert not verify("whsec_abc", stale, body)


def test_imported_feedback_and_partial_answers_are_not_completed_responses(
    hooks_app: Flask, client: FlaskClient, session: Session
) -> None:
    webhooks.create_endpoint(
        session,
        _organisation(session).id,
        "https://hooks.example/r",
        ["response.created", "response.completed"],
    )
    survey = make_survey(session, make_journey(session))
    version = survey.versions[-1]
    # A feedback file is history being loaded, not news: no event.
    surveys.submit_response(session, version, {"q1": 2}, source=ResponseSource.IMPORT)
    session.commit()
    assert webhooks.collect_response_events(session) == 0
    # An API client's partial response is created now and completed when it finishes.
    started = client.post(
        f"/api/v1/surveys/{survey.public_id}/responses",
        json={"answers": {"q1": 4}, "complete": False},
    )
    assert started.status_code == 201, started.text
    assert webhooks.collect_response_events(session) == 1
    session.commit()
    finished = client.post(f"/api/v1/responses/{started.json['response']['id']}/complete")
    assert finished.status_code == 200, finished.text
    assert webhooks.collect_response_events(session) == 1
    session.commit()
    types = session.scalars(select(WebhookEvent.type).order_by(WebhookEvent.id)).all()
    assert types == ["response.created", "response.completed"]
