"""The JSON API under ``/api/v1``: surveys to answer and responses to create and finish
(keyless, this blueprint), and the keyed API for reading and managing (app/api/keyed.py);
the OpenAPI document both are described by (app/api/spec.py) and its reference page.

Every error is JSON ``{"error": {"code", "message", "fields"}}`` (see app/errors.py). The API
takes no cookies, so CSRF protection does not apply; browsers on a survey's allowed origins may
call the answering endpoints (CORS), other origins are refused.
"""

from __future__ import annotations

from flask import Blueprint, Flask, request

from app.errors import ApiProblem
from app.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def refuse_nul_characters() -> None:
    """A NUL character in the URL names nothing (404) or is a bad parameter (400): PostgreSQL
    cannot even compare text holding one, so it must not reach a query."""
    if any("\x00" in str(value) for value in (request.view_args or {}).values()):
        raise ApiProblem(404, "not_found", "Nothing is at this address.")
    for name, value in request.args.items(multi=True):
        if "\x00" in name or "\x00" in value:
            shown = name.replace("\x00", "")
            raise ApiProblem(
                400, "invalid_field", f"'{shown}' holds a NUL character.", {shown: "holds a NUL"}
            )


# First of the blueprint's hooks: the origin check and the key check query by the URL's ids.
bp.before_request(refuse_nul_characters)


def register(app: Flask) -> None:
    """Register the API blueprints on ``app``: answering, the keyed API and its reference."""
    from app.api import cors, docs, keyed, responses, surveys  # noqa: F401  (routes attach)

    csrf.exempt(bp)
    app.register_blueprint(bp)
    keyed.register(app)
    app.register_blueprint(docs.bp)
