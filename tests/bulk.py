"""Many scored responses at once, written in SQL, for tests that need a rollup that takes a while.

Each response gets a fact as the scoring pipeline would write it (current model, newer than the
response), so nothing is pending scoring and a rollup folds them all. Two INSERT … SELECT
statements over a counting CTE: hundreds of thousands of rows in seconds, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Float, String, case, cast, func, insert, literal, select
from sqlalchemy.orm import Session

import sentiment
from journeys.models import ResponseFact
from surveys.models import Response, Survey, utcnow


def add_scored_responses(session: Session, survey: Survey, count: int) -> None:
    """Add ``count`` complete responses to ``survey``'s newest version, each with its fact."""
    version = survey.versions[-1]
    prefix = f"bulk-{uuid.uuid4().hex[:8]}-"
    numbers = select(literal(1).label("i")).cte("numbers", recursive=True)
    numbers = numbers.union_all(select(numbers.c.i + 1).where(numbers.c.i < count))
    now = utcnow()
    session.execute(
        insert(Response).from_select(
            [
                "public_id",
                "version_id",
                "survey_id",
                "journey_id",
                "stage_id",
                "touchpoint_id",
                "created_at",
                "updated_at",
                "completed_at",
            ],
            select(
                literal(prefix) + cast(numbers.c.i, String),
                literal(version.id),
                literal(survey.id),
                literal(survey.journey_id),
                literal(survey.stage_id),
                literal(survey.touchpoint_id),
                literal(now),
                literal(now),
                literal(now),
            ),
        )
    )
    # Compounds from −0.45 to 0.45 in steps of 0.1: a mix of negative, neutral and positive.
    compound = cast(Response.id % 10, Float) / 10 - 0.45
    session.execute(
        insert(ResponseFact).from_select(
            [
                "response_id",
                "journey_id",
                "day",
                "stage_id",
                "touchpoint_id",
                "persona_id",
                "channel",
                "compound",
                "label",
                "emotion",
                "model",
                "updated_at",
            ],
            select(
                Response.id,
                Response.journey_id,
                literal(now.date()),
                Response.stage_id,
                Response.touchpoint_id,
                literal(0),
                Response.channel,
                compound,
                case(
                    (compound < -0.05, "negative"), (compound > 0.05, "positive"), else_="neutral"
                ),
                case((compound < -0.05, "frustrated"), else_="satisfied"),
                literal(sentiment.MODEL_VERSION),
                literal(utcnow()),
            ).where(Response.public_id.startswith(prefix)),
        )
    )


def response_count(session: Session) -> int:
    """How many responses the database holds."""
    return int(session.scalar(select(func.count()).select_from(Response)) or 0)
