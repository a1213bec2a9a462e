"""The API reference in Debian's Chromium: Swagger UI draws every operation from the app's own
files under the page's Content-Security-Policy, with no request leaving the app's origin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveApp

pytestmark = pytest.mark.browser


def test_the_reference_draws_every_operation_from_local_files(
    page: Any, live_app: LiveApp, artifacts: Path
) -> None:
    requested: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{live_app.url}/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Journeymap API")
    operations = page.locator(".opblock")
    expect(operations).to_have_count(14)
    expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/responses").first
    ).to_be_visible()
    # An operation opens with its parameters and documented replies, 4xx errors included.
    page.locator(".opblock-summary", has_text="/api/v1/journeys/{slug}/map").first.click()
    expect(page.locator(".responses-table").first).to_contain_text("404")
    page.screenshot(path=str(artifacts / "api-docs.png"), full_page=False)
    assert problems == [], problems  # no CSP refusal, no script error
    assert requested and all(url.startswith(live_app.url) for url in requested), requested
