"""Shared by every way of answering (page, widget, API): scoring once the answer is safe."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

import journeys
import surveys
from app.extensions import db
from surveys.hidden_fields import PAGE_PARAMS
from surveys.models import CHANNELS, Answer, Response, Survey, SurveyVersion

log = logging.getLogger(__name__)


def submit_form(
    version: SurveyVersion,
    answers: Mapping[str, object],
    *,
    client_key: str,
    source: str,
    hidden: dict[str, Any],
    user_agent: str,
) -> Response:
    """Store a page or widget submission once per form key, tagged from its hidden fields."""
    return surveys.submit_response(
        db.session,
        version,
        answers,
        client_key=client_key,
        source=source,
        meta={"hidden": hidden, "device": surveys.device_class(user_agent)},
        **tags_from_hidden(version.survey, hidden),
    )


def score_now(response: Response) -> None:
    """Score a committed response's free text in this request; failure leaves it to the job."""
    _score(response.id, lambda: response.answers)


def _score_by_id(app: Flask, response_id: int) -> None:
    with app.app_context():
        try:
            _score(
                response_id,
                lambda: db.session.scalars(
                    select(Answer)
                    .where(Answer.response_id == response_id)
                    .options(selectinload(Answer.question), selectinload(Answer.score))
                ).all(),
            )
        finally:
            db.session.remove()


def _score(response_id: int, answers: Callable[[], Sequence[Answer]]) -> None:
    """Score and commit; never raise (the answer is stored, and the scoring job retries it)."""
    try:
        journeys.score_answers(db.session, answers())
        db.session.commit()
    except IntegrityError:
        # A double submit: another request for the same response scored it first. Nothing
        # is lost and nothing is stored twice, so this is no error.
        db.session.rollback()
        log.info("response %s was scored by a concurrent request", response_id)
    except Exception:  # scoring must never cost a customer their answer
        db.session.rollback()
        log.exception("scoring response %s failed; left for the scoring job", response_id)


def score_after_reply(reply: object, response_id: int) -> None:
    """Score a committed response once ``reply`` has been sent, so the client never waits on it.

    ``reply`` is the Flask response object; its close hook runs after the last byte went out.
    """
    if not current_app.config.get("SCORE_AFTER_SUBMIT", False):
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    reply.call_on_close(lambda: _score_by_id(app, response_id))  # type: ignore[attr-defined]


HIDDEN_PREFIX = "hidden-"
_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def hidden_fields_from_query(args: Mapping[str, str]) -> dict[str, str]:
    """Hidden fields a link or the widget put in the query string (``?customer_id=42``)."""
    raw = {k: v for k, v in args.items() if k not in PAGE_PARAMS}
    return surveys.clean_hidden_fields(raw, strict=False)


def hidden_fields_from_form(form: Mapping[str, str]) -> dict[str, str]:
    """Hidden fields carried through the answer form as ``hidden-<name>`` inputs."""
    raw = {k[len(HIDDEN_PREFIX) :]: v for k, v in form.items() if k.startswith(HIDDEN_PREFIX)}
    return surveys.clean_hidden_fields(raw, strict=False)


def new_response_key() -> str:
    """A fresh key for one showing of a form, so a double submit or a retry is stored once."""
    return uuid.uuid4().hex


def response_key(value: str | None) -> str | None:
    """The form's response key if well-formed (anything else is ignored, not trusted)."""
    return value if value and _KEY.match(value) else None


def tags_from_hidden(survey: Survey, hidden: Mapping[str, str]) -> dict[str, Any]:
    """Persona and channel named by hidden fields, when they name real ones; the rest stays meta."""
    channel = hidden.get("channel")
    return {
        "persona": surveys.persona_named(survey, hidden.get("persona")),
        "channel": channel if channel in CHANNELS else None,
    }
