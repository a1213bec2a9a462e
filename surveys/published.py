"""Which version a customer answers: the survey behind a public id, its live version, and the
``Target`` every response is stored against.

A published version never changes, so the API — the high-volume way in — reads its questions once
per process and keeps them; each request then costs one query for the survey's current state
(closed? which version is live?). The page and the widget already hold the version they showed,
and name it with ``target_of``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload, selectinload

from surveys.answers import AnswerRules
from surveys.errors import InvalidAnswer, NotFound, SurveyClosed
from surveys.models import Channel, Response, Survey, SurveyStatus, SurveyVersion, Touchpoint


@dataclass(frozen=True, slots=True)
class Target:
    """The exact version a response answers, and where in the journey its responses belong."""

    version: SurveyVersion  # with its questions loaded; never read through a session again
    survey: str  # the survey's public id
    status: SurveyStatus  # the survey's
    journey_id: int
    stage_id: int
    touchpoint_id: int
    channel: Channel  # the touchpoint's: a response's channel unless it names another
    rules: AnswerRules  # how answers to the version are checked, read from it once

    @property
    def version_id(self) -> int:
        """The version's database id."""
        return self.version.id

    @property
    def number(self) -> int:
        """The version's number, as clients name it."""
        return self.version.number


def survey_by_public_id(session: Session, public_id: str) -> Survey:
    """The survey behind ``/s/<public_id>``, or NotFound."""
    survey = session.scalar(
        select(Survey)
        .where(Survey.public_id == public_id)
        .options(
            selectinload(Survey.versions).selectinload(SurveyVersion.questions),
            joinedload(Survey.touchpoint),  # its channel tags every response
        )
    )
    if survey is None:
        raise NotFound("This survey does not exist.")
    return survey


def check_answerable(status: SurveyStatus, published: bool) -> None:
    """Raise SurveyClosed for a closed survey, NotFound for one never published (or a draft)."""
    if status == SurveyStatus.CLOSED:
        raise SurveyClosed()
    if status != SurveyStatus.LIVE or not published:
        raise NotFound("This survey is not published.")


def live_version_of(survey: Survey) -> SurveyVersion:
    """The version customers answer now; NotFound for drafts, SurveyClosed once closed."""
    live = survey.live_version
    check_answerable(survey.status, live is not None)
    assert live is not None  # checked above
    return live


def live_version(session: Session, public_id: str) -> SurveyVersion:
    """The live version of survey ``public_id``; NotFound for drafts, SurveyClosed once closed."""
    return live_version_of(survey_by_public_id(session, public_id))


def target_of(version: SurveyVersion) -> Target:
    """The target of a version loaded with its survey (the page, the widget, imports, the demo)."""
    survey = version.survey
    return Target(
        version=version,
        survey=survey.public_id,
        status=survey.status,
        journey_id=survey.journey_id,
        stage_id=survey.stage_id,
        touchpoint_id=survey.touchpoint_id,
        channel=survey.touchpoint.channel,
        rules=AnswerRules(version),
    )


def frozen_target_of(session: Session, version: SurveyVersion) -> Target:
    """The target of a published version flushed in ``session``, holding a detached read-only
    copy of it (as the API's targets do): a long import commits often, and a commit expires
    what the session holds, which would make every batch load the questions again."""
    assert version.published_at is not None, "only a published version never changes"
    target = target_of(version)  # read first: the copy is this very object, once detached
    frozen, rules = _version(session, version.id, version.published_at)
    return replace(target, version=frozen, rules=rules)


# (database, version id, published at) → the version with its questions, detached and read-only,
# and its answer rules.
_versions: dict[tuple[str, int, datetime], tuple[SurveyVersion, AnswerRules]] = {}
_versions_lock = threading.Lock()

# The version a client key's response answered, when the key was used in this survey before
# (one lookup in the (survey, key) unique index).
_KEYED_VERSION = (
    select(Response.version_id)
    .where(Response.survey_id == Survey.id, Response.client_key == bindparam("client_key"))
    .scalar_subquery()
)
# Built once: on the hot path, building and keying a statement costs more than running it.
_STATE = (
    select(
        Survey.status,
        Survey.journey_id,
        Survey.stage_id,
        Survey.touchpoint_id,
        Touchpoint.channel,
        _KEYED_VERSION,
        SurveyVersion.id,
        SurveyVersion.number,
        SurveyVersion.published_at,
    )
    .join(Touchpoint, Touchpoint.id == Survey.touchpoint_id)
    .outerjoin(SurveyVersion, SurveyVersion.survey_id == Survey.id)
    .where(Survey.public_id == bindparam("public_id"))
)


def published_target(
    session: Session, public_id: str, number: int | None = None, client_key: str | None = None
) -> Target:
    """Version ``number`` of survey ``public_id``, in one query.

    Without a number, the live version — unless ``client_key`` already names a response of this
    survey: then the version that response answered, so a retry sent after a new version went
    live means what it meant the first time (and replays it). Raises NotFound, SurveyClosed, or
    InvalidAnswer naming ``version`` if it was never published.
    """
    # Core on the session's connection (same transaction): the ORM layer adds nothing here.
    query = {"public_id": public_id, "client_key": client_key}
    rows = session.connection().execute(_STATE, query).all()
    if not rows:
        raise NotFound("This survey does not exist.")
    status, journey_id, stage_id, touchpoint_id, channel, keyed_version_id = rows[0][:6]
    published = {
        row_number: (version_id, published_at)
        for *_, version_id, row_number, published_at in rows
        if published_at is not None
    }
    check_answerable(status, bool(published))
    live = max(published)
    if number is None:
        keyed = (n for n, (version_id, _) in published.items() if version_id == keyed_version_id)
        number = next(keyed, live)
    if number not in published:
        raise InvalidAnswer(
            "This survey has no such published version.",
            {"version": f"is not a published version (the live one is {live})"},
        )
    version, rules = _version(session, *published[number])
    return Target(
        version=version,
        survey=public_id,
        status=status,
        journey_id=journey_id,
        stage_id=stage_id,
        touchpoint_id=touchpoint_id,
        channel=channel,
        rules=rules,
    )


def _version(
    session: Session, version_id: int, published_at: datetime
) -> tuple[SurveyVersion, AnswerRules]:
    """The published version with its questions and its answer rules, loaded once per process
    and database."""
    key = (str(session.get_bind().engine.url), version_id, published_at)
    cached = _versions.get(key)
    if cached is not None:
        return cached
    version = session.scalars(
        select(SurveyVersion)
        .where(SurveyVersion.id == version_id)
        .options(selectinload(SurveyVersion.questions))
        .execution_options(populate_existing=True)
    ).one()
    session.expunge(version)  # a detached copy: reading it never touches a session again
    with _versions_lock:
        return _versions.setdefault(key, (version, AnswerRules(version)))
