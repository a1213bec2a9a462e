"""What researchers change on the map — a pain point's or a stage's or cell's note (status, owner
team, opportunity, notes, value, effort; inline, one small form each), lanes of the team's own,
the to-be line — the value-vs-effort matrix they make, and the journey's read-only share links."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from app import params
from app.access import access, has_role, journey_in_organisation, signed_in_user
from app.extensions import db, db_session
from app.web.maps import MAP_CSP, load_view
from journeys import canvas, sharing
from journeys.annotations import Annotated, annotate
from journeys.canvas_models import CanvasLane
from journeys.map_view import MapFilters
from journeys.models import PainPoint
from journeys.render.matrix import matrix_items, matrix_svg
from surveys.models import Journey, utcnow

bp = Blueprint("map_team", __name__, url_prefix="/journeys/<slug>")


@bp.after_request
def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", MAP_CSP)
    return response


def _back_to_map(slug: str, anchor: str | None = None) -> ResponseReturnValue:
    # Keep the reader's filters: the form carries them as hidden "back" query.
    back = request.form.get("back", "")
    target = url_for("maps.show", slug=slug, _anchor=anchor)
    if back.startswith("?") and "\n" not in back and "\\" not in back:
        target = url_for("maps.show", slug=slug) + back + (f"#{anchor}" if anchor else "")
    return redirect(target)


@bp.post("/pain-points/<int:point_id>")
@access("researcher")
def edit_pain_point(slug: str, point_id: int) -> ResponseReturnValue:
    """Save a pain point's status, owner team, opportunity and effort; back to the map."""
    journey = journey_in_organisation(slug)
    point = db.session.get(PainPoint, point_id)
    if point is None or point.journey_id != journey.id:
        abort(404, description="No such pain point on this map.")
    _annotate_from_form(point)
    db.session.commit()
    flash("Pain point saved.")
    return _back_to_map(slug, f"pain-{point.id}")


def _annotate_from_form(target: Annotated) -> None:
    """Save the posted team fields onto a pain point or a note: the one path both take."""
    annotate(
        db_session(),
        target,
        status=request.form.get("status", target.status),
        owner_team=request.form.get("owner_team", ""),
        opportunity=request.form.get("opportunity", ""),
        notes=request.form.get("notes", ""),
        # Their scale is the annotation's to check.
        effort=params.form_number("effort"),
        value=params.form_number("value"),
    )


@bp.post("/map/notes/<int:stage_id>")
@access("researcher")
def edit_note(slug: str, stage_id: int) -> ResponseReturnValue:
    """Save the note on a stage, or on one of its cells when the form names a touchpoint."""
    journey = journey_in_organisation(slug)
    touchpoint_id = params.form_number("touchpoint_id")
    note = canvas.note_for(db_session(), journey, stage_id, touchpoint_id)
    _annotate_from_form(note)
    db.session.commit()
    flash("Note saved.")
    return _back_to_map(slug, f"notes-{stage_id}")


@bp.post("/map/lanes")
@access("researcher")
def add_lane(slug: str) -> ResponseReturnValue:
    """Add a lane of the team's own words below the others."""
    journey = journey_in_organisation(slug)
    lane = canvas.add_lane(db_session(), journey, request.form.get("name", ""))
    db.session.commit()
    flash(f"Lane “{lane.name}” added.")
    return _back_to_map(slug, f"lane-{lane.id}")


def _lane(slug: str, lane_id: int) -> tuple[Journey, CanvasLane]:
    """The journey and its lane named in the URL; 404 for another journey's."""
    journey = journey_in_organisation(slug)
    lane = canvas.lane_of(db_session(), journey, lane_id)
    if lane is None:
        abort(404, description="No such lane on this map.")
    return journey, lane


@bp.post("/map/lanes/<int:lane_id>")
@access("researcher")
def edit_lane(slug: str, lane_id: int) -> ResponseReturnValue:
    """Rename a lane and set its text at each stage (a field ``text-<stage id>`` each)."""
    journey, lane = _lane(slug, lane_id)
    texts = {
        s.id: request.form[f"text-{s.id}"] for s in journey.stages if f"text-{s.id}" in request.form
    }
    canvas.update_lane(db_session(), journey, lane, request.form.get("name", ""), texts)
    db.session.commit()
    flash("Lane saved.")
    return _back_to_map(slug, f"lane-{lane.id}")


@bp.post("/map/lanes/<int:lane_id>/move")
@access("researcher")
def move_lane(slug: str, lane_id: int) -> ResponseReturnValue:
    """Move a lane one up or down."""
    journey, lane = _lane(slug, lane_id)
    canvas.move_lane(db_session(), journey, lane, request.form.get("direction", ""))
    db.session.commit()
    return _back_to_map(slug, f"lane-{lane.id}")


@bp.post("/map/lanes/<int:lane_id>/remove")
@access("researcher")
def remove_lane(slug: str, lane_id: int) -> ResponseReturnValue:
    """Remove a lane and its texts."""
    _journey, lane = _lane(slug, lane_id)
    name = lane.name
    canvas.remove_lane(db_session(), lane)
    db.session.commit()
    flash(f"Lane “{name}” removed.")
    return _back_to_map(slug, "map-h")


# A target as people type it: a sign, a digit or two, a few decimals (its range is checked later).
_TARGET = re.compile(r"[+-]?[0-9]{1,2}(\.[0-9]{1,6})?|[+-]?\.[0-9]{1,6}")


@bp.post("/map/targets")
@access("researcher")
def set_targets(slug: str) -> ResponseReturnValue:
    """Set the to-be sentiment per stage (a field ``target-<stage id>`` each; blank clears)."""
    journey = journey_in_organisation(slug)
    targets: dict[int, float | None] = {}
    for stage in journey.stages:
        raw = request.form.get(f"target-{stage.id}")
        if raw is None:
            continue
        raw = raw.strip().replace("−", "-")
        if raw and not _TARGET.fullmatch(raw):
            raise params.InvalidParameter(f"target-{stage.id}", "must be a number from -1 to +1")
        targets[stage.id] = float(raw) if raw else None
    canvas.set_targets(db_session(), journey, targets)
    db.session.commit()
    flash("To-be line saved.")
    return _back_to_map(slug, "map-h")


@bp.get("/map/priorities")
@access("viewer")
def priorities(slug: str) -> ResponseReturnValue:
    """The value-vs-effort matrix of the map's pain points and opportunities, with its table."""
    journey = journey_in_organisation(slug)
    view = load_view(journey, MapFilters())
    items = matrix_items(view)
    return render_template(
        "maps/priorities.html",
        journey=journey,
        items=items,
        matrix=Markup(matrix_svg(items, journey.name)),
        can_edit=has_role("researcher"),
    )


@bp.route("/map/share", methods=["GET", "POST"])
@access("researcher")
def share_links(slug: str) -> ResponseReturnValue:
    """List the journey's share links; POST makes a new one and shows its address once."""
    journey = journey_in_organisation(slug)
    new_url = None
    if request.method == "POST":
        days = params.form_number("days")  # how many is the sharing rules' to check
        _link, token = sharing.create_link(
            db_session(),
            journey,
            days=sharing.DEFAULT_DAYS if days is None else days,
            label=request.form.get("label", ""),
            created_by=user.email if (user := signed_in_user()) else "",
        )
        db.session.commit()
        new_url = url_for("map_share.shared_map", token=token, _external=True)
    return render_template(
        "maps/share.html",
        journey=journey,
        links=sharing.links_of(db_session(), journey.id),
        new_url=new_url,
        now=utcnow(),
        max_days=sharing.MAX_DAYS,
        default_days=sharing.DEFAULT_DAYS,
    )


@bp.post("/map/share/<int:link_id>/revoke")
@access("researcher")
def revoke_link(slug: str, link_id: int) -> ResponseReturnValue:
    """Stop a share link from working, at once."""
    journey = journey_in_organisation(slug)
    sharing.revoke(db_session(), journey.id, link_id)
    db.session.commit()
    flash("Share link revoked: it no longer opens the map.")
    return redirect(url_for(".share_links", slug=slug))
