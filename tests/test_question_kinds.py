"""Every question kind is shown, checked and stored alike on the hosted page and the API, with
skip logic applied on the server."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

import surveys
import surveys.library
from surveys.models import Response
from tests.conftest import csrf_token, make_journey

EVERY_KIND = [
    surveys.QuestionSpec("nps", "Recommend?", required=True),
    surveys.QuestionSpec("csat", "Satisfied?"),
    surveys.QuestionSpec("ces", "Easy?"),
    surveys.QuestionSpec("rating", "Agree?", settings={"min": 0, "max": 4, "labels": {"0": "No"}}),
    surveys.QuestionSpec("smiley", "Mood?", settings={"max": 3}),
    surveys.QuestionSpec("single_choice", "Plan?", settings={"options": ["Free", "Pro"]}),
    surveys.QuestionSpec(
        "multiple_choice", "Uses?", settings={"options": ["Web", "App", "API"], "randomise": True}
    ),
    surveys.QuestionSpec("free_text", "Name?", settings={"size": "short"}),
    surveys.QuestionSpec(
        "free_text",
        "Why so low?",
        required=True,
        settings={"show_if": {"question": "q1", "operator": "at_most", "value": "6"}},
    ),
]


def _published(session: Session) -> surveys.models.Survey:  # type: ignore[name-defined]
    journey = make_journey(session)
    survey = surveys.create_survey(
        session, journey, title="Kinds", stage=journey.stages[0],
        touchpoint=journey.touchpoints[0], questions=EVERY_KIND,
    )  # fmt: skip
    surveys.publish(session, survey)
    session.commit()
    return survey


def test_hosted_page_renders_and_stores_every_kind(client: FlaskClient, session: Session) -> None:
    survey = _published(session)
    page = client.get(f"/s/{survey.public_id}").text
    for marker in ('value="10"', "0 – No", "☹️ 1", 'type="checkbox"', 'maxlength="500"'):
        assert marker in page, marker
    # The follow-up waits for the score it depends on; no condition is spelled out.
    assert "Why so low?" not in page and "show-if" not in page and "Asked if" not in page
    token_page = client.get(f"/s/{survey.public_id}").text
    key = token_page.split('name="response_key" value="')[1].split('"')[0]
    sent = client.post(
        f"/s/{survey.public_id}",
        data={"csrf_token": csrf_token(token_page), "response_key": key, "q1": "9", "q5": "3",
              "q6": "Pro", "q7": ["API", "Web"], "q8": "Ann",
              "q9": "ignored: not asked when q1 is 9"},
    )  # fmt: skip
    assert sent.status_code == 302, sent.text
    stored = session.scalars(select(Response)).one()
    values = {a.question.key: (a.value_text, a.value_number) for a in stored.answers}
    assert values == {
        "q1": (None, 9.0), "q5": (None, 3.0), "q6": ("Pro", None),
        "q7": ('["Web", "API"]', None), "q8": ("Ann", None),
    }  # fmt: skip


def test_a_low_score_makes_the_follow_up_required_on_page_and_api(
    client: FlaskClient, session: Session
) -> None:
    survey = _published(session)
    token = csrf_token(client.get(f"/s/{survey.public_id}").text)
    # A low score brings in the follow-up, on the same page, before the survey can be sent.
    first = client.post(f"/s/{survey.public_id}", data={"csrf_token": token, "q1": "3"})
    assert first.status_code == 303, first.text
    follow_up = client.get(first.headers["Location"])
    assert "Why so low?" in follow_up.text and 'checked id="q1-3"' in follow_up.text
    page = client.post(
        f"/s/{survey.public_id}",
        data={"csrf_token": token, "q1": "3", "jm_page": "0",
              "response_key": follow_up.text.split('name="response_key" value="')[1][:32]},
    )  # fmt: skip
    assert page.status_code == 422 and 'id="q9-error">Please answer this question.' in page.text
    api = client.post(f"/api/v1/surveys/{survey.public_id}/responses", json={"answers": {"q1": 3}})
    assert api.status_code == 422 and api.get_json()["error"]["fields"] == {"q9": "is required"}
    ok = client.post(
        f"/api/v1/surveys/{survey.public_id}/responses",
        json={"answers": {"q1": 3, "q7": ["App"], "q9": "Slow"}},
    )
    assert ok.status_code == 201
    assert ok.get_json()["response"]["answers"] == {"q1": 3, "q7": ["App"], "q9": "Slow"}


def test_api_refuses_answers_that_do_not_fit_their_kind(
    client: FlaskClient, session: Session
) -> None:
    survey = _published(session)
    described = client.get(f"/api/v1/surveys/{survey.public_id}").get_json()["survey"]
    by_key = {q["key"]: q for q in described["questions"]}
    assert (by_key["q1"]["min"], by_key["q1"]["max"]) == (0, 10)
    assert by_key["q7"]["options"] == ["Web", "App", "API"]
    assert by_key["q9"]["show_if"]["question"] == "q1"
    reply = client.post(
        f"/api/v1/surveys/{survey.public_id}/responses",
        json={"answers": {"q1": 11, "q3": 8, "q6": "Gold", "q7": ["Fax"], "q5": 4}},
    )
    assert reply.status_code == 422
    assert reply.get_json()["error"]["fields"] == {
        "q1": "must be a whole number from 0 to 10",
        "q3": "must be a whole number from 1 to 7",
        "q5": "must be a whole number from 1 to 3",
        "q6": "must be one of the options",
        "q7": "must only name options of the question",
    }
    assert session.scalars(select(Response)).all() == []
