"""``GET /api/v1/surveys/<public id>``: the live version a client shows and answers."""

from __future__ import annotations

from flask.typing import ResponseReturnValue

import surveys
from app.access import access
from app.api import bp, serialize
from app.extensions import db_session


@bp.get("/surveys/<public_id>")
@access("public")
def show_survey(public_id: str) -> ResponseReturnValue:
    """The survey's live version and its questions; 404 unknown or draft, 410 closed."""
    version = surveys.live_version(db_session(), public_id)
    return {"survey": serialize.survey(version)}
