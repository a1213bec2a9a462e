"""A colour question in a real Chromium: the picker always holds a colour, so an optional
question counts only when "Give this colour" is ticked — which picking a colour does — and
left untouched it is no answer."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

import surveys
from app.extensions import db
from surveys.models import Response
from tests.browser.conftest import LiveApp
from tests.conftest import make_journey

pytestmark = pytest.mark.browser


def _survey(live: LiveApp) -> str:
    with live.app.app_context():
        journey = make_journey(db.session)
        survey = surveys.create_survey(
            db.session, journey, title="Colours", stage=journey.stages[0],
            touchpoint=journey.touchpoints[0],
            questions=[surveys.QuestionSpec("colour", "Your colour?", key="tint")],
        )  # fmt: skip
        surveys.publish(db.session, survey)
        db.session.commit()
        return survey.public_id


def _stored(live: LiveApp) -> list[dict[str, str | None]]:
    with live.app.app_context():
        responses = db.session.query(Response).order_by(Response.id).all()
        return [{a.question.key: a.value_text for a in r.answers} for r in responses]


def test_picking_a_colour_ticks_it_and_an_untouched_picker_is_no_answer(
    live_app: LiveApp, page: Any
) -> None:
    public_id = _survey(live_app)

    page.goto(f"{live_app.url}/s/{public_id}")
    tick = page.get_by_label("Give this colour")
    expect(tick).not_to_be_checked()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()

    page.goto(f"{live_app.url}/s/{public_id}")
    page.locator("#tint").fill("#ff8800")
    expect(page.get_by_label("Give this colour")).to_be_checked()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    assert _stored(live_app) == [{}, {"tint": "#ff8800"}]
