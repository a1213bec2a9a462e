"""The hosted survey page customers answer at ``/s/<public id>`` (also linked from emails)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

import surveys
from app.access import access
from app.answering import (
    HIDDEN_PREFIX,
    hidden_fields_from_form,
    hidden_fields_from_query,
    new_response_key,
    response_key,
    score_now,
    submit_form,
)
from app.extensions import db
from surveys.hidden_fields import HONEYPOT

bp = Blueprint("answer", __name__)

# Scripts and styles come only from this app; the page may be framed only by itself (the widget
# uses /embed/s/<id>, which lists the survey's allowed origins instead).
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'self'"
)


def _page(template: str, status: int = 200, **context: object) -> ResponseReturnValue:
    return render_template(template, **context), status, {"Content-Security-Policy": PAGE_CSP}


@bp.route("/s/<public_id>", methods=["GET", "POST"])
@access("public")
def answer(public_id: str) -> ResponseReturnValue:
    """Show the live version's questions; store a valid submission once, then score it."""
    try:
        version = surveys.live_version(db.session, public_id)
    except surveys.SurveyClosed:
        survey = surveys.survey_by_public_id(db.session, public_id)
        return _page("answer/closed.html", 410, survey=survey)
    posted = request.method == "POST"
    if posted:
        hidden = hidden_fields_from_form(request.form)
        key = response_key(request.form.get("response_key")) or new_response_key()
    else:
        hidden, key = hidden_fields_from_query(request.args), new_response_key()
    # Seeded by the showing's key, so randomised options keep their order when errors re-show.
    form = surveys.answer_form(version, seed=key)(request.form if posted else None)
    if posted and request.form.get(HONEYPOT):
        return _page("answer/rejected.html", 400, survey=version.survey)
    if not posted or not form.validate():
        return _page(
            "answer/survey.html",
            422 if posted else 200,
            version=version,
            form=form,
            hidden=hidden,
            hidden_prefix=HIDDEN_PREFIX,
            response_key=key,
        )
    response = submit_form(
        version,
        form.data,
        client_key=f"page:{key}",
        source="hosted",
        hidden=hidden,
        user_agent=request.user_agent.string,
    )
    db.session.commit()  # the answer is safe before anything else is tried
    score_now(response)
    return redirect(url_for(".thanks", public_id=public_id))


@bp.get("/s/<public_id>/thanks")
@access("public")
def thanks(public_id: str) -> ResponseReturnValue:
    """Thank the customer."""
    survey = surveys.survey_by_public_id(db.session, public_id)
    return _page("answer/thanks.html", survey=survey)
