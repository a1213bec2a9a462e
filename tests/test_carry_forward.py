"""Options carried forward from an earlier answer (SurveyJS's ``choicesFromQuestion`` with
``choicesFromQuestionMode``): a ranking or choice question offers the options the respondent
chose earlier (or did not, or all of them) — imported, offered and checked alike on the hosted
page and the API, written back, and the same options survey-core offers for every answer."""

from __future__ import annotations

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
from surveys.design import build_questions
from surveys.kinds.carry import offered
from surveys.kinds.items import items_of
from surveys.models import Response, Survey, SurveyVersion
from tests.surveyjs_node.runner import surveyjs_reports
from tests.test_surveyjs_gaps import published_import

CORPUS = Path(__file__).parent / "data" / "surveyjs_corpus"
SMARTPHONE = json.loads((CORPUS / "testcafe-ranking-smartphone.json").read_text(encoding="utf-8"))
#: Cars driven on one page; on the next, the favourite among them, one not driven to try, the
#: cars driven ranked, and a dropdown of every car.
CARS: dict[str, Any] = {"pages": [
    {"name": "driven", "elements": [
        {"type": "checkbox", "name": "car", "title": "Cars driven?", "isRequired": True,
         "showOtherItem": True, "showNoneItem": True,
         "choices": ["Ford", {"value": "bmw", "text": "BMW"}, "Audi"]}]},
    {"name": "more", "elements": [
        {"type": "radiogroup", "name": "favourite", "title": "Your favourite?", "isRequired": True,
         "choicesFromQuestion": "car", "choicesFromQuestionMode": "selected"},
        {"type": "dropdown", "name": "next_try", "title": "Which would you try?",
         "choicesFromQuestion": "car", "choicesFromQuestionMode": "unselected"},
        {"type": "ranking", "name": "order", "title": "Rank those you drove",
         "choicesFromQuestion": "car", "choicesFromQuestionMode": "selected",
         "visibleIf": "{car.length} > 1"},
        {"type": "dropdown", "name": "any", "title": "Any car?", "choicesFromQuestion": "car"}]},
]}  # fmt: skip


def _hidden(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def _api(client: FlaskClient, survey: Survey, answers: dict[str, Any]) -> Any:
    return client.post(f"/api/v1/surveys/{survey.public_id}/responses", json={"answers": answers})


def test_the_published_smartphone_file_imports_and_exports_its_carried_choices() -> None:
    read = surveyjs.read_survey(SMARTPHONE)

    assert read.problems == ()
    best = next(q for q in read.questions if q.key == "bestcar")
    car = next(q for q in read.questions if q.key == "car")
    assert (best.kind, best.settings["choices_from"]) == ("ranking", "car")
    assert best.settings["choices_from_mode"] == "selected"
    assert best.settings["options"] == car.settings["options"]
    assert best.settings["show_if"] == "{car.length} > 1"
    exported = surveyjs.export_specs("t", "", list(read.questions), list(read.pages))
    element = exported["pages"][1]["elements"][1]
    assert {k: element.get(k) for k in ("choicesFromQuestion", "choicesFromQuestionMode",
                                        "visibleIf", "choices")} == {
        "choicesFromQuestion": "car", "choicesFromQuestionMode": "selected",
        "visibleIf": "{car.length} > 1", "choices": None}  # fmt: skip
    again = surveyjs.read_survey(exported)
    assert [(q.key, q.settings) for q in again.questions] == [
        (q.key, q.settings) for q in read.questions
    ]


def test_the_carried_options_are_offered_and_checked_on_the_page(
    client: FlaskClient, session: Session
) -> None:
    survey = published_import(session, CARS)
    first = client.get(f"/s/{survey.public_id}").text
    to_second = client.post(
        f"/s/{survey.public_id}", data={**_hidden(first), "car": ["Audi", "bmw"]}
    )
    assert to_second.status_code == 303
    second = client.get(to_second.headers["Location"]).text
    favourite = second.split('data-question="favourite"')[1].split("</fieldset>")[0]
    assert re.findall(r'value="([^"]*)"', favourite) == ["bmw", "Audi"]
    next_try = second.split('data-question="next_try"')[1].split("</select>")[0]
    assert re.findall(r'<option value="([^"]+)"', next_try) == ["Ford"]
    assert "Rank those you drove" in second and "Ford</label>" not in second.split(
        'data-question="order"')[1].split("</fieldset>")[0]  # fmt: skip

    refused = client.post(
        f"/s/{survey.public_id}",
        data={**_hidden(second), "favourite": "Ford", "order": ["1", "2"]},
    )
    assert refused.status_code == 422
    sent = client.post(
        f"/s/{survey.public_id}",
        data={**_hidden(second), "favourite": "Audi", "next_try": "Ford", "order": ["2", "1"]},
    )
    assert sent.status_code == 302, sent.text
    session.expire_all()
    stored = session.scalars(select(Response)).one()
    assert {a.question.key: a.value_text for a in stored.answers} == {
        "car": '["bmw", "Audi"]', "favourite": "Audi", "next_try": "Ford",
        "order": '["Audi", "bmw"]'}  # fmt: skip


def test_the_api_accepts_only_the_carried_options(client: FlaskClient, session: Session) -> None:
    survey = published_import(session, CARS)

    refused = _api(client, survey, {"car": ["Ford"], "favourite": "Audi", "next_try": "Ford",
                                    "any": "Audi"})  # fmt: skip
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"] == {
        "favourite": "must be one of the options",
        "next_try": "must be one of the options",
    }
    ranked = _api(client, survey, {"car": ["Ford", "Audi"], "favourite": "Ford",
                                   "order": ["Audi", "Ford", "bmw"]})  # fmt: skip
    assert ranked.status_code == 422
    assert ranked.get_json()["error"]["fields"] == {
        "order": "must list every item once, first to last"
    }
    ok = _api(client, survey, {"car": ["Ford", "Audi"], "favourite": "Ford", "next_try": "bmw",
                               "order": ["Audi", "Ford"], "any": "Audi"})  # fmt: skip
    assert ok.status_code == 201, ok.get_json()
    # Only "Other" chosen: nothing is carried, so the favourite cannot be, and is not, required.
    other = _api(client, survey, {"car": ["other"], "car-Comment": "A Kia"})
    assert other.status_code == 201, other.get_json()


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        ({"choices_from": "later"}, "carries options from {later}, which is not asked before this"),
        ({"choices_from": "car", "choices_from_mode": "some"},
         "carries all, selected, unselected of the options"),
        ({"choices_from": "car", "options": ["Ford", "Kia"]},
         "its options are carried from {car}: give it the same options"),
        ({"choices_from": "why"}, "carries options from {why}, which has no options"),
    ],
)  # fmt: skip
def test_carrying_from_what_cannot_carry_is_refused_when_saved(
    settings: dict[str, Any], problem: str
) -> None:
    specs = [
        surveys.QuestionSpec("multiple_choice", "Cars?", key="car",
                             settings={"options": ["Ford", "Audi"]}),
        surveys.QuestionSpec("free_text", "Why?", key="why"),
        surveys.QuestionSpec("single_choice", "Best?", key="best",
                             settings={"options": ["Ford", "Audi"], **settings}),
        surveys.QuestionSpec("multiple_choice", "Later?", key="later",
                             settings={"options": ["Ford", "Audi"]}),
    ]  # fmt: skip
    assert surveys.questions.question_problems(specs) == {"questions-2-choices_from": problem}


def test_survey_core_offers_the_same_carried_options_for_every_answer() -> None:
    version = SurveyVersion(number=1, pages=[])
    version.questions = build_questions(list(surveyjs.import_survey(CARS).questions))
    exported = surveyjs.export_version("t", "", version)
    answers: list[list[str]] = [[], ["Ford"], ["bmw", "Audi"], ["Audi", "Ford", "bmw"],
                                ["none"], ["other"], ["Ford", "other"]]  # fmt: skip
    items = [{"id": str(i), "survey": exported, "details": True, "answers": {"car": car}}
             for i, car in enumerate(answers)]  # fmt: skip

    carriers = [q for q in version.questions if q.settings.get("choices_from")]
    for car, report in zip(answers, surveyjs_reports(items), strict=True):
        assert report["jsonErrors"] == []
        seen = {q["name"]: q for q in report["questions"]}
        known = answers_by_key(version.questions, {"car": car} if car else {})
        for question in carriers:
            ours = [i.value for i in items_of(offered(question, known).settings["options"])]
            assert seen[question.key]["visibleChoices"] == ours, (car, question.key)
        assert seen["order"]["isVisible"] == (len(car) > 1), car
