"""The read-only map behind a share link, for people without an account."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template
from flask.typing import ResponseReturnValue

from app.access import access
from app.extensions import db, db_session
from app.web.maps import MAP_CSP, load_view, page_context
from journeys import sharing
from journeys.map_view import MapFilters
from surveys.models import Journey

bp = Blueprint("map_share", __name__, url_prefix="/share")


@bp.after_request
def _private(response: Response) -> Response:
    # The token is the key: keep it out of referrers, caches and search engines.
    response.headers.setdefault("Content-Security-Policy", MAP_CSP)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.get("/<token>")
@access("public")
def shared_map(token: str) -> ResponseReturnValue:
    """The newest map of the link's journey, read-only; an unknown, revoked or expired link 404s."""
    link = sharing.resolve(db_session(), token)
    journey = db.session.get(Journey, link.journey_id)
    if journey is None:
        abort(404, description="This link does not work.")
    view = load_view(journey, MapFilters())
    db.session.commit()  # records when the link was last used
    return render_template(
        "maps/map.html", **page_context(view), can_edit=False, shared=True, link=link
    )
