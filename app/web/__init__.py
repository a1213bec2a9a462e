"""The HTML blueprints, one module per area."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Register every web blueprint on ``app``."""
    from app.web import (
        answer,
        auth,
        design,
        filters,
        home,
        journey_structure,
        library,
        map_share,
        map_team,
        maps,
        organisation,
        results,
        share,
        surveyjs,
        webhooks,
    )

    filters.register(app)

    for module in (
        auth,
        home,
        journey_structure,
        design,
        surveyjs,
        library,
        organisation,
        answer,
        maps,
        map_team,
        map_share,
        results,
        share,
        webhooks,
    ):
        app.register_blueprint(module.bp)
