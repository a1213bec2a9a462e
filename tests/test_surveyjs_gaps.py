"""What real SurveyJS files ask that once had no equivalent here: a colour picker, a choice of
one option beside "Other" (or a lone checkbox), and long option lists such as a country list —
each imported, asked, checked and stored alike on the hosted page and the API, and written back
as SurveyJS wrote it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

import surveys
from surveys import surveyjs
from surveys.kinds.items import MAX_OPTIONS
from surveys.models import Response, Survey, User
from tests.conftest import csrf_token, login, make_journey
from tests.test_designer import _form_fields

CORPUS = Path(__file__).parent / "data" / "surveyjs_corpus"


def _country_list() -> dict[str, Any]:
    """The published ``survey-startwithnewline`` file's dropdown of 239 countries."""
    data = json.loads((CORPUS / "survey-startwithnewline.json").read_text(encoding="utf-8"))
    elements = [e for page in data["pages"] for e in page.get("elements", page.get("questions"))]
    return next(e for e in elements if e.get("name") == "country")


def published_import(session: Session, data: dict[str, Any]) -> Survey:
    """A live survey imported from the SurveyJS JSON ``data``."""
    read = surveyjs.import_survey(data)
    journey = make_journey(session)
    survey = surveys.create_survey(
        session, journey, title="Imported", stage=journey.stages[0],
        touchpoint=journey.touchpoints[0], questions=read.questions, pages=read.pages or None,
    )  # fmt: skip
    surveys.publish(session, survey)
    session.commit()
    return survey


def _published(session: Session, *elements: dict[str, Any]) -> Survey:
    """A live survey imported from one SurveyJS page of ``elements``."""
    return published_import(session, {"pages": [{"name": "p", "elements": list(elements)}]})


def _post_page(client: FlaskClient, survey: Survey, answers: dict[str, Any]) -> Any:
    page = client.get(f"/s/{survey.public_id}").text
    key = page.split('name="response_key" value="')[1].split('"')[0]
    return client.post(
        f"/s/{survey.public_id}",
        data={"csrf_token": csrf_token(page), "response_key": key, **answers},
    )


def _api(client: FlaskClient, survey: Survey, answers: dict[str, Any]) -> Any:
    return client.post(f"/api/v1/surveys/{survey.public_id}/responses", json={"answers": answers})


def _stored(session: Session) -> list[dict[str, str | None]]:
    session.expire_all()
    return [
        {a.question.key: a.value_text for a in response.answers}
        for response in session.scalars(select(Response).order_by(Response.id))
    ]


# -- a colour --------------------------------------------------------------------------------

COLOUR = {"type": "text", "inputType": "color", "name": "favourite", "title": "Your colour?"}


def test_a_colour_input_imports_as_a_colour_and_exports_as_surveyjs_wrote_it() -> None:
    read = surveyjs.read_survey({"elements": [COLOUR]})

    assert read.problems == ()
    assert [(q.kind, q.key) for q in read.questions] == [("colour", "favourite")]
    element = surveyjs.export_specs("t", "", list(read.questions))["pages"][0]["elements"][0]
    assert element == {**COLOUR, "type": "text", "inputType": "color"}


def test_a_colour_is_picked_on_the_page_and_only_hex_colours_are_stored(
    client: FlaskClient, session: Session
) -> None:
    survey = _published(session, COLOUR, {**COLOUR, "name": "must", "isRequired": True})

    page = client.get(f"/s/{survey.public_id}").text
    assert 'type="color"' in page and 'name="favourite"' in page and 'name="must"' in page
    # The optional one has its tick (a picker cannot be blank); the required one needs none.
    assert page.count("Give this colour") == 1 and 'id="favourite-given"' in page
    refused = _post_page(client, survey, {"favourite": ["red", "given"], "must": "#000000"})
    assert refused.status_code == 422 and "must be a colour like #1a2b3c" in refused.text
    api_refused = _api(client, survey, {"favourite": "#12345", "must": "#000000"})
    assert api_refused.status_code == 422
    fields = api_refused.get_json()["error"]["fields"]
    assert fields == {"favourite": "must be a colour like #1a2b3c"}

    # Untouched, the optional picker still sends black: without its tick that is no answer.
    untouched = _post_page(client, survey, {"favourite": "#000000", "must": "#00FF00"})
    assert untouched.status_code == 302
    picked = _post_page(client, survey, {"favourite": ["#1A2B3C", "given"], "must": "#000000"})
    assert picked.status_code == 302
    assert _api(client, survey, {"favourite": "#ff8800", "must": "#000000"}).status_code == 201
    assert _stored(session) == [
        {"must": "#00ff00"},
        {"favourite": "#1a2b3c", "must": "#000000"},
        {"favourite": "#ff8800", "must": "#000000"},
    ]


# -- one option ------------------------------------------------------------------------------

ONE_AND_OTHER = {
    "type": "radiogroup", "name": "skins", "isRequired": True,
    "title": "How many skins do you offer?", "choices": ["many|More than one"],
    "hasOther": True, "otherText": "One (please specify its name)",
}  # fmt: skip
AGREE = {"type": "checkbox", "name": "agree", "title": "Terms", "choices": ["I agree"]}


def test_one_option_beside_other_and_a_lone_checkbox_import_and_export_back() -> None:
    read = surveyjs.read_survey({"elements": [ONE_AND_OTHER, AGREE]})

    assert read.problems == ()
    exported = surveyjs.export_specs("t", "", list(read.questions))["pages"][0]["elements"]
    assert exported[0]["choices"] == [{"value": "many", "text": "More than one"}]
    assert exported[0]["showOtherItem"] is True
    assert (exported[1]["type"], exported[1]["choices"]) == ("checkbox", ["I agree"])


def test_a_single_choice_of_one_option_alone_is_refused_saying_what_makes_it_a_choice() -> None:
    lone = {"type": "radiogroup", "name": "only", "choices": ["x"]}
    assert surveyjs.read_survey({"elements": [lone]}).problems == (
        'page "page1", question "only": options: give at least two options, one per line, or '
        "one with “Other” or “None of these”",
    )
    empty = {"type": "checkbox", "name": "none_at_all", "choices": []}
    assert surveyjs.read_survey({"elements": [empty]}).problems == (
        'page "page1", question "none_at_all": options: give at least one option, one per line',
    )


def test_the_one_option_or_other_is_answered_on_the_page_and_api(
    client: FlaskClient, session: Session
) -> None:
    survey = _published(session, ONE_AND_OTHER, AGREE)

    page = client.get(f"/s/{survey.public_id}").text
    assert "More than one" in page and "One (please specify its name)" in page and "I agree" in page
    assert _post_page(client, survey, {"skins": "other"}).status_code == 422
    sent = _post_page(
        client, survey, {"skins": "other", "skins-Comment": "Office 2019", "agree": "I agree"}
    )
    assert sent.status_code == 302, sent.text
    assert _api(client, survey, {"skins": "many"}).status_code == 201
    assert _stored(session) == [{"skins": "other", "agree": '["I agree"]'}, {"skins": "many"}]


# -- long lists ------------------------------------------------------------------------------


def test_a_country_list_imports_and_a_list_past_the_bound_is_refused() -> None:
    countries = _country_list()
    read = surveyjs.read_survey({"elements": [countries]})
    assert read.problems == ()
    assert len(read.questions[0].settings["options"]) == len(countries["choices"]) == 239

    too_many = {**countries, "choices": [f"Place {n}" for n in range(MAX_OPTIONS + 1)]}
    assert surveyjs.read_survey({"elements": [too_many]}).problems == (
        f'page "page1", question "country": options: at most {MAX_OPTIONS} options of 1–200 '
        "characters",
    )


def test_a_country_list_is_asked_summarised_and_kept_by_the_designer(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    countries = _country_list()
    survey = _published(session, countries)

    page = client.get(f"/s/{survey.public_id}").text
    assert page.count("<option ") == 240  # "Choose…" and every country
    assert _post_page(client, survey, {"country": "Zimbabwe"}).status_code == 302
    assert _api(client, survey, {"country": "Andorra"}).status_code == 201
    assert _api(client, survey, {"country": "Atlantis"}).status_code == 422
    assert _stored(session) == [{"country": "Zimbabwe"}, {"country": "Andorra"}]

    login(client, researcher)
    base = f"/journeys/{survey.journey.slug}/surveys/{survey.id}"
    summary = client.get(f"{base}/summary")
    assert summary.status_code == 200
    assert "Zimbabwe: 1 (50%)" in summary.text and "Andorra: 1 (50%)" in summary.text

    # Saved unchanged in the designer, the list stays whole (a new version, same options).
    fields = _form_fields(client.get(f"{base}/edit").text)
    assert fields["questions-0-options"].strip().count("\n") == 238
    reply = client.post(f"{base}/edit", data={**fields, "action": "save"})
    assert reply.status_code == 302, reply.text
    session.expire_all()
    assert survey.versions[-1].questions[0].settings["options"] == countries["choices"]


@pytest.mark.parametrize("count", [MAX_OPTIONS, MAX_OPTIONS + 1])
def test_the_bound_on_options_is_the_designers_too(count: int) -> None:
    spec = surveys.QuestionSpec(
        "single_choice", "Where?", settings={"options": [f"Place {n}" for n in range(count)]}
    )
    problems = surveys.questions.question_problems([spec])
    assert problems == ({} if count <= MAX_OPTIONS else {
        "questions-0-options": f"at most {MAX_OPTIONS} options of 1–200 characters"})  # fmt: skip


def test_the_designer_adds_a_colour_and_a_lone_checkbox_and_refuses_a_lone_radio(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    survey = _published(session, AGREE)
    login(client, researcher)
    url = f"/journeys/{survey.journey.slug}/surveys/{survey.id}/edit"
    page = client.post(url, data={**_form_fields(client.get(url).text), "action": "add:colour"})
    fields = _form_fields(page.text)
    assert fields["questions-1-kind"] == "colour"
    fields.update({"questions-1-prompt": "Your colour?", "questions-0-options": "I agree"})

    lone_radio = {**fields, "questions-0-kind": "single_choice", "action": "save"}
    refused = client.post(url, data=lone_radio)
    assert refused.status_code == 422
    assert "give at least two options, one per line, or one with “Other”" in refused.text

    assert client.post(url, data={**fields, "action": "save"}).status_code == 302
    session.expire_all()
    assert [(q.kind, q.settings.get("options")) for q in survey.versions[-1].questions] == [
        ("multiple_choice", ["I agree"]), ("colour", None)]  # fmt: skip
