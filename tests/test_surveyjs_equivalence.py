"""Our exports judged by SurveyJS itself: survey-core (from npm, in node) loads each one without
warnings, sees the same questions of the same types, keeps our kinds when it writes the survey
back (what its editor saves), and shows and hides every question as our server does for the
same answers."""

from __future__ import annotations

import copy
import itertools
import random
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pytest

from demo.data import TOUCHPOINTS
from demo.seed import _questions as demo_questions
from surveys import clean_answers, surveyjs
from surveys.answer_names import answers_by_key, surveyjs_name
from surveys.answers import AnswerRules, is_blank
from surveys.design import build_questions, stored_pages
from surveys.errors import InvalidAnswer
from surveys.kinds import KINDS, ScaleKind
from surveys.kinds.items import items_of
from surveys.kinds.repeat import cells_of, shown_cells
from surveys.library import TEMPLATES
from surveys.models import Question, SurveyVersion
from surveys.pages import PageSpec, page_specs, visible_questions
from surveys.questions import QuestionSpec
from tests.surveyjs_node.runner import surveyjs_reports
from tests.test_set_value_rules import TRIGGERS
from tests.test_surveyjs import EVERY_TYPE
from tests.test_surveyjs_repeat import REQUIRED_IF as COLUMNS_REQUIRED_IF

# How many answer sets each survey's conditions are judged on (boundary values come first).
SAMPLES = 60
#: A file as SurveyJS's file question holds it (the smallest PNG header).
PNG = "data:image/png;base64,iVBORw0KGgo="


def _version(specs: Sequence[QuestionSpec], pages: Sequence[PageSpec] = ()) -> SurveyVersion:
    """An unsaved version holding ``specs`` with keys on ``pages``, as a saved one holds them."""
    version = SurveyVersion(number=1, pages=stored_pages(page_specs(
        [p.stored() for p in pages], specs)))  # fmt: skip
    version.questions = build_questions(specs)
    return version


#: A page of the kinds EVERY_TYPE lacks, shown under a page condition, with conditions that
#: combine answers with and, or and not, read numbers, yes/no, matrix rows and "Other".
NEW_KINDS: dict[str, Any] = {"name": "details", "title": "Details",
                             "visibleIf": "{satisfaction} notempty", "elements": [
    {"type": "text", "inputType": "number", "name": "visits", "title": "Visits this year",
     "min": 0, "max": 50},
    {"type": "text", "inputType": "date", "name": "visited", "title": "Last visit"},
    {"type": "text", "inputType": "email", "name": "mail", "title": "E-mail",
     "visibleIf": "{visits} > 3 or {first_time} = false"},
    {"type": "text", "inputType": "color", "name": "tint", "title": "Your colour"},
    {"type": "ranking", "name": "rank", "title": "Rank these", "choices": ["Price", "Speed"]},
    {"type": "matrix", "name": "grid", "title": "Rate us", "rows": ["staff", "shop"],
     "columns": [{"value": 1, "text": "Bad"}, {"value": 2, "text": "Fine"},
                 {"value": 3, "text": "Good"}]},
    {"type": "radiogroup", "name": "plan", "title": "Plan", "showOtherItem": True,
     "choices": [{"value": 1, "text": "Basic"}, {"value": 2, "text": "Pro"}]},
    {"type": "comment", "name": "grid_why", "title": "Why?",
     "visibleIf": "{grid.staff} <= 1 and !({plan} = 2)"},
    {"type": "text", "name": "plan_other", "title": "Which plan?",
     "visibleIf": "{plan} = 'other' or ({visits} >= 10 and {rank} notempty)"},
    {"type": "file", "name": "receipt", "title": "Your receipt", "allowMultiple": True,
     "maxSize": 102400, "acceptedTypes": "image/*,.pdf", "storeDataAsText": True},
    {"type": "comment", "name": "receipt_note", "title": "About the receipt",
     "visibleIf": "{receipt} notempty"},
    {"type": "signaturepad", "name": "signed", "title": "Sign here"},
]}  # fmt: skip


def _every_kind_and_logic() -> tuple[list[QuestionSpec], list[PageSpec]]:
    """One survey with every kind, pages (one shown under a condition), a panel and conditions
    on every kind of answer."""
    document = copy.deepcopy(EVERY_TYPE)
    document["pages"].append(copy.deepcopy(NEW_KINDS))
    read = surveyjs.import_survey(document)
    specs, pages = list(read.questions), list(read.pages)
    extra = [
        QuestionSpec("csat", "Happy with delivery?", key="delivery", settings={"page": "more"}),
        QuestionSpec("free_text", "What went wrong with delivery?", key="delivery_why",
                     settings={"page": "more", "size": "short",
                               "show_if": {"question": "delivery", "operator": "at_most",
                                           "value": "2"},
                               "surveyjs": {"panels": [{"name": "follow", "title": "Follow-up"}]}}),
        QuestionSpec("rating", "Value for money", key="value_money",
                     settings={"page": "more", "min": 0, "max": 10,
                               "show_if": {"question": "payment", "operator": "not_equals",
                                           "value": "Invoice"}}),
        QuestionSpec("free_text", "Anything else?", key="else_",
                     settings={"page": "more", "show_if": {"question": "why",
                                                          "operator": "answered"}}),
    ]  # fmt: skip
    groups = {"pages": [{"name": "groups", "elements": [
        {"type": "multipletext", "name": "price", "title": "What would you pay?", "items": [
            {"name": "most", "title": "At most"}, {"name": "least", "title": "At least"}]},
        {"type": "comment", "name": "price_why", "visibleIf": "{price.most} notempty"},
        {"type": "matrixdropdown", "name": "fw", "title": "Frameworks", "choices": ["Good", "Bad"],
         "columns": [{"name": "using", "choices": ["Yes", "No"], "cellType": "radiogroup"},
                     {"name": "rate"}, {"name": "why", "cellType": "text"}],
         "rows": [{"value": "ng", "text": "Angular"}, "react"]},
        {"type": "text", "name": "fw_why", "visibleIf": "{fw.ng.using} = 'Yes'"},
        {"type": "matrixdynamic", "name": "trips", "title": "Your trips", "rowCount": 1,
         "maxRowCount": 5, "cellType": "radiogroup", "choices": [1, 2, 3],
         "columns": [{"name": "where", "cellType": "dropdown", "choices": ["Rome", "Oslo"],
                      "isRequired": True},
                     {"name": "nights", "cellType": "text", "inputType": "number",
                      "visibleIf": "{row.where} = 'Oslo' or {row.rating} >= 2"},
                     {"name": "rating"}]},
        {"type": "paneldynamic", "name": "kids", "title": "Children", "panelCount": 1,
         "defaultValue": [{"name": "Ann", "school": True}],
         "templateElements": [{"type": "text", "name": "name", "isRequired": True},
                              {"type": "boolean", "name": "school",
                               "visibleIf": "{panel.name} notempty"}]},
        {"type": "comment", "name": "trips_why", "visibleIf": "{trips} notempty"},
    ]}]}  # fmt: skip
    return specs + extra + list(surveyjs.import_survey(groups).questions), pages


def exports() -> Iterator[tuple[str, str, SurveyVersion]]:
    """(id, title, version) of every survey we ship: demo surveys, templates, every kind."""
    for touchpoint in TOUCHPOINTS:
        yield f"demo:{touchpoint.name}", touchpoint.name, _version(demo_questions(touchpoint))
    for template in TEMPLATES:
        yield f"template:{template.key}", template.title, _version(template.questions)
    yield "every-kind-and-logic", "Every kind", _version(*_every_kind_and_logic())


EXPORTS = list(exports())

#: The SurveyJS question type each of our questions must be to SurveyJS.
SURVEYJS_TYPE = {
    "free_text": lambda s: "text" if s.get("size") == "short" else "comment",
    "single_choice": lambda s: {"boolean": "boolean", "dropdown": "dropdown"}.get(
        s.get("display", ""), "radiogroup"
    ),
    "multiple_choice": lambda s: "checkbox",
    "yes_no": lambda s: "boolean",
    "number": lambda s: "text",
    "date": lambda s: "text",
    "email": lambda s: "text",
    "colour": lambda s: "text",
    "ranking": lambda s: "ranking",
    "matrix": lambda s: "matrix",
    "repeat": lambda s: "paneldynamic" if s.get("style") == "panels" else "matrixdynamic",
    "file_upload": lambda s: "file",
    "signature": lambda s: "signaturepad",
    **{name: (lambda s: "rating") for name, k in KINDS.items() if isinstance(k, ScaleKind)},
}


def _names(version: SurveyVersion) -> dict[str, str]:
    return {q.key: surveyjs_name(q.key, q.settings) for q in version.questions}


def _group(question: Question) -> tuple[str, str] | None:
    """(name, type) of the SurveyJS question a box or cell belongs to, else None."""
    panels = question.settings.get("surveyjs", {}).get("panels", [])
    if panels and panels[-1].get("type") in ("multipletext", "matrixdropdown"):
        return str(panels[-1]["name"]), str(panels[-1]["type"])
    return None


def _elements(version: SurveyVersion) -> list[tuple[str, str, list[Question]]]:
    """SurveyJS's questions as (name, type, our questions): a group holds its boxes or cells."""
    elements: list[tuple[str, str, list[Question]]] = []
    for question in version.questions:
        group = _group(question)
        if group and elements and elements[-1][:2] == group:
            elements[-1][2].append(question)
        elif group:
            elements.append((*group, [question]))
        else:
            name = surveyjs_name(question.key, question.settings)
            elements.append((name, SURVEYJS_TYPE[question.kind](question.settings), [question]))
    return elements


def _group_value(members: Sequence[Question], answers: Mapping[str, object]) -> object:
    """A group's answer as SurveyJS holds it: ``{box: v}`` or ``{row: {column: v}}``."""
    value: dict[str, Any] = {}
    for question in members:
        if question.key not in answers:
            continue
        path = surveyjs_name(question.key, question.settings).split(".")[1:]
        inner = value
        for step in path[:-1]:
            inner = inner.setdefault(step, {})
        inner[path[-1]] = answers[question.key]
    return value or None


@pytest.fixture(scope="module")
def loaded() -> dict[str, dict[str, Any]]:
    """survey-core's report on every export, unanswered."""
    items = [
        {"id": ident, "survey": surveyjs.export_version(title, "", version)}
        for ident, title, version in EXPORTS
    ]
    return {report["id"]: report for report in surveyjs_reports(items)}


def test_survey_core_loads_every_export_without_warnings_and_sees_our_questions(
    loaded: Mapping[str, dict[str, Any]],
) -> None:
    assert len(loaded) == len(EXPORTS) > 10
    for ident, _title, version in EXPORTS:
        report = loaded[ident]
        assert "error" not in report, ident
        assert report["jsonErrors"] == [], ident
        expected = [(name, type_name) for name, type_name, _ in _elements(version)]
        assert [(q["name"], q["type"]) for q in report["questions"]] == expected, ident


def test_scales_show_the_same_points_and_choices_the_same_options(
    loaded: Mapping[str, dict[str, Any]],
) -> None:
    for ident, _title, version in EXPORTS:
        seen = {q["name"]: q for q in loaded[ident]["questions"]}
        for question in version.questions:
            if _group(question):
                continue  # judged with its group below
            shown = seen[surveyjs_name(question.key, question.settings)]
            kind = KINDS[question.kind]
            if isinstance(kind, ScaleKind):
                low, high = kind.bounds(question)
                assert shown["rateValues"] == list(range(low, high + 1)), (ident, question.key)
            elif shown["type"] in ("radiogroup", "dropdown", "checkbox", "ranking"):
                values = [i.value for i in items_of(question.settings["options"])]
                assert shown["choices"] == values, (ident, question.key)
            elif shown["type"] == "matrixdynamic":
                fields = [f["name"] for f in question.settings["fields"]]
                assert shown["columns"] == fields, (ident, question.key)
            elif shown["type"] == "paneldynamic":
                fields = [f["name"] for f in question.settings["fields"]]
                assert shown["templateElements"] == fields, (ident, question.key)
            elif shown["type"] == "matrix":
                assert shown["rows"] == [i.value for i in items_of(question.settings["rows"])]
                assert shown["columns"] == [
                    i.value for i in items_of(question.settings["columns"])
                ], (ident, question.key)


def test_what_survey_core_writes_back_imports_as_the_same_questions(
    loaded: Mapping[str, dict[str, Any]],
) -> None:
    # survey-core's toJSON is what SurveyJS's editor saves: our kinds, pages, panels, names,
    # labels and conditions must all survive it.
    for ident, title, version in EXPORTS:
        saved = surveyjs.import_survey(loaded[ident]["json"])
        assert all(note.endswith("left out its grid (each cell is asked on its own)")
                   for note in saved.dropped), ident  # fmt: skip
        assert [s.kind for s in saved.questions] == [q.kind for q in version.questions], ident
        again = surveyjs.export_specs(title, "", list(saved.questions), saved.pages)
        assert again == surveyjs.export_version(title, "", version), ident


def _sample(question: Question, rng: random.Random) -> object:
    """An answer a respondent could give ``question`` (or None: left blank)."""
    kind = KINDS[question.kind]
    if rng.random() < 0.2:
        return None
    if isinstance(kind, ScaleKind):
        low, high = kind.bounds(question)
        return rng.randint(low, high)
    options = [i.value for i in items_of(question.settings.get("options"))]
    if question.kind == "single_choice":
        return rng.choice(options + (["other"] if question.settings.get("other") else []))
    if question.kind == "multiple_choice":
        return rng.sample(options, rng.randint(1, len(options)))
    if question.kind == "ranking":
        return rng.sample(options, len(options))
    if question.kind == "matrix":
        columns = [i.value for i in items_of(question.settings["columns"])]
        rows = [i.value for i in items_of(question.settings["rows"])]
        return {str(row): rng.choice(columns) for row in rows if rng.random() < 0.8} or None
    if question.kind == "repeat":
        # One to three rows, each cell sampled as a question of the field's kind would be.
        fields = [
            Question(key=f["name"], kind=f["kind"], settings=f.get("settings", {}))
            for f in question.settings["fields"]
        ]
        records = [{f.key: v for f in fields if (v := _sample(f, rng)) is not None}
                   for _ in range(rng.randint(1, 3))]  # fmt: skip
        return [r for r in records if r] or None
    if question.kind == "yes_no":
        return rng.random() < 0.5
    if question.kind == "number":
        return rng.choice([0, 3, 4, 10, 11, 50])
    if question.kind == "date":
        return rng.choice(["2026-01-31", "2026-12-06"])
    if question.kind == "email":
        return "someone@example.com"
    if question.kind == "colour":
        return rng.choice(["#1a2b3c", "#ff8800"])
    if question.kind == "free_text":
        return rng.choice(["fine", "too slow"])
    if question.kind == "file_upload":
        return [{"name": "r.png", "type": "image/png", "content": PNG}]
    if question.kind == "signature":
        return PNG
    raise AssertionError(f"no answers sampled for {question.kind}: add them here")


def _respondent(
    version: SurveyVersion, rng: random.Random
) -> tuple[list[tuple[str, object]], dict[str, object]]:
    """What one respondent does: answers what is shown, in order, then changes a few earlier
    answers (which may hide later questions). Returns the steps (key, value) and the answers."""
    steps: list[tuple[str, object]] = []
    answers: dict[str, object] = {}
    for question in version.questions:
        if question.key in visible_questions(version, answers):
            value = _sample(question, rng)
            if value is not None:
                steps.append((question.key, value))
                answers[question.key] = value
    for question in rng.sample(version.questions, min(2, len(version.questions))):
        if question.key in visible_questions(version, answers):
            value = _sample(question, rng)
            steps.append((question.key, value))
            if value is None:
                answers.pop(question.key, None)
            else:
                answers[question.key] = value
    return steps, answers


@pytest.mark.slow
def test_every_condition_shows_and_hides_questions_as_our_server_does() -> None:
    rng = random.Random(17)
    items, expected = [], {}
    for ident, title, version in EXPORTS:
        if not any(q.settings.get("show_if") for q in version.questions) and not any(
            p.get("show_if") for p in version.pages
        ):
            continue
        exported = surveyjs.export_version(title, "", version)
        elements = _elements(version)
        owner = {q.key: (name, members) for name, _type, members in elements for q in members}
        for n in range(SAMPLES):
            steps, answers = _respondent(version, rng)
            shown = visible_questions(version, answers)
            case = f"{ident}#{n}"
            expected[case] = {
                name: any(q.key in shown for q in members) for name, _type, members in elements
            }
            # A list of steps, not a mapping: the same question may be answered twice. A box or
            # a cell is set as SurveyJS holds it: its group's whole answer so far.
            so_far: dict[str, object] = {}
            sent = []
            for key, value in steps:
                if value is None:
                    so_far.pop(key, None)
                else:
                    so_far[key] = value
                name, members = owner[key]
                grouped = _group(members[0]) is not None
                sent.append([name, _group_value(members, so_far) if grouped else value])
            items.append({"id": case, "survey": exported, "steps": sent})
    assert len({case.split("#")[0] for case in expected}) >= 5

    reports = surveyjs_reports(items)

    for report in reports:
        # Shown to the respondent: visible itself, and on a page (and in panels) that are shown.
        seen = {q["name"]: q["isVisible"] and q["isParentVisible"] for q in report["questions"]}
        assert seen == expected[report["id"]], report["id"]


@pytest.mark.slow
def test_fields_of_a_repeating_group_show_row_by_row_as_on_our_server() -> None:
    rng = random.Random(29)
    items, expected = [], {}
    for ident, title, version in EXPORTS:
        exported = surveyjs.export_version(title, "", version)
        for question in version.questions:
            if question.kind != "repeat" or not any(c.show_if for c in cells_of(question)):
                continue
            name = surveyjs_name(question.key, question.settings)
            for n in range(SAMPLES):
                records = _sample(question, rng) or [{}]
                assert isinstance(records, list)
                case = f"{ident}:{name}#{n}"
                cells = cells_of(question)
                expected[case] = (name, [[c.key for c in shown_cells(cells, r)] for r in records])
                items.append({"id": case, "survey": exported, "answers": {name: records}})
    assert len({name for name, _rows in expected.values()}) == 2  # a table and panels

    for report in surveyjs_reports(items):
        name, rows = expected[report["id"]]
        seen = next(q for q in report["questions"] if q["name"] == name)
        assert seen["rowsShown"] == rows, report["id"]


def test_setvalue_triggers_store_the_answers_our_server_stores() -> None:
    """Answers given in turns (each turn's answers in question order, as one page or API
    request sends them): survey-core's ``data``, its ``setvalue`` triggers run, equals what the
    server keeps after the same turns."""
    version = SurveyVersion(number=1, pages=[])
    version.questions = build_questions(list(surveyjs.import_survey(TRIGGERS).questions))
    exported = surveyjs.export_version("t", "", version)
    rules = AnswerRules(version)
    turns: list[list[dict[str, Any]]] = [
        [{"copy": "Yes"}], [{"copy": "No"}], [{"copy": "Yes", "name": "Arya"}],
        [{"name": "Arya", "email": "a@b.org"}, {"copy": "Yes"}],
        [{"copy": "No", "name": "Arya", "email": "a@b.org"}],
        [{"copy": "Yes"}, {"name": "Arya"}, {"copy": "No"}],
        [{"copy": "Yes"}, {"copy": "No"}, {"copy": "Yes", "email": "a@b.org"}],
        [{"copy": "Yes"}, {"name": None}, {"copy": "Yes"}],
    ]  # fmt: skip
    order = [q.key for q in version.questions]
    items = [
        {"id": str(i), "survey": exported,
         "steps": [[k, turn[k]] for turn in case for k in order if k in turn]}
        for i, case in enumerate(turns)
    ]  # fmt: skip

    for case, report in zip(turns, surveyjs_reports(items), strict=True):
        assert report["jsonErrors"] == [], report["jsonErrors"]
        stored: dict[str, object] = {}
        for turn in case:
            sent = rules.settled(answers_by_key(version.questions, turn), stored)
            stored = {k: v for k, v in {**stored, **sent}.items() if not is_blank(v)}
        assert stored == report["data"], case


def test_fields_required_if_an_earlier_answer_says_so_are_required_per_row_as_here() -> None:
    """For every answer to the earlier question and every set of rows, SurveyJS refuses the
    dynamic matrix exactly when our server does (a column's requiredIf reading ``{a}`` outside
    the matrix, another reading its own row too)."""
    version = _version(list(surveyjs.import_survey(copy.deepcopy(COLUMNS_REQUIRED_IF)).questions))
    exported = surveyjs.export_version("t", "", version)
    outside = ["item1", "item2", "item3", None]
    rows: list[list[dict[str, str]]] = [
        [{"col1": "x"}], [{"col1": "z"}], [{"col2": "y"}],
        [{"col1": "x", "col2": "y"}, {"col2": "y"}], [{"col1": "z"}, {"col1": "x"}],
    ]  # fmt: skip
    cases = [{"a": a, "c": r} for a, r in itertools.product(outside, rows)]
    items = [
        {"id": str(i), "survey": exported, "details": True,
         "answers": {k: v for k, v in case.items() if v is not None}}
        for i, case in enumerate(cases)
    ]  # fmt: skip

    refused: dict[str, set[str]] = {}
    for case, report in zip(cases, surveyjs_reports(items), strict=True):
        assert report["jsonErrors"] == [], report["jsonErrors"]
        given = answers_by_key(version.questions, {k: v for k, v in case.items() if v is not None})
        server: dict[str, str] = {}
        try:
            clean_answers(version, given)
        except InvalidAnswer as error:
            server = error.fields
        matrix = next(q for q in report["questions"] if q["name"] == "c")
        assert matrix["hasErrors"] == ("c" in server), (case, server)
        refused.setdefault(str(case["a"]), set()).update([str(case["c"])] if "c" in server else [])
    # Both decide: the row itself (col1 'x' with no col2) under every answer, more under
    # item2 (col1 missing) and item3 (col2 missing).
    assert {a: len(found) for a, found in refused.items()} == {
        "item1": 2,
        "item2": 4,
        "item3": 3,
        "None": 2,
    }
