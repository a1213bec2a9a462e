"""The start page (the organisation's journeys, with their surveys and maps) and /healthz."""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from flask import Blueprint, current_app, render_template
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app import scheduler
from app.access import access, current_organisation
from app.extensions import db, db_session
from surveys.models import Journey, Survey, SurveyStatus

bp = Blueprint("home", __name__)
log = logging.getLogger("journeymap.web")


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
        .where(Journey.organisation_id == organisation.id, Survey.status != SurveyStatus.IMPORTED)
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
def health() -> dict[str, Any]:
    """Liveness probe: "ok" while the web server answers, and how the scheduler's jobs are doing.

    Always 200 when the web server is up: a late scheduler must not take web hosts out of a load
    balancer, since answers keep being taken without it.
    """
    try:
        jobs = scheduler.health(db_session(), current_app.config)
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("healthz could not read the job ledger")
        jobs = {"status": scheduler.Health.UNKNOWN, "jobs": {}}
    return {"status": "ok", "scheduler": jobs}
