"""``/api/docs``: the API reference, Swagger UI drawing ``/api/v1/openapi.json``.

Swagger UI's files come from the ``flask-swagger-ui`` package (installed with the app, served
from here: no CDN, works offline); the page runs no inline script, so its Content-Security-Policy
allows scripts from this app only.
"""

from __future__ import annotations

from pathlib import Path

import flask_swagger_ui
from flask import Blueprint, Response, abort, render_template, send_from_directory
from flask.typing import ResponseReturnValue

from app.access import access

bp = Blueprint("api_docs", __name__, url_prefix="/api/docs")

SWAGGER_UI = Path(flask_swagger_ui.__file__).resolve().parent / "dist"
# Only what the page loads: the package ships an HTML page with inline script we do not serve.
ASSETS = frozenset({"swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"})
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


@bp.after_request
def _security_headers(reply: Response) -> Response:
    # Swagger UI sets style attributes from script, hence 'unsafe-inline' for styles only.
    reply.headers.setdefault("Content-Security-Policy", DOCS_CSP)
    reply.headers.setdefault("X-Content-Type-Options", "nosniff")
    return reply


@bp.get("")
@access("public")
def docs() -> ResponseReturnValue:
    """The API reference: every operation, its parameters, bodies, replies and errors."""
    return render_template("api/docs.html")


@bp.get("/assets/<asset_name>")
@access("public")
def asset(asset_name: str) -> ResponseReturnValue:
    """One of Swagger UI's files, as the installed package ships it."""
    if asset_name not in ASSETS:
        abort(404)
    return send_from_directory(SWAGGER_UI, asset_name, max_age=86400)
