"""A repeating group (SurveyJS's dynamic matrix and dynamic panels) answered in Chromium with
JavaScript on and off: "Add another" and "Remove" submit the page and bring it back with a row
more or less, typed rows are kept, Enter in a box sends the page, and the rows are stored as
SurveyJS's records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

import surveys
from app.extensions import db
from surveys.models import Response
from tests.browser.conftest import LiveApp
from tests.conftest import make_journey
from tests.test_surveyjs_repeat import _questions

pytestmark = pytest.mark.browser


def _survey(live: LiveApp) -> str:
    """The visits survey of tests/test_surveyjs_repeat.py, live: its public id."""
    with live.app.app_context():
        journey = make_journey(db.session)
        survey = surveys.create_survey(
            db.session, journey, title="Visits", stage=journey.stages[0],
            touchpoint=journey.touchpoints[0], questions=_questions(),
        )  # fmt: skip
        surveys.publish(db.session, survey)
        db.session.commit()
        return survey.public_id


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_rows_are_added_and_removed_and_sent_as_records(
    live_app: LiveApp, browser: Any, artifacts: Path, javascript: bool
) -> None:
    public_id = _survey(live_app)
    context = browser.new_context(java_script_enabled=javascript)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(f"{live_app.url}/s/{public_id}")

    tab.get_by_label("Store (Your visits 1)").select_option("North")
    tab.get_by_label("Spent (Your visits 1)").fill("12")
    tab.get_by_role("button", name="Add another (Your visits)").click()
    expect(tab.get_by_label("Store (Your visits 2)")).to_be_visible()
    expect(tab.get_by_label("Spent (Your visits 1)")).to_have_value("12")  # kept
    tab.get_by_label("Store (Your visits 2)").select_option("South")
    tab.get_by_role("button", name="Add another (Your visits)").click()
    expect(tab.get_by_label("Store (Your visits 3)")).to_be_visible()
    # The third row is no longer wanted: removed, the two typed rows stay.
    tab.get_by_role("button", name="Remove Your visits 3").click()
    expect(tab.get_by_label("Store (Your visits 3)")).to_have_count(0)
    expect(tab.get_by_label("Store (Your visits 2)")).to_have_value("South")

    tab.get_by_label("Name (Children 1)").fill("Ada")
    tab.screenshot(path=str(artifacts / "repeat-rows.png"), full_page=True)
    tab.get_by_label("Age (Children 1)").press("Enter")  # sends the page, adds no row
    expect(tab.get_by_role("heading", name="Thank you!")).to_be_visible()
    context.close()

    with live_app.app.app_context():
        (response,) = db.session.query(Response).all()
        answers = surveys.StoredResponse.of(response).answers
    assert answers == {
        "visits": [{"store": "North", "spent": 12}, {"store": "South"}],
        "kids": [{"name": "Ada"}],
    }
    assert errors == []
