"""A researcher shapes the demo map in Chromium — a lane of their own, an opportunity on a
touchpoint, the to-be line, value and effort — and sees the value-vs-effort matrix; the page and
the SVG export still draw without overlapping text; a viewer gets no form to change any of it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from demo.data import JOURNEY_SLUG
from surveys import accounts
from surveys.models import Journey
from tests.browser.conftest import LiveApp
from tests.browser.test_map_exports_browser import PAGE_OVERLAPS, SVG_OVERLAPS
from tests.conftest import PASSWORD, Seed, make_user, seed_demo_map

pytestmark = pytest.mark.browser


@pytest.fixture
def database_seed(request: pytest.FixtureRequest) -> Seed | None:
    """The demo journey, seeded once per session and database kind, copied for each test."""
    return seed_demo_map


def _sign_in(page: Any, live: LiveApp, role: str) -> None:
    with live.app.app_context():
        user = make_user(db.session, role, accounts.default_organisation(db.session))
        email = user.email
        db.session.commit()
    page.goto(f"{live.url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def _stages(live: LiveApp) -> list[tuple[int, str]]:
    with live.app.app_context():
        journey = db.session.scalars(select(Journey).where(Journey.slug == JOURNEY_SLUG)).one()
        return [(s.id, s.name) for s in journey.stages]


@pytest.mark.slow
def test_researcher_shapes_the_canvas_and_sees_the_matrix(
    live_app: LiveApp, page: Any, artifacts: Path
) -> None:
    _sign_in(page, live_app, "researcher")
    base = f"{live_app.url}/journeys/{JOURNEY_SLUG}"
    stages = _stages(live_app)
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(f"{base}/map")

    # A lane of their own, with a text at the first stage.
    page.fill("#new-lane", "Backstage <systems>")
    with page.expect_navigation():
        page.click("form.add-lane button[type=submit]")
    lane_row = page.locator("tr.lane-custom")
    assert lane_row.locator(".lane-name").inner_text() == "Backstage <systems>"
    lane_row.locator("summary").click()
    first_id, _first_name = stages[0]
    lane_row.locator(f"textarea[name=text-{first_id}]").fill("Order service queues the e-mail")
    with page.expect_navigation():
        lane_row.get_by_role("button", name="Save lane").click()
    assert "Order service queues the e-mail" in page.locator("tr.lane-custom").inner_text()

    # An opportunity on a touchpoint, scored value 4, effort 1.
    stage_id, _stage_name = stages[1]
    cell = page.locator(f"#notes-{stage_id}")
    cell.locator("summary").click()
    options = cell.locator("select[name=touchpoint_id] option")
    touchpoint = options.nth(1).inner_text()
    cell.locator("select[name=touchpoint_id]").select_option(index=1)
    cell.locator("select[name=value]").select_option("4")
    cell.locator("select[name=effort]").select_option("1")
    cell.locator("textarea[name=opportunity]").fill("Show delivery dates before payment")
    with page.expect_navigation():
        cell.get_by_role("button", name="Save note").click()
    note = page.locator(f"#notes-{stage_id} .cell-note")
    assert touchpoint in note.inner_text() and "quick win" in note.inner_text()

    # The to-be line: a target at every stage.
    page.locator("details.targets-edit summary").click()
    for sid, _name in stages:
        page.fill(f"#target-{sid}", "0.3")
    with page.expect_navigation():
        page.get_by_role("button", name="Save to-be line").click()
    expect(page.locator(".curve-key li.to-be")).to_be_visible()
    assert page.locator('svg.curve polyline[stroke-dasharray="9 4"]').count() == 1

    # Value and effort on the worst pain point.
    pain = page.locator("form.annotate").first
    pain.locator("select[name=value]").select_option("5")
    pain.locator("select[name=effort]").select_option("4")
    with page.expect_navigation():
        pain.get_by_role("button", name=re.compile("Save pain point")).click()

    # Everything drawn on the page without overlapping text.
    page.goto(f"{base}/map")
    found = page.locator("table.jm").evaluate(PAGE_OVERLAPS)
    assert found["count"] > 50 and not found["hits"], found["hits"][:5]
    assert not found["spills"], found["spills"][:5]
    page.screenshot(path=str(artifacts / "canvas-map.png"), full_page=True)

    # The slide carries the lane, the note and the to-be line, without overlaps either.
    svg = page.request.get(f"{base}/map.svg").text()
    (artifacts / "canvas-map.svg").write_text(svg)
    assert "Backstage &lt;systems&gt;" in svg and "To-be (team" in svg
    page.set_content("<!doctype html><body style='margin:0'>" + re.sub(r"^<\?xml[^>]*>", "", svg))
    found = page.locator("svg").first.evaluate(SVG_OVERLAPS)
    assert not found["hits"], found["hits"][:5]
    assert not found["spills"], found["spills"][:5]
    page.screenshot(path=str(artifacts / "canvas-slide.png"), full_page=True)

    # The matrix names the quick wins and places both items.
    page.goto(f"{base}/map")
    with page.expect_navigation():
        page.get_by_role("link", name="Value vs effort").click()
    matrix = page.locator("figure.matrix svg")
    expect(matrix).to_be_visible()
    assert "Quick wins" in (matrix.text_content() or "")
    rows = page.locator("table.matrix-items tbody tr")
    quadrants = {
        rows.nth(i).locator("th").inner_text(): rows.nth(i).locator(".quadrant").inner_text()
        for i in range(rows.count())
    }
    assert quadrants["O1"] == "quick win" and quadrants["P1"] == "long-term"
    page.screenshot(path=str(artifacts / "canvas-matrix.png"), full_page=True)


def test_viewer_gets_no_form_to_change_the_canvas(live_app: LiveApp, page: Any) -> None:
    _sign_in(page, live_app, "viewer")
    page.goto(f"{live_app.url}/journeys/{JOURNEY_SLUG}/map")
    for form in ("form.add-lane", "details.note-edit", "details.targets-edit", "form.annotate"):
        assert page.locator(form).count() == 0, form
    with page.expect_navigation():
        page.get_by_role("link", name="Value vs effort").click()
    expect(page.locator("figure.matrix svg")).to_be_visible()
