"""Required beyond "required": a group of questions answered as a whole (SurveyJS's
``multipletext`` with ``isRequired``: at least one box) and a question required only when a
condition on earlier answers holds (``requiredIf``) — imported, applied alike on the hosted
page, the widget and the API, written back, and judged the same way by survey-core."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

import surveys
from surveys import surveyjs
from surveys.answer_names import answers_by_key
from surveys.answers import ONE_OF_GROUP, missing_required
from surveys.design import build_questions
from surveys.errors import InvalidAnswer
from surveys.models import Response, Survey, SurveyVersion, User
from tests.conftest import login
from tests.surveyjs_node.runner import surveyjs_reports
from tests.test_designer import _form_fields
from tests.test_surveyjs_gaps import published_import

CORPUS = Path(__file__).parent / "data" / "surveyjs_corpus"
PRICES = json.loads((CORPUS / "validators-standard.json").read_text(encoding="utf-8"))
BOXES = ("pricelimit_leastamount", "pricelimit_mostamount")
#: The published ``testcafe-requiredif`` file's first two questions (its third is a dynamic
#: matrix): ``b`` is required when ``a`` is item1.
REQUIRED_IF: dict[str, Any] = {"elements": [
    {"type": "radiogroup", "name": "a", "choices": ["item1", "item2", "item3"]},
    {"type": "text", "name": "b", "requiredIf": "{a} = 'item1'"},
    {"type": "comment", "name": "c", "isRequired": True, "requiredIf": "{a} notempty"},
]}  # fmt: skip
EVERYTHING = {"email": "ann@example.com", "firstcomputer": "A ZX Spectrum, rubber keys and all"}


def _published(session: Session, data: dict[str, Any]) -> Survey:
    """A live survey imported from ``data``, which the widget may show on the shop's site."""
    survey = published_import(session, data)
    survey.allowed_origins = ["https://shop.example"]
    session.commit()
    return survey


def _api(client: FlaskClient, survey: Survey, answers: dict[str, Any]) -> Any:
    return client.post(f"/api/v1/surveys/{survey.public_id}/responses", json={"answers": answers})


def _hidden(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def _post(client: FlaskClient, survey: Survey, answers: dict[str, Any], *, widget: bool) -> Any:
    """Posts ``answers`` on the hosted page, or in the widget's frame."""
    base = f"/embed/s/{survey.public_id}" if widget else f"/s/{survey.public_id}"
    query = "?host=https://shop.example&mode=inline" if widget else ""
    fields = _hidden(client.get(base + query).text)
    return client.post(base, data={**fields, **answers})


def _accepted(reply: Any, *, widget: bool) -> bool:
    """Whether a posted page finished the response: the widget thanks in its frame, the
    hosted page redirects to its thank-you page."""
    return reply.status_code == 200 and "Thank you" in reply.text if widget else (
        reply.status_code == 302)  # fmt: skip


def _version(data: dict[str, Any]) -> SurveyVersion:
    version = SurveyVersion(number=1, pages=[])
    version.questions = build_questions(list(surveyjs.import_survey(data).questions))
    return version


# -- a group answered as a whole ------------------------------------------------------------


def test_a_multiple_text_required_as_a_whole_imports_as_a_group_and_exports_back() -> None:
    read = surveyjs.read_survey(PRICES)

    assert read.problems == ()
    groups = {q.key: q.settings.get("required_group") for q in read.questions}
    assert groups == {"email": None, BOXES[0]: "pricelimit", BOXES[1]: "pricelimit",
                      "firstcomputer": None}  # fmt: skip
    assert not any(q.required for q in read.questions if q.key in BOXES)
    elements = surveyjs.export_specs("t", "", list(read.questions))["pages"][0]["elements"]
    group = next(e for e in elements if e["type"] == "multipletext")
    assert group["isRequired"] is True
    assert [item["name"] for item in group["items"]] == ["leastamount", "mostamount"]
    assert all("isRequired" not in item for item in group["items"])


@pytest.mark.parametrize("widget", [False, True], ids=["page", "widget"])
def test_a_group_needs_one_answer_on_the_page_widget_and_api(
    client: FlaskClient, session: Session, widget: bool
) -> None:
    survey = _published(session, PRICES)

    refused = _post(client, survey, EVERYTHING, widget=widget)
    assert refused.status_code == 422
    assert refused.text.count(ONE_OF_GROUP) >= 2  # beside each box, and in the summary
    api_refused = _api(client, survey, EVERYTHING)
    assert api_refused.status_code == 422
    assert api_refused.get_json()["error"]["fields"] == dict.fromkeys(BOXES, ONE_OF_GROUP)

    sent = _post(client, survey, {**EVERYTHING, BOXES[1]: "900"}, widget=widget)
    assert _accepted(sent, widget=widget), sent.text
    assert _api(client, survey, {**EVERYTHING, BOXES[0]: 50}).status_code == 201
    session.expire_all()
    stored = [
        {a.question.key: a.value_number for a in r.answers if a.question.key in BOXES}
        for r in session.scalars(select(Response).order_by(Response.id))
    ]
    assert stored == [{BOXES[1]: 900.0}, {BOXES[0]: 50.0}]


def test_a_group_is_one_the_finishing_check_asks_for_too() -> None:
    version = _version(PRICES)
    assert missing_required(version, EVERYTHING) == dict.fromkeys(BOXES, ONE_OF_GROUP)
    assert missing_required(version, {**EVERYTHING, BOXES[0]: 10}) == {}


def test_a_group_split_over_pages_is_refused_when_saved() -> None:
    specs = list(surveyjs.import_survey(PRICES).questions)
    moved = surveys.QuestionSpec(
        specs[2].kind, specs[2].prompt, key=specs[2].key,
        settings={**specs[2].settings, "page": "later"},
    )  # fmt: skip
    problems = surveys.questions.question_problems([*specs[:2], moved, specs[3]])
    assert problems == {"questions-2-required_group": "a group's questions are on one page"}


# -- required only if -----------------------------------------------------------------------


def test_required_if_imports_replacing_is_required_and_exports_back() -> None:
    read = surveyjs.read_survey(REQUIRED_IF)

    assert read.problems == ()
    b, c = read.questions[1], read.questions[2]
    assert (b.required, b.settings["required_if"]) == (False, "{a} = 'item1'")
    # SurveyJS lets requiredIf alone decide: isRequired beside it counts for nothing.
    assert (c.required, c.settings["required_if"]) == (False, "{a} notempty")
    elements = surveyjs.export_specs("t", "", list(read.questions))["pages"][0]["elements"]
    assert [(e["name"], e.get("requiredIf"), e.get("isRequired")) for e in elements] == [
        ("a", None, None), ("b", "{a} = 'item1'", None), ("c", "{a} notempty", None)]  # fmt: skip
    bad = {"elements": [{"type": "text", "name": "b", "requiredIf": "{b} = "}]}
    assert (
        surveyjs.read_survey(bad)
        .problems[0]
        .startswith('page "page1", question "b": requiredIf "{b} = " ')
    )


@pytest.mark.parametrize("widget", [False, True], ids=["page", "widget"])
def test_required_if_holds_on_the_page_widget_and_api(
    client: FlaskClient, session: Session, widget: bool
) -> None:
    survey = _published(session, REQUIRED_IF)

    refused = _post(client, survey, {"a": "item1"}, widget=widget)
    assert (
        refused.status_code == 422 and 'id="b-error">Please answer this question.' in refused.text
    )
    api = _api(client, survey, {"a": "item1", "c": "fine"})
    assert api.status_code == 422 and api.get_json()["error"]["fields"] == {"b": "is required"}
    assert _api(client, survey, {}).status_code == 201  # nothing chosen: nothing required
    assert _api(client, survey, {"a": "item2", "c": "ok"}).status_code == 201
    sent = _post(client, survey, {"a": "item1", "b": "because", "c": "ok"}, widget=widget)
    assert _accepted(sent, widget=widget), sent.text
    assert len(session.scalars(select(Response)).all()) == 3


def test_required_if_reading_a_later_answer_is_refused_when_saved() -> None:
    specs = [
        surveys.QuestionSpec("free_text", "Why?", key="why", settings={"required_if": "{a} = 1"}),
        surveys.QuestionSpec("single_choice", "A?", key="a", settings={"options": [1, 2]}),
    ]
    assert surveys.questions.question_problems(specs) == {
        "questions-0-required_if": "{a} is not asked before this; a condition reads earlier answers"
    }


def test_the_designer_shows_and_saves_required_if(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    survey = _published(session, REQUIRED_IF)
    login(client, researcher)
    url = f"/journeys/{survey.journey.slug}/surveys/{survey.id}/edit"
    fields = _form_fields(client.get(url).text)
    assert fields["questions-1-required_if"].strip() == "{a} = 'item1'"

    fields["questions-1-required_if"] = "{a} = 'item9'"
    refused = client.post(url, data={**fields, "action": "save"})
    assert refused.status_code == 422 and "&#39;item9&#39; is not an option of {a}" in refused.text
    fields["questions-1-required_if"] = "{a} = 'item2'"
    assert client.post(url, data={**fields, "action": "save"}).status_code == 302
    session.expire_all()
    assert survey.versions[-1].questions[1].settings["required_if"] == "{a} = 'item2'"


# -- SurveyJS agrees ------------------------------------------------------------------------


def test_survey_core_requires_what_the_server_requires() -> None:
    """For every answer set, SurveyJS's ``isRequired`` and its errors on the group match the
    server's: the same questions required, the same group refused."""
    document = {"pages": [
        {"name": "p", "elements": [*REQUIRED_IF["elements"], *PRICES["questions"]]}]}  # fmt: skip
    version = _version(document)
    exported = surveyjs.export_version("t", "", version)
    names = {"a": ["item1", "item2", None], "pricelimit": [{"leastamount": 20}, None]}
    cases = [dict(zip(names, values, strict=True))
             for values in itertools.product(*names.values())]  # fmt: skip
    items = [
        {"id": str(i), "survey": exported, "details": True,
         "answers": {k: v for k, v in case.items() if v is not None}}
        for i, case in enumerate(cases)
    ]  # fmt: skip

    for case, report in zip(cases, surveyjs_reports(items), strict=True):
        assert report["jsonErrors"] == [], report["jsonErrors"]
        given = answers_by_key(version.questions, {k: v for k, v in case.items() if v is not None})
        server: dict[str, str] = {}
        try:
            surveys.clean_answers(version, given)
        except InvalidAnswer as refused:
            server = refused.fields
        by_name = {q["name"]: q for q in report["questions"]}
        for name in ("b", "c"):
            assert by_name[name]["isRequired"] == (server.get(name) == "is required"), case
        group_refused = all(server.get(key) == ONE_OF_GROUP for key in BOXES)
        assert by_name["pricelimit"]["hasErrors"] == group_refused, case
