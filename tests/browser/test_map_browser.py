"""The journey map in Debian's Chromium: pain point highlighted, persona filter redraws the curve,
drill-down highlights words, hostile answers stay text, keyboard reaches every control."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

import journeys
import surveys
from app.extensions import db
from demo.data import JOURNEY_SLUG
from surveys import accounts
from surveys.models import Journey, utcnow
from tests.browser.conftest import LiveApp
from tests.conftest import PASSWORD, Seed, make_journey, make_survey, make_user, seed_demo_map

pytestmark = pytest.mark.browser

HOSTILE = (
    "<img src=x onerror=alert(1)> </script><script>alert(2)</script> "
    '<a href="javascript:alert(3)">terrible</a> awful support'
)


def _sign_in(page: Any, live: LiveApp) -> None:
    with live.app.app_context():
        user = make_user(db.session, "researcher", accounts.default_organisation(db.session))
        email = user.email
        db.session.commit()
    page.goto(f"{live.url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


@pytest.fixture
def database_seed(request: pytest.FixtureRequest) -> Seed | None:
    """Tests of the demo map start from a copy of it, seeded once per session and database kind."""
    return seed_demo_map if "demo_map" in request.fixturenames else None


@pytest.fixture
def demo_map(live_app: LiveApp, page: Any) -> str:
    """The demo journey, rolled up, and a signed-in researcher; returns the map's URL."""
    _sign_in(page, live_app)
    return f"{live_app.url}/journeys/{JOURNEY_SLUG}/map"


def test_demo_map_renders_with_its_pain_point_highlighted(
    page: Any, demo_map: str, artifacts: Path
) -> None:
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(demo_map)
    # :visible — below 700 px the page shows a stack holding its own copy of each tile.
    chip = page.locator("a.tp.pain:visible", has_text="Support call")
    expect(chip).to_be_visible()
    expect(chip).to_contain_text("Pain point #1")
    outline = chip.evaluate(
        "el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth"
    )
    assert outline.startswith("solid") and not outline.endswith(" 0px")
    expect(page.locator("svg.curve polyline").first).to_be_attached()
    expect(page.locator("thead th.stage").first).to_have_text(re.compile(r"^\s*Awareness"))
    page.screenshot(path=str(artifacts / "journey-map.png"), full_page=True)
    assert (artifacts / "journey-map.png").stat().st_size > 10_000


def test_changing_the_persona_filter_changes_the_curve(page: Any, demo_map: str) -> None:
    page.goto(demo_map)
    before = page.locator("svg.curve").inner_html()
    with page.expect_navigation():
        # Selecting is enough: map.js applies the filter on change.
        page.select_option("#f-persona", label="Busy parent")
    expect(page).to_have_url(re.compile(r"persona="))
    after = page.locator("svg.curve").inner_html()
    assert after != before
    assert "Busy parent at Awareness" in after
    assert page.locator(".meta strong").first.inner_text() == "Busy parent"


def test_a_drilldown_shows_the_words_that_drove_the_score(page: Any, demo_map: str) -> None:
    page.goto(demo_map)
    page.locator("a.tp.pain:visible", has_text="Support call").click()
    page.wait_for_url("**/map/cells/**")
    marks = page.locator("ol.answers mark.neg")
    expect(marks.first).to_be_visible()
    assert marks.first.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_hostile_answer_text_is_shown_as_text_and_never_runs(page: Any, live_app: LiveApp) -> None:
    with live_app.app.app_context():
        session = db.session
        journey: Journey = make_journey(session)
        survey = make_survey(session, journey, stage="Retention", touchpoint="Support call")
        for _ in range(6):
            response = surveys.submit_response(
                session,
                survey.versions[-1],
                {"q1": 1, "q2": HOSTILE},
                created_at=utcnow() - timedelta(days=1),
            )
            journeys.score_answers(session, response.answers)
        journeys.rollup(session, min_answers=5)
        session.commit()
        support = next(t for t in journey.touchpoints if t.name == "Support call")
        path = f"/journeys/{journey.slug}/map/cells/{support.stage_id}/{support.id}"
        slug = journey.slug
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _sign_in(page, live_app)
    page.goto(f"{live_app.url}{path}")
    first = page.locator("ol.answers .answer-text").first
    assert "<img src=x onerror=alert(1)>" in first.inner_text()
    assert 'href="javascript:alert(3)"' in first.inner_text()
    expect(page.locator("ol.answers img, ol.answers a, ol.answers script")).to_have_count(0)
    # goto returns on the load event, which waits for every image: a stray onerror has fired.
    page.goto(f"{live_app.url}/journeys/{slug}/map", wait_until="load")
    assert dialogs == []
    expect(page.locator("main img")).to_have_count(0)


def test_keyboard_alone_reaches_every_control_on_the_map(page: Any, demo_map: str) -> None:
    page.goto(demo_map)
    controls = page.evaluate(
        """() => Array.from(document.querySelectorAll(
              'a[href], button, select, input:not([type=hidden]), textarea, summary'))
            .filter(el => el.getClientRects().length > 0 && !el.disabled)
            // A closed <details> hides its content from the keyboard (its summary opens it).
            .filter(el => {
              const shut = el.closest('details:not([open])');
              return !shut || (el.tagName === 'SUMMARY' && el.parentElement === shut
                               && !shut.parentElement.closest('details:not([open])'));
            })
            .map((el, i) => { el.dataset.kb = String(i); return String(i); })"""
    )
    assert len(controls) > 20
    reached: set[str] = set()
    for _ in range(len(controls) * 2 + 10):
        page.keyboard.press("Tab")
        key = page.evaluate("() => document.activeElement && document.activeElement.dataset.kb")
        if key is not None:
            reached.add(key)
        if reached >= set(controls):
            break
    missing = page.evaluate(
        """(keys) => keys.map(k => document.querySelector(`[data-kb="${k}"]`))
            .map(el => el.outerHTML.slice(0, 80))""",
        sorted(set(controls) - reached),
    )
    assert missing == []
    # And a focused control shows where focus is.
    page.focus("#f-persona")
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
