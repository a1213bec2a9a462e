"""SurveyJS ``setvalue`` triggers as set-value rules: imported, applied wherever answers come
in (page, widget, API) and written back (survey-core stores the same answers:
``tests/test_surveyjs_equivalence.py``)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from surveys import surveyjs
from surveys.models import Response, Survey
from tests.test_required_rules import _accepted, _api, _post, _published, _version
from tests.test_surveyjs import _FormValues, _imported

CORPUS = Path(__file__).parent / "data" / "surveyjs_corpus"
#: The published file: "Use your current data" Yes fills the name and e-mail, No clears them
#: (and sets a variable only its thank-you page shows).
TRIGGERS = json.loads((CORPUS / "trigger-setvalue.json").read_text(encoding="utf-8"))
JON = {"copy": "Yes", "name": "Jon Snow", "email": "jon.snow@nightwatch.com"}


def _stored(session: Session) -> list[dict[str, Any]]:
    """Each response's stored answers (key → value), oldest first."""
    session.expire_all()
    responses = session.scalars(select(Response).order_by(Response.id)).all()
    return [{a.question.key: a.value_text for a in r.answers} for r in responses]


def test_the_published_setvalue_file_imports_with_its_rules_and_exports_them_back() -> None:
    read = surveyjs.import_survey(TRIGGERS)

    by_key = {spec.key: spec for spec in read.questions}
    assert by_key["name"].settings["set_by"] == [
        {"if": "{copy} = 'Yes'", "value": "Jon Snow"}, {"if": "{copy} = 'No'", "value": ""}
    ]  # fmt: skip
    assert any(
        'trigger 3: left out (setvalue sets the variable "tempvar"' in d for d in read.dropped
    )
    exported = surveyjs.export_version("t", "", _version(TRIGGERS))
    assert exported["triggers"] == [
        {"type": "setvalue", "expression": "{copy} = 'Yes'", "setToName": "name",
         "setValue": "Jon Snow"},
        {"type": "setvalue", "expression": "{copy} = 'No'", "setToName": "name", "setValue": ""},
        {"type": "setvalue", "expression": "{copy} = 'Yes'", "setToName": "email",
         "setValue": "jon.snow@nightwatch.com"},
        {"type": "setvalue", "expression": "{copy} = 'No'", "setToName": "email", "setValue": ""},
    ]  # fmt: skip
    again = surveyjs.import_survey(exported)
    assert [s.settings.get("set_by") for s in again.questions] == [
        s.settings.get("set_by") for s in read.questions
    ]


@pytest.mark.parametrize(
    ("trigger", "refusal"),
    [
        ({"runExpression": "1"}, 'trigger 1 ("runexpression") has no equivalent here'),
        ({"setToName": "nobody", "setValue": "x"}, "setvalue sets 'nobody', no question here"),
        ({"setToName": "when", "setValue": "soon"}, 'setValue "soon" does not answer it'),
        (
            {"setToName": "copy", "setValue": "No", "expression": "{name} notempty"},
            "reads what a setvalue trigger sets",
        ),
    ],
    ids=["runexpression", "unknown-target", "wrong-value", "chain"],
)
def test_a_trigger_that_cannot_be_matched_is_refused_naming_it(
    trigger: dict[str, Any], refusal: str
) -> None:
    kind = "runexpression" if "runExpression" in trigger else "setvalue"
    chained = [{"type": "setvalue", "expression": "{copy} = 'Yes'", "setToName": "name",
                "setValue": "Jon"}] if kind == "setvalue" else []  # fmt: skip
    document = {**TRIGGERS, "triggers": [
        {"type": kind, "expression": "{copy} = 'Yes'", **trigger}, *chained]}  # fmt: skip
    document["pages"][0]["questions"].append(
        {"type": "text", "name": "when", "inputType": "number"}
    )
    try:
        with pytest.raises(surveyjs.SurveyJSRefused) as refused:
            surveyjs.import_survey(document)
    finally:
        document["pages"][0]["questions"].pop()
    assert any(refusal in p and "survey: trigger 1" in p for p in refused.value.result.problems), (
        refused.value.result.problems
    )


@pytest.mark.parametrize("widget", [False, True], ids=["page", "widget"])
def test_choosing_yes_on_the_page_fills_the_answers_the_respondent_left_blank(
    client: FlaskClient, session: Session, widget: bool
) -> None:
    survey = _published(session, TRIGGERS)

    sent = _post(client, survey, {"copy": "Yes"}, widget=widget)
    assert _accepted(sent, widget=widget), sent.text
    typed = _post(client, survey, {"copy": "Yes", "name": "Arya"}, widget=widget)
    assert _accepted(typed, widget=widget), typed.text
    given = {"copy": "No", "name": "Arya", "email": "a@b.org"}
    assert _accepted(_post(client, survey, given, widget=widget), widget=widget)

    assert _stored(session) == [JON, {**JON, "name": "Arya"}, given]


def test_the_api_stores_what_the_rules_set_and_clears_what_they_clear(
    client: FlaskClient, session: Session
) -> None:
    survey: Survey = _published(session, TRIGGERS)

    assert _api(client, survey, {"copy": "Yes"}).status_code == 201
    given = {"copy": "No", "name": "Arya", "email": "a@b.org"}  # given after No cleared them
    assert _api(client, survey, given).status_code == 201
    partial = client.post(
        f"/api/v1/surveys/{survey.public_id}/responses",
        json={"answers": {"copy": "Yes"}, "complete": False},
    )
    assert partial.status_code == 201, partial.text
    patched = client.patch(
        f"/api/v1/responses/{partial.get_json()['response']['id']}",
        json={"answers": {"copy": "No"}},
    )
    assert patched.status_code == 200, patched.text

    assert _stored(session) == [JON, given, {"copy": "No"}]


def test_the_designer_shows_the_rules_and_saving_unchanged_keeps_them(
    client: FlaskClient, session: Session, researcher: object
) -> None:
    quoted = {**TRIGGERS, "triggers": [{**TRIGGERS["triggers"][0], "setValue": "<b>Jon</b>"}]}
    edit_url = _imported(client, session, researcher, quoted)
    before = client.get(edit_url.replace("/edit", "/surveyjs.json")).get_json()

    page = client.get(edit_url).text
    assert "when <code>{copy} = &#39;Yes&#39;</code>, its answer becomes" in page
    assert "<b>Jon</b>" not in page  # the value is shown escaped
    designer = _FormValues()
    designer.feed(page)
    saved = client.post(edit_url, data=MultiDict([*designer.fields, ("action", "save")]))

    assert saved.status_code == 302, saved.text
    after = client.get(edit_url.replace("/edit", "/surveyjs.json")).get_json()
    assert after["triggers"] == before["triggers"] == [
        {"type": "setvalue", "expression": "{copy} = 'Yes'", "setToName": "name",
         "setValue": "<b>Jon</b>"}
    ]  # fmt: skip


def test_a_rule_on_a_later_page_clears_an_answer_kept_from_an_earlier_one(
    client: FlaskClient, session: Session
) -> None:
    copy, name = TRIGGERS["pages"][0]["questions"][:2]
    name = {**name, "isRequired": False}  # a cleared required answer would be asked for again
    two_pages = {**TRIGGERS, "pages": [{"name": "who", "elements": [name]},
                                       {"name": "use", "elements": [copy]}]}  # fmt: skip
    two_pages["triggers"] = [t for t in TRIGGERS["triggers"] if t["setToName"] == "name"]
    survey = _published(session, two_pages)

    first = _post(client, survey, {"name": "Arya"}, widget=False)
    assert first.status_code in (302, 303), first.text
    page = client.get(first.location).text
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    action = html.unescape(re.findall(r'data-answer-form action="([^"]+)"', page)[0])
    done = client.post(action, data={**fields, "copy": "No"})
    assert done.status_code in (302, 303), done.text

    assert _stored(session) == [{"copy": "No"}]  # survey-core: name set, then cleared by No
