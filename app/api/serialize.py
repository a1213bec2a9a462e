"""The JSON shapes of the API (documented by the models of app/api/schemas.py, which check
every reply): a survey to answer, a response as stored, and what a key reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveys.intake import StoredResponse
from surveys.kinds import CHOICE_KINDS, SCALE_KINDS, options, scale_bounds, scale_labels
from surveys.models import (
    AnswerScore,
    Journey,
    Persona,
    Question,
    Response,
    Stage,
    Survey,
    SurveyVersion,
    Touchpoint,
)


def timestamp(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z (stored times are naive UTC)."""
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def question(q: Question) -> dict[str, Any]:
    """One question as an API client renders it."""
    shape: dict[str, Any] = {
        "key": q.key,
        "kind": q.kind,
        "prompt": q.prompt,
        "help_text": q.help_text,
        "required": q.required,
    }
    if q.kind in SCALE_KINDS:
        shape["min"], shape["max"] = scale_bounds(q)
        shape["labels"] = scale_labels(q)
    if q.kind in CHOICE_KINDS:
        shape["options"] = options(q)
        shape["randomise"] = bool(q.settings.get("randomise"))
    if q.kind == "free_text":
        shape["size"] = q.settings.get("size", "long")
    if show_if := condition(q):
        shape["show_if"] = show_if  # answers to a question not shown are dropped
    return shape


def survey(version: SurveyVersion) -> dict[str, Any]:
    """The live version of a survey, with everything a client needs to show and answer it."""
    s = version.survey
    return {
        "id": s.public_id,
        "title": s.title,
        "intro": s.intro,
        "status": s.status,
        "version": version.number,
        "stage": s.stage.name,
        "touchpoint": s.touchpoint.name,
        "questions": [question(q) for q in version.questions],
        "links": {"responses": url_for("api.create_response", public_id=s.public_id)},
    }


def response(r: StoredResponse) -> dict[str, Any]:
    """A stored response: its id for updates, its status and the answers as stored."""
    return {
        "id": r.public_id,
        "client_id": r.client_key,
        "survey": r.survey,
        "version": r.version,
        "status": r.status,
        "answers": r.answers,
        "metadata": r.hidden,
        "channel": r.channel,
        "created_at": timestamp(r.created_at),
        "updated_at": timestamp(r.updated_at),
        "completed_at": timestamp(r.completed_at),
        "links": {
            "self": url_for("api.show_response", response_id=r.public_id),
            "complete": url_for("api.complete_response", response_id=r.public_id),
        },
    }


def condition(q: Question) -> dict[str, Any] | None:
    """A question's skip logic with ``value`` typed as the earlier question's answers: a number
    for a scale (designer-made surveys stored it as text), a text for a choice; none for
    'answered'."""
    show_if = q.settings.get("show_if")
    if not show_if:
        return None
    typed = {k: v for k, v in show_if.items() if k != "value"}
    if show_if.get("operator", "answered") == "answered":
        return typed
    value = show_if.get("value")
    source = next((o for o in q.version.questions if o.key == show_if.get("question")), None)
    if source is not None and source.kind in SCALE_KINDS:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return {**typed, "value": value}
        typed["value"] = int(number) if number.is_integer() else number
    else:
        typed["value"] = None if value is None else str(value)
    return typed


def journey_summary(journey: Journey) -> dict[str, Any]:
    """A journey in a list, with links to its parts."""
    return {
        "slug": journey.slug,
        "name": journey.name,
        "description": journey.description,
        "created_at": timestamp(journey.created_at),
        "links": {
            "self": url_for("api_keyed.show_journey", slug=journey.slug),
            "map": url_for("api_keyed.show_map", slug=journey.slug),
            "surveys": url_for("api_keyed.list_surveys", slug=journey.slug),
        },
    }


def journey(j: Journey) -> dict[str, Any]:
    """A journey with its stages, touchpoints and personas."""
    return {
        **journey_summary(j),
        "stages": [
            {"id": s.id, "name": s.name, "position": s.position, "goals": s.goals,
             "actions": s.actions, "owner_team": s.owner_team}
            for s in j.stages
        ],
        "touchpoints": [
            {"id": t.id, "name": t.name, "channel": t.channel,
             "stage": t.stage.name if t.stage else None, "position": t.position}
            for t in j.touchpoints
        ],
        "personas": [
            {"id": p.id, "name": p.name, "description": p.description,
             "attributes": dict(p.attributes)}
            for p in j.personas
        ],
    }  # fmt: skip


def survey_detail(s: Survey) -> dict[str, Any]:
    """A survey with every version (drafts too) and its questions."""
    live = s.live_version
    return {
        "id": s.public_id,
        "title": s.title,
        "intro": s.intro,
        "status": s.status,
        "journey": s.journey.slug,
        "stage": s.stage.name,
        "touchpoint": s.touchpoint.name,
        "personas": [p.name for p in s.personas],
        "allowed_origins": list(s.allowed_origins),
        "created_at": timestamp(s.created_at),
        "live_version": live.number if live else None,
        "versions": [
            {
                "number": v.number,
                "created_at": timestamp(v.created_at),
                "published_at": timestamp(v.published_at),
                "questions": [question(q) for q in v.questions],
            }
            for v in s.versions
        ],
        "links": {
            "self": url_for(
                "api_keyed.show_survey_detail", slug=s.journey.slug, public_id=s.public_id
            ),
            "answer_page": url_for("answer.answer", public_id=s.public_id),
            "api": url_for("api.show_survey", public_id=s.public_id),
        },
    }


def _score(score: AnswerScore) -> dict[str, Any]:
    return {
        "compound": score.compound,
        "label": score.label,
        "emotion": score.emotion,
        "emotions": dict(score.emotions),
        "intensity": score.intensity,
        "themes": list(score.themes),
        "model": score.model,
        "scored_at": timestamp(score.scored_at),
    }


def response_records(session: Session, rows: Sequence[Response]) -> list[dict[str, Any]]:
    """Stored responses as the read API lists them: as stored, where from, and their scores."""
    names = _place_names(session, rows)
    records = []
    for r in rows:
        record = response(StoredResponse.of(r))
        record.update(
            journey=names.journeys[r.journey_id],
            stage=names.stages[r.stage_id],
            touchpoint=names.touchpoints[r.touchpoint_id],
            touchpoint_id=r.touchpoint_id,
            persona=names.personas.get(r.persona_id) if r.persona_id else None,
            source=r.source,
            device=r.meta.get("device"),
            scores={a.question.key: _score(a.score) for a in r.answers if a.score is not None},
        )
        records.append(record)
    return records


@dataclass(frozen=True, slots=True)
class _PlaceNames:
    """Names of the journeys, stages, touchpoints and personas a page of responses mentions."""

    journeys: dict[int, str]
    stages: dict[int, str]
    touchpoints: dict[int, str]
    personas: dict[int, str]


def _place_names(session: Session, rows: Sequence[Response]) -> _PlaceNames:
    """One query per kind of place for a whole page, not one per response."""

    def named(model: Any, column: Any, ids: set[int]) -> dict[int, str]:
        if not ids:
            return {}
        found = session.execute(select(model.id, column).where(model.id.in_(ids)))
        return {row[0]: row[1] for row in found}

    return _PlaceNames(
        journeys=named(Journey, Journey.slug, {r.journey_id for r in rows}),
        stages=named(Stage, Stage.name, {r.stage_id for r in rows}),
        touchpoints=named(Touchpoint, Touchpoint.name, {r.touchpoint_id for r in rows}),
        personas=named(Persona, Persona.name, {r.persona_id for r in rows if r.persona_id}),
    )
