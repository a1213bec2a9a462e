"""The journey map teams read: the page, filters, drill-down, comparison, history, exports, edits
and share links — through the real app on a migrated database."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pypdf
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

import journeys
import surveys
from demo.data import JOURNEY_SLUG
from journeys.models import PainPoint, ResponseFact
from journeys.sharing_models import ShareLink
from surveys import accounts
from surveys.models import Journey, Survey, utcnow
from tests.conftest import (
    Seed,
    csrf_token,
    login,
    make_journey,
    make_survey,
    make_user,
    seed_demo_map,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = (
    "<img src=x onerror=alert(1)> </script><script>alert(2)</script> "
    '<a href="javascript:alert(3)">terrible</a> & awful support'
)


@pytest.fixture
def database_seed(request: pytest.FixtureRequest) -> Seed | None:
    """Tests that read the demo start from a copy of it: seeding and scoring it once per session
    and database kind, instead of once per test, saves seconds a test."""
    return seed_demo_map if "demo" in request.fixturenames else None


@pytest.fixture
def demo(session: Session) -> Journey:
    """The demo journey of ``seed_demo_map``, in this test's own database."""
    return session.scalars(select(Journey).where(Journey.slug == JOURNEY_SLUG)).one()


def _answer(session: Session, survey: Survey, texts: list[str], *, days_ago: float = 1) -> None:
    for text in texts:
        response = surveys.submit_response(
            session,
            survey.versions[-1],
            {"q1": 2, "q2": text},
            created_at=utcnow() - timedelta(days=days_ago),
        )
        journeys.score_answers(session, response.answers)
    session.commit()


def _stage_headers(html: str) -> list[str]:
    return re.findall(r'<span class="stage-name">([^<]+)</span>', html)


def test_map_page_shows_stages_in_order_with_lanes_and_the_pain_point_highlighted(
    signed_in: FlaskClient, demo: Journey
) -> None:
    page = signed_in.get(f"/journeys/{demo.slug}/map")
    assert page.status_code == 200
    html = page.text
    assert _stage_headers(html) == [s.name for s in demo.stages]
    for lane in ("Customer goals", "Actions", "Touchpoints", "Emotion curve", "Emotions", "KPIs"):
        assert f'class="lane">{lane}' in html
    # The worst pain point is the support call, outlined and ranked first, with its evidence.
    assert re.search(
        r'class="tp [^"]*pain sev-high"[^>]*>\s*<span class="badge">⚠ Pain point #1', html
    )
    assert "⚠ Pain point #1: Support call" in html
    # What its complaints feel, not the cell's commonest feeling (which may be "satisfied").
    assert re.search(r"complaints mostly (frustrated|disappointed|angry|anxious|confused)", html)
    assert "Themes:" in html and "<blockquote>" in html
    assert "<svg" in html and 'class="curve"' in html
    assert "NPS" in html and "CSAT" in html and "CES" in html
    # Colours come with words: every touchpoint's mean is also written out.
    assert 'class="words">' in html
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]


def test_persona_filter_changes_the_curve_and_each_persona_gets_a_line(
    signed_in: FlaskClient, demo: Journey
) -> None:
    everyone = signed_in.get(f"/journeys/{demo.slug}/map").text
    persona = next(p for p in demo.personas if p.name == "Busy parent")
    one = signed_in.get(f"/journeys/{demo.slug}/map?persona={persona.id}").text
    each = signed_in.get(f"/journeys/{demo.slug}/map?persona=each").text

    def curve(html: str) -> str:
        match = re.search(r'<svg xmlns="http://www.w3.org/2000/svg".*?</svg>', html, re.S)
        assert match
        return match.group(0)

    assert curve(one) != curve(everyone)
    assert "Busy parent at Awareness" in curve(one)  # the persona's line, point by point
    assert "All customers at Awareness" in curve(one)  # with everyone as the reference
    for p in demo.personas:
        assert f"{p.name} at Retention" in curve(each)
    assert curve(each).count("<polyline") > curve(everyone).count("<polyline")


def test_channel_and_date_filters_narrow_the_map(signed_in: FlaskClient, demo: Journey) -> None:
    whole = signed_in.get(f"/journeys/{demo.slug}/map").text
    recent = (date.today() - timedelta(days=7)).isoformat()
    narrow = signed_in.get(f"/journeys/{demo.slug}/map?channel=web&since={recent}").text

    def total(html: str) -> int:
        match = re.search(r"· (\d+) responses with a scored comment", html)
        assert match
        return int(match.group(1))

    assert 0 < total(narrow) < total(whole)
    assert "on <strong>web</strong>" in narrow
    bad = signed_in.get(f"/journeys/{demo.slug}/map?since=yesterday")
    assert bad.status_code == 400
    backwards = signed_in.get(f"/journeys/{demo.slug}/map?since=2026-02-01&until=2026-01-01")
    assert backwards.status_code == 400


def test_map_needs_a_member_of_the_journeys_organisation(
    client: FlaskClient, session: Session, demo: Journey
) -> None:
    assert client.get(f"/journeys/{demo.slug}/map").status_code == 302  # to the login page
    outsider = make_user(session, "admin")  # admin, but of another organisation
    login(client, outsider)
    assert client.get(f"/journeys/{demo.slug}/map").status_code == 404
    assert client.get(f"/journeys/{demo.slug}/map.svg").status_code == 404


def test_drilldown_lists_answers_with_the_scoring_words_highlighted(
    signed_in: FlaskClient, session: Session, demo: Journey
) -> None:
    point = session.scalars(select(PainPoint).order_by(PainPoint.severity.desc())).first()
    assert point is not None
    url = f"/journeys/{demo.slug}/map/cells/{point.stage_id}/{point.touchpoint_id}"
    page = signed_in.get(url)
    assert page.status_code == 200
    assert '<mark class="neg"' in page.text
    assert page.text.count('class="answer"') == 20  # one page of 20
    assert 'rel="next"' in page.text
    second = signed_in.get(url + "?page=2")
    assert "Page 2 of" in second.text

    angry = signed_in.get(url + "?emotion=angry").text
    emotions = re.findall(r"\(\w+\) · (\w+) ·", angry)
    assert emotions and set(emotions) == {"angry"}
    theme = point.themes[0]["phrase"]
    themed = signed_in.get(url, query_string={"theme": theme}).text
    listed = re.findall(r"themes: ([^<]+)</p>", themed)
    assert listed and all(theme in t.split(", ") for t in listed)
    assert signed_in.get(url + "?emotion=smug").status_code == 400
    beyond = signed_in.get(url + "?page=999")
    assert beyond.status_code == 400 and "only" in beyond.text
    assert signed_in.get(f"/journeys/{demo.slug}/map?channel=fax").status_code == 400


def test_an_answer_in_another_language_is_flagged_not_counted_as_neutral(
    signed_in: FlaskClient, session: Session
) -> None:
    journey = make_journey(session)
    survey = make_survey(session, journey, stage="Retention", touchpoint="Support call")
    _answer(session, survey, ["On hold for an hour, then cut off.", "الخدمة كانت ممتازة جدا"])
    facts = {f.response_id: f for f in session.scalars(select(ResponseFact))}
    english, arabic = sorted(facts.values(), key=lambda f: f.response_id)
    assert english.compound is not None and english.compound < 0
    assert arabic.compound is None and arabic.label is None  # not a 0.0 pulling means up
    assert arabic.csat == 2  # its KPI answer still counts
    journeys.rollup(session, min_answers=1)
    session.commit()
    cells = json.loads(signed_in.get(f"/journeys/{journey.slug}/map.json").text)["cells"]
    (cell,) = cells
    assert cell["mean_compound"] == pytest.approx(english.compound, abs=1e-3)
    stage = surveys.stage_named(journey, "Retention")
    url = f"/journeys/{journey.slug}/map/cells/{stage.id}/{survey.touchpoint_id}"
    assert "Another language — not scored" in signed_in.get(url).text


def test_a_touchpoint_answered_under_another_stage_shows_in_that_stage_too(
    signed_in: FlaskClient, session: Session
) -> None:
    """Support call belongs to Retention; a survey may still tag it with Awareness. Its
    answers must be on the map where the stage counts them, not only in the exports."""
    journey = make_journey(session)
    survey = make_survey(session, journey, stage="Awareness", touchpoint="Support call")
    _answer(session, survey, ["Nobody picked up.", "On hold for ages."])
    journeys.rollup(session, min_answers=1)
    session.commit()
    awareness = surveys.stage_named(journey, "Awareness")
    html = signed_in.get(f"/journeys/{journey.slug}/map").text
    link = f"/journeys/{journey.slug}/map/cells/{awareness.id}/{survey.touchpoint_id}"
    assert f'href="{link}' in html


def test_hostile_answer_text_is_shown_as_text_on_every_page(
    signed_in: FlaskClient, session: Session
) -> None:
    journey = make_journey(session)
    survey = make_survey(session, journey, stage="Retention", touchpoint="Support call")
    happy = make_survey(session, journey)
    _answer(session, survey, [HOSTILE] * 8)
    _answer(session, happy, ["Lovely, quick and easy checkout. Great!"] * 8)
    journeys.rollup(session, min_answers=5)
    session.commit()
    support = next(t for t in journey.touchpoints if t.name == "Support call")
    html = signed_in.get(f"/journeys/{journey.slug}/map/cells/{support.stage_id}/{support.id}").text
    assert "<img src=x" not in html and "<script>alert" not in html
    assert 'href="javascript:' not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # The scoring word inside the hostile link is marked, the link itself stays text.
    assert re.search(r'&lt;a href=&quot;javascript:alert\(3\)&quot;&gt;<mark class="neg"', html)
    page = signed_in.get(f"/journeys/{journey.slug}/map").text
    assert "<img src=x" not in page and "<script>alert" not in page
    svg = signed_in.get(f"/journeys/{journey.slug}/map.svg").text
    ET.fromstring(svg.encode())  # still well-formed XML with the quote inside
    assert "<img" not in svg and "<script" not in svg


def test_svg_and_pdf_exports_show_the_same_stages_and_pain_points_as_the_page(
    signed_in: FlaskClient, demo: Journey
) -> None:
    html = signed_in.get(f"/journeys/{demo.slug}/map").text
    stages = _stage_headers(html)
    pains = re.findall(r"⚠ Pain point #(\d+): ([^<]+) <span", html)
    assert pains

    svg_reply = signed_in.get(f"/journeys/{demo.slug}/map.svg")
    assert svg_reply.mimetype == "image/svg+xml"
    root = ET.fromstring(svg_reply.data)
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert [t for t in texts if t in stages] == stages  # in order, left to right
    for rank, name in pains:
        assert f"⚠ #{rank} {name}" in texts

    pdf_reply = signed_in.get(f"/journeys/{demo.slug}/map.pdf")
    assert pdf_reply.mimetype == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(pdf_reply.data))
    text = reader.pages[0].extract_text()
    positions = [text.index(name) for name in stages]
    assert positions == sorted(positions)
    for rank, name in pains:
        assert f"! #{rank} {name}" in text  # ⚠ is not in the PDF's font encoding
    assert reader.metadata is not None and demo.name in (reader.metadata.title or "")


def test_data_exports_are_csv_and_json_of_the_same_map(
    signed_in: FlaskClient, demo: Journey
) -> None:
    data = json.loads(signed_in.get(f"/journeys/{demo.slug}/map.json").text)
    assert [s["name"] for s in data["stages"]] == [s.name for s in demo.stages]
    assert data["pain_points"][0]["touchpoint"] == "Support call"
    rows = list(csv.DictReader(io.StringIO(signed_in.get(f"/journeys/{demo.slug}/map.csv").text)))
    assert len(rows) == len(data["cells"])
    assert next(r for r in rows if r["touchpoint"] == "Support call")["pain_point_rank"] == "1"


def test_data_exports_apply_the_pages_channel_and_date_filters(
    signed_in: FlaskClient, demo: Journey
) -> None:
    """The page's download links carry its filters; CSV and JSON count what the page counts."""
    base = f"/journeys/{demo.slug}"
    whole = json.loads(signed_in.get(f"{base}/map.json").text)
    phone = json.loads(signed_in.get(f"{base}/map.json?channel=phone").text)
    assert phone["filters"]["channel"] == "phone"
    page = signed_in.get(f"{base}/map?channel=phone").text
    phone_n = sum(c["n"] for c in phone["cells"])
    assert 0 < phone_n < sum(c["n"] for c in whole["cells"])
    assert f"{phone_n:,} scored responses" in page or f"{phone_n} scored responses" in page
    rows = list(csv.DictReader(io.StringIO(signed_in.get(f"{base}/map.csv?channel=phone").text)))
    assert sum(int(r["n"]) for r in rows) == phone_n
    early = json.loads(signed_in.get(f"{base}/map.json?until=2000-01-01").text)
    assert early["cells"] == [] and early["filters"]["until"] == "2000-01-01"
    backwards = signed_in.get(f"{base}/map.csv?since=2026-02-01&until=2026-01-01")
    assert backwards.status_code == 400 and "start date" in backwards.text


def test_researcher_edits_a_pain_points_owner_and_opportunity_inline(
    signed_in: FlaskClient, session: Session, demo: Journey
) -> None:
    point = session.scalars(select(PainPoint).where(PainPoint.active.is_(True))).first()
    assert point is not None
    page = signed_in.get(f"/journeys/{demo.slug}/map?channel=phone").text
    reply = signed_in.post(
        f"/journeys/{demo.slug}/pain-points/{point.id}",
        data={
            "csrf_token": csrf_token(page),
            "status": "in_progress",
            "owner_team": "Support <ops>",
            "opportunity": "Call-back instead of hold music",
            "effort": "2",
            "back": "?channel=phone",
        },
    )
    assert reply.status_code == 302 and "channel=phone" in reply.headers["Location"]
    session.expire_all()
    saved = session.get(PainPoint, point.id)
    assert saved is not None
    assert (saved.status, saved.owner_team, saved.effort) == ("in_progress", "Support <ops>", 2)
    assert saved.priority == "quick win"
    html = signed_in.get(f"/journeys/{demo.slug}/map").text
    assert "Support &lt;ops&gt;" in html and "Call-back instead of hold music" in html

    wrong = signed_in.post(
        f"/journeys/{demo.slug}/pain-points/{point.id}",
        data={"csrf_token": csrf_token(page), "status": "done", "effort": "9"},
    )
    assert wrong.status_code == 400
    session.expire_all()
    assert session.get(PainPoint, point.id).status == "in_progress"  # type: ignore[union-attr]


def test_viewer_reads_the_map_but_cannot_edit_it(
    client: FlaskClient, session: Session, demo: Journey
) -> None:
    viewer = make_user(session, "viewer", accounts.default_organisation(session))
    login(client, viewer)
    page = client.get(f"/journeys/{demo.slug}/map").text
    assert "Support call" in page and 'class="annotate"' not in page
    point = session.scalars(select(PainPoint)).first()
    assert point is not None
    refused = client.post(
        f"/journeys/{demo.slug}/pain-points/{point.id}",
        data={"csrf_token": csrf_token(page), "status": "resolved"},
    )
    assert refused.status_code == 403
    assert client.get(f"/journeys/{demo.slug}/map/share").status_code == 403


def test_share_link_opens_a_read_only_map_until_revoked_or_expired(
    signed_in: FlaskClient, session: Session, demo: Journey
) -> None:
    form = signed_in.get(f"/journeys/{demo.slug}/map/share").text
    made = signed_in.post(
        f"/journeys/{demo.slug}/map/share",
        data={"csrf_token": csrf_token(form), "label": "Board <deck>", "days": "7"},
    ).text
    match = re.search(r'value="(http://[^"]+/share/([^"]+))"', made)
    assert match
    token = match.group(2)
    link = session.scalars(select(ShareLink)).one()
    assert token not in link.token_digest  # only a digest is stored

    stranger = signed_in.application.test_client()
    shared = stranger.get(f"/share/{token}")
    assert shared.status_code == 200
    assert "Support call" in shared.text and "Read-only view" in shared.text
    assert "Board &lt;deck&gt;" in shared.text
    assert 'class="annotate"' not in shared.text and "/map/cells/" not in shared.text
    assert shared.headers["Referrer-Policy"] == "no-referrer"
    assert stranger.get("/share/not-a-token").status_code == 404

    revoke = signed_in.post(
        f"/journeys/{demo.slug}/map/share/{link.id}/revoke",
        data={"csrf_token": csrf_token(made)},
    )
    assert revoke.status_code == 302
    assert stranger.get(f"/share/{token}").status_code == 404

    _link, fresh = journeys.sharing.create_link(session, demo, days=1)
    _link.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    assert stranger.get(f"/share/{fresh}").status_code == 404


def test_comparing_two_periods_marks_the_cell_that_got_worse(
    signed_in: FlaskClient, session: Session
) -> None:
    journey = make_journey(session)
    support = make_survey(session, journey, stage="Retention", touchpoint="Support call")
    _answer(session, support, ["Lovely, quick and helpful support. Great!"] * 12, days_ago=20)
    _answer(session, support, ["Terrible, rude and useless support."] * 12, days_ago=2)
    journeys.rollup(session, min_answers=5)
    session.commit()
    today = date.today()
    reply = signed_in.get(
        f"/journeys/{journey.slug}/map/compare",
        query_string={
            "a_since": (today - timedelta(days=30)).isoformat(),
            "a_until": (today - timedelta(days=10)).isoformat(),
            "b_since": (today - timedelta(days=9)).isoformat(),
            "b_until": today.isoformat(),
        },
    )
    assert reply.status_code == 200
    row = re.search(r"<th scope=\"row\">Support call</th>.*?</tr>", reply.text, re.S)
    assert row and "▼ worse" in row.group(0)
    assert "1 touchpoint(s) significantly worse" in reply.text
    bad = signed_in.get(f"/journeys/{journey.slug}/map/compare?a_since=May&a_until=2026-01-01")
    assert bad.status_code == 400 and "“As-is: From” date" in bad.text  # the label on the page


def test_history_lists_snapshots_and_opens_an_older_map(
    signed_in: FlaskClient, session: Session
) -> None:
    journey = make_journey(session)
    support = make_survey(session, journey, stage="Retention", touchpoint="Support call")
    _answer(session, support, ["Terrible, rude and useless support."] * 6)
    (first,) = journeys.rollup(session, min_answers=5)
    session.commit()
    _answer(session, support, ["Lovely, helpful support. Great!"] * 30)
    journeys.rollup(session, min_answers=5)
    session.commit()
    history = signed_in.get(f"/journeys/{journey.slug}/map/history").text
    assert history.count("snapshot=") == 2
    old = signed_in.get(f"/journeys/{journey.slug}/map?snapshot={first.snapshot_id}").text
    assert "older snapshot" in old and "· 6 responses with a scored comment" in old
    assert signed_in.get(f"/journeys/{journey.slug}/map?snapshot=999999").status_code == 400
