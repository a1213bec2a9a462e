"""What the designer refuses, and how: question keys the answer form could not use, scale labels
and smiley scales that do not fit, publishing with no draft. Each is a named 4xx, never a 500 and
never a silent change."""

from __future__ import annotations

import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

import surveys
from surveys import lifecycle
from surveys.design_forms import DesignerForm, show_problems
from surveys.forms import answer_form
from surveys.hidden_fields import HONEYPOT
from surveys.models import Response, Survey, User
from surveys.questions import RESERVED_KEYS, QuestionSpec, question_problems
from tests.conftest import csrf_token, login, make_journey, make_survey
from tests.test_designer import _form_fields

# Names the answer form or page already has, an over-long key, and keys that would break HTML.
BAD_KEYS = [
    "data", "questions", "version", "process", "csrf_token", "validate", "jm_website",
    "response_key", "errors", "Meta", "k" * 41, "a'b", "two words", "q1-help", "1st",
]  # fmt: skip


def _edit_url(survey: Survey) -> str:
    return f"/journeys/{survey.journey.slug}/surveys/{survey.id}/edit"


def _post_designer(client: FlaskClient, survey: Survey, **changes: str) -> object:
    fields = _form_fields(client.get(_edit_url(survey)).text)
    return client.post(_edit_url(survey), data={**fields, **changes})


def _edit_draft(
    client: FlaskClient, session: Session, researcher: User, **changes: str
) -> tuple[Survey, object]:
    """A new draft survey, signed in as ``researcher``, and the reply to posting the designer
    with ``changes`` over what its edit page shows."""
    survey = make_survey(session, make_journey(session), publish=False)
    login(client, researcher)
    return survey, _post_designer(client, survey, **changes)


def _errors_of(html: str, field_id: str) -> list[str]:
    """The error messages shown beside one designer field."""
    return re.findall(rf'<p class="error" id="{re.escape(field_id)}-error">([^<]*)</p>', html)


@pytest.mark.parametrize("key", BAD_KEYS)
def test_a_key_sent_with_the_designer_that_the_survey_never_had_is_replaced_by_the_servers(
    client: FlaskClient, session: Session, researcher: User, key: str
) -> None:
    survey, reply = _edit_draft(
        client, session, researcher, **{"questions-0-key": key, "action": "publish"}
    )
    assert reply.status_code == 302, reply.text  # type: ignore[attr-defined]
    session.expire_all()
    assert [q.key for q in survey.live_version.questions] == ["q3", "q2"]

    page = client.get(f"/s/{survey.public_id}")
    assert page.status_code == 200
    posted = client.post(
        f"/s/{survey.public_id}",
        data={"csrf_token": csrf_token(page.text), "q3": "4", "q2": "Fine", "validate": "9"},
    )
    assert posted.status_code == 302, posted.text
    assert session.scalar(select(func.count(Response.id))) == 1


def test_a_condition_on_a_new_question_follows_the_key_the_server_gives_it(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    journey = make_journey(session)
    survey = make_survey(session, journey, publish=False)
    login(client, researcher)
    fields = _form_fields(client.get(_edit_url(survey)).text)
    for i in (2, 3):  # the choices a browser sends for a new question's other settings
        fields.update({f"questions-{i}-scale_min": "1", f"questions-{i}-size": "long",
                       f"questions-{i}-show_if_operator": "answered"})  # fmt: skip
    fields.update(
        {
            "questions-2-key": "brand_new",
            "questions-2-kind": "nps",
            "questions-2-prompt": "Recommend us?",
            "questions-3-key": "",
            "questions-3-kind": "free_text",
            "questions-3-prompt": "Why so low?",
            "questions-3-show_if_question": "brand_new",
            "questions-3-show_if_operator": "at_most",
            "questions-3-show_if_value": "6",
            "action": "save",
        }
    )
    reply = client.post(_edit_url(survey), data=fields)
    assert reply.status_code == 302, reply.text
    session.expire_all()
    questions = survey.versions[-1].questions
    assert [q.key for q in questions] == ["q1", "q2", "q3", "q4"]
    assert questions[3].settings["show_if"] == {
        "question": "q3",
        "operator": "at_most",
        "value": 6,  # a scale point is kept as the number it is
    }


@pytest.mark.parametrize("key", BAD_KEYS)
def test_a_survey_cannot_be_created_with_a_key_the_answer_form_cannot_use(
    session: Session, key: str
) -> None:
    journey = make_journey(session)
    with pytest.raises(surveys.InvalidDesign) as refused:
        surveys.create_survey(
            session, journey, title="T", stage=journey.stages[0],
            touchpoint=journey.touchpoints[0],
            questions=[QuestionSpec("free_text", "Why?", key=key)],
        )  # fmt: skip
    assert set(refused.value.fields) == {"questions-0-key"}


def test_surveyjs_import_keeps_a_name_the_answer_form_uses_as_the_surveyjs_name(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    journey = make_journey(session)
    login(client, researcher)
    url = f"/journeys/{journey.slug}/surveys/import"
    page = client.get(url)
    data = {"elements": [{"type": "comment", "name": "validate", "title": "Tell us"}]}
    reply = client.post(
        url,
        data={
            "csrf_token": csrf_token(page.text),
            "json": json.dumps(data),
            "stage": str(journey.stages[0].id),
            "touchpoint": str(journey.touchpoints[0].id),
        },
    )
    assert reply.status_code == 302
    survey = session.scalars(select(Survey)).one()
    # The form's own name stays the form's: the question gets another key, and SurveyJS
    # still knows it by its name.
    assert [q.key for q in survey.versions[0].questions] == ["validate_2"]
    exported = client.get(reply.location.replace("/edit", "/surveyjs.json")).get_json()
    assert exported["pages"][0]["elements"][0]["name"] == "validate"


def test_reserved_keys_cover_the_answer_forms_names_and_the_pages_inputs(
    client: FlaskClient, session: Session
) -> None:
    survey = make_survey(session)
    form = answer_form(survey.live_version)()
    own = {name for name in dir(form) if not name.startswith("_")} - {"q1", "q2"}
    assert own <= RESERVED_KEYS
    assert question_problems([QuestionSpec("free_text", "Why?", key="why_1")]) == {}
    # Every name and id the hosted page gives its own inputs and landmarks (not the questions'
    # and not those it derives from a question key) is one a question cannot take.
    page = client.get(f"/s/{survey.public_id}?customer_id=7").text
    used = {  # names and ids of the body's elements (a <meta name> names no element)
        value
        for tag, attrs in re.findall(r"<(\w+)([^>]*)>", page)
        if tag != "meta"
        for value in re.findall(r'\b(?:name|id)="([^"]+)"', attrs)
    }
    derived = re.compile(r"(?:q1|q2)(?:-.*)?|hidden-.*")
    beside = {name for name in used if not derived.fullmatch(name)}
    assert beside, "the page has inputs of its own"
    assert HONEYPOT in beside  # the trap's macro takes its name from the one the views check
    assert beside <= RESERVED_KEYS, beside - RESERVED_KEYS


@pytest.mark.parametrize(
    ("kind", "labels", "named"),
    [
        ("rating", "--1 = Bad", "'--1' is not a scale point"),
        ("rating", "² = x", "'²' is not a scale point"),
        ("rating", "Strongly agree", "'Strongly agree' is not a scale point"),
        ("rating", "3 =", "the label for 3 is empty"),
        ("nps", "11 = Beyond", "label for '11' is outside the scale 0–10"),
        ("csat", "0 = Awful", "label for '0' is outside the scale 1–5"),
        ("ces", "Very easy", "'Very easy' is not a scale point"),
    ],
)
def test_scale_labels_that_do_not_fit_are_named_beside_the_labels(
    client: FlaskClient, session: Session, researcher: User, kind: str, labels: str, named: str
) -> None:
    survey, reply = _edit_draft(
        client, session, researcher,
        **{"questions-0-kind": kind, "questions-0-labels": labels, "action": "save"},
    )  # fmt: skip
    assert reply.status_code == 422  # type: ignore[attr-defined]
    (shown,) = _errors_of(reply.text, "questions-0-labels")  # type: ignore[attr-defined]
    assert named in shown.replace("&#39;", "'")
    session.expire_all()
    assert survey.versions[-1].questions[0].kind == "rating"


def test_labels_that_fit_are_kept_for_every_scale_kind(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    survey, reply = _edit_draft(
        client, session, researcher,
        **{"questions-0-kind": "nps", "questions-0-labels": "0 = Never\n10 = Gladly",
           "action": "save"},
    )  # fmt: skip
    assert reply.status_code == 302  # type: ignore[attr-defined]
    session.expire_all()
    assert survey.versions[-1].questions[0].settings["labels"] == {"0": "Never", "10": "Gladly"}


def test_a_smiley_scale_of_four_is_refused_not_saved_as_five(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    survey, reply = _edit_draft(
        client, session, researcher,
        **{"questions-0-kind": "smiley", "questions-0-scale_max": "4", "action": "save"},
    )  # fmt: skip
    assert reply.status_code == 422  # type: ignore[attr-defined]
    shown = _errors_of(reply.text, "questions-0-scale_max")  # type: ignore[attr-defined]
    assert shown == ["a smiley scale has 3 or 5 faces"]
    session.expire_all()
    assert survey.versions[-1].questions[0].kind == "rating"


def test_publishing_a_closed_survey_with_no_draft_is_refused_and_it_stays_closed(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    journey = make_journey(session)
    survey = make_survey(session, journey)
    lifecycle.close_survey(session, survey)
    login(client, researcher)
    url = f"/journeys/{journey.slug}/surveys/{survey.id}"
    token = csrf_token(client.get(url).text)
    reply = client.post(f"{url}/publish", data={"csrf_token": token})
    assert reply.status_code == 422
    assert "draft" in reply.text and "no draft to publish" in reply.text
    session.expire_all()
    assert survey.status == "closed"
    assert client.get(f"/s/{survey.public_id}").status_code == 410


def test_publishing_a_live_survey_with_no_draft_is_refused(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    journey = make_journey(session)
    survey = make_survey(session, journey)
    published_at = survey.live_version.published_at
    login(client, researcher)
    url = f"/journeys/{journey.slug}/surveys/{survey.id}"
    reply = client.post(f"{url}/publish", data={"csrf_token": csrf_token(client.get(url).text)})
    assert reply.status_code == 422
    session.expire_all()
    assert survey.live_version.published_at == published_at and len(survey.versions) == 1


def test_a_problem_with_the_question_list_is_shown_in_the_summary(app: Flask) -> None:
    form = DesignerForm(MultiDict())
    show_problems(form, {"questions": "add at least one question", "title": "is required"})
    assert form.form_errors == ["Questions: add at least one question"]
    assert form.title.errors == ["is required"]
    macros = app.jinja_env.get_template("design/_macros.html").module
    assert "Questions: add at least one question" in str(macros.error_summary(form))  # type: ignore[attr-defined]


def test_a_duplicate_key_is_shown_beside_the_question_not_on_a_hidden_field(
    app: Flask,
) -> None:
    form = DesignerForm(MultiDict({"questions-0-prompt": "A", "questions-1-prompt": "B"}))
    show_problems(form, {"questions-1-key": "key q1 is used twice"})
    assert form.questions[1].form.prompt.errors == ["key q1 is used twice"]
    assert not form.questions[1].form.key.errors
