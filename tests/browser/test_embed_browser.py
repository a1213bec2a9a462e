"""The widget in a real Chromium: a host site on one origin, the app on another."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

import surveys
from app.extensions import db
from surveys.models import Response
from tests.browser.conftest import HostSite, LiveApp
from tests.conftest import make_survey

pytestmark = pytest.mark.browser


def _survey(live: LiveApp, allowed: list[str]) -> tuple[str, str]:
    """A live survey with a persona; returns its public id and the persona's name."""
    with live.app.app_context():
        survey = make_survey(db.session)
        survey.allowed_origins = allowed
        surveys.add_persona(db.session, survey.journey, "Busy parent")
        db.session.commit()
        return survey.public_id, "Busy parent"


def _stored(live: LiveApp) -> list[Response]:
    with live.app.app_context():
        rows = db.session.scalars(select(Response)).all()
        for row in rows:  # load what the test reads before the session goes
            _ = [(a.question.key, a.value_text, a.value_number) for a in row.answers]
        db.session.expunge_all()
        return list(rows)


def _host_page(live: LiveApp, public_id: str, extra: str = "", body: str = "") -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Northwind checkout</title></head>
<body>
  <h1>Thanks for your order</h1>
  {body}
  <div id="feedback"></div>
  <p id="status">waiting</p>
  <script>
    document.addEventListener("journeymap:complete", function (event) {{
      document.getElementById("status").textContent = "done " + event.detail.response;
    }});
  </script>
  <script src="{live.url}/embed.js" data-survey="{public_id}" async {extra}></script>
</body></html>"""


def test_answer_through_the_widget_on_another_origin_is_stored_with_hidden_fields(
    live_app: LiveApp, host_site: HostSite, page: Any, artifacts: Path
) -> None:
    public_id, persona = _survey(live_app, [host_site.url])
    host_site.pages["/checkout/done"] = _host_page(
        live_app,
        public_id,
        'data-target="#feedback" data-customer-id="C-1042" '
        f'data-persona="{persona}" data-channel="web" data-plan="gold"',
    )
    page.goto(f"{host_site.url}/checkout/done")
    frame = page.frame_locator("#feedback iframe")
    frame.get_by_role("radio", name="2").check()
    frame.get_by_label("Why?").fill("Payment failed twice <script>alert(1)</script>")
    page.screenshot(path=str(artifacts / "embed-cross-origin-form.png"), full_page=True)
    frame.get_by_role("button", name="Send").click()
    page.wait_for_function("document.getElementById('status').textContent.startsWith('done ')")
    frame.get_by_role("heading", name="Thank you!").wait_for()
    # The frame told the host page its height (postMessage), replacing the 320px default.
    page.wait_for_function("document.querySelector('#feedback iframe').style.height !== '320px'")
    page.screenshot(path=str(artifacts / "embed-cross-origin.png"), full_page=True)

    (stored,) = _stored(live_app)
    assert stored.source == "embed"
    assert stored.meta["hidden"] == {
        "customer_id": "C-1042",
        "persona": persona,
        "channel": "web",
        "plan": "gold",
    }
    assert stored.meta["device"] == "desktop"
    assert stored.persona_id is not None
    assert {a.question.key: a.value_number or a.value_text for a in stored.answers} == {
        "q1": 2,
        "q2": "Payment failed twice <script>alert(1)</script>",
    }
    status = page.locator("#status").text_content() or ""
    assert status == f"done {stored.public_id}"


def test_widget_is_refused_on_an_origin_the_survey_does_not_list(
    live_app: LiveApp, host_site: HostSite, page: Any
) -> None:
    public_id, _ = _survey(live_app, ["https://shop.example"])
    host_site.pages["/"] = _host_page(live_app, public_id, 'data-target="#feedback"')
    # Chromium reports the refusal on the console once it has blocked the frame.
    with page.expect_console_message(lambda message: "frame-ancestors" in message.text):
        page.goto(host_site.url + "/")
    child = next(f for f in page.frames if f is not page.main_frame)
    expect(child.locator("form")).to_have_count(0)  # frame-ancestors kept the survey out
    assert _stored(live_app) == []


def test_popup_opens_on_click_and_shows_once_per_visitor(
    live_app: LiveApp, host_site: HostSite, page: Any
) -> None:
    public_id, _ = _survey(live_app, [host_site.url])
    host_site.pages["/help"] = _host_page(
        live_app,
        public_id,
        'data-mode="popup" data-trigger="click" data-click="#give-feedback"',
        body='<button id="give-feedback">Give feedback</button>',
    )
    page.goto(f"{host_site.url}/help")
    expect(page.locator("[role=dialog]")).to_have_count(0)  # nothing until the click
    page.click("#give-feedback")
    dialog = page.get_by_role("dialog", name="Survey")
    expect(dialog).to_be_visible()
    frame = page.frame_locator("[role=dialog] iframe")
    frame.get_by_role("radio", name="5").check()
    frame.get_by_role("button", name="Send").click()
    page.wait_for_function("document.getElementById('status').textContent.startsWith('done ')")
    page.get_by_role("button", name="Close survey").click()
    expect(dialog).to_have_count(0)

    page.reload()
    # Once the widget has started, a click opens the popup at once (in the click's handler) or
    # never: so right after the click there is nothing left to wait for.
    page.locator("script[data-survey][data-jm-ready]").wait_for(state="attached")
    page.click("#give-feedback")
    expect(page.locator("[role=dialog]")).to_have_count(0)  # answered once: not asked again
    assert len(_stored(live_app)) == 1


def test_hosted_page_can_be_answered_with_the_keyboard_alone(live_app: LiveApp, page: Any) -> None:
    public_id, _ = _survey(live_app, [])
    page.goto(f"{live_app.url}/s/{public_id}")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand link
    page.keyboard.press("Tab")  # first radio of the rating
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")  # radios move with the arrows: now 2
    page.keyboard.press("Tab")  # the text box
    page.keyboard.type("Quick and easy.")
    page.keyboard.press("Tab")  # Send
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    (stored,) = _stored(live_app)
    assert {a.question.key: a.value_number or a.value_text for a in stored.answers} == {
        "q1": 2,
        "q2": "Quick and easy.",
    }


def test_hosted_page_errors_take_keyboard_focus(live_app: LiveApp, page: Any) -> None:
    public_id, _ = _survey(live_app, [])
    page.goto(f"{live_app.url}/s/{public_id}")
    page.get_by_role("button", name="Send").click()
    # The page's script moves focus once it has run, which can be just after the summary shows.
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("[role=alert]")).to_contain_text("Please answer this question")
    assert _stored(live_app) == []


def test_a_widget_with_once_false_is_shown_again_after_an_answer(
    live_app: LiveApp, host_site: HostSite, page: Any
) -> None:
    """A kiosk or a per-order page asks every time: data-once="false" forgets the answer."""
    public_id, _ = _survey(live_app, [host_site.url])
    host_site.pages["/order"] = _host_page(
        live_app, public_id, 'data-target="#feedback" data-once="false"'
    )
    page.goto(f"{host_site.url}/order")
    frame = page.frame_locator("#feedback iframe")
    frame.get_by_role("radio", name="4").check()
    frame.get_by_role("button", name="Send").click()
    page.wait_for_function("document.getElementById('status').textContent.startsWith('done ')")
    page.reload()
    expect(
        page.frame_locator("#feedback iframe").get_by_role("button", name="Send")
    ).to_be_visible()
    expect(page.locator("#feedback iframe")).to_have_count(1)


def test_completion_is_announced_once_per_submission(
    live_app: LiveApp, host_site: HostSite, page: Any
) -> None:
    """A listener on the document and one on the script each hear one event per answer."""
    public_id, _ = _survey(live_app, [host_site.url])
    counters = """<script>
      window.heard = {document: 0, script: 0};
      document.addEventListener("journeymap:complete", function () { window.heard.document++; });
      document.addEventListener("DOMContentLoaded", function () {
        document.querySelector("script[data-survey]").addEventListener(
          "journeymap:complete", function () { window.heard.script++; });
      });
    </script>"""
    host_site.pages["/order"] = _host_page(
        live_app, public_id, 'data-target="#feedback"', body=counters
    )
    page.goto(f"{host_site.url}/order")
    frame = page.frame_locator("#feedback iframe")
    frame.get_by_role("radio", name="4").check()
    frame.get_by_role("button", name="Send").click()
    page.wait_for_function("document.getElementById('status').textContent.startsWith('done ')")
    # The event is dispatched synchronously while the frame's message is handled, so every
    # listener has run by the time the status changed.
    assert page.evaluate("window.heard") == {"document": 1, "script": 1}
    assert len(_stored(live_app)) == 1
