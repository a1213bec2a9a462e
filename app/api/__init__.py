"""The JSON API under ``/api/v1``: surveys to answer and responses to create and finish
(keyless, this blueprint), and the keyed API for reading and managing (app/api/keyed.py);
the OpenAPI document both are described by (app/api/spec.py) and its reference page.

Every error is JSON ``{"error": {"code", "message", "fields"}}`` (see app/errors.py). The API
takes no cookies, so CSRF protection does not apply; browsers on a survey's allowed origins may
call the answering endpoints (CORS), other origins are refused.
"""

from __future__ import annotations

from flask import Blueprint, Flask

from app.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def register(app: Flask) -> None:
    """Register the API blueprints on ``app``: answering, the keyed API and its reference."""
    from app.api import cors, docs, keyed, responses, surveys  # noqa: F401  (routes attach)

    csrf.exempt(bp)
    app.register_blueprint(bp)
    keyed.register(app)
    app.register_blueprint(docs.bp)
