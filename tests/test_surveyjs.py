"""SurveyJS JSON round trips losslessly; what does not map is refused with a list of it."""

from __future__ import annotations

import copy
import io
import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from markupsafe import escape
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
                {"type": "comment", "name": "why", "title": "Tell us more", "maxLength": 5000,
                 "description": "Optional", "visibleIf": "{problems} contains 'Hidden fees'"},
            ],
        },
        {
            "name": "about-you",
            "title": "About you",
            "elements": [
                {"type": "boolean", "name": "first_time", "title": "First purchase?",
                 "labelTrue": "Sure", "labelFalse": "Not yet"},
                {"type": "dropdown", "name": "country", "title": "Where do you live?",
                 "choices": ["UK", "Germany", "France"], "visibleIf": "{first_time} = true"},
                {"type": "text", "name": "city", "title": "City", "maxLength": 500,
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
        "rating", "single_choice", "multiple_choice", "free_text", "nps", "ces", "smiley", "yes_no",
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
        ({"type": "matrixdynamic", "name": "grid"},
         "element type 'matrixdynamic' is not supported"),
        ({"type": "text", "name": "a", "inputType": "color"}, "inputType 'color' is not supported"),
        ({"type": "text", "name": "a", "visibleIf": "{x} + 1 > 2"}, "'+' is not understood"),
        ({"type": "radiogroup", "name": "a",
          "choices": [{"value": 1, "text": "One", "visibleIf": "{b} = 1"}, "Two"]},
         "choice 1: visibleIf cannot be imported"),
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

    good = client.post(url, data={**form, "json": json.dumps(EVERY_TYPE)})
    assert good.status_code == 302
    exported = client.get(good.location.replace("/edit", "/surveyjs.json"))
    assert exported.status_code == 200 and exported.get_json() == EVERY_TYPE


def _page(*elements: object) -> dict[str, Any]:
    return {"pages": [{"name": "p", "elements": list(elements)}]}


BADLY_SHAPED: list[tuple[object, str]] = [
    (_page("oops"), "page 1, element 1 (?): not an object"),
    ({"pages": [{"name": "p", "elements": {"a": 1}}]}, 'page 1: elements {"a": 1} is not a list'),
    ({"pages": 5}, "survey: pages 5 is not a list"),
    ({"elements": "text"}, 'page 1: elements "text" is not a list'),
    (_page({"type": ["text"], "name": "t"}), 'element type ["text"] is not supported'),
    (_page({"type": "rating", "name": "r", "rateMin": "abc"}),
     'page 1, element 1 (r): rateMin "abc" is not a whole number'),
    (_page({"type": "rating", "name": "r", "rateMin": None}), "rateMin null is not a whole number"),
    (_page({"type": "rating", "name": "r", "rateValues": [{"value": "good", "text": "Good"}]}),
     'rateValues entry 1 "good" is not a whole number'),
    (_page({"type": "rating", "name": "r", "rateValues": [1, "2"]}),
     'rateValues entry 2 "2" is not a whole number'),
    (_page({"type": "rating", "name": "r", "rateValues": [{"text": "Good"}]}),
     "rateValues entry 1 has no value"),
    (_page({"type": "rating", "name": "r", "rateValues": {"1": "Bad"}}),
     'rateValues {"1": "Bad"} is not a list'),
    (_page({"type": "rating", "name": "r", "rateValues": 0}), "rateValues 0 is not a list"),
    (_page({"type": "radiogroup", "name": "c", "choices": 3}),
     "page 1, element 1 (c): choices 3 is not a list"),
    (_page({"type": "radiogroup", "name": "c", "choices": [{"text": "A"}, "B"]}),
     "choice 1 has no value"),
    (_page({"type": "radiogroup", "name": "c", "choices": [["A"], "B"]}),
     'choice 1 ["A"] is not text or a number'),
    (_page({"type": "text", "name": "t", "visibleIf": {"q": 1}}),
     'visibleIf {"q": 1} is not text'),
]  # fmt: skip


@pytest.mark.parametrize(("data", "named"), BADLY_SHAPED)
def test_badly_shaped_json_is_refused_saying_where(data: object, named: str) -> None:
    with pytest.raises(surveys.InvalidDesign) as refused:
        surveyjs.import_survey(data)
    assert named in refused.value.fields["surveyjs"]


def test_import_page_lists_badly_shaped_json_instead_of_failing(
    client: FlaskClient, session: Session, researcher: object
) -> None:
    journey = make_journey(session)
    login(client, researcher)  # type: ignore[arg-type]
    url = f"/journeys/{journey.slug}/surveys/import"
    token = csrf_token(client.get(url).text)
    form = {"csrf_token": token, "stage": str(journey.stages[2].id),
            "touchpoint": str(journey.touchpoints[0].id)}  # fmt: skip
    for data, named in BADLY_SHAPED:
        reply = client.post(url, data={**form, "json": json.dumps(data)})
        assert reply.status_code == 422, named
        assert str(escape(named)) in reply.text


# Values a condition can compare with, as a designer may type them into options.
AWKWARD_VALUES = ["Don't know", 'The "basic" plan', 'Isn\'t "basic"', "007", "-0", "C:\\temp"]


@pytest.mark.parametrize("value", AWKWARD_VALUES)
def test_conditions_on_awkward_values_survive_export_and_import(value: str) -> None:
    specs = [
        surveys.QuestionSpec("single_choice", "Plan?", key="plan",
                             settings={"options": [value, "Other"]}),
        surveys.QuestionSpec("multiple_choice", "Extras?", key="extras",
                             settings={"options": [value, "Other"]}),
        surveys.QuestionSpec("free_text", "Why that plan?", key="why",
                             settings={"show_if": {"question": "plan", "operator": "equals",
                                                   "value": value}}),
        surveys.QuestionSpec("free_text", "Why that extra?", key="why_extra",
                             settings={"show_if": {"question": "extras",
                                                   "operator": "includes", "value": value}}),
    ]  # fmt: skip
    exported = surveyjs.export_version("Plans", "", _version(specs))
    _title, _intro, again = surveyjs.import_survey(json.loads(json.dumps(exported)))
    assert [s.settings.get("show_if") for s in again] == [s.settings.get("show_if") for s in specs]
    assert surveyjs.export_version("Plans", "", _version(again)) == exported


def test_a_quote_in_a_condition_is_escaped_as_surveyjs_reads_it() -> None:
    specs = [
        surveys.QuestionSpec("single_choice", "A", key="a",
                             settings={"options": ["Don't know", "Yes"]}),
        surveys.QuestionSpec("free_text", "B", key="b", settings={
            "show_if": {"question": "a", "operator": "equals", "value": "Don't know"}}),
    ]  # fmt: skip
    exported = surveyjs.export_version("t", "", _version(specs))
    # SurveyJS's expression grammar allows no bare quote of either kind inside a string constant.
    assert exported["pages"][0]["elements"][1]["visibleIf"] == "{a} = 'Don\\'t know'"
    # A file that encloses the value in double quotes instead still imports.
    lenient = copy.deepcopy(exported)
    lenient["pages"][0]["elements"][1]["visibleIf"] = '{a} = "Don\'t know"'
    assert surveyjs.import_survey(lenient)[2][1].settings["show_if"]["value"] == "Don't know"


def test_a_condition_value_surveyjs_cannot_spell_is_refused_on_export() -> None:
    specs = [
        surveys.QuestionSpec("single_choice", "A", key="a", settings={"options": ["C:\\", "D:"]}),
        surveys.QuestionSpec("free_text", "B", key="b", settings={
            "show_if": {"question": "a", "operator": "equals", "value": "C:\\"}}),
    ]  # fmt: skip
    with pytest.raises(surveys.InvalidDesign, match="cannot be written in SurveyJS"):
        surveyjs.export_version("t", "", _version(specs))


@pytest.mark.parametrize(
    ("element", "named"),
    [
        ({"type": "text", "name": "t", "title": {"de": 5}}, 'title {"de": 5} is not text'),
        ({"type": "text", "name": "t", "isRequired": "false"},
         'isRequired "false" is not true or false'),
        ({"type": "text", "name": "t", "isRequired": 1}, "isRequired 1 is not true or false"),
        ({"type": "rating", "name": "r", "rateMin": 1.7}, "rateMin 1.7 is not a whole number"),
        ({"type": "rating", "name": "r", "rateMax": True}, "rateMax true is not a whole number"),
        ({"type": "rating", "name": "r", "rateType": "smileys", "rateMin": 0, "rateMax": 5},
         "a smiley scale runs from 1 to 3 or 5, not 0–5"),
        ({"type": "rating", "name": "r", "rateType": "smileys", "minRateDescription": "Awful"},
         "a smiley scale shows faces, so its labels cannot be imported"),
        ({"type": "rating", "name": "r", "journeymapKind": "free_text"},
         'journeymapKind "free_text" is not one of nps, csat, ces, rating, smiley'),
        ({"type": "rating", "name": "r", "rateType": "smileys", "rateMin": 0, "rateMax": 10,
          "journeymapKind": "nps"}, "rateType 'smileys' contradicts journeymapKind 'nps'"),
        ({"type": "rating", "name": "r", "rateMin": 0, "rateMax": 5, "journeymapKind": "nps"},
         "a nps question runs 0–10, not 0–5"),
        ({"type": "rating", "name": "r", "rateValues": [1, 3, 5]},
         "rateValues must run up one by one, not [1, 3, 5]"),
        ({"type": "radiogroup", "name": "c",
          "choices": [{"value": "a", "visibleIf": "{x} = 1"}, "b"]},
         "choice 1: visibleIf cannot be imported"),
        ({"type": "text", "name": 7}, "name 7 is not text"),
    ],
)  # fmt: skip
def test_nothing_is_coerced_silently(element: dict[str, Any], named: str) -> None:
    with pytest.raises(surveys.InvalidDesign) as refused:
        surveyjs.import_survey(_page(element))
    assert named in refused.value.fields["surveyjs"]


def test_localised_texts_come_in_in_their_default_language() -> None:
    data = {
        "title": {"default": "Checkout", "de": "Kasse"},
        "pages": [{"name": "p", "title": {"fr": "Paiement"}, "elements": [
            {"type": "radiogroup", "name": "pay",
             "title": {"default": "Paid by?", "de": "Bezahlt?"},
             "description": {"de": "Eine Antwort"},
             "choices": [{"value": "Card", "text": {"default": "Card", "de": "Karte"}}, "Cash"]},
            {"type": "boolean", "name": "again", "labelTrue": {"default": "Sure"},
             "labelFalse": "No"},
        ]}],
    }  # fmt: skip
    title, _intro, specs = surveyjs.import_survey(data)
    assert title == "Checkout"
    assert (specs[0].prompt, specs[0].help_text) == ("Paid by?", "Eine Antwort")
    assert specs[0].settings["page_title"] == "Paiement"
    assert specs[0].settings["options"] == ["Card", "Cash"]
    assert (specs[1].kind, specs[1].settings["label_true"]) == ("yes_no", "Sure")


def test_import_page_names_what_is_missing_and_measures_size_in_bytes(
    client: FlaskClient, session: Session, researcher: object
) -> None:
    journey = make_journey(session)
    login(client, researcher)  # type: ignore[arg-type]
    url = f"/journeys/{journey.slug}/surveys/import"
    token = csrf_token(client.get(url).text)
    stage, touchpoint = str(journey.stages[2].id), str(journey.touchpoints[0].id)
    good = json.dumps(EVERY_TYPE)

    def post(**data: Any) -> Any:
        return client.post(url, data={"csrf_token": token, **data})

    no_touchpoint = post(stage=stage, json=good)
    assert no_touchpoint.status_code == 422 and "Choose a touchpoint." in no_touchpoint.text
    no_stage = post(touchpoint=touchpoint, json=good)
    assert no_stage.status_code == 422 and "Choose a stage." in no_stage.text
    neither = post(json=good)
    assert neither.status_code == 422 and "Choose a stage and a touchpoint." in neither.text

    # 300,000 characters, 600,000 bytes: over the 512 KB limit however it is counted.
    big = json.dumps({"title": "é" * 300_000}, ensure_ascii=False).encode()
    too_big = post(stage=stage, touchpoint=touchpoint, file=(io.BytesIO(big), "big.json"))
    assert too_big.status_code == 422 and "too large" in too_big.text
    latin1 = json.dumps({"title": "Café"}, ensure_ascii=False).encode("latin-1")
    wrong_encoding = post(stage=stage, touchpoint=touchpoint, file=(io.BytesIO(latin1), "a.json"))
    assert wrong_encoding.status_code == 422 and "not UTF-8" in wrong_encoding.text
    nested = post(stage=stage, touchpoint=touchpoint, json="[" * 100_000)
    assert nested.status_code == 422 and "nested too deeply" in nested.text
    long_title = json.dumps({**EVERY_TYPE, "title": "t" * 201})
    too_long = post(stage=stage, touchpoint=touchpoint, json=long_title)
    assert too_long.status_code == 422
    assert "title: must be at most 200 characters" in too_long.text
    with_bom = b"\xef\xbb\xbf" + good.encode()
    imported = post(stage=stage, touchpoint=touchpoint, file=(io.BytesIO(with_bom), "bom.json"))
    assert imported.status_code == 302
