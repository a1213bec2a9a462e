"""The JSON shapes of the public API: a survey to answer, a response as stored."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import url_for

from surveys.intake import StoredResponse
from surveys.kinds import CHOICE_KINDS, SCALE_KINDS, options, scale_bounds, scale_labels
from surveys.models import Question, SurveyVersion


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
    if show_if := q.settings.get("show_if"):
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
