"""Researchers model the journey: its stages (with goals, actions, owning team), touchpoints and
personas. Every form posts to its own small view; a refusal re-shows the page with what was
typed and the field named (422), and nothing is half-saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

import journeys
import surveys
from app.access import access, current_organisation, journey_in_organisation
from app.extensions import db, db_session
from surveys import journey_structure as structure
from surveys.models import CHANNELS, Journey, Persona, Stage, Touchpoint

bp = Blueprint("journey_structure", __name__)


def _page(
    journey: Journey, failed: dict[str, Any] | None = None, status: int = 200
) -> ResponseReturnValue:
    return render_template(
        "journey_structure/show.html", journey=journey, channels=CHANNELS, failed=failed or {}
    ), status


def _apply(
    journey: Journey, form_id: str, change: Callable[[], object], message: str
) -> ResponseReturnValue:
    """Run one change; commit and go back to the page, or re-show it with the problem."""
    try:
        change()
    except (surveys.InvalidDesign, journeys.InvalidCustomerField) as error:  # re-show, field named
        db.session.rollback()
        failed = {"form": form_id, "values": request.form, "errors": error.fields,
                  "message": error.message}  # fmt: skip
        return _page(journey_in_organisation(journey.slug), failed, 422)
    db.session.commit()
    flash(message)
    return redirect(url_for(".show", slug=journey.slug, _anchor=form_id))


def _owned(journey: Journey, items: list[Any], item_id: int) -> Any:
    found = next((i for i in items if i.id == item_id), None)
    if found is None:
        abort(404)
    return found


def _field(name: str) -> str:
    return request.form.get(name, "")


@bp.route("/journeys/new", methods=["GET", "POST"])
@access("researcher")
def new_journey() -> ResponseReturnValue:
    """Create a journey; it starts with the five default stages, renamable and reorderable."""
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            journey = surveys.create_journey(
                db_session(),
                _field("name"),
                slug=_field("slug") or None,
                organisation=current_organisation(),
                description=_field("description"),
            )
        except surveys.InvalidDesign as error:  # the form again, its fields marked
            db.session.rollback()
            errors = error.fields
        else:
            db.session.commit()
            flash(f"Journey “{journey.name}” created with the default stages.")
            return redirect(url_for(".show", slug=journey.slug))
    status = 422 if errors else 200
    return render_template("journey_structure/new.html", errors=errors, values=request.form), status


@bp.get("/journeys/<slug>/model")
@access("viewer")
def show(slug: str) -> ResponseReturnValue:
    """The journey's stages, touchpoints and personas (editable by researchers)."""
    return _page(journey_in_organisation(slug))


@bp.post("/journeys/<slug>/model")
@access("researcher")
def update(slug: str) -> ResponseReturnValue:
    """Rename the journey or change its description."""
    journey = journey_in_organisation(slug)
    change = lambda: structure.update_journey(  # noqa: E731
        db_session(), journey, _field("name"), _field("description")
    )
    return _apply(journey, "journey", change, "Journey saved.")


@bp.post("/journeys/<slug>/stages")
@access("researcher")
def add_stage(slug: str) -> ResponseReturnValue:
    """Add a stage at the end."""
    journey = journey_in_organisation(slug)
    return _apply(
        journey, "new-stage", lambda: structure.add_stage(db_session(), journey, _field("name")),
        "Stage added.",
    )  # fmt: skip


@bp.post("/journeys/<slug>/stages/<int:stage_id>")
@access("researcher")
def update_stage(slug: str, stage_id: int) -> ResponseReturnValue:
    """Rename a stage; set goals, actions and the owning team; move or delete it."""
    journey = journey_in_organisation(slug)
    stage: Stage = _owned(journey, journey.stages, stage_id)
    action = request.form.get("action", "save")
    if action in ("left", "right"):
        change: Callable[[], object] = lambda: structure.move_stage(  # noqa: E731
            db_session(), stage, -1 if action == "left" else 1
        )
    elif action == "delete":
        change = lambda: structure.delete_stage(db_session(), stage)  # noqa: E731
    else:
        change = lambda: structure.update_stage(  # noqa: E731
            db_session(), stage, name=_field("name"), goals=_field("goals"),
            actions=_field("actions"), owner_team=_field("owner_team"),
        )  # fmt: skip
    return _apply(journey, f"stage-{stage_id}", change, "Stages saved.")


def _stage_from_form(journey: Journey) -> Stage | None:
    raw = _field("stage")
    return next((s for s in journey.stages if str(s.id) == raw), None)


@bp.post("/journeys/<slug>/touchpoints")
@access("researcher")
def add_touchpoint(slug: str) -> ResponseReturnValue:
    """Add a touchpoint on a channel, at a stage."""
    journey = journey_in_organisation(slug)

    def change() -> None:
        surveys.add_touchpoint(
            db_session(), journey, _field("name"), channel=_field("channel"),
            stage=_stage_from_form(journey),
        )  # fmt: skip

    return _apply(journey, "new-touchpoint", change, "Touchpoint added.")


@bp.post("/journeys/<slug>/touchpoints/<int:touchpoint_id>")
@access("researcher")
def update_touchpoint(slug: str, touchpoint_id: int) -> ResponseReturnValue:
    """Rename a touchpoint, change its channel or stage, or delete it."""
    journey = journey_in_organisation(slug)
    touchpoint: Touchpoint = _owned(journey, journey.touchpoints, touchpoint_id)
    if request.form.get("action") == "delete":
        change: Callable[[], object] = lambda: structure.delete_touchpoint(db_session(), touchpoint)  # noqa: E731
    else:
        change = lambda: structure.update_touchpoint(  # noqa: E731
            db_session(), touchpoint, name=_field("name"), channel=_field("channel"),
            stage=_stage_from_form(journey),
        )  # fmt: skip
    return _apply(journey, f"touchpoint-{touchpoint_id}", change, "Touchpoints saved.")


@bp.post("/journeys/<slug>/personas")
@access("researcher")
def add_persona(slug: str) -> ResponseReturnValue:
    """Add a persona with a description and attributes."""
    journey = journey_in_organisation(slug)

    def change() -> None:
        attributes = structure.parse_attributes(_field("attributes"))
        persona = surveys.add_persona(db_session(), journey, _field("name"), _field("description"))
        persona.attributes = attributes

    return _apply(journey, "new-persona", change, "Persona added.")


@bp.post("/journeys/<slug>/personas/<int:persona_id>")
@access("researcher")
def update_persona(slug: str, persona_id: int) -> ResponseReturnValue:
    """Change a persona, or delete it."""
    journey = journey_in_organisation(slug)
    persona: Persona = _owned(journey, journey.personas, persona_id)
    if request.form.get("action") == "delete":
        change: Callable[[], object] = lambda: structure.delete_persona(db_session(), persona)  # noqa: E731
    else:
        change = lambda: structure.update_persona(  # noqa: E731
            db_session(), persona, name=_field("name"), description=_field("description"),
            attributes=structure.parse_attributes(_field("attributes")),
        )  # fmt: skip
    return _apply(journey, f"persona-{persona_id}", change, "Personas saved.")


@bp.post("/journeys/<slug>/customers")
@access("researcher")
def follow_customers(slug: str) -> ResponseReturnValue:
    """Name the hidden field that identifies customers (empty: stop following them)."""
    journey = journey_in_organisation(slug)
    field = _field("customer_field")
    change = lambda: journeys.follow_customers(db_session(), journey, field)  # noqa: E731
    message = (
        f"Customers are followed by their “{field.strip()}”; the next rollup links their answers."
        if field.strip()
        else "Customers are no longer followed."
    )
    return _apply(journey, "customers", change, message)
