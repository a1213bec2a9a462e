"""Erasure: delete one response, or every response carrying a hidden-field value (a customer's
GDPR request), with their answers and scores (and recount the summary tallies of their days),
and leave an audit record saying who erased how
many responses and when — never what they said, nor the value asked for.

What other packages derived from the responses (the journey map's facts and day buckets) is
theirs to forget: the caller passes their ``listeners``, which run first, in the same
transaction, with the ids about to go (``journeys.forget_responses``). Surveys does not know
journeys; a listener that fails rolls the whole erasure back with the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from surveys.errors import SurveyError
from surveys.hidden_fields import clean_hidden_fields
from surveys.models import Answer, AnswerScore, ErasureRecord, Journey, Response, Survey, User
from surveys.results import tallies

#: Called with the ids of responses about to be erased, before they are deleted.
ErasureListener = Callable[[Session, Sequence[int]], None]
CHUNK = 500  # ids per DELETE … IN (…)


class InvalidErasure(SurveyError):
    """An erasure request that cannot be carried out as asked; ``fields`` names the form field."""

    code = "invalid_erasure"


@dataclass(frozen=True, slots=True)
class ErasureTarget:
    """The responses an erasure would delete, for the researcher to confirm first."""

    ids: tuple[int, ...]
    public_ids: tuple[str, ...]
    hidden_field: str | None = None

    @property
    def count(self) -> int:
        """How many responses would go."""
        return len(self.ids)


def hidden_field_target(
    session: Session, journey: Journey, name: str, value: str, *, survey: Survey | None = None
) -> ErasureTarget:
    """The responses of ``survey`` (or of every survey of ``journey``) whose hidden field
    ``name`` holds ``value`` exactly; InvalidErasure names a malformed field or empty value."""
    try:
        cleaned = clean_hidden_fields({name: value}, strict=True)
    except SurveyError as error:
        problem = next(iter(error.fields.values()), "is not a hidden field")
        field = "value" if "characters" in problem else "field"
        raise InvalidErasure(
            f"That hidden field cannot be matched: {problem}.", {field: problem}
        ) from None
    if not cleaned:
        raise InvalidErasure("Give the value to match.", {"value": "is required"})
    ((field_name, wanted),) = cleaned.items()
    where = [
        Response.journey_id == journey.id,
        Response.meta[("hidden", field_name)].as_string() == wanted,
    ]
    if survey is not None:
        where.append(Response.survey_id == survey.id)
    rows = session.execute(
        select(Response.id, Response.public_id).where(*where).order_by(Response.id)
    ).all()
    return ErasureTarget(
        tuple(r[0] for r in rows), tuple(r[1] for r in rows), hidden_field=field_name
    )


def response_target(session: Session, survey: Survey, public_id: str) -> ErasureTarget:
    """The one response ``public_id`` of ``survey``; InvalidErasure if it is not there."""
    found = session.execute(
        select(Response.id, Response.public_id).where(
            Response.public_id == public_id, Response.survey_id == survey.id
        )
    ).first()
    if found is None:
        raise InvalidErasure(
            "This survey has no such response (it may be erased already).",
            {"response_id": "is unknown"},
        )
    return ErasureTarget((found[0],), (found[1],))


def erase(
    session: Session,
    journey: Journey,
    target: ErasureTarget,
    *,
    user: User,
    survey: Survey | None = None,
    listeners: Sequence[ErasureListener] = (),
) -> ErasureRecord:
    """Delete the target's responses with their answers and scores, after each listener has
    forgotten what it derived from them; record who did it. Flushes, never commits."""
    ids = list(target.ids)
    for listener in listeners:
        listener(session, ids)
    touched = tallies.days_of(session, ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        # Children first and explicitly: bulk deletes bypass ORM cascades, and SQLite enforces
        # ON DELETE only with its foreign-key pragma on.
        answers = select(Answer.id).where(Answer.response_id.in_(chunk))
        session.execute(delete(AnswerScore).where(AnswerScore.answer_id.in_(answers)))
        session.execute(delete(Answer).where(Answer.response_id.in_(chunk)))
        session.execute(delete(Response).where(Response.id.in_(chunk)))
    record = ErasureRecord(
        journey_id=journey.id,
        survey_id=survey.id if survey is not None else None,
        user_id=user.id,
        user_email=user.email,
        count=len(ids),
        response_ids=list(target.public_ids),
        hidden_field=target.hidden_field,
    )
    session.add(record)
    for survey_id, days in touched.items():
        tallies.recount(session, survey_id, days)
    # Responses read earlier in this session must not be written back or served from memory.
    session.expire_all()
    session.flush()
    return record


def erasure_log(session: Session, journey: Journey, limit: int = 50) -> list[ErasureRecord]:
    """The journey's newest erasures, newest first."""
    return list(
        session.scalars(
            select(ErasureRecord)
            .where(ErasureRecord.journey_id == journey.id)
            .order_by(ErasureRecord.erased_at.desc(), ErasureRecord.id.desc())
            .limit(limit)
        )
    )
