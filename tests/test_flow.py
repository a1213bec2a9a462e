"""One answer all the way: researcher creates a survey, a customer answers, a rollup maps it."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

import journeys
import sentiment
from app.scheduler import score_unscored
from surveys.models import Answer, AnswerScore, Response, Survey, User
from tests.conftest import csrf_token, login, make_journey, make_survey


def _answer_page(client: FlaskClient, survey: Survey) -> str:
    page = client.get(f"/s/{survey.public_id}")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def _send(client: FlaskClient, survey: Survey, rating: str, text: str) -> TestResponse:
    """Open the survey's page and send a rating and a text, as a customer does."""
    token = csrf_token(_answer_page(client, survey))
    return client.post(
        f"/s/{survey.public_id}", data={"csrf_token": token, "q1": rating, "q2": text}
    )


def test_survey_answer_rollup_and_map_end_to_end(
    app: Flask, client: FlaskClient, session: Session, researcher: User
) -> None:
    journey = make_journey(session, "Shop")
    login(client, researcher)
    form_page = client.get(f"/journeys/{journey.slug}/surveys/new")
    assert form_page.status_code == 200
    stage = next(s for s in journey.stages if s.name == "Retention")
    touchpoint = next(t for t in journey.touchpoints if t.name == "Support call")
    created = client.post(
        f"/journeys/{journey.slug}/surveys/new",
        data={
            "csrf_token": csrf_token(form_page.get_data(as_text=True)),
            "title": "Support call follow-up",
            "stage": stage.id,
            "touchpoint": touchpoint.id,
            "starter": "feedback",  # a CSAT (q1, required) and a free-text "why" (q2)
        },
    )
    assert created.status_code == 302
    survey = session.scalar(select(Survey).where(Survey.title == "Support call follow-up"))
    assert survey is not None and survey.status == "draft"
    published = client.post(
        f"/journeys/{journey.slug}/surveys/{survey.id}/publish",
        data={"csrf_token": csrf_token(client.get(created.location).get_data(as_text=True))},
    )
    assert published.status_code == 302
    session.expire_all()
    assert survey.status == "live"
    assert (survey.stage.name, survey.touchpoint.name) == ("Retention", "Support call")

    for rating, text in [
        (1, "I was on hold for an hour, terrible and frustrating service."),
        (2, "The agent was rude and did not help at all."),
        (5, "Great support, the agent was friendly and fixed it fast!"),
    ]:
        sent = _send(client, survey, str(rating), text)
        assert sent.status_code == 302 and sent.location.endswith("/thanks")
        assert "Thank you" in client.get(sent.location).get_data(as_text=True)

    assert session.scalar(select(func.count()).select_from(AnswerScore)) == 0  # answers come first
    score_unscored(app)  # the scheduler's job scores what the replies left
    scores = session.scalars(select(AnswerScore)).all()
    assert len(scores) == 3
    assert {s.model for s in scores} == {sentiment.MODEL_VERSION}
    assert sorted(s.label for s in scores) == ["negative", "negative", "positive"]

    result = app.test_cli_runner().invoke(args=["journeys", "rollup"])
    assert result.exit_code == 0, result.output
    assert "new snapshot" in result.output
    snapshot = journeys.latest_snapshot(session, journey.id)
    assert snapshot is not None and snapshot.answer_count == 3
    (cell,) = snapshot.cells
    assert (cell.stage_id, cell.touchpoint_id, cell.n) == (stage.id, touchpoint.id, 3)
    assert cell.mean_compound == pytest.approx(sum(s.compound for s in scores) / 3, abs=1e-6)

    page = client.get(f"/journeys/{journey.slug}/map").get_data(as_text=True)
    row = re.search(r"Support call.*?</tr>", page, re.S)
    assert row and "3 scored responses" in row.group(0)
    # The map says how the cell feels in words; the number itself is checked on the snapshot.
    assert ("negative" in row.group(0)) == (cell.mean_compound < -0.05)


def test_post_without_csrf_token_is_refused_and_stores_nothing(
    client: FlaskClient, session: Session
) -> None:
    survey = make_survey(session)
    session.commit()
    sent = client.post(f"/s/{survey.public_id}", data={"q1": "4", "q2": "fine"})
    assert sent.status_code == 400
    assert "form expired" in sent.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Response)) == 0


def test_invalid_answer_names_the_question_and_keeps_the_text(
    client: FlaskClient, session: Session
) -> None:
    survey = make_survey(session)
    session.commit()
    sent = _send(client, survey, "9", "kept <b>text</b>")
    assert sent.status_code == 422
    html = sent.get_data(as_text=True)
    assert "Not a valid choice" in html
    assert "kept &lt;b&gt;text&lt;/b&gt;" in html  # typed text survives, escaped
    assert session.scalar(select(func.count()).select_from(Response)) == 0


def test_answer_is_kept_when_scoring_fails_and_the_job_scores_it_later(
    app: Flask, client: FlaskClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.config["SCORE_AFTER_SUBMIT"] = True
    survey = make_survey(session)
    session.commit()

    def broken(_texts: object) -> list[sentiment.TextScore]:
        raise RuntimeError("scorer down")

    monkeypatch.setattr(sentiment, "score_many", broken)
    sent = _send(client, survey, "2", "Delivery was late.")
    sent.close()  # the redirect is out; now the after-reply scoring runs, and fails
    assert sent.status_code == 302
    assert session.scalar(select(func.count()).select_from(Answer)) == 2
    assert session.scalar(select(func.count()).select_from(AnswerScore)) == 0

    monkeypatch.undo()
    assert journeys.score_pending(session) == 1
    session.commit()
    assert session.scalar(select(func.count()).select_from(AnswerScore)) == 1


def test_with_score_after_submit_the_page_scores_once_the_redirect_is_sent(
    app: Flask, client: FlaskClient, session: Session
) -> None:
    app.config["SCORE_AFTER_SUBMIT"] = True
    survey = make_survey(session)
    session.commit()
    sent = _send(client, survey, "1", "Rude and slow.")
    assert sent.status_code == 302
    assert session.scalar(select(func.count()).select_from(AnswerScore)) == 0  # not before
    sent.close()
    session.expire_all()
    assert session.scalar(select(AnswerScore.label)) == "negative"


def test_closed_survey_answers_410_and_draft_404(client: FlaskClient, session: Session) -> None:
    journey = make_journey(session)
    closed = make_survey(session, journey)
    closed.status = "closed"
    draft = make_survey(
        session, journey, touchpoint="Support call", stage="Retention", publish=False
    )
    session.commit()
    assert client.get(f"/s/{closed.public_id}").status_code == 410
    assert client.get(f"/s/{draft.public_id}").status_code == 404
    assert client.get("/s/no-such-survey").status_code == 404


def test_hostile_text_is_escaped_on_every_page(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    journey = make_journey(session, "<script>alert(1)</script>")
    login(client, researcher)
    page = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert client.get(f"/journeys/{journey.slug}/map").status_code == 200
