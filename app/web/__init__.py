"""The HTML blueprints, one module per area."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Register every web blueprint on ``app``."""
    from app.web import answer, design, filters, home, map_share, map_team, maps

    filters.register(app)

    for module in (home, design, answer, maps, map_team, map_share):
        app.register_blueprint(module.bp)
