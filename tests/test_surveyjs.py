"""SurveyJS JSON round trips losslessly; what does not map is refused with a list of it."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import surveys
import surveys.library
from surveys import surveyjs
from surveys.models import Question, SurveyVersion
from tests.conftest import csrf_token, login, make_journey

# Written from SurveyJS's documented JSON schema: pages → elements, choices, rateMin/rateMax,
# min/maxRateDescription, labelTrue/labelFalse, choicesOrder, visibleIf expressions.
EVERY_TYPE: dict[str, Any] = {
    "title": "Checkout study",
    "description": "Two minutes about buying from us.",
    "pages": [
        {
            "name": "experience",
            "elements": [
                {"type": "rating", "name": "satisfaction", "title": "How satisfied are you?",
                 "isRequired": True, "rateMin": 1, "rateMax": 5,
                 "minRateDescription": "Not at all", "maxRateDescription": "Completely"},
                {"type": "radiogroup", "name": "payment", "title": "How did you pay?",
                 "choices": ["Card", "PayPal", "Invoice"], "choicesOrder": "random"},
                {"type": "checkbox", "name": "problems", "title": "What went wrong?",
                 "choices": ["Slow page", "Card declined", "Hidden fees"],
                 "visibleIf": "{satisfaction} <= 3"},
                {"type": "comment", "name": "why", "title": "Tell us more",
                 "description": "Optional", "visibleIf": "{problems} contains 'Hidden fees'"},
            ],
        },
        {
            "name": "about-you",
            "title": "About you",
            "elements": [
                {"type": "boolean", "name": "first_time", "title": "First purchase?",
                 "labelTrue": "Yes", "labelFalse": "No"},
                {"type": "dropdown", "name": "country", "title": "Where do you live?",
                 "choices": ["UK", "Germany", "France"], "visibleIf": "{first_time} = 'Yes'"},
                {"type": "text", "name": "city", "title": "City",
                 "visibleIf": "{country} notempty"},
                {"type": "rating", "name": "recommend", "title": "Recommend us?",
                 "rateMin": 0, "rateMax": 10, "journeymapKind": "nps"},
                {"type": "rating", "name": "effort", "title": "Effort", "rateMin": 1,
                 "rateMax": 7, "journeymapKind": "ces", "visibleIf": "{recommend} >= 9"},
                {"type": "rating", "name": "mood", "title": "Mood", "rateMin": 1, "rateMax": 5,
                 "rateType": "smileys", "journeymapKind": "smiley"},
                {"type": "rating", "name": "agree", "title": "Easy to find", "rateMin": 1,
                 "rateMax": 3, "rateValues": [{"value": 1, "text": "Disagree"},
                                              {"value": 2, "text": "Neutral"},
                                              {"value": 3, "text": "Agree"}]},
            ],
        },
    ],
}  # fmt: skip


def _version(specs: list[surveys.QuestionSpec]) -> SurveyVersion:
    """An unsaved version holding ``specs``, as the exporter reads it."""
    version = SurveyVersion(number=1)
    version.questions = [
        Question(key=s.key, position=i, kind=s.kind, prompt=s.prompt, required=s.required,
                 help_text=s.help_text, settings=s.settings)
        for i, s in enumerate(specs, start=1)
    ]  # fmt: skip
    return version


def test_multi_page_survey_with_every_supported_type_round_trips_losslessly() -> None:
    title, intro, specs = surveyjs.import_survey(copy.deepcopy(EVERY_TYPE))
    assert {s.kind for s in specs} == {
        "rating", "single_choice", "multiple_choice", "free_text", "nps", "ces", "smiley",
    }  # fmt: skip
    assert specs[2].settings["show_if"] == {
        "question": "satisfaction", "operator": "at_most", "value": "3",
    }  # fmt: skip
    assert surveyjs.export_version(title, intro, _version(specs)) == EVERY_TYPE


def test_our_questionnaire_survives_export_and_import(session: Session) -> None:
    journey = make_journey(session)
    survey = surveys.library.instantiate(session, journey, "what-almost-stopped-you")
    exported = surveyjs.export_version(survey.title, survey.intro, survey.versions[0])
    _title, _intro, specs = surveyjs.import_survey(exported)
    original = [(q.key, q.kind, q.prompt, q.required) for q in survey.versions[0].questions]
    assert [(s.key, s.kind, s.prompt, s.required) for s in specs] == original
    assert [s.settings.get("show_if") for s in specs] == [
        q.settings.get("show_if") for q in survey.versions[0].questions
    ]


@pytest.mark.parametrize(
    ("element", "named"),
    [
        ({"type": "matrix", "name": "grid"}, "element type 'matrix' is not supported"),
        ({"type": "text", "name": "a", "validators": [{"type": "email"}]},
         "validators cannot be imported"),
        ({"type": "text", "name": "a", "visibleIf": "{x} = 1 and {y} = 2"},
         "is not a simple condition"),
        ({"type": "radiogroup", "name": "a", "choices": [{"value": 1, "text": "One"}, "Two"]},
         "choice '1' shows other text"),
    ],
)  # fmt: skip
def test_what_cannot_be_mapped_is_refused_and_listed(element: dict[str, Any], named: str) -> None:
    data = {"pages": [{"name": "p", "elements": [element, {"type": "html", "name": "h"}]}]}
    with pytest.raises(surveys.InvalidDesign) as refused:
        surveyjs.import_survey(data)
    assert named in refused.value.fields["surveyjs"]
    assert "element type 'html' is not supported" in refused.value.fields["surveyjs"]


def test_import_page_makes_a_draft_or_lists_problems(
    client: FlaskClient, session: Session, researcher: object
) -> None:
    journey = make_journey(session)
    login(client, researcher)  # type: ignore[arg-type]
    url = f"/journeys/{journey.slug}/surveys/import"
    token = csrf_token(client.get(url).text)
    form = {"csrf_token": token, "stage": str(journey.stages[2].id),
            "touchpoint": str(journey.touchpoints[0].id)}  # fmt: skip
    bad = client.post(url, data={**form, "json": '{"pages": [{"elements": [{"type": "file"}]}]}'})
    assert bad.status_code == 422 and "element type &#39;file&#39; is not supported" in bad.text
    import json

    good = client.post(url, data={**form, "json": json.dumps(EVERY_TYPE)})
    assert good.status_code == 302
    exported = client.get(good.location.replace("/edit", "/surveyjs.json"))
    assert exported.status_code == 200 and exported.get_json() == EVERY_TYPE
