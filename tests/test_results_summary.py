"""The survey summary: figures that match the raw answers, tallies that follow every change, the
same numbers whether counted from tallies or live, charts as SVG with text beside them."""

from __future__ import annotations

import math
from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

import journeys
import surveys
from surveys import results
from surveys.models import AnswerScore, Response, Survey, User
from surveys.results import tallies
from surveys.results.summary import QuestionSummary, nps_interval, summarise_counts
from tests.conftest import login, make_user
from tests.test_results_inbox import START, answer, make_rich_survey

NPS_ANSWERS = (0, 3, 6, 6, 7, 8, 9, 9, 10, 10, 10)


def _seed(session: Session) -> Survey:
    survey = make_rich_survey(session)
    for n, nps in enumerate(NPS_ANSWERS):
        answer(
            session,
            survey,
            n * 60 * 24 * 3,  # one every three days: the trend spans weeks
            nps=nps,
            text="Rude agent, on hold for an hour." if nps <= 6 else "Quick and friendly help.",
            persona="Busy parent" if n % 2 else None,
            choice="Chat" if nps >= 9 else "Phone",
            needs=["Refund", "Repair"] if n % 3 == 0 else ["Delivery"],
        )
    journeys.score_pending(session)
    return survey


def _summary(session: Session, survey: Survey, **args: str) -> results.SurveySummary:
    groups = results.question_groups(survey)
    filters = results.parse_filters(survey, MultiDict(args), groups)
    return results.summarise(session, survey, filters, groups)


def _block(summary: results.SurveySummary, key: str) -> QuestionSummary:
    return next(b for b in summary.blocks if b.group.key == key)


def test_nps_choices_and_comments_add_up_to_the_raw_answers(session: Session) -> None:
    survey = _seed(session)
    summary = _summary(session, survey)
    assert summary.responses == len(NPS_ANSWERS) and summary.scored == len(NPS_ANSWERS)

    nps = _block(summary, "q1")
    promoters = sum(1 for v in NPS_ANSWERS if v >= 9)
    detractors = sum(1 for v in NPS_ANSWERS if v <= 6)
    n = len(NPS_ANSWERS)
    p, d = promoters / n, detractors / n
    half = 1.959964 * math.sqrt((p + d - (p - d) ** 2) / n) * 100
    assert nps.nps is not None
    score, low, high = nps.nps
    assert math.isclose(score, (p - d) * 100)
    assert math.isclose(low, (p - d) * 100 - half) and math.isclose(high, (p - d) * 100 + half)
    assert [b.count for b in nps.bars] == [NPS_ANSWERS.count(v) for v in range(11)]
    assert sum(t.n for t in nps.trend) == n and len(nps.trend) >= 4

    choice = _block(summary, "q2")
    assert {b.label: b.count for b in choice.bars} == {"Phone": 6, "Chat": 5}
    needs = _block(summary, "q3")
    counted = {b.label: b.count for b in needs.bars}
    assert counted == {"Refund": 4, "Delivery": 7, "Repair": 4} and needs.answered == n

    text = _block(summary, "q4").text
    assert text is not None
    sentiments = {b.label: b.count for b in text.sentiments}
    raw = session.execute(select(AnswerScore.label, func.count()).group_by(AnswerScore.label))
    assert sentiments == {"negative": 0, "neutral": 0, "positive": 0} | dict(raw.all())
    assert text.quotes and all(q.text for q in text.quotes)
    assert text.themes == [] or text.themes[0].count >= text.themes[-1].count


def test_nps_interval_is_the_standard_error_of_a_mean_of_plus_zero_minus() -> None:
    assert nps_interval(0, 0, 0) == (0.0, 0.0, 0.0)
    score, low, high = nps_interval(50, 0, 50)
    assert score == 0 and math.isclose(high, 1.959964 * 10) and math.isclose(low, -high)
    assert nps_interval(10, 0, 0) == (100.0, 100.0, 100.0)


def test_tallies_and_a_live_count_agree_under_every_filter(session: Session) -> None:
    survey = _seed(session)
    groups = results.question_groups(survey)
    persona = surveys.persona_named(session, survey.journey_id, "Busy parent")
    cases: list[dict[str, str]] = [
        {},
        {"persona": str(persona.id)},
        {"since": (START + timedelta(days=7)).date().isoformat()},
        {"completion": "complete", "channel": "phone"},
        {"version": "1"},
    ]
    for args in cases:
        filters = results.parse_filters(survey, MultiDict(args), groups)
        kept = tallies.counts(session, survey, filters, groups)
        live = tallies._live(session, survey, filters, groups)
        assert (kept.total, kept.scored) == (live.total, live.scored), args
        assert kept.total == results.count_matching(session, survey, filters, groups), args
        assert sorted(kept.themes) == sorted(live.themes), args
        # The same figures, one kept per day and filter cell, the other counted without days.
        by_tally = results.summarise(session, survey, filters, groups)
        by_live = summarise_counts(groups, live)
        assert [(b.headline, b.figures, b.bars, b.trend) for b in by_tally.blocks] == [
            (b.headline, b.figures, b.bars, b.trend) for b in by_live.blocks
        ], args


def test_the_summary_follows_new_answers_scores_and_erasures(session: Session) -> None:
    survey = _seed(session)
    assert _summary(session, survey).responses == len(NPS_ANSWERS)
    assert not tallies.refresh(session, survey)  # nothing changed: reads only

    late = answer(session, survey, 5, nps=1, text="Never again.")
    after_new = _summary(session, survey)
    assert after_new.responses == len(NPS_ANSWERS) + 1
    text = _block(after_new, "q4").text
    assert text is not None and text.unscored == 1  # answered, not scored yet

    journeys.score_pending(session)
    text = _block(_summary(session, survey), "q4").text
    assert text is not None and text.unscored == 0

    # A change committed late, stamped before the newest one seen, is still counted.
    session.execute(update(Response).where(Response.id == late.id).values(status="partial"))
    assert _summary(session, survey, completion="partial").responses == 1

    target = results.response_target(session, survey, late.public_id)
    researcher = make_user(session, "researcher", survey.journey.organisation)
    results.erase(session, survey.journey, target, user=researcher, survey=survey)
    assert _summary(session, survey).responses == len(NPS_ANSWERS)
    assert _summary(session, survey, completion="partial").responses == 0


def test_a_question_changed_between_versions_is_marked_and_counted_once(
    session: Session,
) -> None:
    survey = _seed(session)
    from surveys import lifecycle

    specs = [lifecycle.spec_of(q) for q in survey.versions[-1].questions]
    specs[1].settings["options"] = ["Phone", "Chat", "Email"]
    specs[3] = surveys.QuestionSpec("free_text", "What could we do better?", key="q4")
    lifecycle.save_questions(session, survey, specs)
    lifecycle.publish(session, survey)
    v2 = survey.versions[-1]
    surveys.submit_response(session, v2, {"q1": 10, "q2": "Email", "q3": ["Refund"]})
    summary = _summary(session, survey)
    choice = _block(summary, "q2")
    assert choice.group.versions == (1, 2)
    assert choice.group.changes == ("Version 2: the options changed",)
    assert {b.label: b.count for b in choice.bars} == {"Phone": 6, "Chat": 5, "Email": 1}
    why = _block(summary, "q4")
    assert why.group.prompt == "What could we do better?"
    assert why.group.changes == ("Version 2: the wording changed",)
    only_v2 = _summary(session, survey, version="2")
    assert only_v2.responses == 1 and _block(only_v2, "q1").answered == 1


def test_the_summary_page_draws_svg_charts_with_text_and_escapes_answers(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    survey = make_rich_survey(session)
    hostile = '<script>alert("x")</script> rude & slow'
    for n in range(6):
        answer(session, survey, n, nps=n, text=hostile, choice="Chat")
    journeys.score_pending(session)
    login(client, researcher)
    base = f"/journeys/{survey.journey.slug}/surveys/{survey.id}"
    page = client.get(f"{base}/summary")
    assert page.status_code == 200
    html = page.text
    assert "<strong>6</strong> responses · <strong>6</strong> with a scored comment" in html
    assert html.count('role="img"') >= 3 and "<title id=" in html
    assert "The chart as a table" in html and "NPS -100" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "answer=q1:le:6" in html  # the detractors' responses, one click away
    detractors = client.get(f"{base}/summary?answer=q1:le:6")
    assert "<strong>6</strong> responses" in detractors.text
    assert client.get(f"{base}/summary?order=sideways").status_code == 400
    by_count = client.get(f"{base}/summary?order=count").text
    assert by_count.index(">Chat<") < by_count.index(">Phone<")


def test_the_retention_purge_makes_the_next_summary_count_afresh(session: Session) -> None:
    survey = _seed(session)
    assert _summary(session, survey).responses == len(NPS_ANSWERS)
    old = START - timedelta(days=400)
    session.execute(update(Response).where(Response.survey_id == survey.id).values(created_at=old))
    # Rows stamped back like this leave no trace a refresh could find: only the purge says so.
    assert journeys.purge(session, keep_days=30) == len(NPS_ANSWERS)
    assert _summary(session, survey).responses == 0


def test_each_kind_summarises_counted_answers_as_it_does_one_by_one(session: Session) -> None:
    from collections import Counter

    from surveys.kinds import KINDS
    from surveys.kinds.base import CountedSummary

    survey = make_rich_survey(session)
    given = {
        "q1": [0, 6, 6, 9, 10, 10, 3],
        "q2": ["Phone", "Chat", "Chat"],
        "q3": [["Refund"], ["Refund", "Repair"], ["Delivery"], ["Refund"]],
    }
    for question in survey.versions[-1].questions:
        kind = KINDS[question.kind]
        if question.key not in given:
            continue
        assert isinstance(kind, CountedSummary), question.kind
        values = given[question.key]
        counted = Counter(tuple(v) if isinstance(v, list) else v for v in values)
        pairs = [(list(v) if isinstance(v, tuple) else v, n) for v, n in counted.items()]
        assert kind.summarise_counts(question, pairs) == kind.summarise(question, values)
