"""The hosted survey page customers answer at ``/s/<public id>`` (also linked from emails)."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response as Reply

import surveys
from app.access import access
from app.answering import Surface, answer_csp, answer_survey
from app.extensions import db_session
from surveys.models import ResponseSource, Survey

bp = Blueprint("answer", __name__)

# The page may be framed only by this app (the widget uses /embed/s/<id>, which lists the
# survey's allowed origins instead).
FRAME_ANCESTORS = "frame-ancestors 'self'"


def _no_context(_survey: Survey, _sent: Mapping[str, str]) -> dict[str, object]:
    return {}


def _to_thanks(survey: Survey, _stored: surveys.StoredResponse, _context: object) -> Reply:
    return redirect(url_for(".thanks", public_id=survey.public_id))


HOSTED = Surface(
    source=ResponseSource.HOSTED,
    key_prefix="page",
    templates="answer",
    frame_ancestors=lambda _survey: FRAME_ANCESTORS,
    context=_no_context,
    key_from_link=False,  # a shared link must not make its readers' answers one response
    done=_to_thanks,
    resume_endpoint="answer.resume",
)


@bp.route("/s/<public_id>", methods=["GET", "POST"])
@access("public")
def answer(public_id: str) -> ResponseReturnValue:
    """Show the live version's questions; store a valid submission once."""
    return answer_survey(HOSTED, public_id)


@bp.get("/s/<public_id>/resume/<token>")
@access("public")
def resume(public_id: str, token: str) -> ResponseReturnValue:
    """Continue a response where it was left (the link each page after the first shows)."""
    return answer_survey(HOSTED, public_id, token)


@bp.get("/s/<public_id>/thanks")
@access("public")
def thanks(public_id: str) -> ResponseReturnValue:
    """Thank the customer."""
    survey = surveys.survey_by_public_id(db_session(), public_id)
    return render_template("answer/thanks.html", survey=survey), 200, answer_csp(FRAME_ANCESTORS)
