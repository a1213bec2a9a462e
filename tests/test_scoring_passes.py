"""Incremental scoring passes: what they look at, what they write, and two passes at once."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

import journeys
import sentiment
import surveys
from app.answering import score_response
from app.extensions import db
from journeys.models import ScoringState
from surveys.models import AnswerScore, Response, utcnow
from tests.conftest import make_app, make_survey


def _answer(session: Session, survey: surveys.models.Survey, stamped_ago: timedelta) -> Response:
    response = surveys.submit_response(
        session, survey.versions[-1], {"q1": 1, "q2": "Rude agent, awful wait."}
    )
    response.updated_at = utcnow() - stamped_ago  # as a web host's clock stamped it
    session.commit()
    return response


def test_a_web_host_whose_clock_runs_behind_is_not_skipped(session: Session) -> None:
    """The next pass starts from the newest stamp the last one saw, not from the scoring
    host's clock: a web host 15 minutes behind still has its answers scored."""
    survey = make_survey(session)
    _answer(session, survey, timedelta(minutes=15))
    assert journeys.score_pending(session) == 1
    session.commit()
    _answer(session, survey, timedelta(minutes=14))  # newer by that host's clock
    assert journeys.count_pending(session) == 1
    assert journeys.score_pending(session) == 1
    session.commit()
    assert journeys.count_pending(session) == 0


def test_counting_pending_work_writes_nothing(session: Session) -> None:
    make_survey(session)
    session.commit()
    assert journeys.count_pending(session) == 0
    assert not session.new and not session.dirty
    session.flush()
    assert session.scalar(select(func.count()).select_from(ScoringState)) == 0


@pytest.mark.postgres
def test_two_first_passes_at_once_do_not_collide(pg_url: str) -> None:
    """A CLI pass beside the scheduler's: the state row is created once, neither pass fails."""
    make_app(pg_url)  # migrated database, no answers yet
    engine = create_engine(pg_url)
    first, second = Session(engine), Session(engine)
    errors: list[BaseException] = []
    journeys.score_pending(first)  # holds the new state row, not committed yet

    def other() -> None:
        try:
            journeys.score_pending(second)  # waits for the first, then finds the row
            second.commit()
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    thread = threading.Thread(target=other)
    thread.start()
    thread.join(1.0)  # blocked on the first pass's row
    first.commit()
    thread.join(20)
    assert not thread.is_alive() and errors == []
    assert first.scalar(select(func.count()).select_from(ScoringState)) == 1
    first.close(), second.close()
    engine.dispose()


def test_a_response_scored_by_a_concurrent_request_is_no_error(
    app: Flask, session: Session, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A double submit: two requests score the same answer; the second finds it done."""
    response = _answer(session, make_survey(session), timedelta(0))
    score_many = sentiment.score_many

    def scored_meanwhile(texts: list[str]) -> list[sentiment.TextScore]:
        # After this request read the unscored answer, another request scores it and commits.
        monkeypatch.setattr(sentiment, "score_many", score_many)
        with Session(db.engine) as other:
            journeys.score_answers(other, other.get(Response, response.id).answers)
            other.commit()
        return score_many(texts)

    monkeypatch.setattr(sentiment, "score_many", scored_meanwhile)
    with caplog.at_level(logging.INFO, logger="app.answering"):
        score_response(app, response.id)  # tries to store the same score again
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "scored by a concurrent request" in caplog.text
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(AnswerScore)) == 1
