"""The start page: the current organisation's journeys, with their surveys and maps."""

from __future__ import annotations

from collections import defaultdict

from flask import Blueprint, render_template
from sqlalchemy import select

from app.access import access, current_organisation
from app.extensions import db
from surveys.models import Journey, Survey

bp = Blueprint("home", __name__)


@bp.get("/")
@access("viewer")
def index() -> str:
    """List the organisation's journeys with their surveys."""
    organisation = current_organisation()
    journeys = db.session.scalars(
        select(Journey).where(Journey.organisation_id == organisation.id).order_by(Journey.name)
    ).all()
    surveys_by_journey: dict[int, list[Survey]] = defaultdict(list)
    query = (
        select(Survey)
        .join(Journey)
        .where(Journey.organisation_id == organisation.id, Survey.status != "imported")
        .order_by(Survey.created_at, Survey.id)
    )
    for survey in db.session.scalars(query):
        surveys_by_journey[survey.journey_id].append(survey)
    return render_template(
        "home/index.html",
        journeys=journeys,
        surveys_by_journey=surveys_by_journey,
        organisation=organisation,
    )


@bp.get("/healthz")
@access("public")
def health() -> dict[str, str]:
    """Liveness probe for load balancers and the demo script."""
    return {"status": "ok"}
