"""Results in Debian's Chromium: a researcher reads the demo's support-call summary, filters to
detractors, opens a response, downloads CSV and XLSX and the files are read back; hostile text
stays text on the inbox, the response page and the summary's quotes."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlalchemy import select

import journeys
import surveys
from app.extensions import db
from demo.data import JOURNEY_SLUG
from surveys.models import Survey
from tests.browser.conftest import LiveApp
from tests.browser.test_map_browser import _sign_in
from tests.conftest import Seed, seed_demo_map
from tests.test_results_inbox import answer, make_rich_survey

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).resolve().parents[1] / "data" / "xss_corpus.txt"
ACCENTED = "Très déçu : l’agent n’a rien résolu, ça m’a coûté deux heures — 😠"


@pytest.fixture
def database_seed(request: pytest.FixtureRequest) -> Seed | None:
    """The results scenario starts from the demo journey (seeded once per database kind)."""
    return seed_demo_map if "demo_results" in request.fixturenames else None


@pytest.fixture
def demo_results(live_app: LiveApp, page: Any) -> str:
    """The demo with one more support-call detractor writing in French, a signed-in
    researcher; returns the app's URL."""
    with live_app.app.app_context():
        survey = db.session.scalar(
            select(Survey).where(Survey.title == "How was the support call?")
        )
        assert survey is not None
        keys = {q.kind: q.key for q in survey.versions[-1].questions}
        surveys.submit_response(
            db.session,
            survey.versions[-1],
            {keys["csat"]: 1, keys["free_text"]: ACCENTED, keys["ces"]: 2, keys["nps"]: 0},
            meta={"hidden": {"customer_id": "NW-9999"}},
        )
        journeys.score_pending(db.session)
        db.session.commit()
    _sign_in(page, live_app)
    return live_app.url


def _count(page: Any, selector: str) -> int:
    return int(page.locator(selector).first.inner_text().replace(",", ""))


def test_a_researcher_reads_filters_opens_and_downloads_the_support_call_results(
    page: Any, demo_results: str, artifacts: Path
) -> None:
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{demo_results}/journeys/{JOURNEY_SLUG}/surveys")
    row = page.locator("tr", has_text="How was the support call?")
    expect(row).to_contain_text("with a scored comment")
    row.get_by_role("link", name="How was the support call?").click()
    page.get_by_role("link", name="Summary").first.click()
    expect(page.locator("h1")).to_contain_text("Summary of “How was the support call?”")
    nps = page.locator("section.summary-block", has_text="How likely are you to recommend")
    expect(nps.locator("svg[role=img]").first).to_be_visible()
    expect(nps).to_contain_text("95 % interval")
    assert page.locator("section.summary-block svg[role=img]").count() >= 5
    page.screenshot(path=str(artifacts / "summary.png"), full_page=True)

    nps.locator("a.detractors").click()
    expect(page.locator("h1")).to_contain_text("Responses to")
    expect(page.locator(".conditions")).to_contain_text("is at most 6")
    detractors = _count(page, "#inbox-count strong")
    assert detractors > 10
    page.screenshot(path=str(artifacts / "detractors.png"), full_page=True)

    page.locator("table.inbox tbody tr", has_text=ACCENTED).get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("Response to")
    expect(page.locator("table.answers-table tbody tr")).to_have_count(4)
    expect(page.locator("table.hidden-fields")).to_contain_text("customer_id")
    expect(page.locator("table.hidden-fields")).to_contain_text("NW-9999")
    expect(page.locator("#answer-q2")).to_contain_text(ACCENTED)
    page.screenshot(path=str(artifacts / "response.png"), full_page=True)
    page.go_back()

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV").click()
    data = Path(csv_download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == detractors
    assert all(int(r["q4"]) <= 6 for r in rows)
    assert ACCENTED in {r["q2"] for r in rows}
    assert "NW-9999" in {r["hidden_customer_id"] for r in rows}

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    workbook = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
    sheet = list(workbook["Responses"].iter_rows(values_only=True))
    assert len(sheet) - 1 == detractors
    assert ACCENTED in {r[sheet[0].index("q2")] for r in sheet[1:]}
    assert "Data dictionary" in workbook.sheetnames


def test_hostile_text_stays_text_on_the_inbox_response_page_and_summary(
    live_app: LiveApp, page: Any, artifacts: Path
) -> None:
    payloads = [line for line in CORPUS.read_text().splitlines() if line.strip()]
    with live_app.app.app_context():
        survey = make_rich_survey(db.session)
        for n, payload in enumerate(payloads):
            answer(
                db.session,
                survey,
                n,
                nps=n % 11,
                text=f"{payload} terrible rude support",
                hidden={"customer_id": payload[:200]},
            )
        journeys.score_pending(db.session)
        db.session.commit()
        base = f"{live_app.url}/journeys/{survey.journey.slug}/surveys/{survey.id}"
    _sign_in(page, live_app)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    def untouched() -> None:
        assert page.evaluate("window.__xss === undefined"), "a payload ran"
        assert dialogs == []
        assert page.locator("script:not([src])").count() == 0  # no inline script got in

    page.goto(f"{base}/responses")
    for payload in payloads[:5]:
        expect(page.locator("table.inbox")).to_contain_text(payload)
    untouched()
    page.screenshot(path=str(artifacts / "inbox.png"), full_page=True)

    page.locator("table.inbox tbody tr").first.get_by_role("link").click()
    expect(page.locator("table.hidden-fields")).to_be_visible()
    untouched()
    page.screenshot(path=str(artifacts / "response.png"), full_page=True)

    page.goto(f"{base}/summary")
    expect(page.locator(".quotes blockquote").first).to_be_visible()
    untouched()
    quotes = page.locator(".quotes").inner_text()
    assert any(payload in quotes for payload in payloads)
    page.screenshot(path=str(artifacts / "summary.png"), full_page=True)
