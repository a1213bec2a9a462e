"""One truth per cell: the tile, the stage, the pain card and the legend tell the same story under
every filter; a strongly negative cell below the evidence threshold is watched, not hidden."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pypdf
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

import journeys
import surveys
from demo.data import JOURNEY_SLUG
from journeys import render
from journeys.map_build import build_map_view
from journeys.map_view import COMPLAINT_EMOTIONS, MapFilters
from journeys.render.layout import SLIGHTLY_NEGATIVE, cell_band_index
from journeys.render.metrics import CHARACTERS, WIDTHS
from sentiment.themes import theme_key
from surveys.models import Journey, Survey, utcnow
from tests.conftest import Seed, make_journey, make_survey, seed_demo_map
from tests.verbs import bare_verb_themes

POSITIVE = {"delighted", "satisfied", "neutral"}


@pytest.fixture
def database_seed(request: pytest.FixtureRequest) -> Seed | None:
    """Tests that read the demo start from a copy of it, seeded once per database kind."""
    return seed_demo_map if "demo" in request.fixturenames else None


@pytest.fixture
def demo(session: Session) -> Journey:
    """The demo journey of ``seed_demo_map``, in this test's own database."""
    return session.scalars(select(Journey).where(Journey.slug == JOURNEY_SLUG)).one()


def _filters(journey: Journey) -> list[MapFilters]:
    """Every filter combination the map offers: all, each persona, each single persona, each
    channel, a persona with a channel, a date range."""
    today = utcnow().date()
    personas = [MapFilters(persona_id=p.id) for p in journey.personas]
    channels = [MapFilters(channel=c) for c in ("web", "phone", "email")]
    first = journey.personas[0].id
    return [
        MapFilters(),
        MapFilters(each_persona=True),
        *personas,
        *channels,
        MapFilters(persona_id=first, channel="web"),
        MapFilters(since=today - timedelta(days=21), until=today),
    ]


def test_pain_tiles_and_stage_emotions_tell_the_cards_story_under_every_filter(
    session: Session, demo: Journey
) -> None:
    checked = 0
    for filters in _filters(demo):
        view = build_map_view(session, demo, filters, min_answers=30)
        for pain in view.pain_points:
            cell = pain.cell
            # Never drawn neutral or positive, never labelled with a positive emotion.
            assert cell_band_index(cell) <= SLIGHTLY_NEGATIVE, (filters, cell.touchpoint.name)
            assert cell.feeling in COMPLAINT_EMOTIONS, (filters, cell.feeling)
            assert cell.feeling_words == f"complaints mostly {cell.complaint_emotion}"
            stage = next(s for s in view.stages if s.stage.id == pain.stage.id)
            assert stage.feeling not in POSITIVE, (filters, stage.stage.name, stage.feeling)
            checked += 1
        for stage in view.stages:
            if stage.negative_stands_out:
                assert stage.feeling in COMPLAINT_EMOTIONS and "above" in stage.feeling_note
    assert checked >= 4  # the cuts hold pain points to check (the whole map alone has two)


def test_the_page_tile_and_card_of_a_pain_point_name_the_same_feeling(
    signed_in: FlaskClient, demo: Journey
) -> None:
    html = signed_in.get(f"/journeys/{demo.slug}/map").text
    tiles = re.findall(
        r'<a class="tp [^"]*pain[^"]*".*?Pain point #(\d+).*?class="tp-meta">([^<]+)<.*?'
        r'class="words">([^<]+)<',
        html,
        re.S,
    )
    cards = dict(re.findall(r"⚠ Pain point #(\d+):.*?complaints mostly (\w+)", html, re.S))
    assert tiles and len(tiles) == len(cards)
    for rank, meta, words in tiles:
        assert meta.endswith(f"complaints mostly {cards[rank]}"), (rank, meta)
        assert words.endswith("% negative"), words  # not "neutral" or "slightly positive"
    # The Retention stage holds pain point #1: its emotion is its complaints', with the reason.
    retention = re.search(r'<p class="dominant stands-out">(\w+)</p>', html)
    assert retention and retention.group(1) in COMPLAINT_EMOTIONS
    assert "above" in html and "Wilson" in html  # the legend says how


def _answer(session: Session, survey: Survey, texts: list[str]) -> None:
    for text in texts:
        response = surveys.submit_response(
            session,
            survey.versions[-1],
            {"q1": 2, "q2": text},
            created_at=utcnow() - timedelta(days=1),
        )
        journeys.score_answers(session, response.answers)
    session.commit()


def test_a_strongly_negative_cell_with_few_answers_is_watched_with_its_interval(
    app: Flask, signed_in: FlaskClient, session: Session
) -> None:
    app.config["PAIN_POINT_MIN_ANSWERS"] = 30  # the default: 12 answers are too few
    journey = make_journey(session)
    shop = make_survey(session, journey, stage="Purchase", touchpoint="Checkout page")
    support = make_survey(session, journey, stage="Retention", touchpoint="Support call")
    _answer(session, shop, ["Lovely, quick checkout. Great!"] * 40)
    _answer(session, support, ["Terrible, rude and useless support. Awful."] * 8)
    _answer(session, support, ["Fine, thanks."] * 4)
    journeys.rollup(session, min_answers=30)
    session.commit()

    html = signed_in.get(f"/journeys/{journey.slug}/map").text
    assert "◔ Watch — few answers" in html
    card = re.search(r"Watch — few answers: Support call</p>\s*<p[^>]*>([^<]+)</p>", html)
    assert card, html
    assert "12 answers (a pain point needs 30)" in card.group(1)
    assert re.search(r"mean −0\.\d\d \(95% −\d\.\d\d to [−+]\d\.\d\d\)", card.group(1))
    assert re.search(r"67% negative \(95% \d+–\d+%\)", card.group(1))
    svg = signed_in.get(f"/journeys/{journey.slug}/map.svg").text
    assert "Watch — few answers: Support call" in svg
    # A calm small cell is no cell to watch.
    assert "Watch — few answers: Checkout page" not in html


def test_pdf_title_metadata_is_unicode() -> None:
    from journeys.render.layout import Drawing, Text

    title = "Northwind — Köln 東京 journey map"
    pdf = render.pdf.drawing_pdf(Drawing(100, 100, title, "", [Text(10, 20, "hi")]))
    assert pypdf.PdfReader(io.BytesIO(pdf)).metadata.title == title
    assert b"/Title <FEFF" in pdf


def test_helvetica_widths_are_adobes_core_14_metrics() -> None:
    from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS

    for face, widths in WIDTHS.items():
        adobe = CORE_FONT_METRICS[face].character_widths
        assert widths == tuple(adobe[c] for c in CHARACTERS), face


def test_demo_pain_point_themes_name_things_and_merge_spellings(
    session: Session, demo: Journey
) -> None:
    for filters in _filters(demo):
        view = build_map_view(session, demo, filters, min_answers=30)
        for pain in view.pain_points:
            named = [t.phrase for t in pain.themes]
            assert named, (filters, pain.touchpoint.name)
            assert not bare_verb_themes(named), (filters, named)
            assert len({theme_key(p) for p in named}) == len(named), named
            assert "asking" not in named and "thinking" not in named


def test_every_cell_offers_its_themes_with_counts_and_quotes(
    signed_in: FlaskClient, session: Session, demo: Journey
) -> None:
    view = build_map_view(session, demo, MapFilters(), min_answers=30)
    calm = next(c for c in view.cells.values() if not c.is_pain_point and c.n >= 20)
    page = signed_in.get(
        f"/journeys/{demo.slug}/map/cells/{calm.stage.id}/{calm.touchpoint.id}"
    ).text
    options = re.findall(r'<option value="([^"]+)">[^<(]+\((\d+)\)</option>', page)
    assert options, "the theme filter of a cell that is no pain point lists its themes"
    assert "What these answers are about" in page and "<q>" in page
    phrase, count = options[0]
    filtered = signed_in.get(
        f"/journeys/{demo.slug}/map/cells/{calm.stage.id}/{calm.touchpoint.id}",
        query_string={"theme": phrase},
    ).text
    shown = re.search(r"(\d+) comments? from \d+ responses? with a scored comment about", filtered)
    assert shown and 0 < int(shown.group(1)) >= int(count) // 2


def test_a_cuts_evidence_is_read_once_per_snapshot_and_says_what_a_fresh_read_says(
    session: Session, demo: Journey
) -> None:
    from journeys import map_build, painpoints

    map_build.clear_evidence_cache()
    persona = demo.personas[0]
    filters = MapFilters(persona_id=persona.id)
    first = build_map_view(session, demo, filters, min_answers=20)
    assert first.pain_points
    for pain in first.pain_points:
        fresh = painpoints.evidence(
            session,
            demo.id,
            *pain.cell.key,
            persona_id=persona.id,
            sample=painpoints.CUT_THEME_SAMPLE,
        )
        assert (pain.themes, pain.quotes) == (fresh.themes, fresh.quotes)
    read = len(map_build._BY_SNAPSHOT)
    again = build_map_view(session, demo, filters, min_answers=20)
    assert len(map_build._BY_SNAPSHOT) == read  # served from the snapshot's reads
    assert [(p.themes, p.quotes) for p in again.pain_points] == [
        (p.themes, p.quotes) for p in first.pain_points
    ]
    journeys.rollup(session, min_answers=20, full=True)  # a new snapshot: read afresh
    session.commit()
    build_map_view(session, demo, filters, min_answers=20)
    assert len(map_build._BY_SNAPSHOT) == 2 * read


def test_the_newest_maps_bucket_reads_are_served_once_per_snapshot(
    session: Session, demo: Journey
) -> None:
    """The newest map reads its cut and trends once; a new rollup's snapshot reads afresh and
    shows what changed since."""
    from journeys import map_build

    map_build.clear_evidence_cache()
    first = build_map_view(session, demo, MapFilters(), min_answers=20)
    read = len(map_build._BY_SNAPSHOT)
    assert read >= 2  # the cut and the trends
    again = build_map_view(session, demo, MapFilters(), min_answers=20)
    assert len(map_build._BY_SNAPSHOT) == read
    assert [(c.key, c.n, c.mean, c.trend) for c in again.cells_in_order()] == [
        (c.key, c.n, c.mean, c.trend) for c in first.cells_in_order()
    ]
    survey = session.scalars(select(Survey).where(Survey.journey_id == demo.id)).first()
    assert survey is not None
    response = surveys.submit_response(
        session, survey.versions[-1], {"q1": 1, "q2": "Dreadful, rude and slow, never again."}
    )
    journeys.score_answers(session, response.answers)
    session.commit()
    journeys.rollup(session, min_answers=20)
    session.commit()
    after = build_map_view(session, demo, MapFilters(), min_answers=20)
    assert after.answer_count == first.answer_count + 1
