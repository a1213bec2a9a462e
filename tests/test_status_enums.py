"""Statuses and kinds are StrEnums stored as their plain words: rows read back as enum members,
the columns keep their VARCHAR values (no migration), and a word outside the enum is refused
when written rather than stored."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

import surveys
from surveys.models import (
    Base,
    Channel,
    Membership,
    Response,
    ResponseSource,
    ResponseStatus,
    Role,
    StrEnumColumn,
    Survey,
    SurveyStatus,
    Touchpoint,
)
from tests.conftest import make_survey, make_user


def test_every_status_role_channel_and_source_column_is_an_enum_column() -> None:
    import app.jobs.models  # noqa: F401  (the scheduler's tables join the metadata)

    words = {"status", "role", "channel", "source"}
    plain = sorted(
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if column.name in words and not isinstance(column.type, StrEnumColumn)
    )
    # Facts, buckets and the results' tallies copy a response's channel (and the tallies its
    # status) for GROUP BY; nothing compares them to a word.
    assert plain == [
        "answer_tally.channel",
        "answer_tally.status",
        "response_fact.channel",
        "response_tally.channel",
        "response_tally.status",
        "rollup_bucket.channel",
        "theme_tally.channel",
        "theme_tally.status",
    ]


def test_rows_read_back_as_enum_members_holding_the_same_words(session: Session) -> None:
    survey = make_survey(session)
    surveys.submit_response(session, survey.versions[-1], {"q1": 4}, source=ResponseSource.API)
    session.commit()
    session.expire_all()

    response = session.scalars(select(Response)).one()
    assert response.status is ResponseStatus.COMPLETE
    assert response.source is ResponseSource.API
    assert response.channel is Channel.WEB
    assert session.get(Survey, survey.id).status is SurveyStatus.LIVE  # type: ignore[union-attr]
    stored = session.execute(text("SELECT status, source, channel FROM response")).one()
    assert tuple(stored) == ("complete", "api", "web")  # the columns hold the plain words


def test_a_word_outside_its_enum_is_refused_not_stored(session: Session) -> None:
    survey = make_survey(session)
    session.commit()
    survey.status = "lvie"  # type: ignore[assignment]
    with pytest.raises(StatementError, match="'lvie' is not a valid SurveyStatus"):
        session.flush()
    session.rollback()
    assert session.get(Survey, survey.id).status is SurveyStatus.LIVE  # type: ignore[union-attr]


def test_words_from_forms_and_flags_become_members(session: Session) -> None:
    survey = make_survey(session)
    user = make_user(session, "researcher")
    touchpoint = session.get(Touchpoint, survey.touchpoint_id)
    assert touchpoint is not None
    surveys.journey_structure.update_touchpoint(
        session, touchpoint, name=touchpoint.name, channel="phone", stage=None
    )
    assert touchpoint.channel is Channel.PHONE
    membership = session.scalars(select(Membership).where(Membership.user_id == user.id)).one()
    assert membership.role is Role.RESEARCHER
    assert Role.ADMIN.includes(Role.RESEARCHER) and not Role.VIEWER.includes(Role.RESEARCHER)
