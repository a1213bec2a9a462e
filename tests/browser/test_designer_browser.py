"""A new researcher, in Chromium, by clicks alone: journey, touchpoint, persona, a survey from a
template with skip logic, publish, a customer answers, version 2 — the answer stays with v1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from app.extensions import db
from surveys import accounts
from surveys.models import Response
from tests.browser.conftest import LiveApp
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser


@pytest.mark.slow
def test_a_new_researcher_designs_publishes_and_versions_a_survey_by_clicking(
    live_app: LiveApp, page: Any, browser: Any, artifacts: Path
) -> None:
    with live_app.app.app_context():
        email = make_user(db.session, "researcher", accounts.default_organisation(db.session)).email
        db.session.commit()
    url = live_app.url
    page.goto(f"{url}/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")

    page.get_by_role("link", name="New journey").first.click()
    page.fill("input[name=name]", "Gym membership")
    page.get_by_role("button", name="Create journey").click()
    page.wait_for_url("**/journeys/gym-membership/model")
    page.fill("form[action$='/touchpoints'] input[name=name]", "Review page")
    page.select_option("form[action$='/touchpoints'] select[name=stage]", label="Advocacy")
    # Each form posts and comes back to the same address: wait for the new page, or the next
    # fill would land on the old one and be lost.
    with page.expect_navigation():
        page.click("form[action$='/touchpoints'] button[type=submit]")
    page.fill("form[action$='/personas'] input[name=name]", "New member")
    with page.expect_navigation():
        page.click("form[action$='/personas'] button[type=submit]")
    expect(page.locator("input[name=name][value='New member']")).to_have_count(1)

    page.goto(f"{url}/templates?journey=gym-membership")
    page.click("form[action$='/templates/advocacy-nps'] button[type=submit]")
    page.wait_for_url("**/edit")
    expect(page.locator("select[name='questions-1-show_if_question']")).to_have_value("q1")
    page.check("input[name=personas]")
    page.click("button[value=publish]")
    page.wait_for_url(lambda u: not u.endswith("/edit"))
    public_link = page.locator("a[href*='/s/']").first.get_attribute("href")
    survey_page = page.url

    # A customer answers version 1; skip logic asks the "improve" box after a low score.
    visitor = browser.new_context()  # the customer is nobody signed in
    customer = visitor.new_page()
    customer.goto(public_link if public_link.startswith("http") else f"{url}{public_link}")
    customer.check("input[name=q1][value='3']")
    expect(customer.locator("textarea[name=q2]")).to_have_count(0)
    customer.click("main form button[type=submit]")
    customer.fill("textarea[name=q2]", "The changing rooms are never clean.")
    customer.click("main form button[type=submit]")
    customer.wait_for_url("**/thanks")
    visitor.close()

    # Version 2: add a question to the live survey and publish it.
    page.goto(f"{survey_page}/edit")
    page.click("button[value='add:single_choice']")
    page.fill("textarea[name='questions-3-prompt']", "Which plan are you on?")
    page.fill("textarea[name='questions-3-options']", "Basic\nPremium")
    page.click("button[value=publish]")
    page.wait_for_url(lambda u: not u.endswith("/edit"))
    page.goto(survey_page)
    page.screenshot(path=str(artifacts / "designer-versions.png"), full_page=True)
    expect(page.locator("#version-1 .answers")).to_have_text("1")
    expect(page.locator("#version-2 .answers")).to_have_text("0")
    with live_app.app.app_context():
        (response,) = db.session.query(Response).all()
        assert response.version.number == 1
        assert {a.question.key for a in response.answers} == {"q1", "q2"}
