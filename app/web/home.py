"""The start page: every journey, with its surveys and a link to its map."""

from __future__ import annotations

from collections import defaultdict

from flask import Blueprint, render_template
from sqlalchemy import select

from app.extensions import db
from surveys.models import Journey, Survey

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    """List journeys with their surveys."""
    journeys = db.session.scalars(select(Journey).order_by(Journey.name)).all()
    surveys_by_journey: dict[int, list[Survey]] = defaultdict(list)
    for survey in db.session.scalars(select(Survey).order_by(Survey.created_at, Survey.id)):
        surveys_by_journey[survey.journey_id].append(survey)
    return render_template(
        "home/index.html", journeys=journeys, surveys_by_journey=surveys_by_journey
    )


@bp.get("/healthz")
def health() -> dict[str, str]:
    """Liveness probe for load balancers and the demo script."""
    return {"status": "ok"}
