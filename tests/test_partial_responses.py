"""A partial response, finished later, keeps exactly what a one-shot submit would keep."""

from __future__ import annotations

import json

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

import surveys
from surveys.models import Response
from tests.conftest import make_journey


def _published_with_follow_up(session: Session) -> surveys.models.Survey:
    journey = make_journey(session)
    survey = surveys.create_survey(
        session, journey, title="Follow-up", stage=journey.stages[0],
        touchpoint=journey.touchpoints[0],
        questions=[
            surveys.QuestionSpec("rating", "How was it?", required=True),
            surveys.QuestionSpec(
                "free_text", "What went wrong?",
                settings={"show_if": {"question": "q1", "operator": "at_most", "value": "2"}},
            ),
        ],
    )  # fmt: skip
    surveys.publish(session, survey)
    session.commit()
    return survey


def test_an_answer_hidden_by_a_later_change_is_not_kept_on_finishing(
    client: FlaskClient, session: Session
) -> None:
    survey = _published_with_follow_up(session)
    started = client.post(
        f"/api/v1/surveys/{survey.public_id}/responses",
        data=json.dumps({"complete": False, "answers": {"q1": 1, "q2": "terrible"}}),
        headers={"Content-Type": "application/json"},
    )
    assert started.status_code == 201, started.text
    links = started.get_json()["response"]["links"]
    # Changing q1 to 5 hides "What went wrong?": its earlier answer was never asked.
    assert client.patch(links["self"], json={"answers": {"q1": 5}}).status_code == 200
    finished = client.post(links["complete"])
    assert finished.status_code == 200
    assert finished.get_json()["response"]["answers"] == {"q1": 5}
    session.expire_all()
    stored = session.scalars(select(Response)).one()
    assert [a.question.key for a in stored.answers] == ["q1"]
