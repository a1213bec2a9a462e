"""Answer rules: a version's checks read once, judging every response as the survey says."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

import surveys
from surveys.answers import AnswerRules
from surveys.pages import PageSpec
from surveys.published import frozen_target_of, published_target
from tests.conftest import make_survey
from tests.test_pages import _survey

RANK = ["Price", "Speed", "Friendliness"]


def test_rules_read_once_apply_page_and_question_conditions_to_each_response(
    session: Session,
) -> None:
    rules = AnswerRules(_survey(session).live_version)
    skipped = rules.clean({"visit": "No", "rank": RANK, "contact": True})
    assert [a.question.key for a in skipped] == ["visit", "contact"]  # its page is not asked
    asked = rules.clean({"visit": "Yes", "rank": RANK, "grid": {"wait": 1}, "slow": "Queue"})
    assert [a.question.key for a in asked] == ["visit", "grid", "rank", "slow"]
    hidden = rules.clean({"visit": "Yes", "grid": {"wait": 3}, "slow": "Queue"})
    assert "slow" not in [a.question.key for a in hidden]  # its condition no longer holds
    with pytest.raises(surveys.InvalidAnswer) as refused:
        rules.clean({"visit": "Yes", "pay": "other", "nope": 1})
    assert refused.value.fields == {
        "nope": "is not a question of this survey version",
        "pay-Comment": "say what “Other” is",
    }
    with pytest.raises(surveys.InvalidAnswer) as refused:
        rules.clean({"contact": True})
    assert refused.value.fields == {"visit": "is required"}


def test_rules_of_a_version_without_conditions_ask_every_question_whatever_the_answers(
    session: Session,
) -> None:
    rules = AnswerRules(make_survey(session).live_version)
    assert [a.number for a in rules.clean({"q1": "4"})] == [4.0]
    with pytest.raises(surveys.InvalidAnswer) as refused:
        rules.clean({"q2": "No rating"})
    assert refused.value.fields == {"q1": "is required"}
    assert rules.clean({"q2": "No rating"}, partial=True)[0].text == "No rating"


def test_a_published_version_is_read_once_for_all_the_responses_to_it(session: Session) -> None:
    survey = make_survey(session)
    session.commit()
    first = published_target(session, survey.public_id)
    again = published_target(session, survey.public_id, client_key="retry")
    assert again.rules is first.rules
    assert frozen_target_of(session, survey.live_version).rules is first.rules


Q = surveys.QuestionSpec
PLAIN_QUESTIONS = [
    Q("rating", "How was it?", required=True, key="score", settings={"page": "service"}),
    Q("free_text", "Why?", key="why", settings={"page": "service", "size": "short"}),
    Q("single_choice", "How did you pay?", required=True, key="pay",
      settings={"page": "about", "options": ["Card", "Cash"], "other": True}),
    Q("yes_no", "May we contact you?", key="contact", settings={"page": "about"}),
]  # fmt: skip
ANSWERS: list[dict[str, object]] = [
    {"score": 4, "why": "Quick", "pay": "Card", "contact": True},
    {"score": "5", "why": "  ", "pay": "other", "pay-Comment": "Voucher", "contact": None},
    {"score": 4, "pay": "other"},  # "Other" without saying what
    {"score": 9, "why": "x" * 501, "pay": "Cheque", "contact": "perhaps"},
    {"why": "No score", "nope": 1},
    {"score": 2},
    {},
]


def _outcome(rules: AnswerRules, answers: dict[str, object], partial: bool) -> object:
    """The clean answers ``rules`` take from ``answers``, or the problems they name."""
    try:
        cleaned = rules.clean(answers, partial=partial, earlier={"why": "Earlier"})
    except surveys.InvalidAnswer as refused:
        return refused.fields
    return [(a.question.key, a.text, a.number, a.comment) for a in cleaned]


@pytest.mark.parametrize("partial", [False, True])
def test_a_version_without_conditions_checks_answers_as_the_general_route_does(
    session: Session, partial: bool
) -> None:
    plain = AnswerRules(
        _survey(
            session, [PageSpec("service"), PageSpec("about")], questions=PLAIN_QUESTIONS
        ).live_version
    )
    # The same questions, with an "end the survey here" that never holds: conditional, so
    # every response takes the general route.
    never = [PageSpec("service", end_if="{score} = 99"), PageSpec("about")]
    conditional = AnswerRules(_survey(session, never, questions=PLAIN_QUESTIONS).live_version)
    assert plain.unconditional and not conditional.unconditional
    outcomes = [_outcome(plain, answers, partial) for answers in ANSWERS]
    assert outcomes == [_outcome(conditional, answers, partial) for answers in ANSWERS]
    assert outcomes[0] == [
        ("score", None, 4.0, None), ("why", "Quick", None, None),
        ("pay", "Card", None, None), ("contact", None, 1.0, None),
    ]  # fmt: skip
    required = {} if partial else {"pay": "is required"}
    assert outcomes[2] == {"pay-Comment": "say what “Other” is", **required}
    assert outcomes[5] == ([("score", None, 2.0, None)] if partial else required)
