"""The hosted page and the widget's iframe page: accessible, once-only, closed surveys say so."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import surveys
from surveys.hidden_fields import HONEYPOT
from surveys.models import Response, Survey
from tests.conftest import csrf_token, make_journey, make_survey


def _count(session: Session) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(Response)) or 0)


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    assert match, f"no hidden input {name}"
    return match.group(1)


def _one_question_survey(session: Session) -> Survey:
    journey = make_journey(session)
    survey = surveys.create_survey(
        session,
        journey,
        title="Was this page helpful?",
        stage=surveys.stage_named(journey, "Purchase"),
        touchpoint=journey.touchpoints[0],
        questions=[surveys.QuestionSpec("rating", "Rate this page", required=True)],
    )
    surveys.publish(session, survey)
    session.commit()
    return survey


def test_page_labels_every_question_and_groups_the_rating(
    client: FlaskClient, session: Session
) -> None:
    survey = make_survey(session)
    session.commit()
    reply = client.get(f"/s/{survey.public_id}")
    html = reply.get_data(as_text=True)
    assert re.search(r"<fieldset[^>]*>\s*<legend>How satisfied are you\?", html)
    assert '<label for="q2">Why?' in html
    assert len(re.findall(r'type="radio"', html)) == 5
    assert "frame-ancestors 'self'" in reply.headers["Content-Security-Policy"]
    assert 'name="viewport"' in html  # mobile first


def test_errors_are_summarised_announced_and_tied_to_their_field(
    client: FlaskClient, session: Session
) -> None:
    survey = make_survey(session)
    session.commit()
    page = client.get(f"/s/{survey.public_id}").get_data(as_text=True)
    sent = client.post(
        f"/s/{survey.public_id}",
        data={"csrf_token": csrf_token(page), "response_key": _hidden(page, "response_key")},
    )
    assert sent.status_code == 422
    html = sent.get_data(as_text=True)
    assert '<div class="error-summary" role="alert"' in html
    assert '<a href="#q1-0">How satisfied are you?: Please answer this question.</a>' in html
    assert re.search(
        r'<fieldset class="field rating invalid" aria-describedby="q1-error"[^>]*>', html
    )
    assert '<p class="error" id="q1-error">Please answer this question.</p>' in html
    assert "<title>Error: " in html
    assert _count(session) == 0


def test_double_submitted_page_is_stored_once(client: FlaskClient, session: Session) -> None:
    survey = make_survey(session)
    session.commit()
    page = client.get(f"/s/{survey.public_id}").get_data(as_text=True)
    form = {
        "csrf_token": csrf_token(page),
        "response_key": _hidden(page, "response_key"),
        "q1": "4",
        "q2": "Smooth",
    }
    assert client.post(f"/s/{survey.public_id}", data=form).status_code == 302
    assert client.post(f"/s/{survey.public_id}", data=form).status_code == 302
    assert _count(session) == 1


def test_link_query_string_becomes_hidden_fields_and_persona(
    client: FlaskClient, session: Session
) -> None:
    survey = make_survey(session)
    surveys.add_persona(session, survey.journey, "Busy parent")
    session.commit()
    page = client.get(
        f"/s/{survey.public_id}?customer_id=C-77&persona=busy%20parent&bad%20name=x"
    ).get_data(as_text=True)
    assert _hidden(page, "hidden-customer_id") == "C-77"
    form = {
        "csrf_token": csrf_token(page),
        "response_key": _hidden(page, "response_key"),
        "hidden-customer_id": "C-77",
        "hidden-persona": "busy parent",
        "q1": "2",
    }
    assert client.post(f"/s/{survey.public_id}", data=form).status_code == 302
    stored = session.scalars(select(Response)).one()
    assert stored.meta["hidden"] == {"customer_id": "C-77", "persona": "busy parent"}
    assert stored.persona_id is not None and stored.source == "hosted"


def test_filled_honeypot_is_refused_and_stores_nothing(
    client: FlaskClient, session: Session
) -> None:
    survey = make_survey(session)
    session.commit()
    page = client.get(f"/s/{survey.public_id}").get_data(as_text=True)
    sent = client.post(
        f"/s/{survey.public_id}",
        data={"csrf_token": csrf_token(page), "q1": "5", HONEYPOT: "spam"},
    )
    assert sent.status_code == 400
    assert "looked automated" in sent.get_data(as_text=True)
    assert _count(session) == 0


def test_closed_survey_shows_a_closed_page_with_410(client: FlaskClient, session: Session) -> None:
    survey = make_survey(session)
    survey.status = "closed"
    session.commit()
    for path in (f"/s/{survey.public_id}", f"/embed/s/{survey.public_id}"):
        reply = client.get(path)
        assert reply.status_code == 410
        assert "This survey is closed" in reply.get_data(as_text=True)


def test_one_question_form_renders_as_a_compact_widget(
    client: FlaskClient, session: Session
) -> None:
    survey = _one_question_survey(session)
    html = client.get(f"/s/{survey.public_id}").get_data(as_text=True)
    assert 'class="answer-page compact"' in html
    full = make_survey(session)
    session.commit()
    assert "compact" not in client.get(f"/s/{full.public_id}").get_data(as_text=True)


def test_embed_page_may_be_framed_only_by_allowed_origins(
    client: FlaskClient, session: Session
) -> None:
    survey = make_survey(session)
    survey.allowed_origins = ["https://shop.example"]
    session.commit()
    reply = client.get(
        f"/embed/s/{survey.public_id}?host=https://shop.example&customer_id=9&key=abcdef123456"
    )
    assert reply.status_code == 200
    csp = reply.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://shop.example" in csp
    html = reply.get_data(as_text=True)
    assert 'data-host="https://shop.example"' in html
    assert _hidden(html, "hidden-customer_id") == "9"
    assert _hidden(html, "response_key") == "abcdef123456"
    # A page that claims another host gets messages sent only to the app's own origin.
    other = client.get(f"/embed/s/{survey.public_id}?host=https://evil.example")
    assert 'data-host="http://localhost"' in other.get_data(as_text=True)


def test_embed_submission_is_stored_once_with_its_hidden_fields(
    client: FlaskClient, session: Session
) -> None:
    survey = make_survey(session)
    session.commit()
    form = {
        "response_key": "0123456789abcdef",
        "hidden-customer_id": "C-1",
        "hidden-channel": "mobile_app",
        "q1": "3",
        "q2": "<b>ok</b>",
    }
    first = client.post(
        f"/embed/s/{survey.public_id}",
        data=form,
        headers={"User-Agent": "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)"},
    )
    assert first.status_code == 200
    html = first.get_data(as_text=True)
    assert "data-complete=" in html and "Thank you" in html
    assert client.post(f"/embed/s/{survey.public_id}", data=form).status_code == 200
    stored = session.scalars(select(Response)).one()
    assert (stored.source, stored.channel) == ("embed", "mobile_app")
    assert stored.meta == {
        "hidden": {"customer_id": "C-1", "channel": "mobile_app"},
        "device": "tablet",
    }


def test_embed_script_is_served_locally(client: FlaskClient) -> None:
    reply = client.get("/embed.js")
    assert reply.status_code == 200
    assert reply.mimetype in ("text/javascript", "application/javascript")
    body = reply.get_data(as_text=True)
    assert "/embed/s/" in body and "localStorage" in body
    assert "http://" not in body.split("*/", 1)[1]  # no third-party URL in the code itself
