"""The public JSON API under ``/api/v1``: surveys to answer and responses to create and finish.

Every error is JSON ``{"error": {"code", "message", "fields"}}`` (see app/errors.py). The API
takes no cookies, so CSRF protection does not apply; browsers on a survey's allowed origins may
call it (CORS), other origins are refused.
"""

from __future__ import annotations

from flask import Blueprint, Flask

from app.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def register(app: Flask) -> None:
    """Register the API blueprint on ``app``."""
    from app.api import cors, responses, surveys  # noqa: F401  (modules attach their routes)

    csrf.exempt(bp)
    app.register_blueprint(bp)
