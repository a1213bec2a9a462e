"""The embeddable widget: ``/embed.js`` for third-party pages and the iframe page it shows."""

from __future__ import annotations

from flask import Blueprint, Flask

from app.extensions import csrf

bp = Blueprint("embed", __name__)


def register(app: Flask) -> None:
    """Register the widget's blueprint on ``app``."""
    from app.embed import views  # noqa: F401  (attaches the routes)

    # The iframe runs on other sites, where browsers withhold our session cookie, so a CSRF
    # token cannot be checked there; the honeypot, the per-display key and rate limits guard it.
    csrf.exempt(bp)
    app.register_blueprint(bp)
