"""Answering a survey: the one view body behind the hosted page and the widget's frame, and the one
rule for when an answer is scored (every surface, the API included, goes through
``score_after_reply``)."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import CombinedMultiDict
from werkzeug.wrappers import Response as Reply

import journeys
import surveys
from app.extensions import db, db_session, the_app
from surveys import pages
from surveys.forms import AnswerFormBase
from surveys.hidden_fields import HONEYPOT, NAV_FIELD, PAGE_FIELD, PAGE_PARAMS
from surveys.models import (
    CHANNELS,
    Answer,
    Response,
    ResponseSource,
    ResponseStatus,
    Survey,
    SurveyVersion,
)

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
    resume_endpoint: str  # the view of a resume link (``…/resume/<token>``)
    carried: tuple[str, ...] = ()  # query parameters a resume link keeps (the widget's host)


_RESUME_SALT = "journeymap-resume"


def resume_token(response_public_id: str) -> str:
    """A signed token naming a partial response: the link to continue it carries it."""
    return URLSafeTimedSerializer(current_app.secret_key or "", salt=_RESUME_SALT).dumps(
        response_public_id
    )


def response_of_token(token: str) -> Response | None:
    """The response a resume link names, while the link is fresh (RESUME_LINK_DAYS)."""
    serializer = URLSafeTimedSerializer(current_app.secret_key or "", salt=_RESUME_SALT)
    max_age = int(current_app.config.get("RESUME_LINK_DAYS", 30)) * 86400
    try:
        public_id = serializer.loads(token, max_age=max_age)
    except BadData:
        return None
    return db_session().scalar(select(Response).where(Response.public_id == str(public_id)))


def _page_index(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 4 else None


def answer_survey(
    surface: Surface, public_id: str, token: str | None = None
) -> ResponseReturnValue:
    """Show the live version one page at a time; keep each page's answers; finish on the last.

    GET shows a page: the first of a new showing, or — with a resume ``token`` — the page a
    respondent reached (``?page=`` picks an earlier one, as Back does). POST checks the page's
    answers (422 re-shows it with errors; a filled honeypot is 400), keeps them in the showing's
    response through the response core, then shows the next page by redirecting to the resume
    link, so the browser's Back and Forward move between pages with their answers. The last
    page finishes the response, commits and hands over to ``surface.done``. A closed survey
    says so (410).
    """
    survey = surveys.survey_by_public_id(db_session(), public_id)
    posted = request.method == "POST"
    sent = request.form if posted else request.args
    context = {"survey": survey, **surface.context(survey, sent)}
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
    response: Response | None = None
    if token is not None:
        response = response_of_token(token)
        if response is None or response.version.survey_id != survey.id:
            return page("expired", 404)
        if response.status == ResponseStatus.COMPLETE:
            return surface.done(survey, surveys.StoredResponse.of(response), context)
        if response.version_id != version.id:
            return page("expired", 409, changed=True)
        key = (response.client_key or "").partition(":")[2] or new_response_key()
        hidden = dict(response.meta.get("hidden", {}))
    elif posted:
        hidden = hidden_fields_from_form(request.form)
        key = response_key(request.form.get("response_key")) or new_response_key()
    else:
        hidden = hidden_fields_from_query(request.args)
        linked = response_key(request.args.get("key")) if surface.key_from_link else None
        key = linked or new_response_key()
    client_key = f"{surface.key_prefix}:{key}"
    if response is None and (posted or surface.key_from_link):
        response = surveys.response_with_key(db_session(), version.id, client_key)
        if response is not None and response.status == ResponseStatus.COMPLETE:
            return surface.done(survey, surveys.StoredResponse.of(response), context)
    earlier = surveys.answers_so_far(response)
    wanted = _page_index(sent.get(PAGE_FIELD) if posted else sent.get("page"))
    if wanted is None and response is not None:
        wanted = _page_index(str(response.meta.get("page", "")))
    index = pages.landing(version, earlier, wanted)
    shown = pages.displayed(version, index, earlier)
    # Seeded by the showing's key, so randomised options keep their order when errors re-show.
    form_class = surveys.answer_form(
        version, seed=key, keys=[q.key for q in shown], earlier=earlier
    )
    # Files come apart from the other fields in a multipart post; their fields read both.
    sent_form: CombinedMultiDict[str, Any] = CombinedMultiDict([request.files, request.form])
    form = form_class(sent_form) if posted else form_class(data=_form_data(response))
    number, total = pages.progress(version, index, earlier)
    context.update(
        version=version,
        form=form,
        page=pages.pages_of(version)[index],
        page_questions=shown,
        progress=(number, total),
        can_go_back=pages.previous_page(version, index, earlier) is not None,
        last=pages.next_page(version, index, earlier) is None,
        resume_url=_resume_url(surface, survey, response, context) if response else None,
        page_field=PAGE_FIELD,
        nav_field=NAV_FIELD,
        page_index=index,
    )
    if posted and request.form.get(HONEYPOT):
        return page("rejected", 400)
    going_back = posted and request.form.get(NAV_FIELD) == "back"
    # "Add another" or "Remove" of a repeating group: keep the page and show it again.
    changing_rows = posted and surveys.pressed_rows_button(request.form.get(NAV_FIELD))
    if not posted or not form.validate(required=not (going_back or changing_rows)):
        if going_back:  # answers that do not fit are not kept; going back still works
            return _redirect_to(surface, survey, response, context, pages.previous_page(
                version, index, earlier))  # fmt: skip
        return page(
            "survey",
            422 if posted else 200,
            hidden=hidden,
            hidden_prefix=HIDDEN_PREFIX,
            response_key=key,
        )
    answers = form.answers
    if changing_rows:
        # Saved, then shown again from the form as posted: it holds the row added or removed,
        # which a blank row could not carry through the saved answers.
        _store_page(surface, version, form, client_key, hidden, False, index)
        db.session.commit()
        response = surveys.response_with_key(db_session(), version.id, client_key)
        if response is not None:
            context["resume_url"] = _resume_url(surface, survey, response, context)
        return page("survey", 200, hidden=hidden, hidden_prefix=HIDDEN_PREFIX, response_key=key)
    if going_back:
        target = pages.previous_page(version, index, answers)
    else:
        grew = {q.key for q in pages.displayed(version, index, answers)} - {q.key for q in shown}
        # A question this page's answers brought in is asked on this page, before moving on.
        target = index if grew else pages.next_page(version, index, answers)
    finish = target is None and not going_back
    stored = _store_page(surface, version, form, client_key, hidden, finish, target)
    db.session.commit()  # the answers are safe before anything else is tried
    if not finish:
        response = surveys.response_with_key(db_session(), version.id, client_key)
        return _redirect_to(surface, survey, response, context, target)
    reply = surface.done(survey, stored, context)
    reply.headers.update(headers)
    return score_after_reply(reply, stored.id)


def _form_data(response: Response | None) -> dict[str, object]:
    """The answers a response holds, as the page's fields show them."""
    data: dict[str, object] = {}
    for answer in response.answers if response is not None else []:
        value = surveys.stored_value(answer.question, answer.value_text, answer.value_number)
        data[answer.question.key] = surveys.form_value(value)
        if answer.comment is not None:
            data[answer.question.key + surveys.COMMENT_SUFFIX] = answer.comment
    return data


def _resume_url(
    surface: Surface,
    survey: Survey,
    response: Response,
    context: Mapping[str, object],
    page_index: int | None = None,
    *,
    external: bool = False,
) -> str:
    """The link continuing ``response`` (at ``page_index``), keeping the surface's parameters."""
    params: dict[str, Any] = {name: context[name] for name in surface.carried if context.get(name)}
    if page_index is not None:
        params["page"] = page_index
    return url_for(
        surface.resume_endpoint,
        public_id=survey.public_id,
        token=resume_token(response.public_id),
        _external=external,
        **params,
    )


def _redirect_to(
    surface: Surface,
    survey: Survey,
    response: Response | None,
    context: Mapping[str, object],
    page_index: int | None,
) -> Reply:
    """To a page of the response (303: the browser fetches it, so Back returns here)."""
    if response is None:  # nothing kept yet: the first page of a new showing
        return redirect(url_for(request.endpoint or "", public_id=survey.public_id), 303)
    return redirect(_resume_url(surface, survey, response, context, page_index), 303)


def _store_page(
    surface: Surface,
    version: SurveyVersion,
    form: AnswerFormBase,
    client_key: str,
    hidden: Mapping[str, str],
    finish: bool,
    next_page: int | None,
) -> surveys.StoredResponse:
    """Keep a page's answers through the response core, tagged by its hidden fields."""
    kept = {clean.question.key for clean in form.page_answers}
    answers: dict[str, object] = {}
    for clean in form.page_answers:
        answers[clean.question.key] = form.answers.get(clean.question.key)
        if clean.comment is not None:
            answers[clean.question.key + surveys.COMMENT_SUFFIX] = clean.comment
    item = surveys.NewResponse(
        surveys.target_of(version),
        answers,
        surface.source,
        client_key=client_key,
        persona_id=persona_from_link(version.survey.journey_id, hidden),
        channel=hidden.get("channel") if hidden.get("channel") in CHANNELS else None,
        meta=surveys.answer_meta(hidden, request.user_agent.string),
    )
    cleared = {q.key for q in form.questions} - kept
    try:
        return surveys.save_progress(
            db_session(), item, cleared=cleared, finish=finish, page=next_page or 0
        )
    except surveys.IdempotencyConflict as reuse:
        # The key names one showing of the form, not one request: the same showing sent again
        # with other answers (the back button, then Send) keeps its first answer and is thanked.
        return reuse.stored


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
