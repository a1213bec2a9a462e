"""Compare presets, KPIs and emotions compared, changes marked on the map's tiles, and alerts
listed with their evidence on the journey's alert page."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import journeys
import surveys
from journeys.compare import Period, preset_periods
from surveys.models import Journey, Survey, utcnow
from tests.conftest import make_journey, make_survey


def _answer(session: Session, survey: Survey, texts: list[str], *, days_ago: float) -> None:
    for text in texts:
        response = surveys.submit_response(
            session,
            survey.versions[-1],
            {"q1": 5 if "Lovely" in text else 1, "q2": text},
            created_at=utcnow() - timedelta(days=days_ago),
        )
        journeys.score_answers(session, response.answers)
    session.commit()


def _support_got_worse(session: Session) -> Journey:
    """A journey whose support call went from lovely (10 days ago) to terrible (2 days ago)."""
    journey = make_journey(session)
    support = make_survey(session, journey, stage="Retention", touchpoint="Support call")
    _answer(session, support, ["Lovely, quick and helpful support. Great!"] * 12, days_ago=10)
    _answer(session, support, ["Terrible, rude and useless support agent."] * 12, days_ago=2)
    journeys.rollup(session, min_answers=5)
    session.commit()
    return journey


def test_presets_compare_the_last_days_or_this_quarter_with_the_period_before() -> None:
    today = date(2026, 5, 15)
    assert preset_periods("7d", today) == (
        Period(date(2026, 5, 2), date(2026, 5, 8)),
        Period(date(2026, 5, 9), date(2026, 5, 15)),
    )
    before, after = preset_periods("90d", today)
    assert (after.until - after.since).days == 89 and before.until == after.since - timedelta(1)
    assert preset_periods("quarter", today) == (
        Period(date(2026, 1, 1), date(2026, 3, 31)),
        Period(date(2026, 4, 1), date(2026, 5, 15)),
    )
    assert preset_periods("quarter", date(2026, 2, 1))[0] == Period(
        date(2025, 10, 1), date(2025, 12, 31)
    )


def test_a_preset_compares_sentiment_kpis_and_emotions(
    signed_in: FlaskClient, session: Session
) -> None:
    journey = _support_got_worse(session)
    page = signed_in.get(f"/journeys/{journey.slug}/map/compare?preset=7d")
    assert page.status_code == 200
    row = re.search(r'<th scope="row">Support call</th>.*?</tr>', page.text, re.S)
    assert row, page.text
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    sentiment_change, _nps, csat, _ces, negative, emotion = cells[2:8]
    assert "▼ worse" in sentiment_change
    assert "100% → 0%" in csat and "▼ worse" in csat  # CSAT compared, with its test
    assert "0% → 100%" in negative and "▼ worse" in negative  # the text's negative share
    before, after = (e.strip() for e in emotion.split("→"))
    assert before in ("delighted", "satisfied") and after in ("angry", "frustrated", "disappointed")
    assert 'aria-current="true"' in page.text  # the chosen preset is marked
    bad = signed_in.get(f"/journeys/{journey.slug}/map/compare?preset=fortnight")
    assert bad.status_code == 400 and "preset" in bad.text


def test_the_map_marks_a_tile_that_got_significantly_worse(
    signed_in: FlaskClient, session: Session
) -> None:
    journey = _support_got_worse(session)
    html = signed_in.get(f"/journeys/{journey.slug}/map").text
    tile = re.search(r'<a class="tp [^"]*".*?Support call.*?</a>', html, re.S)
    assert tile and "▼ worse than the 7 days before" in tile.group(0)
    svg = signed_in.get(f"/journeys/{journey.slug}/map.svg").text
    assert "answers · ▼ worse" in svg


def test_alerts_are_listed_on_the_map_and_their_page_with_evidence(
    signed_in: FlaskClient, session: Session
) -> None:
    journey = _support_got_worse(session)
    html = signed_in.get(f"/journeys/{journey.slug}/map").text
    assert "Support call at Retention worsened" in html
    assert f"/journeys/{journey.slug}/alerts" in html
    page = signed_in.get(f"/journeys/{journey.slug}/alerts")
    assert page.status_code == 200
    item = re.search(r'<li class="alert-evidence".*?</li>', page.text, re.S)
    assert item, page.text
    text = item.group(0)
    assert "Support call" in text and "Retention" in text
    now = re.search(r'<th scope="row">Now</th>.*?</tr>', text, re.S)
    before = re.search(r'<th scope="row">Before</th>.*?</tr>', text, re.S)
    assert now and "<td>12</td>" in now.group(0) and "100%" in now.group(0)
    assert before and "<td>12</td>" in before.group(0) and "0%" in before.group(0)
    assert "support agent" in text  # what the newer complaints are about, with a quote
    assert "<blockquote>“Terrible, rude and useless support agent.”</blockquote>" in text
