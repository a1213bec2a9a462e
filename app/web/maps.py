"""The journey map page: stages across, touchpoints down, pain points marked."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

import journeys
import surveys
from app.extensions import db

bp = Blueprint("maps", __name__, url_prefix="/journeys/<slug>")


@bp.get("/map")
def show(slug: str) -> str:
    """Render the newest snapshot of the journey's map."""
    journey = surveys.journey_by_slug(db.session, slug)
    journey_map = journeys.journey_map(db.session, journey)
    return render_template(
        "maps/map.html",
        map=journey_map,
        journey=journey,
        min_answers=current_app.config["PAIN_POINT_MIN_ANSWERS"],
        period_days=current_app.config["ALERT_PERIOD_DAYS"],
    )
