"""From the share page to an answer on another site, in Chromium: a researcher builds a popup
snippet with a delay and a hidden field and allows the site; a customer answers there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from surveys import accounts
from surveys.models import Response
from tests.browser.conftest import HostSite, LiveApp
from tests.conftest import PASSWORD, make_journey, make_survey, make_user

pytestmark = pytest.mark.browser


def _researcher_and_survey(live: LiveApp) -> tuple[str, str, str]:
    """A researcher's e-mail, and the share page and public id of a live survey of theirs."""
    with live.app.app_context():
        session = db.session()
        organisation = accounts.default_organisation(session)
        email = make_user(session, "researcher", organisation).email
        survey = make_survey(session, make_journey(session, organisation=organisation))
        session.commit()
        share = f"{live.url}/journeys/{survey.journey.slug}/surveys/{survey.id}/share"
        return email, share, survey.public_id


def test_a_snippet_built_on_the_share_page_collects_an_answer_on_another_site(
    live_app: LiveApp, host_site: HostSite, page: Any, browser: Any, artifacts: Path
) -> None:
    email, share, public_id = _researcher_and_survey(live_app)
    page.goto(share)  # signed out: the login page, which comes back here
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(share)
    expect(page.locator("figure.qr svg")).to_be_visible()

    # Allow the host site (the form takes an origin, without a path).
    page.fill("#origin", host_site.url + "/")
    with page.expect_navigation():
        page.get_by_role("button", name="Allow").click()
    expect(page.locator(".origins code")).to_have_text([host_site.url])

    # Build: popup, after a one-second delay, passing the customer's id.
    page.get_by_label("Popup").check()
    page.get_by_label("After a delay").check()
    page.fill("#delay", "1")
    page.fill("#hidden", "customer_id=C-77")
    # The script rewrites the snippet as options change (the server writes it either way).
    snippet_box = page.locator("#embed-snippet")
    expect(snippet_box).to_have_value(
        f'<script src="{live_app.url}/embed.js" data-survey="{public_id}" data-mode="popup" '
        'data-trigger="delay" data-delay="1" data-customer-id="C-77" async></script>'
    )
    preview = page.frame_locator("iframe.embed-preview")
    expect(preview.get_by_role("dialog", name="Survey")).to_be_visible()
    page.screenshot(path=str(artifacts / "share-page.png"), full_page=True)
    snippet = snippet_box.input_value()

    host_site.pages["/order/981"] = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Order 981</title></head>
<body><h1>Thanks for your order</h1><p id="status">waiting</p>
<script>
  window.heard = 0;
  document.addEventListener("journeymap:complete", function (event) {{
    window.heard++;
    document.getElementById("status").textContent = "done " + event.detail.response;
  }});
</script>
{snippet}
</body></html>"""
    visitor = browser.new_context()  # the customer: nobody signed in, another site
    customer = visitor.new_page()
    customer.set_default_timeout(15_000)
    customer.goto(f"{host_site.url}/order/981")
    dialog = customer.get_by_role("dialog", name="Survey")
    expect(dialog).to_be_visible()  # after the delay
    frame = customer.frame_locator("[role=dialog] iframe")
    frame.get_by_role("radio", name="5").check()
    frame.get_by_label("Why?").fill("Quick delivery")
    frame.get_by_role("button", name="Send").click()
    customer.wait_for_function("document.getElementById('status').textContent.startsWith('done ')")
    customer.screenshot(path=str(artifacts / "host-page-answered.png"), full_page=True)
    assert customer.evaluate("window.heard") == 1  # completion announced once
    status = customer.locator("#status").text_content()
    visitor.close()

    with live_app.app.app_context():
        (stored,) = db.session.scalars(select(Response)).all()
        assert stored.source == "embed"
        assert stored.meta["hidden"] == {"customer_id": "C-77"}
        assert status == f"done {stored.public_id}"
