"""Rollups: incremental equals full, pain points need evidence, KPIs, alerts, exports, rescoring."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import journeys
import sentiment
import surveys
from app.jobs import drivers
from journeys import render
from journeys.map_build import build_map_view
from journeys.map_view import MapFilters
from journeys.models import Alert, MapSnapshot, PainPoint, ResponseFact, RollupBucket
from journeys.render.json_export import map_document
from surveys.models import Journey, Survey, utcnow
from tests.conftest import make_journey, make_survey
from tests.webhook_receiver import Receiver

ANGRY = "I was on hold for an hour and the agent was rude. Terrible, useless support."
HAPPY = "Lovely checkout, quick and easy. Great job!"


def _answer(
    session: Session, survey: Survey, texts: list[str], *, rating: int = 3, days_ago: float = 1.0
) -> None:
    version = survey.versions[-1]
    when = utcnow() - timedelta(days=days_ago)
    for text in texts:
        response = surveys.submit_response(
            session, version, {"q1": rating, "q2": text}, created_at=when
        )
        journeys.score_answers(session, response.answers)
    session.commit()


def _two_touchpoints(session: Session) -> tuple[Journey, Survey, Survey]:
    journey = make_journey(session)
    checkout = make_survey(session, journey)
    support = make_survey(session, journey, stage="Retention", touchpoint="Support call")
    session.commit()
    return journey, checkout, support


def _cells(snapshot: MapSnapshot) -> list[tuple[object, ...]]:
    return sorted(
        (
            c.stage_id,
            c.touchpoint_id,
            c.n,
            c.mean_compound,
            c.negative_share,
            c.is_pain_point,
            c.dominant_emotion,
            c.csat,
        )
        for c in snapshot.cells
    )


def test_incremental_rollup_gives_the_same_map_as_a_full_one(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the late-commit margin only the day that got answers is re-aggregated.
    monkeypatch.setattr("journeys.rollups.SAFETY_MARGIN", timedelta(0))
    _journey, checkout, support = _two_touchpoints(session)
    _answer(session, checkout, [HAPPY] * 20, rating=5, days_ago=10)
    _answer(session, support, [ANGRY] * 20, rating=1, days_ago=10)
    (first,) = journeys.rollup(session, min_answers=5)
    session.commit()
    assert first.created and first.days_rebuilt == -1

    _answer(session, support, [ANGRY] * 7 + [HAPPY] * 3, rating=2, days_ago=0.1)
    (incremental,) = journeys.rollup(session, min_answers=5)
    session.commit()
    assert incremental.created and incremental.days_rebuilt == 1  # only today was re-aggregated
    incremental_cells = _cells(session.get(MapSnapshot, incremental.snapshot_id))

    (full,) = journeys.rollup(session, min_answers=5, full=True)
    session.commit()
    assert _cells(session.get(MapSnapshot, full.snapshot_id)) == incremental_cells
    support_cell = next(c for c in incremental_cells if c[2] == 30)
    assert support_cell[5] is True  # support is the pain point


def test_a_handful_of_angry_answers_is_not_a_pain_point(session: Session) -> None:
    _journey, checkout, support = _two_touchpoints(session)
    _answer(session, checkout, [HAPPY] * 40, rating=5)
    _answer(session, support, [ANGRY] * 3, rating=1)
    (result,) = journeys.rollup(session, min_answers=5)
    assert result.pain_points == 0
    _answer(session, support, [ANGRY] * 10, rating=1)
    (result,) = journeys.rollup(session, min_answers=5)
    assert result.pain_points == 1


def test_pain_point_carries_themes_quotes_and_kpi_impact(session: Session) -> None:
    journey, checkout, support = _two_touchpoints(session)
    _answer(session, checkout, [HAPPY] * 30, rating=5)
    complaints = [
        "The hold time was over an hour, absolutely terrible.",
        "Terrible hold time again and nobody called back.",
        "I want a refund, the agent was rude and unhelpful.",
        "Still waiting for my refund after three calls. Awful.",
    ]
    _answer(session, support, complaints * 8, rating=1)
    _answer(session, support, ["The agent was great and solved it, thanks!"] * 8, rating=5)
    journeys.rollup(session, min_answers=5)
    session.commit()
    (point,) = session.scalars(select(PainPoint)).all()
    assert point.active and point.status == "new" and point.n == 40
    phrases = {t["phrase"]: t["count"] for t in point.themes}
    assert phrases, "pain point has no themes"
    assert any("hold" in p or "refund" in p for p in phrases)
    assert all(count >= 1 for count in phrases.values())
    assert 1 <= len(point.quotes) <= 3
    assert {q["text"] for q in point.quotes} <= set(complaints)
    assert len({q["text"] for q in point.quotes}) == len(point.quotes)
    # Negative respondents rated 1 (CSAT 0) against 100 for the others: fixing it moves CSAT.
    assert point.impact is not None and point.impact > 20
    snapshot = journeys.latest_snapshot(session, journey.id)
    assert snapshot is not None
    csat = {c.touchpoint_id: c.csat for c in snapshot.cells}
    assert csat[checkout.touchpoint_id] == pytest.approx(100.0)
    assert csat[support.touchpoint_id] == pytest.approx(20.0)


def test_team_fields_survive_rollups_and_set_the_priority(session: Session) -> None:
    _journey, checkout, support = _two_touchpoints(session)
    _answer(session, checkout, [HAPPY] * 30, rating=5)
    _answer(session, support, [ANGRY] * 20, rating=1)
    journeys.rollup(session, min_answers=5)
    (point,) = session.scalars(select(PainPoint)).all()
    assert point.priority == "unrated"
    point.status, point.owner_team, point.opportunity, point.effort = (
        "in_progress",
        "Support",
        "Call-back instead of hold",
        2,
    )
    session.commit()
    _answer(session, support, [ANGRY] * 5, rating=1, days_ago=0.1)
    journeys.rollup(session, min_answers=5)
    session.commit()
    (point,) = session.scalars(select(PainPoint)).all()
    assert (point.status, point.owner_team, point.effort, point.n) == (
        "in_progress",
        "Support",
        2,
        25,
    )
    assert point.priority == "quick win"


def test_cell_that_worsened_raises_one_alert_and_the_alert_webhook_receives_it(
    app: Flask, session: Session
) -> None:
    with Receiver() as receiver:
        # ALERT_WEBHOOK_URL is an endpoint hearing every organisation's alerts.
        app.config.update(ALERT_WEBHOOK_URL=receiver.url, WEBHOOK_ALLOW_PRIVATE=True)
        drivers.run_webhooks(session)
        _journey, _checkout, support = _two_touchpoints(session)
        _answer(session, support, [HAPPY] * 20, rating=5, days_ago=10)
        _answer(session, support, [ANGRY] * 20, rating=1, days_ago=2)
        (result,) = journeys.rollup(session, min_answers=10, period_days=7)
        session.commit()
        assert result.alerts == 1
        (alert,) = session.scalars(select(Alert)).all()
        assert "Support call" in alert.message and alert.current_mean < alert.previous_mean
        journeys.rollup(session, min_answers=10, period_days=7, full=True)
        assert session.scalar(select(func.count()).select_from(Alert)) == 1  # not raised twice

        assert drivers.run_webhooks(session).delivered == 1
        assert drivers.run_webhooks(session).delivered == 0  # delivered once
    (request,) = receiver.requests
    assert request.json["type"] == "alert.raised"
    assert request.json["data"]["alert"]["message"] == alert.message


def test_answers_are_rescored_when_the_model_version_changes(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _journey, checkout, _support = _two_touchpoints(session)
    _answer(session, checkout, [HAPPY] * 4)
    assert journeys.count_pending(session) == 0
    monkeypatch.setattr(sentiment, "MODEL_VERSION", "test-model-2")
    real_score_many = sentiment.score_many

    def score_many_v2(texts: list[str]) -> list[sentiment.TextScore]:
        from dataclasses import replace

        return [replace(s, model="test-model-2") for s in real_score_many(texts)]

    monkeypatch.setattr(sentiment, "score_many", score_many_v2)
    assert journeys.count_pending(session) == 4
    assert journeys.score_pending(session) == 4
    session.commit()
    assert journeys.count_pending(session) == 0
    assert set(session.scalars(select(ResponseFact.model))) == {"test-model-2"}


def test_export_has_the_documented_shape_and_filters(app: Flask, session: Session) -> None:
    journey, checkout, support = _two_touchpoints(session)
    persona = surveys.add_persona(session, journey, "Busy parent")
    version = support.versions[-1]
    for _ in range(12):
        response = surveys.submit_response(
            session, version, {"q1": 1, "q2": ANGRY}, persona=persona
        )
        journeys.score_answers(session, response.answers)
    _answer(session, checkout, [HAPPY] * 30, rating=5)
    journeys.rollup(session, min_answers=5)
    session.commit()
    runner = app.test_cli_runner()
    out = runner.invoke(args=["journeys", "export", "--journey", journey.slug, "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert {"stages", "touchpoints", "cells", "pain_points", "generated_at", "model"} <= set(data)
    cell = next(c for c in data["cells"] if c["touchpoint"] == "Support call")
    assert {
        "stage",
        "touchpoint",
        "n",
        "mean_compound",
        "ci",
        "negative_share",
        "emotions",
        "dominant_emotion",
        "nps",
        "csat",
        "ces",
    } <= set(cell)
    assert cell["n"] == 12 and cell["csat"] == 0.0
    (pain,) = data["pain_points"]
    assert pain["touchpoint"] == "Support call" and pain["themes"] and pain["quotes"]
    assert {"phrase", "count"} == set(pain["themes"][0])

    mine = runner.invoke(
        args=["journeys", "export", "--journey", journey.slug, "--persona", "busy parent"]
    )
    assert [c["touchpoint"] for c in json.loads(mine.output)["cells"]] == ["Support call"]
    csv_out = runner.invoke(
        args=["journeys", "export", "--journey", journey.slug, "--format", "csv"]
    )
    lines = csv_out.output.strip().splitlines()
    assert lines[0].startswith("stage,touchpoint,channel,n,mean_compound") and len(lines) == 3
    bad = runner.invoke(args=["journeys", "export", "--journey", journey.slug, "--since", "May"])
    assert bad.exit_code != 0 and "--since" in bad.output
    early = runner.invoke(
        args=["journeys", "export", "--journey", journey.slug, "--until", "2000-01-01"]
    )
    assert json.loads(early.output)["cells"] == []
    backwards = ["--since", "2026-02-01", "--until", "2026-01-01"]
    wrong = runner.invoke(args=["journeys", "export", "--journey", journey.slug, *backwards])
    assert wrong.exit_code != 0 and "start date must not be after the end date" in wrong.output
    web = runner.invoke(args=["journeys", "export", "--journey", journey.slug, "--channel", "web"])
    assert {c["touchpoint"] for c in json.loads(web.output)["cells"]} == {"Checkout page"}
    nobody = runner.invoke(
        args=["journeys", "export", "--journey", journey.slug, "--persona", "Nobody"]
    )
    assert nobody.exit_code != 0 and "no persona 'Nobody'" in nobody.output


def test_csv_export_defuses_spreadsheet_formulas(session: Session) -> None:
    journey, _checkout, support = _two_touchpoints(session)
    surveys.stage_named(journey, "Retention").name = "-2+3"
    next(t for t in journey.touchpoints if t.name == "Support call").name = '=HYPERLINK("x")'
    _answer(session, support, [ANGRY] * 3)
    journeys.rollup(session, min_answers=5)
    session.commit()
    view = build_map_view(session, journey, MapFilters(), min_answers=5)
    (row,) = csv.DictReader(io.StringIO(render.to_csv(view)))
    assert row["stage"] == "'-2+3" and row["touchpoint"] == '\'=HYPERLINK("x")'
    assert float(row["mean_compound"]) < 0  # a negative number is left a number


def test_purge_removes_old_responses_and_their_buckets(session: Session) -> None:
    journey, checkout, _support = _two_touchpoints(session)
    _answer(session, checkout, [HAPPY] * 3, days_ago=400)
    _answer(session, checkout, [ANGRY] * 2, days_ago=1)
    journeys.rollup(session, min_answers=5)
    session.commit()
    assert journeys.purge(session, keep_days=365) == 3
    session.commit()
    assert session.scalar(select(func.count()).select_from(ResponseFact)) == 2
    assert session.scalar(select(func.sum(RollupBucket.n))) == 2
    journeys.rollup(session, min_answers=5)
    snapshot = journeys.latest_snapshot(session, journey.id)
    assert snapshot is not None and snapshot.answer_count == 2


def test_map_page_shows_pain_point_themes_quotes_and_alerts(
    signed_in: FlaskClient, session: Session
) -> None:
    journey, checkout, support = _two_touchpoints(session)
    _answer(session, support, [HAPPY] * 20, rating=5, days_ago=10)
    _answer(
        session,
        support,
        ["<b>Hold time</b> was terrible, an hour on hold!"] * 20,
        rating=1,
        days_ago=2,
    )
    _answer(session, checkout, [HAPPY] * 30, rating=5, days_ago=2)
    journeys.rollup(session, min_answers=10)
    session.commit()
    page = signed_in.get(f"/journeys/{journey.slug}/map").get_data(as_text=True)
    assert "Pain points" in page and "Alerts" in page and "worsened" in page
    assert "&lt;b&gt;Hold time&lt;/b&gt; was terrible" in page and "<b>Hold time" not in page
    assert "Themes:" in page


@pytest.mark.postgres
def test_sqlite_and_postgresql_roll_the_same_answers_into_identical_maps(
    sqlite_url: str, pg_url: str
) -> None:
    from datetime import datetime

    from app.extensions import db
    from demo import seed_demo
    from tests.conftest import make_app

    maps = []
    for url in (sqlite_url, pg_url):
        app = make_app(url)
        with app.app_context():
            journey = seed_demo(db.session, answers=400, now=datetime(2026, 10, 1, 12))
            assert journey is not None
            journeys.rollup(db.session, min_answers=20)
            db.session.commit()
            view = build_map_view(db.session, journey, MapFilters(), min_answers=20)
            data = map_document(view)
            data.pop("generated_at")
            maps.append(json.loads(json.dumps(data)))
            db.session.remove()
            db.engine.dispose()
    sqlite_map, pg_map = maps
    assert sqlite_map["pain_points"], "the demo should have pain points"
    assert sqlite_map == pg_map


def test_cuts_by_persona_channel_and_week_add_up_to_the_cell(session: Session) -> None:
    journey, _checkout, support = _two_touchpoints(session)
    parent = surveys.add_persona(session, journey, "Busy parent")
    version = support.versions[-1]
    for days_ago, persona, channel in [
        (1, parent, "phone"),
        (1, None, "chat"),
        (9, parent, "phone"),
        (16, None, "phone"),
    ]:
        response = surveys.submit_response(
            session,
            version,
            {"q1": 2, "q2": ANGRY},
            persona=persona,
            channel=channel,
            created_at=utcnow() - timedelta(days=days_ago),
        )
        journeys.score_answers(session, response.answers)
    journeys.rollup(session, min_answers=5)
    key = (support.stage_id, support.touchpoint_id)
    whole = journeys.load_cells(session, journey.id)[key]
    by_persona = journeys.load_cells(session, journey.id, by=("persona",))
    by_channel = journeys.load_cells(session, journey.id, by=("channel",))
    weekly = journeys.load_series(session, journey.id, period="week")
    assert whole.n == 4
    assert {k: v.n for k, v in by_persona.items()} == {(parent.id,): 2, (0,): 2}
    assert {k: v.n for k, v in by_channel.items()} == {("phone",): 3, ("chat",): 1}
    assert sum(cells[key].n for cells in weekly.values()) == 4
    assert all(start.weekday() == 0 for start in weekly)
    only_parent = journeys.load_cells(session, journey.id, persona_id=parent.id)[key]
    assert only_parent.n == 2 and only_parent.mean == pytest.approx(whole.mean)  # same texts


def test_scoring_passes_look_only_at_responses_changed_since_the_last_pass(
    app: Flask, session: Session
) -> None:
    from journeys.models import ScoringState
    from surveys.models import Response

    _journey, checkout, _support = _two_touchpoints(session)
    _answer(session, checkout, [HAPPY] * 3)
    journeys.score_pending(session)
    session.commit()
    state = session.get(ScoringState, 1)
    assert state is not None and state.model == sentiment.MODEL_VERSION
    # A response whose fact went missing long before the last pass is outside a normal pass…
    old = session.scalars(select(Response)).first()
    assert old is not None
    session.execute(ResponseFact.__table__.delete().where(ResponseFact.response_id == old.id))
    old.updated_at = utcnow() - timedelta(days=2)
    session.commit()
    assert journeys.count_pending(session) == 0
    # …a new, unscored answer is inside it, and `journeys score --all` finds the old one too.
    surveys.submit_response(session, checkout.versions[-1], {"q1": 1, "q2": ANGRY})
    session.commit()
    assert journeys.count_pending(session) == 1
    result = app.test_cli_runner().invoke(args=["journeys", "score", "--all"])
    assert result.exit_code == 0, result.output
    assert "Processed 2 responses" in result.output
    assert session.scalar(select(func.count()).select_from(ResponseFact)) == 4


def test_rollup_of_an_unknown_journey_says_so_before_any_work(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["journeys", "rollup", "--journey", "nope"])
    assert result.exit_code == 1
    assert "No journey 'nope'" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no traceback
