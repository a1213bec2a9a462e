"""``GET /api/v1/surveys/<public id>``: the live version a client shows and answers; and
``GET /api/v1/openapi.json``, the document describing the whole API."""

from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

import surveys
from app.access import access
from app.api import bp, schemas, serialize
from app.api.spec import document, validate
from app.extensions import db_session


@bp.get("/surveys/<public_id>")
@access("public")
@validate({200: schemas.SurveyEnvelope}, tag="answering", keyed=False, errors=[401, 403, 404, 410])
def show_survey(public_id: str) -> ResponseReturnValue:
    """The survey's live version and its questions; 404 unknown or draft, 410 closed."""
    version = surveys.live_version(db_session(), public_id)
    return {"survey": serialize.survey(version)}


@bp.get("/openapi.json")
@access("public")
def openapi_document() -> ResponseReturnValue:
    """The OpenAPI 3.1 document of this API, generated from the models that check requests."""
    return jsonify(document())
