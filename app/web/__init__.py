"""The HTML blueprints, one module per area."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Register every web blueprint on ``app``."""
    from app.web import answer, design, filters, home, maps

    filters.register(app)

    for module in (home, design, answer, maps):
        app.register_blueprint(module.bp)
