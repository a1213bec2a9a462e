"""The keyed API under ``/api/v1``: reading and managing an organisation's journeys, surveys,
responses and maps with an API key (``Authorization: Bearer <key>``).

Its own blueprint, apart from the answering endpoints: no browser CORS (a key belongs on a
server), no cookies (a signed-in session does not count), and one rate limit per key.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import TypeVar

from flask import Blueprint, Flask, current_app, request
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response as WsgiResponse

from app.access import journey_in_organisation
from app.api.keys import has_no_api_key, key_rate, rate_limit_key
from app.body_limit import refuse_past
from app.errors import ApiProblem
from app.extensions import csrf, db, limiter
from surveys.models import Journey, Survey, SurveyVersion
from surveys.response_feed import START, Position

bp = Blueprint("api_keyed", __name__, url_prefix="/api/v1")
limiter.limit(key_rate, key_func=rate_limit_key, exempt_when=has_no_api_key)(bp)

Model = TypeVar("Model", bound=BaseModel)
_CURSOR_VERSION = "v1:"
# What the URL names, found once per request (cached on the request, not on g).
_JOURNEY, _SURVEY = "journeymap.api.journey", "journeymap.api.survey"


@bp.before_request
def _bound_body() -> None:
    # As for the answering endpoints: a declared length is checked when the body is read; a
    # chunked one was read already (up to the app's larger limit) and is measured now.
    request.max_content_length = current_app.config["API_MAX_BODY_BYTES"]
    refuse_past(request.max_content_length)


@bp.after_request
def _no_sniffing(reply: WsgiResponse) -> WsgiResponse:
    # Free text comes back as typed; nosniff keeps a browser from ever reading JSON as HTML.
    reply.headers["X-Content-Type-Options"] = "nosniff"
    reply.headers["Cache-Control"] = "no-store"
    return reply


def path_journey() -> Journey:
    """The key's organisation's journey the URL names (``slug``); 404 otherwise."""
    found = request.environ.get(_JOURNEY)
    if found is None:
        found = journey_in_organisation((request.view_args or {})["slug"])
        request.environ[_JOURNEY] = found
    return found


def path_survey() -> Survey:
    """The journey's survey the URL names (``public_id``), versions and questions loaded; 404
    otherwise."""
    found = request.environ.get(_SURVEY)
    if found is None:
        public_id = (request.view_args or {})["public_id"]
        found = db.session.scalar(
            select(Survey)
            .where(Survey.journey_id == path_journey().id, Survey.public_id == public_id)
            .options(selectinload(Survey.versions).selectinload(SurveyVersion.questions))
        )
        if found is None:
            raise ApiProblem(404, "not_found", f"The journey has no survey '{public_id}'.")
        request.environ[_SURVEY] = found
    return found


def find_path_objects() -> None:
    """Look up what the URL names before the body is read: another organisation's journey is a
    404 whatever the body holds, exactly as a missing one."""
    args = request.view_args or {}
    if "slug" in args:
        path_journey()
    if "public_id" in args:
        path_survey()


def query_of(model: type[Model]) -> Model:
    """The request's query as checked against ``model`` by the view's ``validate``."""
    parsed = request.context.query  # type: ignore[attr-defined]
    assert isinstance(parsed, model)
    return parsed


def body_of(model: type[Model]) -> Model:
    """The request's body as checked against ``model`` by the view's ``validate``."""
    parsed = request.context.json  # type: ignore[attr-defined]
    assert isinstance(parsed, model)
    return parsed


_CURSOR_NUMBER = re.compile(r"[0-9]{1,19}")


def _cursor_numbers(cursor: str, count: int) -> tuple[int, ...]:
    """The ``count`` numbers a cursor holds; 400 naming ``cursor`` when it is none of ours."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    parts = text.removeprefix(_CURSOR_VERSION).split(".")
    if (
        not text.startswith(_CURSOR_VERSION)
        or len(parts) != count
        or not all(_CURSOR_NUMBER.fullmatch(part) for part in parts)
    ):
        raise ApiProblem(
            400,
            "invalid_field",
            "'cursor' is not one this API gave out: pass a page's next_cursor as it is.",
            {"cursor": "is not a cursor of this list"},
        )
    return tuple(int(part) for part in parts)


def cursor_after(cursor: str | None) -> int:
    """The id a list's cursor names (0: the start); 400 naming ``cursor`` when it names none."""
    return 0 if cursor is None else _cursor_numbers(cursor, 1)[0]


def feed_position(cursor: str | None) -> Position:
    """The response feed's position a cursor names (the start for none); 400 as above."""
    if cursor is None:
        return START
    stored_by, response_id = _cursor_numbers(cursor, 2)
    return (stored_by, response_id)


def cursor_at(*position: int) -> str:
    """An opaque cursor for the position after the item at ``position`` (its id, or the feed's
    position)."""
    text = _CURSOR_VERSION + ".".join(str(number) for number in position)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def register(app: Flask) -> None:
    """Attach the keyed views and register the blueprint on ``app``."""
    from app.api import managing, reading  # noqa: F401  (modules attach their routes)

    csrf.exempt(bp)
    app.register_blueprint(bp)
