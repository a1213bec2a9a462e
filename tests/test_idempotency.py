"""A client key names one response per survey, whichever version it answered: a retry after a
researcher published a new version replays the first response instead of storing a second."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import surveys
from surveys import lifecycle
from surveys.models import Response, Survey
from tests.conftest import make_survey

KEY = {"Idempotency-Key": "order-981-feedback"}


def _post(client: FlaskClient, survey: Survey, body: Any, **headers: str) -> Any:
    return client.post(
        f"/api/v1/surveys/{survey.public_id}/responses",
        data=json.dumps(body),
        headers={"Content-Type": "application/json", **headers},
    )


def _count(session: Session) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(Response)) or 0)


def _publish_v2(session: Session, survey: Survey, *questions: surveys.QuestionSpec) -> None:
    """A researcher rewords the questions (same keys, by default) and publishes version 2."""
    session.refresh(survey)
    lifecycle.save_questions(
        session,
        survey,
        questions
        or (
            surveys.QuestionSpec("rating", "How satisfied are you today?", True, key="q1"),
            surveys.QuestionSpec("free_text", "What made it so?", key="q2"),
        ),
    )
    surveys.publish(session, survey)
    session.commit()


@pytest.fixture
def survey(session: Session) -> Survey:
    made = make_survey(session)
    session.commit()
    return made


def test_a_retry_after_a_new_version_went_live_replays_the_first_response(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    body = {"answers": {"q1": 4, "q2": "Quick checkout."}}
    first = _post(client, survey, body, **KEY)
    assert first.status_code == 201 and first.get_json()["response"]["version"] == 1
    _publish_v2(session, survey)

    retry = _post(client, survey, body, **KEY)
    assert retry.status_code == 200
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.get_json()["response"]["id"] == first.get_json()["response"]["id"]
    assert retry.get_json()["response"]["version"] == 1
    assert _count(session) == 1


def test_a_retry_is_replayed_even_when_the_new_version_dropped_its_question(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    # Version 2 no longer asks q2: the retry still means the response it retries (version 1's).
    body = {"answers": {"q1": 2, "q2": "Card declined."}}
    first = _post(client, survey, body, **KEY)
    _publish_v2(session, survey, surveys.QuestionSpec("rating", "Satisfied?", True, key="q1"))
    retry = _post(client, survey, body, **KEY)
    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.get_json()["response"]["id"] == first.get_json()["response"]["id"]
    assert _count(session) == 1


def test_a_key_reused_on_a_new_version_for_other_answers_is_409(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    first = _post(client, survey, {"answers": {"q1": 4}}, **KEY)
    _publish_v2(session, survey)
    other = _post(client, survey, {"answers": {"q1": 1}}, **KEY)
    named = _post(client, survey, {"answers": {"q1": 4}, "version": 2}, **KEY)
    assert (first.status_code, other.status_code, named.status_code) == (201, 409, 409)
    assert _count(session) == 1


def test_one_key_may_name_one_response_in_each_of_two_surveys(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    second = make_survey(session, survey.journey, stage="Retention", touchpoint="Support call")
    session.commit()
    replies = [_post(client, s, {"answers": {"q1": 3}}, **KEY) for s in (survey, second)]
    assert [r.status_code for r in replies] == [201, 201]
    assert _count(session) == 2


def test_the_database_holds_one_response_per_survey_and_key(
    session: Session, survey: Survey
) -> None:
    # Whatever the code above it does, the unique index refuses a second row under the key on
    # another version: the storing core's insert skips it (ON CONFLICT … DO NOTHING) and reports
    # the stored response, which meant another request.
    version_1 = survey.versions[-1]
    surveys.submit_response(session, version_1, {"q1": 3}, client_key="k-1", source="api")
    session.commit()
    _publish_v2(session, survey)
    item = surveys.NewResponse(
        surveys.target_of(survey.versions[-1]), {"q1": 3}, "api", client_key="k-1"
    )
    with pytest.raises(surveys.IdempotencyConflict) as refused:
        surveys.store_response(session, item)
    assert refused.value.stored.version == 1
    assert _count(session) == 1
