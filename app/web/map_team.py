"""What researchers change on the map: a pain point's status, owner team, opportunity and effort
(inline, one small form each), and the journey's read-only share links."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app import params
from app.access import access, journey_in_organisation, signed_in_user
from app.extensions import db, db_session
from app.web.maps import MAP_CSP
from journeys import sharing
from journeys.annotations import annotate
from journeys.models import PainPoint
from surveys.models import utcnow

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
    effort = params.form_number("effort")  # its scale is the annotation's to check
    annotate(
        db_session(),
        point,
        status=request.form.get("status", point.status),
        owner_team=request.form.get("owner_team", ""),
        opportunity=request.form.get("opportunity", ""),
        effort=effort,
    )
    db.session.commit()
    flash("Pain point saved.")
    return _back_to_map(slug, f"pain-{point.id}")


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
