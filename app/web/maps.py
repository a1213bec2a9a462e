"""The journey map teams read: the map page with filters, drill-down, comparison, history and
exports. Views are thin: the journeys package computes, the view parses the request and renders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from app import params
from app.access import access, has_role, journey_in_organisation
from app.extensions import db_session
from journeys import alerts as journey_alerts
from journeys import drilldown, render
from journeys.canvas import LANE_NAME_MAX, LANE_TEXT_MAX
from journeys.compare import PRESETS, Period, compare_periods, preset_periods
from journeys.map_build import build_map_view
from journeys.map_view import (
    EACH_PERSONA,
    MapFilters,
    MapView,
    journey_channels,
    snapshot_history,
)
from journeys.models import EMOTION_COLUMNS, PAIN_POINT_STATUSES, quadrant
from journeys.render.lanes import note_place
from journeys.render.layout import TO_BE_LABEL, band, cell_band, emotion_mix, signed
from journeys.verdicts import WATCH_MIN_ANSWERS
from surveys.models import CHANNELS, Journey, utcnow

bp = Blueprint("maps", __name__, url_prefix="/journeys/<slug>")

# Scripts and styles only from this app; no inline script can run, whatever an answer says.
MAP_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'self'; base-uri 'none'; object-src 'none'"
)


@bp.after_request
def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", MAP_CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


# The label each date parameter has on the page, for messages a reader can act on.
_DATE_LABELS = {
    "since": "From",
    "until": "To",
    "a_since": "As-is: From",
    "a_until": "As-is: To",
    "b_since": "Now: From",
    "b_until": "Now: To",
}


def _date(name: str) -> date | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        label = _DATE_LABELS.get(name, name)
        abort(400, description=f"The “{label}” date ({name}) must look like 2026-01-31.")


def parse_filters(with_snapshot: bool = True) -> MapFilters:
    """The reader's filters from the query string (unknown values are a 400, not a guess)."""
    persona = request.args.get("persona", "").strip()
    each = persona == EACH_PERSONA
    persona_id = None
    if not each:
        persona_id = params.query_number(
            "persona", message="Choose a persona from the list ('persona' is not one)."
        )
    channel = request.args.get("channel", "").strip() or None
    if channel is not None and channel not in CHANNELS:
        abort(400, description=f"Choose a channel from the list ({', '.join(CHANNELS)}).")
    return MapFilters(
        persona_id=persona_id,
        each_persona=each,
        channel=channel,
        since=_date("since"),
        until=_date("until"),
        snapshot_id=params.query_number("snapshot") if with_snapshot else None,
    )


def load_view(journey: Journey, filters: MapFilters) -> MapView:
    """The map read model the page and every download of it render."""
    return build_map_view(
        db_session(), journey, filters, min_answers=current_app.config["PAIN_POINT_MIN_ANSWERS"]
    )


def page_context(view: MapView) -> dict[str, object]:
    """What the map templates need besides the view (shared with the read-only share page)."""
    return {
        "view": view,
        "journey": view.journey,
        "curve_svg": Markup(render.curve_svg(view)),
        "flow_svg": Markup(flow) if (flow := render.flow_svg(view)) else None,
        "min_answers": current_app.config["PAIN_POINT_MIN_ANSWERS"],
        "watch_min": WATCH_MIN_ANSWERS,
        "period_days": current_app.config["ALERT_PERIOD_DAYS"],
        "emotions": EMOTION_COLUMNS,
        "statuses": PAIN_POINT_STATUSES,
        "signed": signed,
        "band_words": lambda mean: band(mean)[2],
        "cell_words": lambda cell: cell_band(cell)[2],
        "emotion_mix": emotion_mix,
        "mix_bar": lambda emotions: Markup(render.mix_bar_svg(emotions)),
        # The canvas the team shapes (journeys.canvas): lanes, notes, the to-be line.
        "to_be_label": TO_BE_LABEL,
        "note_place": note_place,
        "quadrant": quadrant,
        "lane_name_max": LANE_NAME_MAX,
        "lane_text_max": LANE_TEXT_MAX,
    }


@bp.get("/map")
@access("viewer")
def show(slug: str) -> ResponseReturnValue:
    """The journey map: stages across, lanes down, the emotion curve, pain points first."""
    journey = journey_in_organisation(slug)
    view = load_view(journey, parse_filters())
    return render_template(
        "maps/map.html",
        **page_context(view),
        can_edit=has_role("researcher"),
        shared=False,
    )


@bp.get("/map/history")
@access("viewer")
def history(slug: str) -> ResponseReturnValue:
    """The living map: its snapshots, newest first, each one a link to the map as it was."""
    journey = journey_in_organisation(slug)
    return render_template(
        "maps/history.html", journey=journey, snapshots=snapshot_history(db_session(), journey.id)
    )


def _period(prefix: str) -> Period | None:
    since, until = _date(f"{prefix}_since"), _date(f"{prefix}_until")
    if since is None and until is None:
        return None
    if since is None or until is None:
        abort(400, description="Give each period a start and an end date.")
    return Period(since, until)


@bp.get("/map/compare")
@access("viewer")
def compare(slug: str) -> ResponseReturnValue:
    """Two periods side by side (as-is vs now), each significant change marked."""
    journey = journey_in_organisation(slug)
    filters = parse_filters(with_snapshot=False)
    preset = request.args.get("preset", "").strip()
    before: Period | None
    after: Period | None
    if preset:
        # Raises InvalidPeriod (a 400 naming the field) for a preset not in the list.
        before, after = preset_periods(preset, utcnow().date())
    else:
        before, after = _period("a"), _period("b")
    comparison = None
    if before and after:
        comparison = compare_periods(
            db_session(),
            journey,
            before,
            after,
            persona_id=filters.persona_id,
            channel=filters.channel,
            min_answers=max(5, current_app.config["PAIN_POINT_MIN_ANSWERS"] // 3),
        )
    return render_template(
        "maps/compare.html",
        journey=journey,
        comparison=comparison,
        presets=PRESETS,
        preset=preset,
        filters=filters,
        personas=journey.personas,
        channels=journey_channels(db_session(), journey.id),
        args=request.args,
    )


@bp.get("/alerts")
@access("viewer")
def alerts(slug: str) -> ResponseReturnValue:
    """The journey's alerts, newest first, each with its evidence: both periods' figures and the
    themes and quotes of the newer period's complaints."""
    journey = journey_in_organisation(slug)
    found = journey_alerts.alerts_with_evidence(
        db_session(), journey.id, period_days=current_app.config["ALERT_PERIOD_DAYS"]
    )
    return render_template("maps/alerts.html", journey=journey, alerts=found, signed=signed)


@bp.get("/map/cells/<int:stage_id>/<int:touchpoint_id>")
@access("viewer")
def cell(slug: str, stage_id: int, touchpoint_id: int) -> ResponseReturnValue:
    """The answers behind one cell, a page at a time, scoring words highlighted."""
    journey = journey_in_organisation(slug)
    stage = next((s for s in journey.stages if s.id == stage_id), None)
    touchpoint = next((t for t in journey.touchpoints if t.id == touchpoint_id), None)
    if stage is None or touchpoint is None:
        abort(404, description="No such cell on this map.")
    filters = parse_filters(with_snapshot=False)
    emotion = request.args.get("emotion", "").strip() or None
    theme = request.args.get("theme", "").strip() or None
    result = drilldown.cell_answers(
        db_session(),
        journey.id,
        stage_id,
        touchpoint_id,
        page=params.query_number("page") or 1,
        emotion=emotion,
        theme=theme,
        persona_id=filters.persona_id,
        channel=filters.channel,
        since=filters.since,
        until=filters.until,
    )

    # Typed Any: url_for's own keywords (_external: bool…) would refuse a dict of strings.
    kept: dict[str, Any] = filters.query()

    def page_url(number: int) -> str:
        args: dict[str, Any] = {**request.args.to_dict(), "page": str(number)}
        return url_for(".cell", slug=slug, stage_id=stage_id, touchpoint_id=touchpoint_id, **args)

    def theme_url(phrase: str) -> str:
        args: dict[str, Any] = {**kept, "theme": phrase}
        return url_for(".cell", slug=slug, stage_id=stage_id, touchpoint_id=touchpoint_id, **args)

    return render_template(
        "maps/cell.html",
        journey=journey,
        stage=stage,
        touchpoint=touchpoint,
        result=result,
        emotion=emotion,
        theme=theme,
        themes=drilldown.cell_themes(
            db_session(),
            journey.id,
            stage_id,
            touchpoint_id,
            persona_id=filters.persona_id,
            channel=filters.channel,
            since=filters.since,
            until=filters.until,
        ),
        emotions=EMOTION_COLUMNS,
        filters=filters,
        page_url=page_url,
        theme_url=theme_url,
        back=url_for(".show", slug=slug, **kept),
        highlight=lambda a: Markup(a.highlighted),
    )


#: Each download of the map: how it is drawn from the one read model, and its media type.
MAP_FORMATS: dict[str, tuple[Callable[[MapView], str | bytes], str]] = {
    "svg": (render.map_svg, "image/svg+xml"),  # the same layout as the page
    "pdf": (render.map_pdf, "application/pdf"),  # one page, the SVG's layout
    "png": (render.map_png, "image/png"),  # a picture of the SVG
    "csv": (render.to_csv, "text/csv"),  # one row per stage × touchpoint, formulas defused
    "json": (render.to_json, "application/json"),  # stages, cells, ranked pain points
}


@bp.get("/map.<any(svg, pdf, png, csv, json):fmt>")
@access("viewer")
def export(slug: str, fmt: str) -> ResponseReturnValue:
    """The map, with the page's filters, as a file in ``fmt`` (drawn from the page's read model)."""
    journey = journey_in_organisation(slug)
    draw, mimetype = MAP_FORMATS[fmt]
    return Response(
        draw(load_view(journey, parse_filters())),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{journey.slug}-map.{fmt}"'},
    )
