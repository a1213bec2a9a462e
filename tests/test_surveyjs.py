"""SurveyJS JSON round trips losslessly; what only lays a survey out is left out with a note;
what would change meaning is refused, every item named by page and element."""

from __future__ import annotations

import copy
import dataclasses
import io
import json
from html.parser import HTMLParser
from typing import Any

import pytest
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

import surveys
import surveys.library
from surveys import surveyjs
from surveys.answer_names import answers_by_key
from surveys.models import Question, SurveyVersion
from tests.conftest import csrf_token, login, make_journey

# Written from SurveyJS's documented JSON schema (pages → elements, choices, rateMin/rateMax,
# min/maxRateDescription, labelTrue/labelFalse, choicesOrder, maxLength, visibleIf,
# calculatedValues) in the form the export writes it: every property standard SurveyJS.
EVERY_TYPE: dict[str, Any] = {
    "title": "Checkout study",
    "description": "Two minutes about buying from us.",
    "pages": [
        {
            "name": "experience",
            "elements": [
                {"name": "satisfaction", "title": "How satisfied are you?", "isRequired": True,
                 "type": "rating", "rateMin": 1, "rateMax": 5,
                 "minRateDescription": "Not at all", "maxRateDescription": "Completely"},
                {"name": "payment", "title": "How did you pay?", "type": "radiogroup",
                 "choices": ["Card", "PayPal", "Invoice"], "choicesOrder": "random"},
                {"name": "problems", "title": "What went wrong?", "type": "checkbox",
                 "choices": ["Slow page", "Card declined", "Hidden fees"],
                 "visibleIf": "{satisfaction} <= 3"},
                {"name": "why", "title": "Tell us more", "description": "Optional",
                 "type": "comment", "maxLength": 5000,
                 "visibleIf": "{problems} contains 'Hidden fees'"},
            ],
        },
        {
            "name": "about-you",
            "title": "About you",
            "elements": [
                {"name": "first_time", "title": "First purchase?", "type": "boolean",
                 "labelTrue": "Sure", "labelFalse": "Not yet"},
                {"name": "country", "title": "Where do you live?", "type": "dropdown",
                 "choices": ["UK", "Germany", "France"],
                 "visibleIf": "{payment} = 'Card' and {first_time} = true"},
                {"name": "city", "title": "City", "type": "text", "maxLength": 500,
                 "visibleIf": "{country} notempty"},
                {"name": "recommend", "title": "Recommend us?", "type": "rating",
                 "rateMin": 0, "rateMax": 10, "minRateDescription": "Not at all likely",
                 "maxRateDescription": "Extremely likely"},
                {"name": "effort", "title": "Effort", "type": "rating", "rateMin": 1,
                 "rateMax": 7, "minRateDescription": "Very difficult",
                 "maxRateDescription": "Very easy", "visibleIf": "{recommend} >= 9"},
                {"name": "mood", "title": "Mood", "type": "rating", "rateMin": 1, "rateMax": 5,
                 "rateType": "smileys"},
                {"name": "agree", "title": "Easy to find", "type": "rating", "rateMin": 1,
                 "rateMax": 3, "rateValues": [{"value": 1, "text": "Disagree"},
                                              {"value": 2, "text": "Neutral"},
                                              {"value": 3, "text": "Agree"}]},
            ],
        },
    ],
    "clearInvisibleValues": "onHidden",
    "calculatedValues": [
        {"name": "journeymapKind_recommend", "expression": "'nps'"},
        {"name": "journeymapKind_effort", "expression": "'ces'"},
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
    result = surveyjs.import_survey(copy.deepcopy(EVERY_TYPE))
    specs = list(result.questions)
    assert {s.kind for s in specs} == {
        "rating", "single_choice", "multiple_choice", "free_text", "nps", "ces", "smiley",
        "yes_no",
    }  # fmt: skip
    assert specs[2].settings["show_if"] == {
        "question": "satisfaction", "operator": "at_most", "value": "3",
    }  # fmt: skip
    assert result.dropped == () and result.problems == ()
    assert surveyjs.export_version(result.title, result.intro, _version(specs)) == EVERY_TYPE


def test_files_of_the_old_export_with_journeymap_kind_on_the_element_still_import() -> None:
    old = copy.deepcopy(EVERY_TYPE)
    markers = {m["name"].removeprefix("journeymapKind_"): m["expression"].strip("'")
               for m in old.pop("calculatedValues")}  # fmt: skip
    for element in old["pages"][1]["elements"]:
        if element["name"] in markers:
            element["journeymapKind"] = markers[element["name"]]

    assert surveyjs.import_survey(old).questions == surveyjs.import_survey(EVERY_TYPE).questions


def test_a_standard_measure_whose_kind_marker_was_dropped_is_known_by_its_scale_and_words() -> None:
    unmarked = copy.deepcopy(EVERY_TYPE)
    del unmarked["calculatedValues"]
    kinds = {s.key: s.kind for s in surveyjs.import_survey(unmarked).questions}
    # NPS and CES carry their standard words; a smiley scale is known by its faces.
    assert (kinds["recommend"], kinds["effort"], kinds["mood"]) == ("nps", "ces", "smiley")
    relabelled = copy.deepcopy(unmarked)
    relabelled["pages"][1]["elements"][3]["minRateDescription"] = "Never"
    assert surveyjs.import_survey(relabelled).questions[7].kind == "rating"


def test_our_questionnaire_survives_export_and_import(session: Session) -> None:
    journey = make_journey(session)
    survey = surveys.library.instantiate(session, journey, "what-almost-stopped-you")
    exported = surveyjs.export_version(survey.title, survey.intro, survey.versions[0])
    specs = surveyjs.import_survey(exported).questions
    original = [(q.key, q.kind, q.prompt, q.required) for q in survey.versions[0].questions]
    assert [(s.key, s.kind, s.prompt, s.required) for s in specs] == original
    assert [s.settings.get("show_if") for s in specs] == [
        q.settings.get("show_if") for q in survey.versions[0].questions
    ]


@pytest.mark.parametrize(
    ("element", "named"),
    [
        ({"type": "barrating", "name": "sign"},
         'page "p", element "sign": type \'barrating\' has no equivalent here'),
        ({"type": "text", "name": "a", "enableIf": "{x} = 1"},
         'page "p", question "a": enableIf has no equivalent here'),
        ({"type": "text", "name": "a", "visibleIf": "{x} = 1"},
         'page "p", question "a": visibleIf "{x} = 1" names \'x\', which is no question'),
        ({"type": "rating", "name": "a", "rateStep": 2},
         'page "p", question "a": rateStep has no equivalent here'),
    ],
)  # fmt: skip
def test_what_would_change_meaning_is_refused_naming_page_and_element(
    element: dict[str, Any], named: str
) -> None:
    data = {
        "pages": [{"name": "p", "elements": [element, {"type": "nouislider", "name": "photo"}]}]
    }
    with pytest.raises(surveyjs.SurveyJSRefused) as refused:
        surveyjs.import_survey(data)
    problems = refused.value.result.problems
    assert any(p.startswith(named) for p in problems), problems
    # Every item at once: the second element is named beside the first.
    assert 'page "p", element "photo": type \'nouislider\' has no equivalent here' in problems


def test_display_only_settings_are_left_out_with_a_note_naming_each() -> None:
    data = {
        "title": "Feedback", "showProgressBar": "top", "showQuestionNumbers": "off",
        "completedHtml": "<h3>Thanks</h3>", "pageNextText": "Onwards",
        "pages": [{"name": "p1", "questionTitleLocation": "left", "elements": [
            {"type": "html", "name": "intro", "html": "<p>Hello</p>"},
            {"type": "radiogroup", "name": "plan", "choices": ["Free", "Pro"], "colCount": 2,
             "titleLocation": "left", "startWithNewLine": False, "width": "50%"},
            {"type": "comment", "name": "why", "autoGrow": True, "placeHolder": "Tell us"},
        ]}],
    }  # fmt: skip

    result = surveyjs.import_survey(data)

    assert [s.key for s in result.questions] == ["plan", "why"]
    assert result.dropped == (
        "survey: left out showProgressBar, showQuestionNumbers (display only); completedHtml "
        "(the thank-you page); pageNextText (SurveyJS's own button and message texts)",
        'page "p1": left out questionTitleLocation (display only)',
        'page "p1", html "intro": left out (a block of text or HTML)',
        'page "p1", question "plan": left out colCount, titleLocation, startWithNewLine, width '
        "(display only)",
        'page "p1", question "why": left out autoGrow, placeHolder (display only)',
    )


def test_refusals_list_every_problem_in_survey_order_with_the_notes() -> None:
    data = {"showProgressBar": "top", "pages": [
        {"name": "one", "elements": [{"type": "nouislider", "name": "cv"},
                                     {"type": "text", "name": "a", "readOnly": True}]},
        {"name": "two", "elements": [{"type": "radiogroup", "name": "c", "choices": ["x"]}]},
    ]}  # fmt: skip

    result = surveyjs.read_survey(data)

    assert result.problems == (
        'page "one", element "cv": type \'nouislider\' has no equivalent here',
        'page "one", question "a": readOnly has no equivalent here',
        'page "two", question "c": options: give at least two options, one per line, or one '
        "with “Other” or “None of these”",
    )
    assert result.dropped == ("survey: left out showProgressBar (display only)",)


def test_names_that_cannot_be_keys_are_kept_as_surveyjs_names() -> None:
    data = _page(
        {"type": "rating", "name": "satisfaction-score"},
        {"type": "comment", "name": "website", "visibleIf": "{satisfaction-score} <= 2"},
        {"type": "text", "name": "Your name"},
    )

    specs = surveyjs.import_survey(data).questions

    assert [s.key for s in specs] == ["satisfaction_score", "website", "Your_name"]
    assert specs[1].settings["show_if"]["question"] == "satisfaction_score"
    exported = surveyjs.export_specs("t", "", list(specs))
    elements = exported["pages"][0]["elements"]
    assert [e["name"] for e in elements] == ["satisfaction-score", "website", "Your name"]
    assert elements[1]["visibleIf"] == "{satisfaction-score} <= 2"


def test_panels_keep_their_titles_and_their_condition_through_export() -> None:
    data = _page(
        {"type": "rating", "name": "score"},
        {"type": "panel", "name": "contact", "title": "How to reach you",
         "visibleIf": "{score} <= 2", "elements": [
             {"type": "text", "name": "email", "maxLength": 500},
             {"type": "text", "name": "phone", "maxLength": 500}]},
    )  # fmt: skip

    specs = list(surveyjs.import_survey(data).questions)

    assert [s.settings.get("show_if") for s in specs[1:]] == [
        {"question": "score", "operator": "at_most", "value": "2"}
    ] * 2
    panel = surveyjs.export_specs("t", "", specs)["pages"][0]["elements"][1]
    assert (panel["type"], panel["name"]) == ("panel", "contact")
    assert panel["title"] == "How to reach you"
    assert [e["name"] for e in panel["elements"]] == ["email", "phone"]
    # A question moved out of the middle of its panel splits it; SurveyJS names stay unique.
    moved = [specs[1], specs[0], specs[2]]
    elements = surveyjs.export_specs("t", "", moved)["pages"][0]["elements"]
    assert [(e["type"], e["name"]) for e in elements] == [
        ("panel", "contact"),
        ("rating", "score"),
        ("panel", "contact_2"),
    ]
    assert elements[2]["title"] == "How to reach you"


def test_what_surveyjs_editor_writes_for_a_scale_is_read_as_survey_core_reads_it() -> None:
    def scale(**rating: Any) -> tuple[object, object]:
        read = surveyjs.import_survey(_page({"type": "rating", "name": "r", **rating}))
        s = read.questions[0].settings
        return s.get("min", 1), s.get("max", 5)

    assert scale(rateCount=11, rateMin=0, rateMax=10, autoGenerate=True) == (0, 10)
    assert scale(rateMin=1, rateCount=7) == (1, 7)
    assert scale(rateMax=7, rateCount=7) == (1, 7)
    assert scale(rateCount=3) == (1, 5)  # survey-core ignores a count with neither end
    assert scale(autoGenerate=True, rateValues=[1, 2, 3]) == (1, 5)  # generated: values unused
    assert scale(autoGenerate=False, rateCount=3, rateValues=[1, 2, 3]) == (1, 3)
    assert scale(mininumRateDescription="Bad", maximumRateDescription="Good") == (1, 5)


def test_import_page_makes_a_draft_or_lists_problems(
    client: FlaskClient, session: Session, researcher: object
) -> None:
    journey = make_journey(session)
    login(client, researcher)  # type: ignore[arg-type]
    url = f"/journeys/{journey.slug}/surveys/import"
    token = csrf_token(client.get(url).text)
    form = {"csrf_token": token, "stage": str(journey.stages[2].id),
            "touchpoint": str(journey.touchpoints[0].id)}  # fmt: skip
    bad = client.post(
        url, data={**form, "json": '{"pages": [{"elements": [{"type": "nouislider"}]}]}'}
    )
    assert bad.status_code == 422
    assert (
        "page &#34;page1&#34;, element &#34;element 1&#34;: type &#39;nouislider&#39;" in bad.text
    )

    good = client.post(url, data={**form, "json": json.dumps(EVERY_TYPE)})
    assert good.status_code == 302
    exported = client.get(good.location.replace("/edit", "/surveyjs.json"))
    assert exported.status_code == 200 and exported.get_json() == EVERY_TYPE


def _page(*elements: object) -> dict[str, Any]:
    return {"pages": [{"name": "p", "elements": list(elements)}]}


BADLY_SHAPED: list[tuple[object, str]] = [
    (_page("oops"), 'page "p", element 1: not an object'),
    ({"pages": [{"name": "p", "elements": {"a": 1}}]}, 'page "p": elements {"a": 1} is not a list'),
    ({"pages": 5}, "survey: pages 5 is not a list"),
    ({"elements": "text"}, 'page "page1": elements "text" is not a list'),
    (_page({"type": ["text"], "name": "t"}), 'page "p", element "t": type ["text"] has no'),
    (_page({"type": "rating", "name": "r", "rateMin": "abc"}),
     'page "p", question "r": rateMin "abc" is not a whole number'),
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
     'page "p", question "c": choices 3 is not a list'),
    (_page({"type": "radiogroup", "name": "c", "choices": [{"text": "A"}, "B"]}),
     "choice 1 has no value"),
    (_page({"type": "radiogroup", "name": "c", "choices": [["A"], "B"]}),
     'choice 1 ["A"] is not text or a number'),
    (_page({"type": "text", "name": "t", "visibleIf": {"q": 1}}),
     'page "p", question "t": visibleIf {"q": 1} is not text'),
    ([1, 2], "survey: [1, 2] is not a JSON object"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "named"), BADLY_SHAPED)
def test_badly_shaped_json_is_refused_saying_where(data: object, named: str) -> None:
    problems = surveyjs.read_survey(data).problems
    assert any(named in p for p in problems), problems


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
    again = list(surveyjs.import_survey(json.loads(json.dumps(exported))).questions)
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
    assert surveyjs.import_survey(lenient).questions[1].settings["show_if"]["value"] == "Don't know"


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
    problems = surveyjs.read_survey(_page(element)).problems
    assert any(named in p for p in problems), problems


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
    result = surveyjs.import_survey(data)
    specs = result.questions
    assert result.title == "Checkout"
    assert (specs[0].prompt, specs[0].help_text) == ("Paid by?", "Eine Antwort")
    assert specs[0].settings["page_title"] == "Paiement"
    assert specs[0].settings["options"] == ["Card", "Cash"]
    assert (specs[1].kind, specs[1].settings["label_true"]) == ("yes_no", "Sure")
    assert result.dropped == (
        "survey: left out the texts in de (a questionnaire here has one language; kept default)",
    )


def test_a_survey_in_another_locale_comes_in_in_that_language() -> None:
    data = {
        "locale": "de",
        "title": {"default": "Checkout", "de": "Kasse"},
        "elements": [{"type": "comment", "name": "why", "title": {"default": "Why?"}}],
    }

    result = surveyjs.import_survey(data)

    assert (result.title, result.questions[0].prompt) == ("Kasse", "Why?")
    assert result.dropped == (
        "survey: left out the texts in default (a questionnaire here has one language; kept de)",
    )


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
    assert "survey: title: must be at most 200 characters" in too_long.text
    with_bom = b"\xef\xbb\xbf" + good.encode()
    imported = post(stage=stage, touchpoint=touchpoint, file=(io.BytesIO(with_bom), "bom.json"))
    assert imported.status_code == 302


class _FormValues(HTMLParser):
    """A form's fields as a browser posts them back unchanged."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self._text: tuple[str, list[str]] | None = None
        self._select: str | None = None
        self._first: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and "name" in a and a.get("type") not in ("submit", "file"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._text = (a["name"], [])
        elif tag == "select":
            self._select, self._first = a["name"], None
        elif tag == "option" and self._select is not None:
            if self._first is None:
                self._first = a.get("value", "")
            if "selected" in a:
                self.fields.append((self._select, a.get("value", "")))
                self._first = ""

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._text is not None:
            self.fields.append((self._text[0], "".join(self._text[1]).removeprefix("\n")))
            self._text = None
        elif tag == "select" and self._select is not None:
            if self._first:  # nothing selected: the browser posts the first option
                self.fields.append((self._select, self._first))
            self._select = None


def _imported(client: FlaskClient, session: Session, researcher: object, data: object) -> str:
    """The designer's address of a draft made of ``data`` through the import page."""
    journey = make_journey(session)
    login(client, researcher)  # type: ignore[arg-type]
    url = f"/journeys/{journey.slug}/surveys/import"
    form = {"csrf_token": csrf_token(client.get(url).text), "stage": str(journey.stages[2].id),
            "touchpoint": str(journey.touchpoints[0].id), "import": "1"}  # fmt: skip
    imported = client.post(url, data={**form, "json": json.dumps(data)})
    assert imported.status_code == 302
    return str(imported.location)


def _exported(client: FlaskClient, edit_url: str) -> Any:
    """The SurveyJS export of the survey whose designer is at ``edit_url``."""
    return client.get(edit_url.replace("/edit", "/surveyjs.json")).get_json()


def _saved_unchanged(client: FlaskClient, edit_url: str) -> Any:
    """Save the designer at ``edit_url`` with every field as the page shows it; the export
    after."""
    designer = _FormValues()
    designer.feed(client.get(edit_url).text)
    saved = client.post(edit_url, data=MultiDict([*designer.fields, ("action", "save")]))
    assert saved.status_code == 302, saved.text
    return _exported(client, edit_url)


def test_an_import_opened_in_the_designer_and_saved_unchanged_exports_as_it_came(
    client: FlaskClient, session: Session, researcher: object
) -> None:
    edit_url = _imported(client, session, researcher, EVERY_TYPE)
    before = _exported(client, edit_url)
    after = _saved_unchanged(client, edit_url)
    assert after == before == EVERY_TYPE


PRICES: dict[str, Any] = {
    "name": "prices", "elements": [
        {"type": "multipletext", "name": "price", "title": "What would you pay?", "items": [
            {"name": "most", "title": "At most", "maxLength": 500},
            {"name": "least", "title": "At least", "maxLength": 500, "isRequired": True}]},
        {"name": "why", "title": "Why?", "type": "comment", "maxLength": 5000,
         "visibleIf": "{price.most} notempty"},
    ],
}  # fmt: skip


def test_a_multiple_text_is_one_short_question_per_box_and_comes_back_as_one() -> None:
    specs = list(surveyjs.import_survey({"pages": [PRICES]}).questions)

    assert [(s.key, s.kind, s.prompt, s.required) for s in specs] == [
        ("price_most", "free_text", "At most", False),
        ("price_least", "free_text", "At least", True),
        ("why", "free_text", "Why?", False),
    ]
    assert specs[2].settings["show_if"]["question"] == "price_most"
    assert surveyjs.export_specs("t", "", specs)["pages"] == [PRICES]


def test_a_box_the_designer_made_into_another_kind_is_written_on_its_own_and_said_so() -> None:
    specs = list(surveyjs.import_survey({"pages": [PRICES]}).questions)
    specs[0] = dataclasses.replace(specs[0], kind="number", settings={
        k: v for k, v in specs[0].settings.items() if k != "size"})  # fmt: skip
    specs[0] = dataclasses.replace(specs[0], kind="nps")

    elements = surveyjs.export_specs("t", "", specs)["pages"][0]["elements"]

    assert [(e["type"], e["name"]) for e in elements] == [
        ("rating", "price_most"),
        ("multipletext", "price"),
        ("comment", "why"),
    ]
    assert surveyjs.export_losses(specs) == [
        'question "price.most" no longer fits its multipletext "What would you pay?" '
        "(SurveyJS's boxes are short answers with no description or condition of their own): "
        'it is written as a question of its own, named "price_most"'
    ]


def test_answers_in_surveyjs_shape_are_keyed_by_question() -> None:
    data = _page(
        {"type": "rating", "name": "satisfaction-score"},
        {"type": "radiogroup", "name": "how", "choices": ["web", "phone"]},
        PRICES["elements"][0],
    )
    version = _version(list(surveyjs.import_survey(data).questions))

    keyed = answers_by_key(version.questions, {
        "satisfaction-score": 4, "how": "other", "how-Comment": "By fax",
        "price": {"most": "90", "least": "10"}, "unknown": 1})  # fmt: skip

    assert keyed == {"satisfaction_score": 4, "how": "other", "how-Comment": "By fax",
                     "price_most": "90", "price_least": "10", "unknown": 1}  # fmt: skip
    # Keys given as keys stay as they are.
    assert answers_by_key(version.questions, {"satisfaction_score": 4}) == {"satisfaction_score": 4}


def test_the_api_takes_answers_as_surveyjs_sends_them_for_an_imported_survey(
    client: FlaskClient, session: Session
) -> None:
    """``survey.data`` posted as it is: names that are not keys, a multipletext's boxes under
    its name, "Other" as ``<name>-Comment``; stored under the questions' keys."""
    data = _page(
        {"type": "rating", "name": "satisfaction-score", "isRequired": True},
        {"type": "radiogroup", "name": "how", "choices": ["web", "phone"], "showOtherItem": True},
        PRICES["elements"][0],
    )
    journey = make_journey(session)
    survey = surveyjs.create_draft(
        session, journey, surveyjs.import_survey(data),
        stage=journey.stages[0], touchpoint=journey.touchpoints[0],
    )  # fmt: skip
    surveys.publish(session, survey)
    session.commit()
    url = f"/api/v1/surveys/{survey.public_id}/responses"

    posted = client.post(url, json={"answers": {
        "satisfaction-score": 4, "how": "other", "how-Comment": "By fax",
        "price": {"most": "90", "least": "10"}}})  # fmt: skip

    assert posted.status_code == 201, posted.get_json()
    created = posted.get_json()["response"]
    assert created["answers"] == {"satisfaction_score": 4, "how": "other", "how-Comment": "By fax",
                                  "price_most": "90", "price_least": "10"}  # fmt: skip
    # What the reply said is what was stored.
    assert (
        client.get(created["links"]["self"]).get_json()["response"]["answers"] == created["answers"]
    )
    # A box SurveyJS's question does not have is named as the shape gives it.
    boxes = {"least": "1", "cheapest": "0"}
    wrong = client.post(url, json={"answers": {"satisfaction-score": 4, "price": boxes}})
    assert wrong.status_code == 422
    assert "price.cheapest" in wrong.get_json()["error"]["fields"]


def test_the_designer_lists_what_an_export_would_change_before_saving(
    client: FlaskClient, session: Session, researcher: object
) -> None:
    edit_url = _imported(client, session, researcher, {"pages": [PRICES]})
    assert "What a SurveyJS export would change" not in client.get(edit_url).text

    designer = _FormValues()
    designer.feed(client.get(edit_url).text)
    # A box with help text no longer fits SurveyJS's boxes.
    fields = [(k, "Per month" if k == "questions-0-help_text" else v) for k, v in designer.fields]
    moved = client.post(edit_url, data=MultiDict([*fields, ("action", "down:0")]))

    assert moved.status_code == 200  # rearranged, not saved yet
    assert "What a SurveyJS export would change" in moved.text
    assert "it is written as a question of its own" in moved.text


FRAMEWORKS: dict[str, Any] = {
    "type": "matrixdropdown", "name": "fw", "title": "Frameworks", "choices": ["Good", "Bad"],
    "columns": [{"name": "using", "title": "Used?", "cellType": "radiogroup",
                 "choices": ["Yes", "No"]},
                {"name": "rate"}, {"name": "why", "cellType": "text", "maxLength": 500}],
    "rows": [{"value": "ng", "text": "Angular"}, "react"],
}  # fmt: skip


def test_a_matrix_of_dropdowns_is_one_question_per_cell_and_comes_back_as_one() -> None:
    result = surveyjs.import_survey(_page(FRAMEWORKS))
    specs = list(result.questions)

    assert [(s.key, s.kind, s.prompt) for s in specs] == [
        ("fw_ng_using", "single_choice", "Angular – Used?"),
        ("fw_ng_rate", "single_choice", "Angular – rate"),
        ("fw_ng_why", "free_text", "Angular – why"),
        ("fw_react_using", "single_choice", "react – Used?"),
        ("fw_react_rate", "single_choice", "react – rate"),
        ("fw_react_why", "free_text", "react – why"),
    ]
    assert specs[1].settings["options"] == ["Good", "Bad"]  # the matrix's choices
    assert result.dropped == ('page "p", question "fw": left out its grid (each cell is asked '
                              "on its own)",)  # fmt: skip
    (written,) = surveyjs.export_specs("t", "", specs)["pages"][0]["elements"]
    assert written["rows"] == [{"value": "ng", "text": "Angular"}, {"value": "react"}]
    assert written["columns"] == [
        {"name": "using", "title": "Used?", "cellType": "radiogroup", "choices": ["Yes", "No"]},
        {"name": "rate", "choices": ["Good", "Bad"]},
        {"name": "why", "cellType": "text", "maxLength": 500},
    ]
    assert surveyjs.export_losses(specs) == []
    keyed = answers_by_key(_version(specs).questions, {"fw": {"ng": {"using": "Yes"}}})
    assert keyed == {"fw_ng_using": "Yes"}


def test_a_matrix_cell_removed_in_the_designer_is_listed_as_a_loss() -> None:
    specs = list(surveyjs.import_survey(_page(FRAMEWORKS)).questions)
    assert surveyjs.export_losses(specs[:-1]) == [
        'matrix "fw" shows 1 cells in SurveyJS that are not asked here (their questions were '
        "removed)"
    ]


def test_a_tag_box_is_asked_as_checkboxes_and_said_so() -> None:
    data = _page({"type": "tagbox", "name": "tags", "choices": ["a", "b"], "allowClear": False})
    result = surveyjs.import_survey(data)
    assert [(s.kind, s.settings["options"]) for s in result.questions] == [
        ("multiple_choice", ["a", "b"])
    ]
    assert result.dropped == (
        'page "p", question "tags": left out its tag-box display (asked as checkboxes)',
        'page "p", question "tags": left out allowClear (display only)',
    )


def test_conditions_of_page_panel_and_question_hold_together_and_the_page_keeps_its_own() -> None:
    data = {"pages": [
        {"name": "one", "elements": [
            {"type": "rating", "name": "score"},
            {"type": "boolean", "name": "member"}]},
        {"name": "two", "visibleIf": "{score} notempty", "elements": [
            {"type": "panel", "name": "more", "visibleIf": "{member} = true", "elements": [
                {"type": "comment", "name": "why",
                 "visibleIf": "{score} <= 2 or !({score} > 4)"}]}]},
    ]}  # fmt: skip

    result = surveyjs.import_survey(data)

    assert [(p.name, p.show_if) for p in result.pages] == [
        ("one", None),
        ("two", "{score} notempty"),
    ]
    why = result.questions[2]
    assert why.settings["show_if"] == "{member} = true and ({score} <= 2 or !({score} > 4))"
    exported = surveyjs.export_specs("t", "", list(result.questions), result.pages)
    assert exported["pages"][1]["visibleIf"] == "{score} notempty"


def test_a_complete_trigger_ends_the_survey_after_the_page_it_reads() -> None:
    data = {
        "triggers": [{"type": "complete", "name": "stop", "operator": "equal", "value": "Yes"}],
        "pages": [
            {"name": "one", "elements": [{"type": "radiogroup", "name": "stop",
                                          "choices": ["Yes", "No"]}]},
            {"name": "two", "elements": [{"type": "text", "name": "more"}]},
        ],
    }  # fmt: skip

    result = surveyjs.import_survey(data)

    assert [(p.name, p.end_if) for p in result.pages] == [("one", "{stop} = 'Yes'"), ("two", None)]
    # SurveyJS has no page setting that says so: the export lists it as a loss.
    assert surveyjs.export_losses(list(result.questions), result.pages) == [
        "page \"one\" ends the survey when {stop} = 'Yes': SurveyJS has no such page setting, "
        "so its export asks the pages after it"
    ]


@pytest.mark.parametrize(
    ("element", "kind", "settings", "note"),
    [
        ({"type": "imagepicker", "name": "a", "imageHeight": 90, "choices": [
            {"value": "lion", "imageLink": "https://example.com/lion.jpg"}, "cat"]},
         "single_choice", {"options": ["lion", "cat"]},
         "its pictures (asked as a choice of their texts)"),
        ({"type": "boolean", "name": "a", "valueTrue": "Yes", "valueFalse": "No",
          "renderAs": "radio"},
         "single_choice", {"options": ["Yes", "No"]},
         "its yes/no display (asked as two choices)"),
        ({"type": "radiogroup", "name": "a", "choices": ["many|More than one", "one|Just one"]},
         "single_choice", {"options": [{"value": "many", "text": "More than one"},
                                       {"value": "one", "text": "Just one"}]}, None),
        ({"type": "text", "name": "a", "validators": [{"type": "email"}]}, "email", {}, None),
        ({"type": "text", "name": "a", "validators": [
            {"type": "numeric", "minValue": 10, "maxValue": 10000}]},
         "number", {"min": 10, "max": 10000}, None),
    ],
)  # fmt: skip
def test_elements_that_ask_a_kind_we_have_another_way_are_read_as_that_kind(
    element: dict[str, Any], kind: str, settings: dict[str, Any], note: str | None
) -> None:
    result = surveyjs.import_survey(_page(element))

    (spec,) = result.questions
    assert spec.kind == kind
    assert {k: spec.settings.get(k) for k in settings} == settings
    assert result.dropped == ((f'page "p", question "a": left out {note}',) if note else ())


def test_a_question_with_a_blank_title_is_asked_by_its_name() -> None:
    data = _page({"type": "radiogroup", "name": "status", "title": " ", "choices": ["A", "B"]})
    assert surveyjs.import_survey(data).questions[0].prompt == "status"
