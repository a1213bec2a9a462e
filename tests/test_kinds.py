"""Each question kind is one object: its checker, its stored value, its SurveyJS element both
ways and its summary. Pure unit tests: no app, no database."""

from __future__ import annotations

from typing import Any

import pytest

from surveys.kinds import (
    KINDS,
    SURVEYJS_READERS,
    BooleanSummary,
    ChoiceSummary,
    CountSummary,
    DateSummary,
    MatrixSummary,
    NpsSummary,
    NumberSummary,
    RankingSummary,
    ScaleSummary,
    TextSummary,
    kind_of,
)
from surveys.models import Question


def _question(kind: str, **settings: Any) -> Question:
    return Question(key="q1", position=1, kind=kind, prompt="?", help_text="", settings=settings)


def _stored(question: Question, value: object) -> object:
    """``value`` checked, stored and read back as clients see it."""
    kind = KINDS[question.kind]
    clean = kind.check(question, value)
    assert not isinstance(clean, str), clean
    return kind.value(question, clean.text, clean.number)


@pytest.mark.parametrize(
    ("kind", "settings", "given", "read_back"),
    [
        ("nps", {}, "9", 9),
        ("csat", {}, 5, 5),
        ("ces", {}, 7.0, 7),
        ("rating", {"min": 0, "max": 4}, 0, 0),
        ("smiley", {"max": 3}, "3", 3),
        ("single_choice", {"options": ["Free", "Pro"]}, "Pro", "Pro"),
        ("multiple_choice", {"options": ["Web", "App", "API"]}, ["API", "Web"], ["Web", "API"]),
        ("multiple_choice", {"options": ["Web", "App"]}, "App", ["App"]),
        ("free_text", {"size": "short"}, "  Ann\x07 ", "Ann"),
    ],
)  # fmt: skip
def test_each_kind_accepts_its_answers_and_reads_them_back(
    kind: str, settings: dict[str, Any], given: object, read_back: object
) -> None:
    assert _stored(_question(kind, **settings), given) == read_back


@pytest.mark.parametrize(
    ("kind", "settings", "given", "problem"),
    [
        ("nps", {}, 11, "must be a whole number from 0 to 10"),
        ("nps", {}, True, "must be a whole number from 0 to 10"),
        ("csat", {}, "4.5", "must be a whole number from 1 to 5"),
        ("rating", {"min": 1, "max": 3}, "three", "must be a whole number from 1 to 3"),
        ("single_choice", {"options": ["Free", "Pro"]}, "Gold", "must be one of the options"),
        ("multiple_choice", {"options": ["Web"]}, ["Fax"],
         "must only name options of the question"),
        ("multiple_choice", {"options": ["Web"]}, [], "choose at least one option"),
        ("free_text", {"size": "short"}, "x" * 501, "must be at most 500 characters"),
        ("free_text", {}, 5, "must be text"),
    ],
)  # fmt: skip
def test_each_kind_refuses_what_does_not_fit_and_says_why(
    kind: str, settings: dict[str, Any], given: object, problem: str
) -> None:
    assert KINDS[kind].check(_question(kind, **settings), given) == problem


@pytest.mark.parametrize(
    ("kind", "settings"),
    [
        ("nps", {"labels": {"0": "Never"}}),
        ("csat", {}),
        ("ces", {"labels": {"4": "So-so"}}),
        ("rating", {"min": 0, "max": 4, "labels": {"0": "No", "4": "Yes"}}),
        ("smiley", {"max": 3}),
        ("single_choice", {"options": ["Free", "Pro"], "randomise": True}),
        ("single_choice", {"options": ["UK", "DE"], "display": "dropdown"}),
        ("multiple_choice", {"options": ["Web", "App"]}),
        ("free_text", {"size": "short"}),
        ("free_text", {"size": "long"}),
    ],
)  # fmt: skip
def test_each_kind_round_trips_through_its_surveyjs_element(
    kind: str, settings: dict[str, Any]
) -> None:
    element = KINDS[kind].to_surveyjs(_question(kind, **settings))
    problems: list[str] = []
    read = SURVEYJS_READERS[element["type"]].from_surveyjs(element, "page 1", problems)
    assert problems == []
    assert (read.kind, read.settings) == (kind, settings)


def test_a_yes_no_pair_once_kept_as_a_choice_goes_back_to_surveyjs_as_a_boolean() -> None:
    legacy = _question("single_choice", options=["Yes", "No"], display="boolean")
    element = KINDS["single_choice"].to_surveyjs(legacy)
    assert element == {"type": "boolean", "labelTrue": "Yes", "labelFalse": "No"}
    read = SURVEYJS_READERS["boolean"].from_surveyjs(element, "page 1", [])
    assert (read.kind, read.settings) == ("yes_no", {})


def test_a_scale_element_marked_as_another_kind_is_refused_with_its_place() -> None:
    problems: list[str] = []
    element = {"type": "rating", "journeymapKind": "free_text"}
    SURVEYJS_READERS["rating"].from_surveyjs(element, "page 2, element 1 (x)", problems)
    assert problems == [
        'page 2, element 1 (x): journeymapKind "free_text" is not one of nps, csat, ces, '
        "rating, smiley"
    ]


def test_scale_summaries_list_every_point_and_the_mean() -> None:
    summary = KINDS["csat"].summarise(_question("csat"), [5, 4, 4, None, "x", 9])
    assert summary == ScaleSummary(
        answered=3, low=1, high=5, counts={1: 0, 2: 0, 3: 0, 4: 2, 5: 1}, mean=13 / 3
    )


def test_nps_summary_gives_the_groups_and_the_score() -> None:
    summary = KINDS["nps"].summarise(_question("nps"), [10, 9, 8, 0, 6])
    assert isinstance(summary, NpsSummary)
    assert (summary.promoters, summary.passives, summary.detractors) == (0.4, 0.2, 0.4)
    assert summary.score == pytest.approx(0.0)
    assert KINDS["nps"].summarise(_question("nps"), []).score is None  # type: ignore[union-attr]


def test_choice_summaries_count_each_option_in_the_questions_order() -> None:
    question = _question("multiple_choice", options=["Web", "App", "API"])
    summary = KINDS["multiple_choice"].summarise(question, [["API"], ["Web", "API"], None])
    assert summary == ChoiceSummary(answered=2, counts={"Web": 1, "App": 0, "API": 2})


def test_text_summaries_keep_the_texts() -> None:
    summary = KINDS["free_text"].summarise(_question("free_text"), ["Slow", "", None, "Fine"])
    assert summary == TextSummary(answered=2, texts=("Slow", "Fine"))


def test_every_kind_is_registered_once_under_its_own_name() -> None:
    assert all(name == kind.name for name, kind in KINDS.items())
    assert kind_of("hologram") is None


# -- the kinds added with the registry ------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "settings", "given", "read_back"),
    [
        ("yes_no", {}, True, True),
        ("yes_no", {}, "false", False),
        ("yes_no", {"label_true": "Sure", "label_false": "Nope"}, "nope", False),
        ("number", {"min": 0, "max": 10, "step": 0.5}, "2.5", 2.5),
        ("number", {}, -3, -3),
        ("date", {"min": "2025-01-01"}, "2025-02-28", "2025-02-28"),
        ("email", {}, "Ann@Example.COM", "Ann@example.com"),
        ("ranking", {"options": ["Price", "Speed", {"value": 3, "text": "Support"}]},
         [3, "Price", "Speed"], [3, "Price", "Speed"]),
        ("matrix", {"rows": ["Staff", {"value": "shop", "text": "The shop"}],
                    "columns": [1, 2, 3]},
         {"Staff": 3, "shop": "2"}, {"Staff": 3, "shop": 2}),
        ("single_choice", {"options": [1, 2, 3]}, 1, 1),
        ("single_choice", {"options": [{"value": "uk", "text": "United Kingdom"}, "France"]},
         "uk", "uk"),
        ("multiple_choice", {"options": [{"value": 10, "text": "Ten"}, "Web"]}, ["Web", 10],
         [10, "Web"]),
    ],
)  # fmt: skip
def test_new_kinds_accept_their_answers_in_surveyjs_shape(
    kind: str, settings: dict[str, Any], given: object, read_back: object
) -> None:
    assert _stored(_question(kind, **settings), given) == read_back


@pytest.mark.parametrize(
    ("kind", "settings", "given", "problem"),
    [
        ("yes_no", {}, "maybe", "must be true or false ('Yes' or 'No')"),
        ("yes_no", {}, 1, "must be true or false ('Yes' or 'No')"),
        ("number", {"min": 0, "max": 10}, 11, "must be from 0 to 10"),
        ("number", {"min": 0, "step": 0.5}, 0.3, "must go in steps of 0.5"),
        ("number", {}, "ten", "must be a number"),
        ("number", {}, "nan", "must be a number"),
        ("number", {"validators": [{"type": "numeric", "maxValue": 5, "text": "Five at most"}]},
         6, "Five at most"),
        ("date", {}, "31/01/2025", "must be a date written YYYY-MM-DD"),
        ("date", {"min": "2025-01-01", "max": "2025-12-31"}, "2026-01-01",
         "must be from 2025-01-01 to 2025-12-31"),
        ("email", {}, "ann@", "must be an email address like name@example.com"),
        ("ranking", {"options": ["A", "B"]}, ["A"], "must list every item once, first to last"),
        ("ranking", {"options": ["A", "B"]}, ["A", "A"],
         "must list every item once, first to last"),
        ("matrix", {"rows": ["Staff"], "columns": [1, 2]}, {"Staff": 5},
         "must answer 'Staff' with one of the columns"),
        ("matrix", {"rows": ["Staff"], "columns": [1, 2]}, {"Shop": 1}, "has no row 'Shop'"),
        ("matrix", {"rows": ["Staff"], "columns": [1, 2]}, [1], "must give each row's answer"),
        ("free_text", {"validators": [{"type": "regex", "regex": "^[A-Z]{2}[0-9]+$"}]}, "ab12",
         "is not in the expected format"),
        ("free_text", {"validators": [{"type": "text", "minLength": 5}]}, "abc",
         "must be at least 5 characters"),
    ],
)  # fmt: skip
def test_new_kinds_refuse_what_does_not_fit(
    kind: str, settings: dict[str, Any], given: object, problem: str
) -> None:
    result = KINDS[kind].check(_question(kind, **settings), given)
    assert isinstance(result, str) and result.startswith(problem), result


def test_a_matrix_row_left_out_is_refused_when_every_row_is_required() -> None:
    question = _question("matrix", rows=["Staff", "Shop"], columns=[1, 2], all_rows_required=True)
    question.required = True
    assert KINDS["matrix"].check(question, {"Staff": 1}) == "answer every row (Shop left)"


@pytest.mark.parametrize(
    ("kind", "settings"),
    [
        ("yes_no", {}),
        ("yes_no", {"label_true": "Sure", "label_false": "Nope"}),
        ("number", {"min": 0, "max": 100, "step": 5}),
        ("date", {"min": "2025-01-01", "max": "2025-12-31"}),
        ("email", {}),
        ("ranking", {"options": ["Price", {"value": 2, "text": "Speed"}]}),
        ("matrix", {"rows": ["Staff", {"value": "shop", "text": "The shop"}],
                    "columns": [{"value": 1, "text": "Bad"}, 2, 3], "all_rows_required": True}),
        ("single_choice", {"options": [{"value": "uk", "text": "United Kingdom"}, 2]}),
    ],
)  # fmt: skip
def test_new_kinds_round_trip_through_their_surveyjs_element(
    kind: str, settings: dict[str, Any]
) -> None:
    element = KINDS[kind].to_surveyjs(_question(kind, **settings))
    problems: list[str] = []
    read = SURVEYJS_READERS[element["type"]].from_surveyjs(element, "page 1", problems)
    assert problems == []
    assert (read.kind, read.settings) == (kind, settings)


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("^(([a-z])+.)+[A-Z]([a-z])+$", "can take too long"),
        ("(?<=a)b", "lookbehind"),
        ("(?i)abc", "flags inline"),
        ("(", "cannot be read"),
        ("a" * 201, "at most 200 characters"),
    ],
)
def test_unsafe_or_unportable_patterns_are_refused_when_saved(pattern: str, problem: str) -> None:
    spec = _question("free_text", validators=[{"type": "regex", "regex": pattern}])
    found = KINDS["free_text"].settings_problem(spec)
    assert found is not None and found[0] == "validators" and problem in found[1]


def test_summaries_of_the_new_kinds() -> None:
    yes_no = KINDS["yes_no"].summarise(_question("yes_no"), [True, False, True, None])
    assert yes_no == BooleanSummary(3, 2, 1, "Yes", "No")
    number = KINDS["number"].summarise(_question("number"), [1, 2, 6, None])
    assert number == NumberSummary(3, 3.0, 2.0, 1.0, 6.0)
    dates = KINDS["date"].summarise(_question("date"), ["2025-02-01", "2025-01-05", "2025-01-09"])
    assert dates == DateSummary(3, "2025-01-05", "2025-02-01", {"2025-01": 2, "2025-02": 1})
    ranking = KINDS["ranking"].summarise(
        _question("ranking", options=["A", "B"]), [["A", "B"], ["B", "A"], ["A", "B"]]
    )
    assert ranking == RankingSummary(3, {"A": 4 / 3, "B": 5 / 3}, {"A": 2, "B": 1})
    matrix = KINDS["matrix"].summarise(
        _question("matrix", rows=["Staff", "Shop"], columns=[1, 2, 3]),
        [{"Staff": 3, "Shop": 1}, {"Staff": 2}],
    )
    assert isinstance(matrix, MatrixSummary)
    assert matrix.rows["Staff"] == ScaleSummary(2, 1, 3, {1: 0, 2: 1, 3: 1}, 2.5)
    assert matrix.rows["Shop"] == ScaleSummary(1, 1, 3, {1: 1, 2: 0, 3: 0}, 1.0)
    assert KINDS["email"].summarise(_question("email"), ["a@b.co", None]) == CountSummary(1)
