"""A realistic demo journey: 5 stages, 13 touchpoints, 3 personas, 8 weeks of answers."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

import surveys
from journeys.demo_data import (
    CLOSERS_BAD,
    CLOSERS_GOOD,
    JOURNEY_NAME,
    JOURNEY_SLUG,
    PERSONA_BIAS,
    PERSONAS,
    TOUCHPOINTS,
    DemoTouchpoint,
)
from journeys.scoring import score_pending
from surveys.models import Journey, Persona, Survey, utcnow

Progress = Callable[[int, int], None]


def _feedback(rng: random.Random, tp: DemoTouchpoint, p_negative: float) -> tuple[int, str]:
    """One (rating 1–5, free text) pair as a customer at ``tp`` might write it."""
    roll = rng.random()
    if roll < p_negative:
        text = rng.choice(tp.bad)
        if rng.random() < 0.3:
            text = f"{text} {rng.choice(tp.bad)}" if len(tp.bad) > 1 else text
        return rng.choice((1, 1, 2, 2, 3)), f"{text} {rng.choice(CLOSERS_BAD)}".strip()
    if roll < p_negative + (1 - p_negative) * 0.25:
        return rng.choice((3, 3, 4)), rng.choice(tp.meh)
    return rng.choice((4, 5, 5)), f"{rng.choice(tp.good)} {rng.choice(CLOSERS_GOOD)}".strip()


def _build_journey(session: Session) -> tuple[Journey, list[Survey], list[Persona]]:
    journey = surveys.create_journey(session, JOURNEY_NAME, slug=JOURNEY_SLUG)
    journey.description = "From first ad to recommending us: how buying electronics online feels."
    personas = [surveys.add_persona(session, journey, n, d) for n, d in PERSONAS]
    built = []
    for tp in TOUCHPOINTS:
        stage = surveys.stage_named(journey, tp.stage)
        touchpoint = surveys.add_touchpoint(
            session, journey, tp.name, channel=tp.channel, stage=stage
        )
        survey = surveys.create_survey(
            session,
            journey,
            title=f"How was the {tp.name.lower()}?",
            stage=stage,
            touchpoint=touchpoint,
            personas=personas,
            questions=[
                surveys.QuestionSpec(
                    "rating", f"How satisfied were you with the {tp.name.lower()}?", required=True
                ),
                surveys.QuestionSpec("free_text", "What is the main reason for your rating?"),
            ],
        )
        surveys.publish(session, survey)
        built.append(survey)
    return journey, built, personas


def seed_demo(
    session: Session,
    *,
    answers: int = 2000,
    weeks: int = 8,
    seed: int = 7,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Journey | None:
    """Create and score the demo journey; None if it exists already (seeding twice adds nothing)."""
    if session.scalar(select(Journey.id).where(Journey.slug == JOURNEY_SLUG)) is not None:
        return None
    rng = random.Random(seed)
    now = now or utcnow()
    start = now - timedelta(weeks=weeks)
    journey, built, personas = _build_journey(session)
    weights = [tp.volume for tp in TOUCHPOINTS]
    span = (now - start).total_seconds()
    for i in range(answers):
        index = rng.choices(range(len(TOUCHPOINTS)), weights=weights)[0]
        tp, survey = TOUCHPOINTS[index], built[index]
        persona = rng.choice(personas)
        created = start + timedelta(seconds=rng.random() * span)
        progress_in_time = (created - start).total_seconds() / span
        p_negative = tp.negative_start + (tp.negative_end - tp.negative_start) * progress_in_time
        p_negative = min(0.95, max(0.0, p_negative + PERSONA_BIAS.get((persona.name, tp.name), 0)))
        rating, text = _feedback(rng, tp, p_negative)
        version = survey.versions[-1]
        answers_given: dict[str, object] = {"q1": rating}
        if rng.random() > 0.06:  # a few customers leave the text box empty
            answers_given["q2"] = text
        surveys.submit_response(
            session,
            version,
            answers_given,
            persona=persona,
            created_at=created,
            client_key=f"demo-{i}",
        )
        if progress is not None and (i + 1) % 100 == 0:
            progress(i + 1, answers)
    score_pending(session)
    return journey
