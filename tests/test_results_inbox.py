"""The response inbox and one response in full: keyset pages, the filters, every answer shown."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import journeys
import surveys
from surveys import results
from surveys.models import Survey, User
from tests.conftest import login, make_journey, make_user

START = datetime(2026, 3, 2, 9, 0)


def make_rich_survey(session: Session, journey: surveys.models.Journey | None = None) -> Survey:
    """A published survey asking NPS (q1), a single choice (q2), a multiple choice (q3) and why
    (q4), its journey with two personas."""
    journey = journey or make_journey(session)
    surveys.add_persona(session, journey, "Busy parent")
    surveys.add_persona(session, journey, "Bargain hunter")
    survey = surveys.create_survey(
        session,
        journey,
        title="How was the support call?",
        stage=surveys.stage_named(journey, "Retention"),
        touchpoint=next(t for t in journey.touchpoints if t.name == "Support call"),
        questions=[
            surveys.QuestionSpec("nps", "How likely are you to recommend us?", required=True),
            surveys.QuestionSpec(
                "single_choice", "How did you reach us?", settings={"options": ["Phone", "Chat"]}
            ),
            surveys.QuestionSpec(
                "multiple_choice",
                "What did you need?",
                settings={"options": ["Refund", "Delivery", "Repair"]},
            ),
            surveys.QuestionSpec("free_text", "Why?"),
        ],
    )
    surveys.publish(session, survey)
    return survey


def answer(
    session: Session,
    survey: Survey,
    n: int,
    *,
    nps: int = 8,
    text: str | None = "Fine.",
    persona: str | None = None,
    channel: str | None = None,
    complete: bool = True,
    hidden: dict[str, str] | None = None,
    choice: str = "Phone",
    needs: list[str] | None = None,
) -> surveys.models.Response:
    """Response number ``n`` (given ``n`` minutes after START)."""
    answers: dict[str, object] = {"q1": nps, "q2": choice, "q3": needs or ["Refund"]}
    if text is not None:
        answers["q4"] = text
    return surveys.submit_response(
        session,
        survey.versions[-1],
        answers,
        persona=surveys.persona_named(session, survey.journey_id, persona) if persona else None,
        channel=channel,
        complete=complete,
        meta={"hidden": hidden or {}, "device": "mobile"},
        created_at=START + timedelta(minutes=n),
    )


def test_keyset_pages_walk_every_response_once_both_ways(session: Session) -> None:
    survey = make_rich_survey(session)
    made = [answer(session, survey, n).public_id for n in range(23)]
    newest_first = list(reversed(made))
    groups = results.question_groups(survey)
    filters = results.ResultFilters()

    seen, pages, after = [], [], None
    while True:
        page = results.inbox_page(session, survey, filters, groups, after=after, per_page=5)
        pages.append(page)
        seen += [r.public_id for r in page.rows]
        if page.older is None:
            break
        after = page.older
    assert seen == newest_first
    assert [len(p.rows) for p in pages] == [5, 5, 5, 5, 3]
    assert pages[0].first and pages[0].newer is None and pages[-1].older is None
    assert all(p.total == 23 for p in pages)

    back: list[str] = []
    before = pages[-1].newer
    while before is not None:
        page = results.inbox_page(session, survey, filters, groups, before=before, per_page=5)
        back = [r.public_id for r in page.rows] + back
        before = page.newer
    assert back == newest_first[:20] and page.first


def test_filters_pick_the_responses_they_name(session: Session) -> None:
    survey = make_rich_survey(session)
    answer(session, survey, 1, nps=2, persona="Busy parent", text="On hold for ages, awful.")
    answer(session, survey, 2, nps=9, persona="Bargain hunter", channel="chat", choice="Chat")
    answer(session, survey, 3, nps=6, complete=False, needs=["Delivery", "Repair"])
    answer(session, survey, 4, nps=10, text=None)
    groups = results.question_groups(survey)

    def matching(**args: str | list[str]) -> list[int]:
        from werkzeug.datastructures import MultiDict

        filters = results.parse_filters(survey, MultiDict(args), groups)
        page = results.inbox_page(session, survey, filters, groups)
        assert page.total == len(page.rows)
        return sorted(int(a.answers[0].value_number or 0) for a in _responses(session, page))

    assert matching() == [2, 6, 9, 10]
    assert matching(answer="q1:le:6") == [2, 6]  # detractors
    assert matching(answer=["q1:le:6", "q3:has:Repair"]) == [6]
    assert matching(answer_key="q2", answer_op="eq", answer_value="Chat") == [9]
    assert matching(completion="partial") == [6]
    assert matching(channel="chat") == [9]
    persona = surveys.persona_named(session, survey.journey_id, "Busy parent")
    assert persona is not None
    assert matching(persona=str(persona.id)) == [2]
    assert matching(q="HOLD") == [2]
    assert matching(answer="q4:answered") == [2, 6, 9]
    assert matching(until="2026-03-01") == []
    assert matching(since="2026-03-02", until="2026-03-02", version="1") == [2, 6, 9, 10]


def _responses(session: Session, page: results.InboxPage) -> list[surveys.models.Response]:
    from sqlalchemy import select

    from surveys.models import Response

    ids = [r.public_id for r in page.rows]
    return list(session.scalars(select(Response).where(Response.public_id.in_(ids))))


def test_sentiment_emotion_and_theme_filters_read_the_stored_scores(session: Session) -> None:
    survey = make_rich_survey(session)
    answer(session, survey, 1, nps=1, text="Terrible support, I was on hold for an hour.")
    answer(session, survey, 2, nps=10, text="Wonderful, quick and friendly help!")
    journeys.score_pending(session)
    groups = results.question_groups(survey)
    from werkzeug.datastructures import MultiDict

    def texts(**args: str) -> list[str]:
        filters = results.parse_filters(survey, MultiDict(args), groups)
        page = results.inbox_page(session, survey, filters, groups)
        return [t.text for row in page.rows for t in row.texts]

    assert texts(label="negative") == ["Terrible support, I was on hold for an hour."]
    assert texts(label="positive") == ["Wonderful, quick and friendly help!"]
    negative = results.inbox_page(
        session,
        survey,
        results.parse_filters(survey, MultiDict({"label": "negative"}), groups),
        groups,
    )
    reading = negative.rows[0].texts[0]
    assert reading.readable and reading.compound is not None and reading.compound < 0
    assert texts(emotion=str(reading.emotion)) == [reading.text]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("version=9", "version"),
        ("since=yesterday", "since"),
        ("since=2026-03-05&until=2026-03-01", "until"),
        ("persona=999999", "persona"),
        ("channel=pigeon", "channel"),
        ("completion=half", "completion"),
        ("label=furious", "label"),
        ("answer=q9:eq:1", "answer"),
        ("answer=q1:le:11", "answer"),
        ("answer=q1:has:1", "answer"),
        ("answer=q2:eq:Fax", "answer"),
        ("after=nope", "after"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(
    client: FlaskClient, session: Session, researcher: User, query: str, field: str
) -> None:
    survey = make_rich_survey(session)
    answer(session, survey, 1)
    login(client, researcher)
    reply = client.get(f"/journeys/{survey.journey.slug}/surveys/{survey.id}/responses?{query}")
    assert reply.status_code == 400
    assert f"<strong>{field}</strong>" in reply.text


def test_the_response_page_shows_every_answer_hidden_field_and_source(
    client: FlaskClient, session: Session
) -> None:
    survey = make_rich_survey(session)
    viewer = make_user(session, "viewer", survey.journey.organisation)
    response = answer(
        session,
        survey,
        1,
        nps=3,
        persona="Busy parent",
        hidden={"customer_id": "C-4711", "order": "Ø-99"},
        needs=["Refund", "Repair"],
        text="The agent was rude & unhelpful <b>really</b>.",
    )
    journeys.score_pending(session)
    login(client, viewer)
    base = f"/journeys/{survey.journey.slug}/surveys/{survey.id}"
    page = client.get(f"{base}/responses/{response.public_id}")
    assert page.status_code == 200
    html = page.text
    for shown in ("How likely are you to recommend us?", "Refund, Repair", "Phone"):
        assert shown in html
    assert "customer_id" in html and "C-4711" in html and "Ø-99" in html
    assert "hosted page" in html and "Busy parent" in html and "mobile" in html
    assert "<b>really</b>" not in html and "&lt;b&gt;really&lt;/b&gt;" in html
    assert '<mark class="neg"' in html  # the words that drove the score
    assert "Erase this response" not in html  # viewers read, researchers erase
    assert client.get(f"{base}/responses/not-a-response").status_code == 404


def test_the_inbox_page_lists_rows_with_their_score_and_a_count(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    journey = make_journey(session)
    survey = make_rich_survey(session, journey)
    for n in range(30):
        answer(session, survey, n, text=f"Comment number {n} & more")
    journeys.score_pending(session)
    login(client, researcher)
    base = f"/journeys/{journey.slug}/surveys/{survey.id}/responses"
    first = client.get(base)
    assert first.status_code == 200
    assert "<strong>30</strong> responses" in first.text
    assert "Comment number 29 &amp; more" in first.text and "Comment number 4 " not in first.text
    assert 'rel="next"' in first.text and 'rel="prev"' not in first.text
    import re

    older = re.search(r'rel="next" href="([^"]+)"', first.text)
    assert older is not None
    second = client.get(older.group(1).replace("&amp;", "&"))
    assert "Comment number 4 &amp; more" in second.text and 'rel="prev"' in second.text
