"""The template library page: questionnaires for every stage, made into a draft in one click."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

import surveys
from app.access import access, current_organisation, journey_in_organisation
from app.extensions import db, db_session
from surveys import library
from surveys.kinds import KIND_LABELS
from surveys.models import DEFAULT_STAGES, Journey

bp = Blueprint("templates", __name__)


@bp.get("/templates")
@access("researcher")
def index() -> ResponseReturnValue:
    """Every template by stage, with a button to use it in the chosen journey."""
    journeys = db.session.scalars(
        select(Journey)
        .where(Journey.organisation_id == current_organisation().id)
        .order_by(Journey.name)
    ).all()
    wanted = request.args.get("journey")
    journey = next((j for j in journeys if j.slug == wanted), journeys[0] if journeys else None)
    by_stage = {
        stage: [t for t in library.TEMPLATES if t.stage == stage] for stage in DEFAULT_STAGES
    }
    return render_template(
        "library/index.html", journeys=journeys, journey=journey, by_stage=by_stage,
        kinds=KIND_LABELS, stage_for=library.stage_for,
    )  # fmt: skip


@bp.post("/journeys/<slug>/templates/<template_key>")
@access("researcher")
def use(slug: str, template_key: str) -> ResponseReturnValue:
    """Create a draft survey from the template in the journey, and open the designer."""
    journey = journey_in_organisation(slug)
    template = library.template_named(template_key)
    chosen = request.form.get("touchpoint", "")
    touchpoint = next((t for t in journey.touchpoints if str(t.id) == chosen), None)
    try:
        survey = library.instantiate(db_session(), journey, template.key, touchpoint=touchpoint)
    except surveys.InvalidDesign as error:
        # Most often the journey lacks the stage or a touchpoint: send the researcher to add it.
        db.session.rollback()
        flash(error.message)
        return redirect(url_for("journey_structure.show", slug=journey.slug))
    db.session.commit()
    flash(f"Draft “{survey.title}” created from the template; adjust it, then publish.")
    return redirect(url_for("design.edit", slug=journey.slug, survey_id=survey.id))
