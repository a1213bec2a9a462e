"""``/embed.js`` and the iframe page ``/embed/s/<public id>`` it shows on third-party sites."""

from __future__ import annotations

from flask import current_app, render_template, request, send_from_directory
from flask.typing import ResponseReturnValue

import surveys
from app.access import access
from app.answering import (
    HIDDEN_PREFIX,
    hidden_fields_from_form,
    hidden_fields_from_query,
    new_response_key,
    response_key,
    score_after_reply,
    submit_form,
)
from app.api.origins import frame_ancestors, is_allowed, normalise_origin
from app.embed import bp
from app.extensions import client_fingerprint, db, limiter
from surveys.hidden_fields import HONEYPOT
from surveys.models import Survey


def _csp(survey: Survey | None) -> dict[str, str]:
    # frame-ancestors is what keeps the survey off sites its owner did not list.
    ancestors = frame_ancestors(survey.allowed_origins if survey else [])
    return {
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"form-action 'self'; {ancestors}"
        )
    }


def _host_origin(survey: Survey, raw: str | None) -> str:
    """Where the widget's messages may go: the host page's origin if the survey allows it."""
    origin = normalise_origin(raw or "")
    own = normalise_origin(request.host_url) or ""
    if origin and origin != "*" and is_allowed(origin, survey.allowed_origins, own):
        return origin
    return own


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
    survey = surveys.survey_by_public_id(db.session, public_id)
    source = request.form if request.method == "POST" else request.args
    host = _host_origin(survey, source.get("host"))
    mode = source.get("mode", "inline")
    try:
        version = surveys.live_version(db.session, public_id)
    except surveys.SurveyClosed:
        return render_template("embed/closed.html", survey=survey, host=host), 410, _csp(survey)
    posted = request.method == "POST"
    if posted:
        hidden = hidden_fields_from_form(request.form)
        key = response_key(request.form.get("response_key")) or new_response_key()
    else:
        hidden = hidden_fields_from_query(request.args)
        key = response_key(request.args.get("key")) or new_response_key()
    form = surveys.answer_form(version, seed=key)(request.form if posted else None)
    context = {"version": version, "form": form, "host": host, "mode": mode}
    if posted and request.form.get(HONEYPOT):
        return render_template("embed/rejected.html", **context), 400, _csp(survey)
    if not posted or not form.validate():
        page = render_template(
            "embed/survey.html",
            hidden=hidden,
            hidden_prefix=HIDDEN_PREFIX,
            response_key=key,
            **context,
        )
        return page, 422 if posted else 200, _csp(survey)
    response = submit_form(
        version,
        form.data,
        client_key=f"embed:{key}",
        source="embed",
        hidden=hidden,
        user_agent=request.user_agent.string,
    )
    page = render_template("embed/thanks.html", response=response, **context)
    response_id = response.id
    db.session.commit()  # stored before the thank-you is sent
    reply = current_app.make_response((page, 200, _csp(survey)))
    score_after_reply(reply, response_id)
    return reply
