"""A three-page survey in Chromium, with JavaScript on and off: a matrix, a ranking, an "Other
(please specify)" answer and an and/or condition; Back and the browser's back/forward keep the
answers; leaving after page 1 and opening the resume link later completes the same response."""

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
from tests.test_pages import QUESTIONS, THREE_PAGES

pytestmark = pytest.mark.browser

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])


def _survey(live: LiveApp) -> str:
    """The shop-visit survey of tests/test_pages.py, live: its public id."""
    with live.app.app_context():
        journey = make_journey(db.session)
        survey = surveys.create_survey(
            db.session, journey, title="Shop visit", stage=journey.stages[0],
            touchpoint=journey.touchpoints[0], questions=QUESTIONS, pages=THREE_PAGES,
        )  # fmt: skip
        surveys.publish(db.session, survey)
        db.session.commit()
        return survey.public_id


def _stored(live: LiveApp) -> tuple[str, str, dict[str, Any]]:
    """The one response: its public id, its status and its answers."""
    with live.app.app_context():
        (response,) = db.session.query(Response).all()
        return response.public_id, response.status, surveys.StoredResponse.of(response).answers


def _answer_page_one(tab: Any) -> None:
    tab.get_by_label("Yes", exact=True).check()
    tab.get_by_label("Staff: Great").check()
    tab.get_by_label("Waiting time: Poor").check()
    tab.get_by_role("button", name="Next").click()
    expect(tab.get_by_text("Page 2 of 3")).to_be_visible()


@JAVASCRIPT
def test_three_pages_with_back_and_forward_keep_every_answer(
    live_app: LiveApp, browser: Any, artifacts: Path, javascript: bool
) -> None:
    public_id = _survey(live_app)
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 900, "height": 800}
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(f"{live_app.url}/s/{public_id}")
    # Until "Did you visit?" is answered, the priorities page may not be asked: 2 pages known.
    expect(tab.get_by_text("Page 1 of 2")).to_be_visible()
    tab.screenshot(path=str(artifacts / "page-1.png"), full_page=True)
    _answer_page_one(tab)

    # Page 2: a ranking (a place per item) and "Other (please specify)".
    tab.get_by_label("Speed").select_option("1")
    tab.get_by_label("Price").select_option("2")
    tab.get_by_label("Friendliness").select_option("3")
    tab.get_by_label("Other (please specify)", exact=True).check()
    tab.screenshot(path=str(artifacts / "page-2-missing-other.png"), full_page=True)
    tab.get_by_role("button", name="Next").click()
    expect(tab.get_by_text("say what “Other” is").first).to_be_visible()  # kept, not lost
    expect(tab.get_by_label("Speed")).to_have_value("1")
    tab.locator("#pay-Comment").fill("Voucher")
    tab.get_by_role("button", name="Back").click()

    # Back on page 1 with its answers; page 2's were kept on the way back.
    expect(tab.get_by_text("Page 1 of 3")).to_be_visible()
    expect(tab.get_by_label("Waiting time: Poor")).to_be_checked()
    tab.get_by_role("button", name="Next").click()
    expect(tab.get_by_label("Friendliness")).to_have_value("3")
    expect(tab.locator("#pay-Comment")).to_have_value("Voucher")
    tab.get_by_role("button", name="Next").click()

    # Page 3: "What slowed you down?" is asked because the wait was poor AND (other OR ranked).
    expect(tab.get_by_text("Page 3 of 3")).to_be_visible()
    expect(tab.get_by_label("What slowed you down?")).to_be_visible()
    # The browser's own Back and Forward move between pages with their answers.
    tab.go_back()
    expect(tab.get_by_text("Page 2 of 3")).to_be_visible()
    expect(tab.get_by_label("Price")).to_have_value("2")
    expect(tab.locator("#pay-Comment")).to_have_value("Voucher")
    tab.go_forward()
    expect(tab.get_by_text("Page 3 of 3")).to_be_visible()
    tab.get_by_label("What slowed you down?").fill("The queue")
    tab.get_by_label("Yes", exact=True).check()
    tab.screenshot(path=str(artifacts / "page-3.png"), full_page=True)
    for condition_words in ("{grid.wait}", "notempty", "Asked if", "show_if"):
        assert condition_words not in tab.content()  # no logic is ever shown to a customer
    tab.get_by_role("button", name="Send").click()
    expect(tab.get_by_role("heading", name="Thank you!")).to_be_visible()
    context.close()

    _id, status, answers = _stored(live_app)
    assert status == "complete"
    assert answers == {
        "visit": "Yes", "grid": {"Staff": 3, "wait": 1},
        "rank": ["Speed", "Price", "Friendliness"], "pay": "other", "pay-Comment": "Voucher",
        "slow": "The queue", "contact": True,
    }  # fmt: skip
    assert errors == []


@JAVASCRIPT
def test_leaving_after_page_one_and_resuming_from_the_link_completes_the_same_response(
    live_app: LiveApp, browser: Any, artifacts: Path, javascript: bool
) -> None:
    public_id = _survey(live_app)
    first_visit = browser.new_context(java_script_enabled=javascript)
    first_visit.set_default_timeout(15_000)
    tab = first_visit.new_page()
    tab.goto(f"{live_app.url}/s/{public_id}")
    _answer_page_one(tab)
    link = tab.locator(".resume a").get_attribute("href")
    assert link is not None and "/resume/" in link
    tab.screenshot(path=str(artifacts / "left-on-page-2.png"), full_page=True)
    first_visit.close()  # the customer leaves: the partial response is all that remains
    left_id, status, answers = _stored(live_app)
    assert status == "partial" and answers["grid"] == {"Staff": 3, "wait": 1}

    later = browser.new_context(java_script_enabled=javascript)  # no cookies from before
    later.set_default_timeout(15_000)
    tab = later.new_page()
    tab.goto(link if link.startswith("http") else f"{live_app.url}{link}")
    expect(tab.get_by_text("Page 2 of 3")).to_be_visible()
    tab.get_by_label("Price").select_option("1")
    tab.get_by_label("Speed").select_option("2")
    tab.get_by_label("Friendliness").select_option("3")
    tab.get_by_label("Card").check()
    tab.get_by_role("button", name="Back").click()
    expect(tab.get_by_label("Staff: Great")).to_be_checked()  # page 1, from the first visit
    tab.get_by_role("button", name="Next").click()
    tab.get_by_role("button", name="Next").click()
    # Card, but ranked: "{pay} = 'other' or {rank} notempty" holds, so the question is asked.
    expect(tab.get_by_label("What slowed you down?")).to_be_visible()
    tab.get_by_label("No", exact=True).check()
    tab.screenshot(path=str(artifacts / "resumed-page-3.png"), full_page=True)
    tab.get_by_role("button", name="Send").click()
    expect(tab.get_by_role("heading", name="Thank you!")).to_be_visible()
    later.close()

    same_id, status, answers = _stored(live_app)
    assert (same_id, status) == (left_id, "complete")
    assert answers == {
        "visit": "Yes", "grid": {"Staff": 3, "wait": 1},
        "rank": ["Price", "Speed", "Friendliness"], "pay": "Card", "contact": False,
    }  # fmt: skip
