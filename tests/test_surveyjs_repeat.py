"""Repeating groups (SurveyJS's ``matrixdynamic`` and ``paneldynamic``): imported as one question
whose rows are records of simple fields, asked on the hosted page with "Add another" and
"Remove" that work without JavaScript, stored in SurveyJS's shape, summarised field by field,
exported as records and written back as the element they came from."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

import surveys
from surveys import surveyjs
from surveys.kinds import KINDS, NumberSummary, RepeatSummary, TextSummary
from surveys.models import Answer, Question, Response, Survey, User
from tests.conftest import login, make_journey
from tests.test_surveyjs import _imported, _saved_unchanged, _version

VISITS: dict[str, Any] = {
    "type": "matrixdynamic", "name": "visits", "title": "Your visits", "isRequired": True,
    "columns": [
        {"name": "store", "title": "Store", "isRequired": True, "cellType": "dropdown",
         "choices": ["North", "South"]},
        {"name": "when", "title": "When", "cellType": "text", "inputType": "date"},
        {"name": "spent", "title": "Spent", "cellType": "text", "inputType": "number",
         "min": 0},
        {"name": "again", "title": "Again?", "cellType": "boolean"},
    ],
    "rowCount": 1, "maxRowCount": 3,
}  # fmt: skip
KIDS: dict[str, Any] = {
    "type": "paneldynamic", "name": "kids", "title": "Children",
    "templateElements": [
        {"name": "name", "title": "Name", "isRequired": True, "type": "text", "maxLength": 500},
        {"name": "age", "title": "Age", "type": "text", "inputType": "number"},
        {"name": "happy", "title": "Happy?", "type": "rating", "rateMin": 1, "rateMax": 5},
    ],
    "panelCount": 1, "maxPanelCount": 50,
}  # fmt: skip
DOCUMENT: dict[str, Any] = {"title": "Visits", "pages": [{"name": "p", "elements": [VISITS, KIDS]}]}


def _questions() -> list[surveys.QuestionSpec]:
    return list(surveyjs.import_survey(copy.deepcopy(DOCUMENT)).questions)


def _survey(session: Session) -> Survey:
    journey = make_journey(session)
    survey = surveys.create_survey(
        session, journey, title="Visits", stage=journey.stages[0],
        touchpoint=journey.touchpoints[0], questions=_questions(),
    )  # fmt: skip
    surveys.publish(session, survey)
    session.commit()
    return survey


def _hidden(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def test_dynamic_matrices_and_panels_import_as_repeating_groups_and_export_as_they_came() -> None:
    result = surveyjs.import_survey(copy.deepcopy(DOCUMENT))
    visits, kids = result.questions

    assert (visits.kind, kids.kind) == ("repeat", "repeat")
    assert (visits.settings["style"], kids.settings["style"]) == ("table", "panels")
    assert [(f["name"], f["kind"]) for f in visits.settings["fields"]] == [
        ("store", "single_choice"), ("when", "date"), ("spent", "number"), ("again", "yes_no"),
    ]  # fmt: skip
    assert (visits.settings["start_rows"], visits.settings["max_rows"]) == (1, 3)
    assert result.problems == () and result.dropped == ()
    exported = surveyjs.export_version("Visits", "", _version(list(result.questions)))
    assert exported == DOCUMENT


def test_a_matrix_shared_cell_type_and_choices_reach_columns_that_give_none() -> None:
    matrix = {"type": "matrixdynamic", "name": "m", "cellType": "radiogroup",
              "choices": [1, 2, 3], "columns": [{"name": "a"}, {"name": "b", "cellType": "text"}],
              "addRowText": "More"}  # fmt: skip
    result = surveyjs.import_survey({"elements": [matrix]})
    fields = result.questions[0].settings["fields"]

    assert fields[0] == {"name": "a", "kind": "single_choice", "settings": {"options": [1, 2, 3]}}
    assert fields[1]["kind"] == "free_text"
    assert result.dropped == ('page "page1", question "m": left out addRowText '
                              "(SurveyJS's own button and message texts)",)  # fmt: skip


RELATIVES: dict[str, Any] = {
    "type": "paneldynamic", "name": "rel", "title": "Relatives",
    "templateElements": [
        {"name": "alive", "title": "Alive?", "isRequired": True, "type": "radiogroup",
         "choices": ["Yes", "No"]},
        {"name": "age", "title": "Age", "isRequired": True, "visibleIf": "{panel.alive} = 'Yes'",
         "type": "text", "inputType": "number"},
        {"name": "cause", "title": "Cause",
         "visibleIf": "{panel.alive} = 'No' and {panel.age} empty", "type": "text",
         "maxLength": 500},
    ],
    "panelCount": 1, "maxPanelCount": 50,
}  # fmt: skip


def test_a_fields_condition_on_its_own_row_is_kept_and_written_back() -> None:
    document = {"title": "t", "clearInvisibleValues": "onHidden",
                "pages": [{"name": "p", "elements": [RELATIVES]}]}  # fmt: skip
    (spec,) = surveyjs.import_survey(copy.deepcopy(document)).questions

    assert [f.get("show_if") for f in spec.settings["fields"]] == [
        None, "{panel.alive} = 'Yes'", "{panel.alive} = 'No' and {panel.age} empty",
    ]  # fmt: skip
    assert surveyjs.export_version("t", "", _version([spec])) == document


def test_a_hidden_cell_is_neither_kept_nor_required_and_cells_reading_it_are_judged_again() -> None:
    (spec,) = surveyjs.import_survey({"elements": [RELATIVES]}).questions
    question = Question(key="rel", kind="repeat", prompt="Relatives", settings=spec.settings)
    kind = KINDS["repeat"]

    def stored(records: list[dict[str, object]]) -> object:
        clean = kind.check(question, records)
        return clean if isinstance(clean, str) else json.loads(clean.text or "")

    assert stored([{"alive": "Yes"}]) == "row 1: answer Age"
    assert stored([{"alive": "Yes", "age": 80, "cause": "x"}]) == [{"alive": "Yes", "age": 80}]
    # Age is hidden for "No", so its value goes, and then "Cause" (asked when age is empty) stays.
    assert stored([{"alive": "No", "age": 80, "cause": "Flu"}]) == [{"alive": "No", "cause": "Flu"}]


def test_conditions_beyond_the_row_and_fields_that_are_grids_are_refused_by_name() -> None:
    panel = {"type": "paneldynamic", "name": "rel", "templateElements": [
        {"type": "radiogroup", "name": "alive", "choices": ["Yes", "No"]},
        {"type": "text", "name": "age", "visibleIf": "{panel.alive} = 'Yes' and {other} = 1"},
        {"type": "text", "name": "note", "enableIf": "{panel.alive} = 'Yes'"},
        {"type": "matrix", "name": "grid", "rows": ["a"], "columns": [1, 2]},
    ]}  # fmt: skip
    with pytest.raises(surveyjs.SurveyJSRefused) as refused:
        surveyjs.import_survey({"elements": [panel, {"type": "text", "name": "other"}]})

    assert refused.value.result.problems == (
        'page "page1", question "rel": field "note": enableIf "{panel.alive} = \'Yes\'" cannot '
        "be imported (in a repeating group only a field's visibleIf and requiredIf hold row by "
        "row)",
        'page "page1", question "rel": field "grid": type "matrix" cannot be a field of a '
        "repeating group (text, numbers, dates, choices, yes/no and ratings can)",
        'page "page1", question "rel": field "age": visibleIf "{panel.alive} = \'Yes\' and '
        "{other} = 1\" reads {other}: a field's condition may read only its own row's "
        "fields ({row.x} or {panel.x})",
    )


def test_each_cell_is_checked_by_its_fields_kind_and_the_rows_are_bounded() -> None:
    spec = _questions()[0]
    question = Question(key="visits", kind="repeat", prompt="Your visits", required=True,
                        settings=spec.settings)  # fmt: skip
    kind = KINDS["repeat"]

    clean = kind.check(question, [{"store": "North", "spent": "12.5", "again": True}, {}])
    assert not isinstance(clean, str)
    assert kind.value(question, clean.text, None) == [
        {"store": "North", "spent": 12.5, "again": True}
    ]
    assert str(kind.check(question, [{"store": "East"}])).startswith("row 1, Store: ")
    assert kind.check(question, [{"spent": 3}]) == "row 1: answer Store"
    assert kind.check(question, [{"store": "North", "colour": "red"}]) == (
        "row 1 has no field 'colour'"
    )
    assert kind.check(question, [{"store": "North"}] * 4) == "give at most 3 rows"
    assert kind.check(question, {"store": "North"}) == (
        'must give a list of rows, like [{"field": value}]'
    )
    assert kind.check(question, [{}]) == "answer at least one row"


def test_the_group_settings_are_bounded() -> None:
    spec = _questions()[0]
    kind = KINDS["repeat"]
    many = {**spec.settings, "fields": [{"name": f"f{i}", "kind": "free_text"} for i in range(21)]}
    assert kind.settings_problem(surveys.QuestionSpec("repeat", "x", settings=many)) == (
        "fields",
        "a row has at most 20 fields",
    )
    rows = {**spec.settings, "max_rows": 51}
    assert kind.settings_problem(surveys.QuestionSpec("repeat", "x", settings=rows)) == (
        "max_rows",
        "must be a whole number from 0 to 50",
    )
    grid = {**spec.settings, "fields": [{"name": "g", "kind": "matrix"}]}
    problem = kind.settings_problem(surveys.QuestionSpec("repeat", "x", settings=grid))
    assert problem is not None and problem[0] == "fields"


def test_rows_are_added_and_removed_without_javascript_and_kept_as_records(
    client: FlaskClient, session: Session
) -> None:
    survey = _survey(session)
    first = client.get(f"/s/{survey.public_id}")
    assert first.status_code == 200
    # One row of the table and one panel to start with, each with a button to add another.
    assert 'name="visits.0.store"' in first.text and 'name="visits.1.store"' not in first.text
    assert 'name="kids.0.name"' in first.text
    assert first.text.count("Add another") == 2

    row = {"visits.0.store": "North", "visits.0.when": "2026-03-01", "visits.0.spent": "12"}
    added = client.post(f"/s/{survey.public_id}", data={
        **_hidden(first.text), **row, "jm_nav": "add:visits"})  # fmt: skip
    # The page comes back with the typed row kept and one more, and the answers are saved.
    assert added.status_code == 200, added.text
    assert 'name="visits.1.store"' in added.text and 'name="visits.2.store"' not in added.text
    assert 'value="2026-03-01"' in added.text
    session.expire_all()
    saved = session.scalars(select(Answer).join(Response).where(
        Response.survey_id == survey.id)).all()  # fmt: skip
    assert [json.loads(a.value_text or "") for a in saved] == [
        [{"store": "North", "when": "2026-03-01", "spent": 12}]
    ]

    second = {"visits.1.store": "South", "visits.1.again": "true"}
    removed = client.post(f"/s/{survey.public_id}", data={
        **_hidden(added.text), **row, **second, "jm_nav": "remove:visits:0"})  # fmt: skip
    assert removed.status_code == 200
    assert 'name="visits.1.store"' not in removed.text

    last = {"visits.0.store": "South", "visits.0.again": "true", "kids.0.name": "Ada",
            "kids.0.age": "7", "kids.0.happy": "5", "jm_nav": "next"}  # fmt: skip
    sent = client.post(f"/s/{survey.public_id}", data={**_hidden(removed.text), **last})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/thanks")
    session.expire_all()
    response = session.scalars(select(Response).where(Response.survey_id == survey.id)).one()
    assert response.completed_at is not None
    stored = {a.question.key: KINDS["repeat"].value(a.question, a.value_text, None)
              for a in response.answers}  # fmt: skip
    assert stored == {
        "visits": [{"store": "South", "again": True}],
        "kids": [{"name": "Ada", "age": 7, "happy": 5}],
    }


def test_a_bad_cell_is_named_and_the_page_shown_again(
    client: FlaskClient, session: Session
) -> None:
    survey = _survey(session)
    first = client.get(f"/s/{survey.public_id}")
    bad = client.post(f"/s/{survey.public_id}", data={
        **_hidden(first.text), "visits.0.spent": "-4", "kids.0.name": "Ada"})  # fmt: skip
    assert bad.status_code == 422
    # The first problem of the group is named by row and field.
    assert "row 1, Spent: " in bad.text


def test_the_api_takes_surveyjs_records_and_the_results_summarise_each_field(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    survey = _survey(session)
    answers = [[{"name": "Ada", "age": 7}, {"name": "Bo", "age": 9}], [{"name": "Cy", "age": 5}]]
    for kids in answers:
        reply = client.post(
            f"/api/v1/surveys/{survey.public_id}/responses",
            data=json.dumps({"answers": {"visits": [{"store": "North"}], "kids": kids}}),
            headers={"Content-Type": "application/json"},
        )
        assert reply.status_code == 201, reply.get_json()
    refused = client.post(
        f"/api/v1/surveys/{survey.public_id}/responses",
        data=json.dumps({"answers": {"visits": [{"store": "North"}], "kids": [{"age": 3}]}}),
        headers={"Content-Type": "application/json"},
    )
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"] == {"kids": "row 1: answer Name"}

    question = next(q for q in survey.live_version.questions if q.key == "kids")
    summary = KINDS["repeat"].summarise(question, answers)
    assert isinstance(summary, RepeatSummary) and (summary.answered, summary.rows) == (2, 3)
    assert summary.fields["name"] == TextSummary(3, ("Ada", "Bo", "Cy"))
    assert summary.fields["age"] == NumberSummary(3, 7.0, 7.0, 5.0, 9.0)

    login(client, researcher)
    base = f"/journeys/{survey.journey.slug}/surveys/{survey.id}"
    page = client.get(f"{base}/summary")
    assert page.status_code == 200
    assert "Fields: age" in page.text and "mean 7.00" in page.text
    exported = client.get(f"{base}/responses.csv")
    rows = list(csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert sorted((json.loads(r["kids"]) for r in rows), key=json.dumps) == answers


def test_a_group_opened_in_the_designer_and_saved_unchanged_exports_as_it_came(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    edit_url = _imported(client, session, researcher, DOCUMENT)
    assert _saved_unchanged(client, edit_url) == DOCUMENT


def test_a_cell_asked_under_a_condition_shows_up_once_its_row_says_so_without_javascript(
    client: FlaskClient, session: Session
) -> None:
    journey = make_journey(session)
    survey = surveys.create_survey(
        session, journey, title="Relatives", stage=journey.stages[0],
        touchpoint=journey.touchpoints[0],
        questions=list(surveyjs.import_survey({"elements": [RELATIVES]}).questions),
    )  # fmt: skip
    surveys.publish(session, survey)
    session.commit()
    first = client.get(f"/s/{survey.public_id}")
    assert 'name="rel.0.alive"' in first.text and 'name="rel.0.age"' not in first.text

    asked = client.post(f"/s/{survey.public_id}", data={
        **_hidden(first.text), "rel.0.alive": "Yes", "jm_nav": "next"})  # fmt: skip

    # Age is required once "Yes" is in: the page comes back asking it, naming the row.
    assert asked.status_code == 422
    assert "row 1: answer Age" in asked.text and 'name="rel.0.age"' in asked.text
    assert 'name="rel.0.cause"' not in asked.text
    answered = {"rel.0.alive": "Yes", "rel.0.age": "80", "jm_nav": "next"}
    sent = client.post(f"/s/{survey.public_id}", data={**_hidden(asked.text), **answered})
    assert sent.status_code == 302


def test_default_rows_start_the_page_filled_in_and_are_written_back(
    client: FlaskClient, session: Session
) -> None:
    family = {
        "type": "paneldynamic", "name": "family", "title": "Family",
        "templateElements": [{"name": "who", "title": "Who", "type": "dropdown",
                              "choices": ["father", "mother", "sister"]}],
        "panelCount": 0, "maxPanelCount": 50,
        "defaultValue": [{"who": "father"}, {"who": "mother"}],
    }  # fmt: skip
    (spec,) = surveyjs.import_survey({"elements": [copy.deepcopy(family)]}).questions
    assert spec.settings["default"] == [{"who": "father"}, {"who": "mother"}]
    exported = surveyjs.export_version("t", "", _version([spec]))
    assert exported["pages"][0]["elements"] == [{**family, "title": "Family"}]
    journey = make_journey(session)
    survey = surveys.create_survey(
        session, journey, title="Family", stage=journey.stages[0],
        touchpoint=journey.touchpoints[0], questions=[spec],
    )  # fmt: skip
    surveys.publish(session, survey)
    session.commit()

    page = client.get(f"/s/{survey.public_id}")

    # Two panels, as the default rows say (SurveyJS starts with none here otherwise).
    assert re.findall(r'<option selected value="(\w+)">', page.text) == ["father", "mother"]
    with pytest.raises(surveyjs.SurveyJSRefused) as refused:
        surveyjs.import_survey({"elements": [{**family, "defaultValue": [{"who": "uncle"}]}]})
    assert refused.value.result.problems == (
        'page "page1", question "family": default: the default answer does not fit: row 1, Who: '
        "must be one of the options",
    )


#: The published ``testcafe-requiredif`` file: a column required when an answer outside the
#: matrix says so (``{a} = 'item2'``), here with a second column required by its own row too.
REQUIRED_IF: dict[str, Any] = {"elements": [
    {"type": "radiogroup", "name": "a", "choices": ["item1", "item2", "item3"]},
    {"type": "matrixdynamic", "name": "c", "rowCount": 1, "columns": [
        {"cellType": "text", "name": "col1", "requiredIf": "{a} = 'item2'"},
        {"cellType": "text", "name": "col2", "isRequired": True,
         "requiredIf": "{row.col1} = 'x' or {a} = 'item3'"},
    ]},
]}  # fmt: skip


def _required_if_survey(session: Session) -> Survey:
    journey = make_journey(session)
    survey = surveys.create_survey(
        session, journey, title="Required if", stage=journey.stages[0],
        touchpoint=journey.touchpoints[0],
        questions=list(surveyjs.import_survey(copy.deepcopy(REQUIRED_IF)).questions),
    )  # fmt: skip
    surveys.publish(session, survey)
    session.commit()
    return survey


def _api_post(client: FlaskClient, survey: Survey, body: dict[str, Any]) -> Any:
    return client.post(f"/api/v1/surveys/{survey.public_id}/responses", json=body)


def test_a_fields_required_if_reading_an_earlier_question_imports_and_is_written_back() -> None:
    result = surveyjs.import_survey(copy.deepcopy(REQUIRED_IF))
    group = result.questions[1]

    # requiredIf decides alone, as in SurveyJS: isRequired beside it is not "required".
    assert [(f["name"], f.get("required"), f.get("required_if"))
            for f in group.settings["fields"]] == [
        ("col1", None, "{a} = 'item2'"), ("col2", None, "{row.col1} = 'x' or {a} = 'item3'"),
    ]  # fmt: skip
    written = surveyjs.export_specs("t", "", list(result.questions))["pages"][0]["elements"][1]
    assert [(c["name"], c.get("requiredIf"), c.get("isRequired")) for c in written["columns"]] == [
        ("col1", "{a} = 'item2'", None), ("col2", "{row.col1} = 'x' or {a} = 'item3'", None),
    ]  # fmt: skip


def test_a_fields_required_if_reading_a_later_or_unknown_question_is_refused() -> None:
    later = {"elements": [REQUIRED_IF["elements"][1], REQUIRED_IF["elements"][0]]}
    with pytest.raises(surveyjs.SurveyJSRefused) as refused:
        surveyjs.import_survey(copy.deepcopy(later))
    assert "{a} is not asked before this" in " ".join(refused.value.result.problems)

    unknown = copy.deepcopy(REQUIRED_IF)
    unknown["elements"][1]["columns"][0]["requiredIf"] = "{row.nope} = 1"
    with pytest.raises(surveyjs.SurveyJSRefused) as refused:
        surveyjs.import_survey(unknown)
    assert refused.value.result.problems == (
        'page "page1", question "c": column "col1": requiredIf "{row.nope} = 1" reads '
        "{row.nope}: a field's condition may read only its own row's fields ({row.x} or "
        "{panel.x}) and earlier questions",
    )


def test_a_fields_required_if_is_judged_per_row_with_the_earlier_answers_by_the_api(
    client: FlaskClient, session: Session
) -> None:
    survey = _required_if_survey(session)

    refused = _api_post(client, survey, {"answers": {"a": "item2", "c": [{"col2": "y"}]}})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"] == {"c": "row 1: answer col1"}
    # Its own row: col1 'x' asks for col2 in that row only.
    refused = _api_post(client, survey, {"answers": {"c": [{"col1": "z"}, {"col1": "x"}]}})
    assert refused.get_json()["error"]["fields"] == {"c": "row 2: answer col2"}
    refused = _api_post(client, survey, {"answers": {"a": "item3", "c": [{"col1": "z"}]}})
    assert refused.get_json()["error"]["fields"] == {"c": "row 1: answer col2"}
    for fine in ({"a": "item1", "c": [{"col2": "y"}]}, {"a": "item2", "c": [{"col1": "z"}]},
                 {"c": [{"col1": "x", "col2": "y"}, {"col1": "z"}]}):  # fmt: skip
        assert _api_post(client, survey, {"answers": fine}).status_code == 201, fine


def test_finishing_a_partial_response_judges_the_rows_on_the_answers_as_they_now_stand(
    client: FlaskClient, session: Session
) -> None:
    survey = _required_if_survey(session)
    started = _api_post(
        client, survey, {"answers": {"a": "item1", "c": [{"col2": "y"}]}, "complete": False}
    )
    assert started.status_code == 201, started.get_json()
    url = f"/api/v1/responses/{started.json['response']['id']}"

    # Changing the earlier answer afterwards makes col1 required in the rows already given.
    assert client.patch(url, json={"answers": {"a": "item2"}}).status_code == 200
    finished = client.post(f"{url}/complete")
    assert finished.status_code == 422
    assert finished.get_json()["error"]["fields"] == {"c": "row 1: answer col1"}
    done = client.post(f"{url}/complete", json={"answers": {"c": [{"col1": "z", "col2": "y"}]}})
    assert done.status_code == 200, done.get_json()


def test_a_fields_required_if_holds_on_the_hosted_page_without_javascript(
    client: FlaskClient, session: Session
) -> None:
    survey = _required_if_survey(session)
    first = client.get(f"/s/{survey.public_id}")
    bad = client.post(f"/s/{survey.public_id}", data={
        **_hidden(first.text), "a": "item2", "c.0.col2": "y", "jm_nav": "next"})  # fmt: skip
    assert bad.status_code == 422
    assert "row 1: answer col1" in bad.text

    sent = client.post(f"/s/{survey.public_id}", data={
        **_hidden(first.text), "a": "item1", "c.0.col2": "y", "jm_nav": "next"})  # fmt: skip
    assert sent.status_code == 302, sent.text
    session.expire_all()
    response = session.scalars(select(Response).where(Response.survey_id == survey.id)).one()
    assert response.completed_at is not None
