"""Skip logic on the hosted answer page in a real Chromium: a follow-up on the same page comes in
once its answer is sent (the server alone applies conditions), spaces are no answer, and any
question key works."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

import surveys
from app.extensions import db
from surveys.models import Question, Response
from tests.browser.conftest import LiveApp
from tests.conftest import make_journey

pytestmark = pytest.mark.browser


def _survey(live: LiveApp, first: surveys.QuestionSpec, condition: dict[str, Any]) -> str:
    """A live survey: ``first``, then a follow-up shown only if ``condition`` holds on it."""
    follow_up = surveys.QuestionSpec(
        "free_text", "Tell us more", settings={"show_if": {"question": "q1", **condition}}
    )
    with live.app.app_context():
        journey = make_journey(db.session)
        survey = surveys.create_survey(
            db.session, journey, title="Skip logic", stage=journey.stages[0],
            touchpoint=journey.touchpoints[0], questions=[first, follow_up],
        )  # fmt: skip
        surveys.publish(db.session, survey)
        db.session.commit()
        return survey.public_id


def test_a_text_answer_of_only_spaces_does_not_bring_in_its_follow_up(
    live_app: LiveApp, page: Any
) -> None:
    public_id = _survey(
        live_app,
        surveys.QuestionSpec("free_text", "Anything to add?", settings={"size": "short"}),
        {"operator": "answered"},
    )
    page.goto(f"{live_app.url}/s/{public_id}")
    follow_up = page.locator("[data-question=q2]")
    expect(follow_up).to_have_count(0)
    page.locator("#q1").fill("  Yes ")
    page.get_by_role("button", name="Send").click()
    # The answer brought the follow-up in: the page asks it, keeping what was typed.
    expect(follow_up).to_be_visible()
    expect(page.locator("#q1")).to_have_value("Yes")
    page.locator("#q1").fill("   ")
    page.locator("#q2").fill("More")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    with live_app.app.app_context():  # spaces are no answer: the follow-up's answer is dropped
        response = db.session.query(Response).one()
        assert {a.question.key for a in response.answers} == set()


def test_skip_logic_works_for_a_key_that_is_awkward_in_a_css_selector(
    live_app: LiveApp, page: Any
) -> None:
    public_id = _survey(live_app, surveys.QuestionSpec("nps", "Recommend us?"), {
        "operator": "at_most", "value": 6})  # fmt: skip
    with live_app.app.app_context():  # a key stored before keys were checked
        question = db.session.query(Question).filter_by(key="q1").one()
        follow_up = db.session.query(Question).filter_by(key="q2").one()
        question.key = "it's"
        follow_up.settings = {"show_if": {"question": "it's", "operator": "at_most", "value": 6}}
        db.session.commit()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_app.url}/s/{public_id}")
    box = page.locator("[data-question=q2]")
    expect(box).to_have_count(0)
    page.get_by_label("3", exact=True).check()
    page.get_by_role("button", name="Send").click()
    expect(box).to_be_visible()
    assert "at most" not in page.content()  # the condition is never spelled out
    page.get_by_label("9", exact=True).check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    assert errors == []
