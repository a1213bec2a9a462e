"""A realistic demo journey: 5 stages, 13 touchpoints, 3 personas, 8 weeks of answers, stored in
batches through the response core like any other answers."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

import surveys
from demo.customers import CUSTOMER_FIELD, Drawn, assign_customers
from demo.data import (
    CLOSERS_BAD,
    CLOSERS_GOOD,
    EXTRA_MEASURE,
    JOURNEY_NAME,
    JOURNEY_SLUG,
    LATER_MEASURES,
    MEASURE_OF_STAGE,
    PERSONA_BIAS,
    PERSONAS,
    STAGE_DETAILS,
    TOUCHPOINTS,
    DemoTouchpoint,
)
from journeys.customers import follow_customers
from journeys.scoring import score_pending
from surveys.models import Journey, Persona, ResponseSource, Survey, utcnow

Progress = Callable[[int, int], None]
BATCH = 500  # answers per multi-row insert


# What a customer in each mood answers on each standard measure.
SCORES_BY_MOOD: dict[str, dict[str, tuple[int, ...]]] = {
    "bad": {"csat": (1, 1, 2, 2, 3), "nps": (0, 2, 3, 4, 5, 6), "ces": (1, 2, 2, 3)},
    "meh": {"csat": (3, 3, 4), "nps": (6, 7, 7, 8), "ces": (4, 4, 5)},
    "good": {"csat": (4, 5, 5), "nps": (8, 9, 9, 10, 10), "ces": (6, 7, 7)},
}


def _feedback(rng: random.Random, tp: DemoTouchpoint, p_negative: float) -> tuple[str, str]:
    """A mood (bad, meh, good) and the free text a customer at ``tp`` in that mood writes."""
    roll = rng.random()
    if roll < p_negative:
        text = rng.choice(tp.bad)
        if rng.random() < 0.3 and len(tp.bad) > 1:
            text = f"{text} {rng.choice([b for b in tp.bad if b != text])}"
        return "bad", f"{text} {rng.choice(CLOSERS_BAD)}".strip()
    if roll < p_negative + (1 - p_negative) * 0.25:
        return "meh", rng.choice(tp.meh)
    return "good", f"{rng.choice(tp.good)} {rng.choice(CLOSERS_GOOD)}".strip()


def _questions(tp: DemoTouchpoint) -> list[surveys.QuestionSpec]:
    """The survey at ``tp``: its stage's standard measure, "why", and an extra measure if any."""
    subject = tp.name.lower()
    measure = MEASURE_OF_STAGE.get(tp.stage, "csat")
    prompts = {
        "csat": f"How satisfied were you with the {subject}?",
        "nps": "How likely are you to recommend Northwind to a friend or colleague?",
        "ces": "Northwind made it easy to get my issue sorted.",
    }
    specs = [
        surveys.QuestionSpec(measure, prompts[measure], required=True),
        surveys.QuestionSpec("free_text", "What is the main reason for your answer?"),
    ]
    specs += [
        surveys.QuestionSpec(extra, prompts[extra]) for extra in EXTRA_MEASURE.get(tp.name, ())
    ]
    return specs


def _build_journey(session: Session) -> tuple[Journey, list[Survey], list[Persona]]:
    journey = surveys.create_journey(session, JOURNEY_NAME, slug=JOURNEY_SLUG)
    journey.description = "From first ad to recommending us: how buying electronics online feels."
    for stage in journey.stages:
        stage.goals, stage.actions, stage.owner_team = STAGE_DETAILS[stage.name]
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
            questions=_questions(tp),
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
    later = random.Random(seed + 1)  # scores of LATER_MEASURES
    now = now or utcnow()
    start = now - timedelta(weeks=weeks)
    journey, built, personas = _build_journey(session)
    follow_customers(session, journey, CUSTOMER_FIELD)
    targets = [surveys.target_of(survey.versions[-1]) for survey in built]
    weights = [tp.volume for tp in TOUCHPOINTS]
    span = (now - start).total_seconds()
    drawn: list[tuple[surveys.NewResponse, Drawn]] = []
    for i in range(answers):
        index = rng.choices(range(len(TOUCHPOINTS)), weights=weights)[0]
        tp, target = TOUCHPOINTS[index], targets[index]
        persona = rng.choice(personas)
        created = start + timedelta(seconds=rng.random() * span)
        progress_in_time = (created - start).total_seconds() / span
        p_negative = tp.negative_start + (tp.negative_end - tp.negative_start) * progress_in_time
        p_negative = min(0.95, max(0.0, p_negative + PERSONA_BIAS.get((persona.name, tp.name), 0)))
        mood, text = _feedback(rng, tp, p_negative)
        answers_given: dict[str, object] = {}
        for question in target.version.questions:
            if question.kind in SCORES_BY_MOOD[mood]:
                draw = later if (tp.name, question.kind) in LATER_MEASURES else rng
                answers_given[question.key] = draw.choice(SCORES_BY_MOOD[mood][question.kind])
        if rng.random() > 0.06:  # a few customers leave the text box empty
            answers_given["q2"] = text
        item = surveys.NewResponse(
            target,
            answers_given,
            ResponseSource.DEMO,
            client_key=f"demo-{i}",
            persona_id=persona.id,
            created_at=created,
        )
        drawn.append((item, Drawn(created, tp.stage, mood)))
    # Who gave each answer, decided once every answer is drawn (the customers module explains).
    customers = assign_customers([d for _item, d in drawn], seed=seed + 2)
    batch: list[surveys.PreparedResponse] = []
    for i, ((item, _d), customer) in enumerate(zip(drawn, customers, strict=True)):
        if customer is not None:  # hidden fields as a shop's pages would send them
            item = replace(item, meta={"hidden": {CUSTOMER_FIELD: customer}})
        batch.append(surveys.prepare_response(item))
        if len(batch) == BATCH or i + 1 == answers:
            surveys.store_responses(session, batch)
            batch = []
            if progress is not None:
                progress(i + 1, answers)
    score_pending(session)
    return journey
