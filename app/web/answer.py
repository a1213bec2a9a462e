"""The hosted survey page customers answer at ``/s/<public id>``."""

from __future__ import annotations

import logging

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

import journeys
import surveys
from app.extensions import db

bp = Blueprint("answer", __name__)
log = logging.getLogger(__name__)


@bp.route("/s/<public_id>", methods=["GET", "POST"])
def answer(public_id: str) -> ResponseReturnValue:
    """Show the live version's questions; store a valid submission, then score it."""
    version = surveys.live_version(db.session, public_id)
    form = surveys.answer_form(version)(request.form if request.method == "POST" else None)
    if request.method == "GET" or not form.validate():
        status = 422 if request.method == "POST" else 200
        return render_template("answer/survey.html", version=version, form=form), status
    response = surveys.submit_response(db.session, version, form.data)
    db.session.commit()  # the answer is safe before anything else is tried
    try:
        journeys.score_answers(db.session, response.answers)
        db.session.commit()
    except Exception:  # scoring must never cost a customer their answer; the job retries it
        db.session.rollback()
        log.exception("scoring response %s failed; left for the scoring job", response.id)
    return redirect(url_for(".thanks", public_id=public_id))


@bp.get("/s/<public_id>/thanks")
def thanks(public_id: str) -> str:
    """Thank the customer."""
    survey = surveys.survey_by_public_id(db.session, public_id)
    return render_template("answer/thanks.html", survey=survey)
