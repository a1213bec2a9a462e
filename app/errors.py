"""Domain and HTTP errors mapped once: JSON under /api, a friendly page elsewhere, and one line
on the command line.

Each domain package has one exception base (``surveys.SurveyError``, ``journeys.JourneyError``)
carrying ``code``, ``message`` and ``fields``; views and commands let them through, and this module
gives each class its status.
"""

from __future__ import annotations

import logging
from typing import Any

import click
from flask import Flask, jsonify, render_template, request
from flask.cli import AppGroup
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.extensions import db
from journeys import (
    DrilldownError,
    InvalidAnnotation,
    InvalidPeriod,
    InvalidShareRequest,
    InvalidWebhook,
    JourneyError,
    MapViewError,
    ShareLinkInvalid,
)
from surveys import (
    IdempotencyConflict,
    InvalidAnswer,
    InvalidDesign,
    NotFound,
    ResponseComplete,
    SurveyClosed,
    SurveyError,
)

log = logging.getLogger(__name__)

#: The two domain bases; a subclass not listed in STATUS_OF takes its nearest listed base's status.
DOMAIN_ERRORS = (SurveyError, JourneyError)

STATUS_OF: dict[type[Exception], int] = {
    NotFound: 404,
    SurveyClosed: 410,
    InvalidAnswer: 422,  # UnknownPersona too
    InvalidDesign: 422,
    IdempotencyConflict: 409,
    ResponseComplete: 409,
    # The map's filters come from the query string: a wrong one is a bad request.
    InvalidPeriod: 400,
    MapViewError: 400,
    DrilldownError: 400,
    # Unknown, revoked and expired links all answer alike, as a page that is not there.
    ShareLinkInvalid: 404,
    InvalidShareRequest: 400,
    InvalidAnnotation: 400,
    InvalidWebhook: 422,
}
# Stable codes for API clients where Werkzeug's names are long or dated.
CODE_OF_STATUS = {413: "payload_too_large", 415: "unsupported_media_type", 429: "rate_limited"}


def status_of(error: SurveyError | JourneyError) -> int:
    """The HTTP status of a domain error: its class's, else its nearest listed base's, else 400."""
    for cls in type(error).__mro__:
        if cls in STATUS_OF:
            return STATUS_OF[cls]
    return 400


def cli_message(error: SurveyError | JourneyError) -> str:
    """A domain error as one line for the command line: the message, then each field's problem."""
    details = "; ".join(f"{name}: {problem}" for name, problem in error.fields.items())
    return f"{error.message} ({details})" if details else error.message


class CommandGroup(AppGroup):
    """A ``flask`` command group whose commands end with a domain error's message (exit 1)
    instead of a traceback; what the command did before it is rolled back."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DOMAIN_ERRORS as error:
            db.session.rollback()
            raise click.ClickException(cli_message(error)) from None


class ApiProblem(Exception):
    """A request the API refuses before any domain code runs (bad JSON, a honeypot…)."""

    def __init__(
        self, status: int, code: str, message: str, fields: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields or {}


def _render(
    status: int, code: str, message: str, fields: dict[str, str] | None = None
) -> ResponseReturnValue:
    if request.path.startswith("/api/"):
        body = {"error": {"code": code, "message": message, "fields": fields or {}}}
        return jsonify(body), status
    return render_template(
        "error.html", status=status, message=message, fields=fields or {}
    ), status


def register(app: Flask) -> None:
    """Install the error handlers on ``app``."""

    def _domain_error(error: SurveyError | JourneyError) -> ResponseReturnValue:
        db.session.rollback()
        return _render(status_of(error), error.code, error.message, error.fields)

    for base in DOMAIN_ERRORS:
        app.register_error_handler(base, _domain_error)

    @app.errorhandler(ApiProblem)
    def _api_problem(error: ApiProblem) -> ResponseReturnValue:
        db.session.rollback()
        return _render(error.status, error.code, error.message, error.fields)

    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError) -> ResponseReturnValue:
        return _render(
            400,
            "csrf_failed",
            "The form expired or was not sent from this site. Reload and try again.",
        )

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> ResponseReturnValue:
        status = error.code or 500
        code = CODE_OF_STATUS.get(status) or (error.name or "error").lower().replace(" ", "_")
        if status == 429:  # Flask-Limiter's description is the bare limit ("10 per 1 minute")
            return _render(
                status,
                code,
                f"Too many requests from you: at most {error.description}. "
                "Wait a minute and try again (Retry-After says how long).",
                {"rate": f"at most {error.description}"},
            )
        # A refused parameter (app.params) names itself, like a refused API field.
        fields = getattr(error, "fields", None)
        return _render(status, code, error.description or error.name, fields)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> ResponseReturnValue:
        db.session.rollback()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _render(
            500, "internal_error", "Something went wrong on our side; nothing was saved."
        )
