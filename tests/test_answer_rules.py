"""Answer rules: a version's checks read once, judging every response as the survey says."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

import surveys
from surveys.answers import AnswerRules
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
