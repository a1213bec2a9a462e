"""The designer edits every kind, pages, conditions and validators without JavaScript: a survey
saved unchanged keeps everything it had, and what cannot be saved is listed all at once, each
problem naming its question or page in a researcher's words (never a form field's id)."""

from __future__ import annotations

import re
from html import unescape

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import surveys
from surveys import lifecycle
from surveys.models import Survey, User
from surveys.pages import PageSpec
from tests.conftest import login, make_journey
from tests.test_designer import _form_fields

Q = surveys.QuestionSpec

EVERY_KIND = [
    Q("nps", "Would you recommend us?", required=True, key="nps",
      settings={"page": "start", "labels": {"0": "Never", "10": "Surely"}}),
    Q("csat", "How satisfied are you?", key="csat", settings={"page": "start"}),
    Q("ces", "How easy was it?", key="ces", settings={"page": "start"}),
    Q("rating", "Rate the staff", key="staff",
      settings={"page": "start", "min": 0, "max": 4, "default": 2}),
    Q("smiley", "How do you feel?", key="feel", settings={"page": "start", "max": 3}),
    Q("yes_no", "Was it your first visit?", key="first",
      settings={"page": "start", "label_true": "Yes, first", "label_false": "No, again"}),
    Q("single_choice", "Which country?", key="country", help_text="Where you live", settings={
        "page": "start", "display": "dropdown", "other": True, "other_text": "Elsewhere",
        "options": [{"value": "uk", "text": "United Kingdom"}, {"value": 2, "text": "France"}]}),
    Q("multiple_choice", "What did you buy?", key="bought", settings={
        "page": "more", "options": ["Shoes", "Socks"], "randomise": True, "none": True,
        "show_if": "{first} = true and ({nps} <= 6 or {country} = 'uk')"}),
    Q("ranking", "Rank these", key="rank",
      settings={"page": "more", "options": ["Price", "Speed", "Service"]}),
    Q("matrix", "Rate each part", key="grid", settings={
        "page": "more", "rows": ["Staff", {"value": "wait", "text": "Waiting time"}],
        "columns": [{"value": 1, "text": "Poor"}, {"value": 2, "text": "Good"}],
        "all_rows_required": True}),
    Q("number", "How many visits?", key="visits",
      settings={"page": "more", "min": 0, "max": 100, "step": 1,  # a check no field shows:
                "validators": [{"type": "numeric", "minValue": 1, "text": "At least once"}]}),
    Q("date", "When did you visit?", key="when",
      settings={"page": "more", "min": "2024-01-01", "max": "2026-12-31"}),
    Q("email", "Your email", key="mail", settings={"page": "more"}),
    Q("free_text", "Your order number", key="order", settings={
        "page": "more", "size": "short", "show_if": {"question": "nps", "operator": "at_most",
                                                     "value": 6},
        "validators": [{"type": "text", "minLength": 3, "maxLength": 12},
                       {"type": "regex", "regex": "^[A-Z]{2}[0-9]+$", "text": "Like AB123"}]}),
]  # fmt: skip
PAGES = [
    PageSpec("start", "About your visit"),
    PageSpec("more", "A little more", show_if="{nps} notempty", end_if="{visits} = 0"),
]


def _every_kind_survey(session: Session) -> Survey:
    journey = make_journey(session)
    survey = surveys.create_survey(
        session, journey, title="Every kind", stage=journey.stages[0],
        touchpoint=journey.touchpoints[0], questions=EVERY_KIND, pages=PAGES,
    )  # fmt: skip
    session.commit()
    return survey


def _edit_url(survey: Survey) -> str:
    return f"/journeys/{survey.journey.slug}/surveys/{survey.id}/edit"


def _saved(survey: Survey) -> tuple[list[surveys.QuestionSpec], list[PageSpec]]:
    newest = survey.versions[-1]
    return [lifecycle.spec_of(q) for q in newest.questions], lifecycle.pages_of_version(newest)


def test_a_survey_of_every_kind_saved_unchanged_in_the_designer_keeps_everything(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    survey = _every_kind_survey(session)
    before = _saved(survey)
    login(client, researcher)
    fields = _form_fields(client.get(_edit_url(survey)).text)
    reply = client.post(_edit_url(survey), data={**fields, "action": "save"})
    assert reply.status_code == 302, reply.text
    session.expire_all()
    after = _saved(survey)
    assert after[1] == before[1]
    for old, new in zip(before[0], after[0], strict=True):
        assert new == old


def test_every_problem_is_listed_at_once_naming_its_question_never_a_field_id(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    survey = _every_kind_survey(session)
    login(client, researcher)
    fields = _form_fields(client.get(_edit_url(survey)).text)
    fields.update({
        "title": "",  # a field's own check (WTForms)…
        "questions-1-prompt": "x" * 1001,  # …and the domain's, in the same round
        "questions-8-options": "Only one",
        "questions-9-columns": "",
        "questions-10-number_min": "ten",
        "questions-13-pattern": "(a+)+$",
        "questions-7-show_if_expression": "{first} = true and {later} > 3",
        "pages-1-show_if": "{nps} >",
        "action": "save",
    })  # fmt: skip
    reply = client.post(_edit_url(survey), data=fields)
    assert reply.status_code == 422
    summary = reply.text.split('id="error-summary"')[1].split("</div>")[0]
    items = [unescape(re.sub(r"<[^>]+>", "", li)).strip()
             for li in re.findall(r"<li[^>]*>(.*?)</li>", summary, re.S)]  # fmt: skip
    assert len(items) == 8, items
    expected = [
        "Title",
        "Page 2 “A little more”, Show this page only if",
        "Question 2 (csat “xxxxx",
        "Question 8 (bought “What did you buy?”), Condition: {later} names no question",
        "Question 9 (rank “Rank these”), Options",
        "Question 10 (grid “Rate each part”), The scale",
        "Question 11 (visits “How many visits?”), Smallest number allowed: must be a number",
        "Question 14 (order “Your order number”), Answers must match this pattern",
    ]
    for item, start in zip(items, expected, strict=True):
        assert item.startswith(start), (item, start)
    assert not any("questions-" in item or "pages-" in item for item in items)
    session.expire_all()
    assert survey.versions[-1].questions[0].prompt == "Would you recommend us?"  # nothing saved


def test_pages_are_added_and_removed_without_javascript_and_questions_follow(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    survey = _every_kind_survey(session)
    login(client, researcher)
    page = client.post(
        _edit_url(survey),
        data={**_form_fields(client.get(_edit_url(survey)).text), "action": "add_page"},
    ).text
    assert 'name="pages-2-title"' in page
    fields = _form_fields(page)
    fields.update({"pages-2-title": "Last words", "questions-13-page": "page3"})
    reply = client.post(_edit_url(survey), data={**fields, "action": "save"})
    assert reply.status_code == 302, reply.text
    session.expire_all()
    questions, pages = _saved(survey)
    assert [p.title for p in pages] == ["About your visit", "A little more", "Last words"]
    assert questions[-1].settings["page"] == "page3"
    # Removing the middle page moves its questions to the page before it.
    page = client.post(
        _edit_url(survey),
        data={**_form_fields(client.get(_edit_url(survey)).text), "action": "remove_page:1"},
    ).text
    reply = client.post(_edit_url(survey), data={**_form_fields(page), "action": "save"})
    assert reply.status_code == 302, reply.text
    session.expire_all()
    questions, pages = _saved(survey)
    assert [p.name for p in pages] == ["start", "page3"]
    assert [q.settings.get("page") for q in questions].count("start") == 13


def test_each_new_kind_is_added_and_set_up_by_buttons_and_fields_alone(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    survey = _every_kind_survey(session)
    login(client, researcher)
    page = client.get(_edit_url(survey)).text
    for kind in ("matrix", "ranking", "number", "date", "email", "yes_no"):
        page = client.post(
            _edit_url(survey), data={**_form_fields(page), "action": f"add:{kind}"}
        ).text
    fields = _form_fields(page)
    assert [fields[f"questions-{i}-kind"] for i in range(14, 20)] == [
        "matrix", "ranking", "number", "date", "email", "yes_no"]  # fmt: skip
    fields.update({
        "questions-14-prompt": "Rate the shop", "questions-14-rows": "Light\nclean = Cleanliness",
        "questions-14-columns": "1 = Bad\n2 = Good",
        "questions-15-prompt": "Order these", "questions-15-options": "A\nB\nC",
        "questions-16-prompt": "Age", "questions-16-number_min": "18", "questions-16-step": "1",
        "questions-17-prompt": "Birthday", "questions-17-date_max": "2010-12-31",
        "questions-18-prompt": "Email",
        "questions-19-prompt": "Again?", "questions-19-label_true": "Sure",
        "questions-19-show_if_expression": "{clean} empty",
        "action": "save",
    })  # fmt: skip
    reply = client.post(_edit_url(survey), data=fields)
    assert reply.status_code == 422  # "{clean}" is a row, not a question: named, not saved
    assert "{clean} names no question of this survey" in unescape(reply.text)
    grid, age = fields["questions-14-key"], fields["questions-16-key"]
    fields["questions-19-show_if_expression"] = f"{{{grid}.clean}} = 1 or {{{age}}} >= 18"
    reply = client.post(_edit_url(survey), data=fields)
    assert reply.status_code == 302, reply.text
    session.expire_all()
    added = {q.kind: q.settings for q in survey.versions[-1].questions[14:]}
    assert added["matrix"]["rows"] == ["Light", {"value": "clean", "text": "Cleanliness"}]
    assert added["matrix"]["columns"] == [{"value": 1, "text": "Bad"}, {"value": 2, "text": "Good"}]
    assert added["ranking"]["options"] == ["A", "B", "C"]
    assert (added["number"]["min"], added["number"]["step"]) == (18, 1)
    assert added["date"]["max"] == "2010-12-31"
    assert added["yes_no"]["label_true"] == "Sure"
    assert added["yes_no"]["show_if"] == f"{{{grid}.clean}} = 1 or {{{age}}} >= 18"
