"""The map as JSON: stages, touchpoints, every cell and the ranked pain points with their
evidence, under the filters the map was built with (the fields the README documents)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from journeys.map_view import CellView, MapView, PainView
from journeys.stats import round_or_none
from surveys.models import utcnow


def cell_record(cell: CellView) -> dict[str, Any]:
    """One cell as plain data, figures rounded to four decimals."""
    return {
        "stage": cell.stage.name,
        "touchpoint": cell.touchpoint.name,
        "n": cell.n,
        "mean_compound": round(cell.mean, 4),
        "ci": [round(cell.ci_low, 4), round(cell.ci_high, 4)],
        "negative_share": round(cell.negative_share, 4),
        "positive_share": round(cell.positive_share, 4),
        "emotions": cell.emotions,
        "dominant_emotion": cell.dominant_emotion,
        "nps": round_or_none(cell.nps),
        "csat": round_or_none(cell.csat),
        "ces": round_or_none(cell.ces),
    }


def pain_record(pain: PainView) -> dict[str, Any]:
    """One pain point as plain data: where, how bad, the evidence and the team's work on it."""
    return {
        "rank": pain.rank,
        "stage": pain.stage.name,
        "touchpoint": pain.touchpoint.name,
        "severity": pain.severity,
        "impact": pain.impact,
        "n": pain.cell.n,
        "negative_share": round(pain.cell.negative_share, 4),
        "baseline_negative_share": round(pain.baseline_share, 4),
        "themes": [asdict(theme) for theme in pain.themes],
        "quotes": [asdict(quote) for quote in pain.quotes],
        "status": pain.status,
        "owner_team": pain.owner_team,
        "opportunity": pain.opportunity,
        "priority": pain.priority,
    }


def map_document(view: MapView) -> dict[str, Any]:
    """The whole map as plain data, stamped with when it was exported."""
    filters = view.filters
    return {
        "journey": {"slug": view.journey.slug, "name": view.journey.name},
        "filters": {
            "persona": view.persona.name if view.persona else None,
            "channel": filters.channel,
            "since": filters.since.isoformat() if filters.since else None,
            "until": filters.until.isoformat() if filters.until else None,
        },
        "generated_at": utcnow().isoformat(timespec="seconds") + "Z",
        "model": view.model,
        # The journey as modelled, in its own order; cells carry only where answers landed.
        "stages": [
            {"name": s.name, "position": s.position, "owner_team": s.owner_team}
            for s in view.journey.stages
        ],
        "touchpoints": [
            {"name": t.name, "channel": t.channel, "stage": t.stage.name if t.stage else None}
            for t in view.journey.touchpoints
        ],
        "cells": [cell_record(cell) for cell in view.cells_in_order()],
        "pain_points": [pain_record(pain) for pain in view.pain_points],
        "customer_paths": _paths_record(view),
    }


def _paths_record(view: MapView) -> dict[str, Any] | None:
    """Customers across touchpoints with names instead of ids, or None when not followed."""
    paths = view.customer_paths
    if paths is None:
        return None
    touchpoints = {t.id: t.name for t in view.touchpoints}
    stages = {s.stage.id: s.stage.name for s in view.stages}
    return {
        "customer_field": paths.field,
        "customers": paths.customers,
        "returning": paths.returning,
        "min_group": paths.min_group,
        "flow": [
            {
                "from": touchpoints.get(e.from_touchpoint_id) if e.from_touchpoint_id else None,
                "to": touchpoints.get(e.to_touchpoint_id),
                "customers": e.customers,
                "moves": e.moves,
            }
            for e in paths.flow
        ],
        "effects": [
            {
                "touchpoint": touchpoints.get(e.from_touchpoint_id),
                "later_stage": stages.get(e.to_stage_id),
                "kpi": e.kpi,
                "negative": {"n": e.negative_n, "value": e.negative_figure},
                "others": {"n": e.other_n, "value": e.other_figure},
                "difference": e.difference,
                "ci95": [e.low, e.high],
                "holds": e.found,
                "sentence": view.effect_sentence(e),
            }
            for e in paths.effects
        ],
    }


def to_json(view: MapView) -> str:
    """The map as an indented JSON document (text kept as written, not escaped to ASCII)."""
    return json.dumps(map_document(view), ensure_ascii=False, indent=2) + "\n"
