"""Domain and HTTP errors mapped once: JSON under /api, a friendly page elsewhere."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.extensions import db
from surveys import (
    IdempotencyConflict,
    InvalidAnswer,
    InvalidDesign,
    NotFound,
    ResponseComplete,
    SurveyClosed,
    SurveyError,
    UnknownPersona,
)

log = logging.getLogger(__name__)

STATUS_OF: dict[type[SurveyError], int] = {
    NotFound: 404,
    SurveyClosed: 410,
    InvalidAnswer: 422,
    UnknownPersona: 422,
    InvalidDesign: 422,
    IdempotencyConflict: 409,
    ResponseComplete: 409,
}
# Stable codes for API clients where Werkzeug's names are long or dated.
CODE_OF_STATUS = {413: "payload_too_large", 415: "unsupported_media_type", 429: "rate_limited"}


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

    @app.errorhandler(SurveyError)
    def _domain_error(error: SurveyError) -> ResponseReturnValue:
        db.session.rollback()
        return _render(STATUS_OF.get(type(error), 400), error.code, error.message, error.fields)

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
        return _render(status, code, error.description or error.name)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> ResponseReturnValue:
        db.session.rollback()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _render(
            500, "internal_error", "Something went wrong on our side; nothing was saved."
        )
