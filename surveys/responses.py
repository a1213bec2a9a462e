"""Services for a response once stored: find it by the id its API client was given, add to a
partial response and finish it. Storing a new response is ``surveys.intake``'s."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveys.answers import AnswerRules, CleanAnswer, clean_answers, is_blank, missing_required
from surveys.errors import InvalidAnswer, NotFound, SurveyClosed, SurveyError
from surveys.intake import NewResponse, StoredResponse, store_response
from surveys.kinds import stored_value
from surveys.models import Answer, Response, ResponseStatus, SurveyStatus, utcnow
from surveys.pages import visible_questions


class ResponseComplete(SurveyError):
    """The response was finished; its answers can no longer change."""

    code = "response_complete"


def response_by_public_id(
    session: Session, public_id: str, *, for_update: bool = False
) -> Response:
    """The response an API client created, by the id it was given; NotFound otherwise.

    ``for_update`` locks the row (PostgreSQL) so two concurrent updates apply one after the other.
    """
    query = select(Response).where(Response.public_id == public_id)
    if for_update:
        query = query.with_for_update()
    response = session.scalar(query)
    if response is None:
        raise NotFound("No such response.", {"id": "is unknown"})
    return response


def _new_answer(clean: CleanAnswer) -> Answer:
    return Answer(
        question=clean.question,
        value_text=clean.text,
        value_number=clean.number,
        comment=clean.comment,
    )


def _differs(answer: Answer, clean: CleanAnswer) -> bool:
    return (answer.value_text, answer.value_number, answer.comment) != (
        clean.text,
        clean.number,
        clean.comment,
    )


def _stored_values(response: Response) -> dict[str, object]:
    """The response's stored answers as clients see them (key → value)."""
    return {
        a.question.key: stored_value(a.question, a.value_text, a.value_number)
        for a in response.answers
    }


def _changes(response: Response, answers: Mapping[str, object]) -> bool:
    """Whether applying ``answers`` would change what is stored (a retried finish would not)."""
    stored = {a.question.key: a for a in response.answers}
    for clean in clean_answers(
        response.version, answers, partial=True, earlier=_stored_values(response)
    ):
        current = stored.get(clean.question.key)
        if current is None or _differs(current, clean):
            return True
    return any(is_blank(v) and k in stored for k, v in answers.items())


def update_response(
    session: Session, response: Response, answers: Mapping[str, object]
) -> Response:
    """Set or change answers of a partial response; a blank value clears that answer.

    Raises ResponseComplete once finished, SurveyClosed once the survey closed, InvalidAnswer
    naming the questions whose answers do not fit.
    """
    if response.status == ResponseStatus.COMPLETE:
        raise ResponseComplete(
            "This response is finished and can no longer change.", {"id": "is complete"}
        )
    if response.version.survey.status == SurveyStatus.CLOSED:
        raise SurveyClosed()
    earlier = _stored_values(response)
    rules = AnswerRules(response.version)  # read once for both steps
    # The survey's set-value rules may set or clear answers beside those sent.
    answers = rules.settled(answers, earlier)
    cleaned = rules.clean(answers, partial=True, earlier=earlier)
    by_question = {a.question_id: a for a in response.answers}
    for clean in cleaned:
        current = by_question.get(clean.question.id)
        if current is None:
            response.answers.append(_new_answer(clean))
        elif _differs(current, clean):
            current.value_text, current.value_number = clean.text, clean.number
            current.comment = clean.comment
            current.score = None  # the old score read other words; the scoring job rescores
    cleared = {key for key, value in answers.items() if is_blank(value)}
    response.answers = [a for a in response.answers if a.question.key not in cleared]
    response.updated_at = utcnow()
    session.flush()
    return response


def finish_response(
    session: Session, response: Response, answers: Mapping[str, object] | None = None
) -> Response:
    """Apply any last ``answers`` and mark the response complete; finishing twice is harmless.

    InvalidAnswer names the required questions still unanswered; ResponseComplete if a finished
    response would be changed.
    """
    if response.status == ResponseStatus.COMPLETE:
        if answers and _changes(response, answers):
            raise ResponseComplete(
                "This response is finished and can no longer change.", {"id": "is complete"}
            )
        return response
    if answers:
        update_response(session, response, answers)
    stored = {
        a.question.key: stored_value(a.question, a.value_text, a.value_number)
        for a in response.answers
    }
    # A later answer can hide a question answered earlier ("5 stars" hides "what went wrong?"):
    # the finished response keeps only what was asked, exactly as a one-shot submit would.
    shown = visible_questions(response.version, stored)
    if len(shown.intersection(stored)) < len(stored):
        response.answers = [a for a in response.answers if a.question.key in shown]
        stored = {key: value for key, value in stored.items() if key in shown}
    missing = missing_required(response.version, stored)
    if missing:
        raise InvalidAnswer("Answer the required questions before finishing.", missing)
    response.status = ResponseStatus.COMPLETE
    response.completed_at = response.updated_at = utcnow()
    session.flush()
    return response


def response_with_key(session: Session, version_id: int, client_key: str) -> Response | None:
    """The response a page or widget showing (its client key) started, if it stored one."""
    return session.scalar(
        select(Response)
        .where(Response.version_id == version_id, Response.client_key == client_key)
        .with_for_update()
    )


def save_progress(
    session: Session,
    item: NewResponse,
    *,
    cleared: Collection[str] = (),
    finish: bool,
    page: int,
) -> StoredResponse:
    """Keep one page's answers in the response ``item``'s client key names — a new partial
    response on the first page — and finish it with the last; ``page`` is where the respondent
    goes next (a resume link lands there).

    Answers go through the one response core (``store_response`` the first time, then
    ``update_response`` and ``finish_response``), so a page answer is checked exactly as the
    API's is. A finished response is left as it was (a page posted again after the end).
    """
    assert item.client_key is not None, "a page's answers belong to one showing's response"
    response = response_with_key(session, item.target.version_id, item.client_key)
    if response is None:
        meta = dict(item.meta) if finish else {**item.meta, "page": page}
        stored, _created = store_response(session, replace(item, complete=finish, meta=meta))
        return stored
    if response.status != ResponseStatus.COMPLETE:
        update_response(session, response, {**item.answers, **dict.fromkeys(cleared)})
        if finish:
            response.meta = {k: v for k, v in response.meta.items() if k != "page"}
            finish_response(session, response)
        else:
            response.meta = {**response.meta, "page": page}
        session.flush()
    return StoredResponse.of(response)


def answers_so_far(response: Response | None) -> dict[str, object]:
    """A response's answers as stored (key → value), for the pages still to come."""
    if response is None:
        return {}
    return {
        a.question.key: stored_value(a.question, a.value_text, a.value_number)
        for a in response.answers
    }
