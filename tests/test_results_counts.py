"""Counts that agree: the survey list, the survey page, the summary, the inbox, the map tile and
the drill-down each say what they count, and the numbers reconcile with the raw rows."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import journeys
import surveys
from surveys.models import Answer, AnswerScore, Response, Survey, User
from tests.conftest import login, make_journey, make_survey


def _raw(session: Session, survey: Survey) -> tuple[int, int]:
    """(responses, responses with a comment the scorer read), straight from the rows."""
    responses = session.scalar(
        select(func.count()).select_from(Response).where(Response.survey_id == survey.id)
    )
    scored = session.scalar(
        select(func.count(Response.id.distinct()))
        .join(Answer, Answer.response_id == Response.id)
        .join(AnswerScore, AnswerScore.answer_id == Answer.id)
        .where(Response.survey_id == survey.id, AnswerScore.language != "other")
    )
    return int(responses or 0), int(scored or 0)


def _number(pattern: str, html: str) -> int:
    match = re.search(pattern, html, re.S)
    assert match, pattern
    return int(match.group(1).replace(",", ""))


def test_every_page_says_what_it_counts_and_they_reconcile(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    journey = make_journey(session)
    # Two surveys at the checkout page (one map cell), one at the support call.
    first = make_survey(session, journey)
    second = make_survey(session, journey)
    support = make_survey(session, journey, stage="Retention", touchpoint="Support call")
    texts = {
        first: ["Quick and easy checkout.", None, "Das Produkt ist nicht gut und sehr langsam.",
                "The card payment failed twice, annoying."],
        second: ["Lovely page, thanks!", None, None],
        support: ["On hold for an hour.", "Great help."],
    }  # fmt: skip
    for survey, comments in texts.items():
        for comment in comments:
            answers: dict[str, object] = {"q1": 3}
            if comment:
                answers["q2"] = comment
            surveys.submit_response(session, survey.versions[-1], answers)
    journeys.score_pending(session)
    journeys.rollup(session, min_answers=1)
    session.commit()
    raw = {s: _raw(session, s) for s in texts}
    # Not every response has a scored comment: no text, or German (flagged, not scored).
    assert raw[first][0] == 4 and raw[first][1] < 4 and raw[second] == (3, 1)

    login(client, researcher)
    listing = client.get(f"/journeys/{journey.slug}/surveys").text
    for survey, (responses, scored) in raw.items():
        base = f"/journeys/{journey.slug}/surveys/{survey.id}"
        row = re.search(rf'href="{base}".*?</tr>', listing, re.S)
        assert row, survey.id
        assert f"{responses} response" in row.group(0)
        assert f"{scored} with a scored comment" in row.group(0)
        page = client.get(base).text
        assert _number(r'id="survey-counts".*?>(\d+) responses?<', page) == responses
        summary = client.get(f"{base}/summary").text
        assert _number(r'id="summary-count"><strong>([\d,]+)</strong>', summary) == responses
        assert _number(r"<strong>([\d,]+)</strong> with a scored comment", summary) == scored
        inbox = client.get(f"{base}/responses").text
        assert _number(r'id="inbox-count"><strong>([\d,]+)</strong>', inbox) == responses

    checkout = next(t for t in journey.touchpoints if t.name == "Checkout page")
    cell_scored = raw[first][1] + raw[second][1]
    map_page = client.get(f"/journeys/{journey.slug}/map").text
    tile = re.search(r'<span class="tp-name">Checkout page</span>.*?</a>', map_page, re.S)
    assert tile and f"{cell_scored} scored responses" in tile.group(0)
    total = sum(scored for _, scored in raw.values())
    assert f"{total} responses with a scored comment" in map_page
    drill = client.get(f"/journeys/{journey.slug}/map/cells/{checkout.stage_id}/{checkout.id}").text
    comments = sum(1 for s in (first, second) for c in texts[s] if c)
    assert f"{comments} comments from {cell_scored} responses with a scored comment" in drill
