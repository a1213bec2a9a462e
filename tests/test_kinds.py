"""Each question kind is one object: its checker, its stored value, its SurveyJS element both
ways and its summary. Pure unit tests: no app, no database."""

from __future__ import annotations

from typing import Any

import pytest

from surveys.kinds import (
    KINDS,
    SURVEYJS_READERS,
    ChoiceSummary,
    NpsSummary,
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
        ("single_choice", {"options": ["Yes", "No"], "display": "boolean"}),
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
