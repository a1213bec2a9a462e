"""Researchers' pages: create a survey at a stage and touchpoint of a journey."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice

import surveys
from app.access import access, journey_in_organisation
from app.extensions import db

bp = Blueprint("design", __name__, url_prefix="/journeys/<slug>/surveys")


@bp.route("/new", methods=["GET", "POST"])
@access("researcher")
def new_survey(slug: str) -> ResponseReturnValue:
    """Create and publish a survey with a 1–5 rating and a free-text question."""
    journey = journey_in_organisation(slug)
    form = surveys.SurveyForm(request.form if request.method == "POST" else MultiDict())
    form.stage.choices = [SelectChoice(s.id, s.name) for s in journey.stages]
    form.touchpoint.choices = [
        SelectChoice(t.id, f"{t.name} ({t.channel})") for t in journey.touchpoints
    ]
    if request.method == "POST" and form.validate():
        stage = next(s for s in journey.stages if s.id == form.stage.data)
        touchpoint = next(t for t in journey.touchpoints if t.id == form.touchpoint.data)
        questions = []
        if form.rating_prompt.data:
            questions.append(surveys.QuestionSpec("rating", form.rating_prompt.data, required=True))
        questions.append(surveys.QuestionSpec("free_text", form.text_prompt.data or ""))
        survey = surveys.create_survey(
            db.session,
            journey,
            title=form.title.data or "",
            stage=stage,
            touchpoint=touchpoint,
            questions=questions,
        )
        surveys.publish(db.session, survey)
        db.session.commit()
        flash(f"Survey “{survey.title}” is live.")
        return redirect(url_for("home.index", _anchor=f"survey-{survey.public_id}"))
    status = 422 if request.method == "POST" else 200
    return render_template("design/new_survey.html", journey=journey, form=form), status
