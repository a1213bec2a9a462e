"""``/embed.js`` and the iframe page ``/embed/s/<public id>`` it shows on third-party sites."""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app, make_response, render_template, request, send_from_directory
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response as Reply

import surveys
from app.access import access
from app.answering import Surface, answer_survey
from app.api.origins import frame_ancestors, is_allowed, normalise_origin
from app.embed import bp
from app.extensions import client_fingerprint, limiter
from surveys.models import ResponseSource, Survey


def _host_origin(survey: Survey, raw: str | None) -> str:
    """Where the widget's messages may go: the host page's origin if the survey allows it."""
    origin = normalise_origin(raw or "")
    own = normalise_origin(request.host_url) or ""
    if origin and origin != "*" and is_allowed(origin, survey.allowed_origins, own):
        return origin
    return own


def _frame_context(survey: Survey, sent: Mapping[str, str]) -> dict[str, object]:
    """The host page the frame talks to and how it is shown, from the query or the form."""
    return {"host": _host_origin(survey, sent.get("host")), "mode": sent.get("mode", "inline")}


def _thanks(_survey: Survey, stored: surveys.StoredResponse, context: dict[str, object]) -> Reply:
    # Shown in the frame itself: data-complete tells the host page the response's id.
    return make_response(render_template("embed/thanks.html", response=stored, **context))


WIDGET = Surface(
    source=ResponseSource.EMBED,
    key_prefix="embed",
    templates="embed",
    # frame-ancestors is what keeps the survey off sites its owner did not list.
    frame_ancestors=lambda survey: frame_ancestors(survey.allowed_origins),
    context=_frame_context,
    key_from_link=True,  # embed.js makes one key per showing and puts it in the frame's URL
    done=_thanks,
    resume_endpoint="embed.resume",
    carried=("host", "mode"),
)


def _per_client_and_survey() -> str:
    return f"{client_fingerprint()}:embed:{(request.view_args or {}).get('public_id')}"


@bp.get("/embed.js")
@access("public")
def script() -> ResponseReturnValue:
    """The dependency-free widget script host pages include with ``<script src=…/embed.js>``."""
    reply = send_from_directory(current_app.static_folder or "", "js/embed.js", max_age=300)
    reply.headers["Access-Control-Allow-Origin"] = "*"  # a public script; lets SRI checks work
    return reply


@bp.route("/embed/s/<public_id>", methods=["GET", "POST"])
@access("public")
@limiter.limit(
    lambda: str(current_app.config["API_RATE_LIMIT"]),
    key_func=_per_client_and_survey,
    methods=["POST"],
)
def frame(public_id: str) -> ResponseReturnValue:
    """The survey inside the widget's iframe; a valid submission is stored once."""
    return answer_survey(WIDGET, public_id)


@bp.get("/embed/s/<public_id>/resume/<token>")
@access("public")
def resume(public_id: str, token: str) -> ResponseReturnValue:
    """The widget's next page (and a resume link opened in the frame)."""
    return answer_survey(WIDGET, public_id, token)
