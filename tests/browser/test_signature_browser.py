"""A signature on the hosted page in a real Chromium: drawn on the canvas with JavaScript on, sent
as a picture through the file input with JavaScript off; both kept as a PNG data URL."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

import surveys
from app.extensions import db
from surveys.models import Answer
from tests.browser.conftest import LiveApp
from tests.conftest import make_journey

pytestmark = pytest.mark.browser

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _survey(live: LiveApp) -> str:
    with live.app.app_context():
        journey = make_journey(db.session)
        survey = surveys.create_survey(
            db.session, journey, title="Consent", stage=journey.stages[0],
            touchpoint=journey.touchpoints[0],
            questions=[surveys.QuestionSpec("signature", "Sign here", required=True)],
        )  # fmt: skip
        surveys.publish(db.session, survey)
        db.session.commit()
        return survey.public_id


def _kept(live: LiveApp) -> bytes:
    with live.app.app_context():
        text = db.session.query(Answer.value_text).one()[0] or ""
    assert text.startswith("data:image/png;base64,")
    return base64.b64decode(text.split(",", 1)[1])


def test_a_signature_drawn_on_the_canvas_is_sent_as_a_png(live_app: LiveApp, page: Any) -> None:
    public_id = _survey(live_app)
    page.goto(f"{live_app.url}/s/{public_id}")
    canvas = page.locator("canvas.signature-pad")
    expect(canvas).to_be_visible()  # the script shows the pad
    box = canvas.bounding_box()

    page.mouse.move(box["x"] + 20, box["y"] + 30)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 25, box["y"] + 30 + (step % 3) * 20)
    page.mouse.up()
    page.get_by_role("button", name="Send").click()

    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    drawn = _kept(live_app)
    assert drawn.startswith(PNG_MAGIC) and len(drawn) > 500  # strokes, not an empty pad


def test_without_javascript_a_picture_of_the_signature_is_sent(
    live_app: LiveApp, browser: Any, tmp_path: Path
) -> None:
    public_id = _survey(live_app)
    picture = tmp_path / "signature.png"
    picture.write_bytes(PNG_MAGIC + b"\x00\x00\x00\rIHDR" + bytes(40))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_app.url}/s/{public_id}")
        expect(page.locator("canvas.signature-pad")).to_be_hidden()
        page.get_by_label("Sign here").set_input_files(str(picture))
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    finally:
        context.close()

    assert _kept(live_app) == picture.read_bytes()
