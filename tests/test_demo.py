"""The demo journey is realistic, seeds once, and shows a pain point on the map."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import journeys
from demo import DEMO_PASSWORD, DEMO_USERS, seed_demo
from surveys import accounts
from surveys.models import AnswerScore, Journey, Response
from tests.conftest import login


def test_demo_seed_builds_a_journey_with_a_visible_pain_point(
    app: Flask, client: FlaskClient, session: Session
) -> None:
    result = app.test_cli_runner().invoke(args=["db", "seed-demo", "--answers", "800"])
    assert result.exit_code == 0, result.output
    journey = session.scalar(select(Journey))
    assert journey is not None
    assert [s.name for s in journey.stages] == [
        "Awareness",
        "Consideration",
        "Purchase",
        "Retention",
        "Advocacy",
    ]
    assert len(journey.touchpoints) >= 12 and len(journey.personas) == 3
    assert {t.channel for t in journey.touchpoints} >= {
        "web",
        "email",
        "phone",
        "store",
        "mobile_app",
    }
    assert session.scalar(select(func.count()).select_from(Response)) == 800
    scores = session.scalars(select(AnswerScore.label)).all()
    assert 0.15 < scores.count("negative") / len(scores) < 0.6  # not uniformly happy
    (rolled,) = journeys.rollup(session, min_answers=30)
    session.commit()
    assert rolled.pain_points >= 1
    top = journeys.active_pain_points(session, journey.id)[0]
    assert journey.touchpoints[0].journey_id == journey.id
    assert next(t.name for t in journey.touchpoints if t.id == top.touchpoint_id) == "Support call"
    assert "viewer@northwind.example" in result.output and DEMO_PASSWORD in result.output
    viewer = accounts.user_by_email(session, "viewer@northwind.example")
    assert viewer is not None and journey.organisation.slug == "northwind"
    assert {
        m.role
        for email, _ in DEMO_USERS
        for m in accounts.user_by_email(session, email).memberships
    } == {"admin", "researcher", "viewer"}
    login(client, viewer, DEMO_PASSWORD)
    page = client.get(f"/journeys/{journey.slug}/map").get_data(as_text=True)
    assert "Pain point" in page and "Support call" in page


def test_seeding_twice_adds_nothing(session: Session) -> None:
    assert seed_demo(session, answers=50) is not None
    session.commit()
    assert seed_demo(session, answers=50) is None
    assert session.scalar(select(func.count()).select_from(Response)) == 50
