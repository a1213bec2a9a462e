"""Browser access to the API: body size limit, CORS for a survey's allowed origins, refusals."""

from __future__ import annotations

from flask import current_app, request
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response as WsgiResponse

import surveys
from app.api import bp
from app.api.origins import is_allowed, normalise_origin
from app.errors import ApiProblem
from app.extensions import db
from surveys.models import Survey

CORS_ORIGIN = "journeymap.cors_origin"
ALLOWED_HEADERS = "Content-Type, Idempotency-Key"
EXPOSED_HEADERS = "Location, Idempotent-Replayed, Retry-After, X-RateLimit-Remaining"


def _survey_of_request() -> Survey | None:
    """The survey the request is about, from the URL; None when the URL names nothing real."""
    args = request.view_args or {}
    try:
        if public_id := args.get("public_id"):
            return surveys.survey_by_public_id(db.session, public_id)
        if response_id := args.get("response_id"):
            return surveys.response_by_public_id(db.session, response_id).version.survey
    except surveys.NotFound:
        return None
    return None


@bp.before_request
def _guard() -> ResponseReturnValue | None:
    # Checked while reading, so a body without Content-Length is cut off too.
    request.max_content_length = current_app.config["API_MAX_BODY_BYTES"]
    origin = request.headers.get("Origin")
    own = normalise_origin(request.host_url)
    if origin is None or normalise_origin(origin) == own:
        return None  # servers, and the app's own pages, need no CORS
    survey = _survey_of_request()
    if survey is None:
        return None  # the view answers 404
    if not is_allowed(origin, survey.allowed_origins, own or ""):
        if request.method == "OPTIONS":
            return WsgiResponse(status=204)  # no CORS headers: the browser stops here
        raise ApiProblem(
            403,
            "origin_not_allowed",
            f"Pages on {origin} may not send answers to this survey.",
            {"Origin": "is not one of the survey's allowed origins"},
        )
    # Kept on the request, not on g: g lives as long as the app context, which may span requests.
    request.environ[CORS_ORIGIN] = origin
    if request.method == "OPTIONS":
        preflight = WsgiResponse(status=204)
        preflight.headers["Access-Control-Allow-Methods"] = "GET, POST, PATCH"
        preflight.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        preflight.headers["Access-Control-Max-Age"] = "600"
        return preflight
    return None


@bp.after_request
def _cors_headers(reply: WsgiResponse) -> WsgiResponse:
    reply.headers.add("Vary", "Origin")
    # Free text comes back as typed; nosniff keeps a browser from ever reading JSON as HTML.
    reply.headers["X-Content-Type-Options"] = "nosniff"
    if origin := request.environ.get(CORS_ORIGIN):
        reply.headers["Access-Control-Allow-Origin"] = origin
        reply.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return reply
