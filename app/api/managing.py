"""Managing with a key (``manage`` scope): a survey from a SurveyJS definition, publish, close."""

from __future__ import annotations

from flask import jsonify, url_for
from flask.typing import ResponseReturnValue

import surveys
from app.access import access
from app.api import schemas, serialize
from app.api.keyed import body_of, bp, path_journey, path_survey
from app.api.spec import validate
from app.extensions import db, db_session
from surveys.lifecycle import close_survey
from surveys.models import Journey, Stage, Touchpoint
from surveys.surveyjs import import_survey


@bp.post("/journeys/<slug>/surveys")
@access("key:manage")
@validate(
    {201: schemas.SurveyDetailEnvelope},
    tag="surveys",
    keyed=True,
    errors=[404, 422],
    body=schemas.NewSurvey,
)
def create_survey(slug: str) -> ResponseReturnValue:
    """Create a draft survey from a SurveyJS definition at a stage and touchpoint of the journey.

    What the definition holds that Journeymap cannot ask is listed in a 422 (``fields.surveyjs``),
    never dropped silently. Publish it to take answers.
    """
    journey = path_journey()
    wanted = body_of(schemas.NewSurvey)
    made = import_survey(wanted.surveyjs)
    survey = surveys.create_survey(
        db_session(),
        journey,
        title=wanted.title or made.title,
        intro=made.intro,
        stage=_stage_named(journey, wanted.stage),
        touchpoint=_touchpoint_named(journey, wanted.touchpoint),
        questions=made.questions,
        pages=made.pages or None,
        personas=[
            surveys.persona_named(db_session(), journey.id, name) for name in wanted.personas
        ],
    )
    db.session.commit()
    reply = jsonify(survey=serialize.survey_detail(survey))
    reply.status_code = 201
    reply.headers["Location"] = url_for(
        ".show_survey_detail", slug=journey.slug, public_id=survey.public_id
    )
    return reply


def _stage_named(journey: Journey, name: str) -> Stage:
    """The journey's stage called ``name``; in a request body an unknown one is a 422 naming
    the field (the journey itself exists)."""
    try:
        return surveys.stage_named(journey, name)
    except surveys.NotFound:
        known = ", ".join(s.name for s in journey.stages) or "none"
        raise surveys.InvalidDesign(
            f"The journey has no stage '{name}'.", {"stage": f"must be one of {known}"}
        ) from None


def _touchpoint_named(journey: Journey, name: str) -> Touchpoint:
    """The journey's touchpoint called ``name`` (any case); 422 naming the field otherwise."""
    found = next((t for t in journey.touchpoints if t.name.casefold() == name.casefold()), None)
    if found is None:
        known = ", ".join(t.name for t in journey.touchpoints) or "none"
        raise surveys.InvalidDesign(
            f"The journey has no touchpoint '{name}'.", {"touchpoint": f"must be one of {known}"}
        )
    return found


@bp.post("/journeys/<slug>/surveys/<public_id>/publish")
@access("key:manage")
@validate(
    {200: schemas.SurveyDetailEnvelope},
    tag="surveys",
    keyed=True,
    errors=[404, 422],
    body=schemas.NoBody,
)
def publish_survey(slug: str, public_id: str) -> ResponseReturnValue:
    """Publish the survey's draft: customers answer it from now on (422 when there is none)."""
    survey = path_survey()
    surveys.publish(db_session(), survey)
    db.session.commit()
    return jsonify(survey=serialize.survey_detail(survey))


@bp.post("/journeys/<slug>/surveys/<public_id>/close")
@access("key:manage")
@validate(
    {200: schemas.SurveyDetailEnvelope},
    tag="surveys",
    keyed=True,
    errors=[404, 422],
    body=schemas.NoBody,
)
def close_survey_now(slug: str, public_id: str) -> ResponseReturnValue:
    """Stop taking answers (the survey then answers 410); 422 unless it is live."""
    survey = path_survey()
    close_survey(db_session(), survey)
    db.session.commit()
    return jsonify(survey=serialize.survey_detail(survey))
