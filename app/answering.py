"""Answering a survey: the one view body behind the hosted page and the widget's frame, and the one
rule for when an answer is scored (every surface, the API included, goes through
``score_after_reply``)."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask import Flask, current_app, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response as Reply

import journeys
import surveys
from app.extensions import db, db_session, the_app
from surveys.hidden_fields import HONEYPOT, PAGE_PARAMS
from surveys.models import CHANNELS, Answer, ResponseSource, Survey, SurveyVersion

log = logging.getLogger(__name__)

HIDDEN_PREFIX = "hidden-"
_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")

# Scripts and styles come only from this app; where the page may be framed is the surface's say.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; object-src 'none'; "
)


def answer_csp(frame_ancestors: str) -> dict[str, str]:
    """The Content-Security-Policy header of an answer page framed only by ``frame_ancestors``."""
    return {"Content-Security-Policy": _CSP + frame_ancestors}


@dataclass(frozen=True, slots=True)
class Surface:
    """What differs between the hosted page and the widget's frame; the sequence is shared."""

    source: ResponseSource  # the responses' source (hosted, embed)
    key_prefix: str  # before the showing's key in the client key ("page", "embed")
    templates: str  # the folder of survey.html, closed.html, rejected.html (and thanks.html)
    frame_ancestors: Callable[[Survey], str]  # the CSP directive saying who may frame the page
    context: Callable[[Survey, Mapping[str, str]], dict[str, object]]  # from the query or form
    key_from_link: bool  # whether a link may bring its showing's key (the widget's script does)
    done: Callable[[Survey, surveys.StoredResponse, dict[str, object]], Reply]  # after storing


def answer_survey(surface: Surface, public_id: str) -> ResponseReturnValue:
    """Show the live version's questions; store a valid submission once, then reply.

    GET shows the form; POST re-shows it with errors (422), refuses a filled honeypot (400), or
    stores the answer, commits, and hands over to ``surface.done``. A closed survey says so (410).
    """
    survey = surveys.survey_by_public_id(db_session(), public_id)
    posted = request.method == "POST"
    context = {
        "survey": survey,
        **surface.context(survey, request.form if posted else request.args),
    }
    headers = answer_csp(surface.frame_ancestors(survey))

    def page(name: str, status: int, **values: object) -> ResponseReturnValue:
        return (
            render_template(f"{surface.templates}/{name}.html", **context, **values),
            status,
            headers,
        )

    try:
        version = surveys.live_version_of(survey)
    except surveys.SurveyClosed:
        return page("closed", 410)
    if posted:
        hidden = hidden_fields_from_form(request.form)
        key = response_key(request.form.get("response_key")) or new_response_key()
    else:
        hidden = hidden_fields_from_query(request.args)
        linked = response_key(request.args.get("key")) if surface.key_from_link else None
        key = linked or new_response_key()
    # Seeded by the showing's key, so randomised options keep their order when errors re-show.
    form = surveys.answer_form(version, seed=key)(request.form if posted else None)
    context.update(version=version, form=form)
    if posted and request.form.get(HONEYPOT):
        return page("rejected", 400)
    if not posted or not form.validate():
        return page(
            "survey",
            422 if posted else 200,
            hidden=hidden,
            hidden_prefix=HIDDEN_PREFIX,
            response_key=key,
        )
    stored = _store_form(surface, version, form.data, f"{surface.key_prefix}:{key}", hidden)
    db.session.commit()  # the answer is safe before anything else is tried
    reply = surface.done(survey, stored, context)
    reply.headers.update(headers)
    return score_after_reply(reply, stored.id)


def _store_form(
    surface: Surface,
    version: SurveyVersion,
    answers: Mapping[str, object],
    client_key: str,
    hidden: Mapping[str, str],
) -> surveys.StoredResponse:
    """Store a page or widget submission through the response core, tagged by its hidden fields."""
    item = surveys.NewResponse(
        surveys.target_of(version),
        answers,
        surface.source,
        client_key=client_key,
        persona_id=persona_from_link(version.survey.journey_id, hidden),
        channel=hidden.get("channel") if hidden.get("channel") in CHANNELS else None,
        meta=surveys.answer_meta(hidden, request.user_agent.string),
    )
    try:
        stored, _created = surveys.store_response(db_session(), item)
    except surveys.IdempotencyConflict as reuse:
        # The key names one showing of the form, not one request: the same showing sent again
        # with other answers (the back button, then Send) keeps its first answer and is thanked.
        return reuse.stored
    return stored


def persona_from_link(journey_id: int, hidden: Mapping[str, str]) -> int | None:
    """The persona named by a page's or widget's ``persona`` hidden field, if it is one.

    The name comes from a URL anyone can edit, and a customer cannot fix the link they were sent:
    an unknown name neither refuses the answer nor tags it with a persona — it is kept with the
    other hidden fields in the response's metadata, where a researcher can still read it. (The
    API refuses an unknown persona instead: its caller can correct the request.)
    """
    name = hidden.get("persona")
    if not name:
        return None
    try:
        return surveys.persona_named(db_session(), journey_id, name).id
    except surveys.UnknownPersona:
        return None


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


def score_after_reply(reply: Reply, response_id: int) -> Reply:
    """When an answer is scored — the one rule for the page, the widget and the API.

    Every surface commits the answer before it replies. With SCORE_AFTER_SUBMIT on, the answer's
    text is then scored in this worker once the reply has gone out (its close hook runs after the
    last byte), so no customer waits on the scorer; otherwise, and whenever that scoring fails,
    the ``score-unscored`` job scores it on its next pass.
    """
    if current_app.config.get("SCORE_AFTER_SUBMIT", False):
        app = the_app()
        reply.call_on_close(lambda: score_response(app, response_id))
    return reply


def score_response(app: Flask, response_id: int) -> None:
    """Score one committed response's free text in a session of its own; never raise."""
    with app.app_context():
        try:
            answers = db.session.scalars(
                select(Answer)
                .where(Answer.response_id == response_id)
                .options(selectinload(Answer.question), selectinload(Answer.score))
            ).all()
            journeys.score_answers(db_session(), answers)
            db.session.commit()
        except IntegrityError:
            # A double submit: another request for the same response scored it first. Nothing
            # is lost and nothing is stored twice, so this is no error.
            db.session.rollback()
            log.info("response %s was scored by a concurrent request", response_id)
        except Exception:  # scoring must never cost a customer their answer
            db.session.rollback()
            log.exception("scoring response %s failed; left for the scoring job", response_id)
        finally:
            db.session.remove()
