"""Browser access to the API: body size limit, CORS for a survey's allowed origins, refusals."""

from __future__ import annotations

from flask import current_app, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from werkzeug.wrappers import Response as WsgiResponse

from app.api import bp
from app.api.origins import is_allowed, normalise_origin
from app.body_limit import limit_for_request, refuse_past
from app.errors import ApiProblem
from app.extensions import db
from surveys.models import Response, Survey, SurveyVersion

CORS_ORIGIN = "journeymap.cors_origin"
ALLOWED_HEADERS = "Content-Type, Idempotency-Key"
EXPOSED_HEADERS = "Location, Idempotent-Replayed, Retry-After, X-RateLimit-Remaining"


def _allowed_origins_of_request() -> list[str] | None:
    """The allowed origins of the survey the URL names; None when it names nothing real.

    One column query: the check runs on every cross-origin call, and the view loads what it
    needs itself.
    """
    args = request.view_args or {}
    if public_id := args.get("public_id"):
        query = select(Survey.allowed_origins).where(Survey.public_id == public_id)
    elif response_id := args.get("response_id"):
        query = (
            select(Survey.allowed_origins)
            .join(SurveyVersion, SurveyVersion.survey_id == Survey.id)
            .join(Response, Response.version_id == SurveyVersion.id)
            .where(Response.public_id == response_id)
        )
    else:
        return None
    return db.session.scalar(query)


@bp.before_request
def _guard() -> ResponseReturnValue | None:
    # A declared length is checked when the body is read; a chunked one was read already (up to
    # the app's larger limit) and is measured now.
    request.max_content_length = limit_for_request(current_app.config["API_MAX_BODY_BYTES"])
    refuse_past(request.max_content_length)
    origin = request.headers.get("Origin")
    own = normalise_origin(request.host_url)
    if origin is None or normalise_origin(origin) == own:
        return None  # servers, and the app's own pages, need no CORS
    allowed = _allowed_origins_of_request()
    if allowed is None:
        return None  # the view answers 404
    if not is_allowed(origin, allowed, own or ""):
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
