"""Exports of a journey map as JSON (the whole map) or CSV (one row per cell), optionally filtered
by persona, channel and dates. Computed from the rollup buckets, so it matches the map people
read."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import sentiment
from journeys import painpoints
from journeys.aggregate import CellStats, load_cells
from journeys.map_view import check_dates
from journeys.models import EMOTION_COLUMNS, PainPoint
from journeys.stats import round_or_none
from surveys.models import Journey, Persona, utcnow

CSV_COLUMNS: tuple[str, ...] = (
    "stage",
    "touchpoint",
    "channel",
    "n",
    "mean_compound",
    "ci_low",
    "ci_high",
    "negative_share",
    "positive_share",
    "dominant_emotion",
    *(f"emotion_{e}" for e in EMOTION_COLUMNS),
    "nps",
    "csat",
    "ces",
    "pain_point_rank",
    "severity",
    "impact",
    "themes",
)


def map_data(
    session: Session,
    journey: Journey,
    *,
    persona: Persona | None = None,
    channel: str | None = None,
    since: date | None = None,
    until: date | None = None,
    min_answers: int = 30,
) -> dict[str, Any]:
    """The journey map as plain data: stages, touchpoints, cells and ranked pain points, under
    the same filters as the map page (persona, channel, the days from ``since`` to ``until``).

    Raises MapViewError when the days run backwards, as the page does.
    """
    check_dates(since, until)
    stages = {s.id: s for s in journey.stages}
    touchpoints = {t.id: t for t in journey.touchpoints}
    persona_id = persona.id if persona else None
    cells: dict[tuple[int, int], CellStats] = load_cells(  # type: ignore[assignment]
        session, journey.id, persona_id=persona_id, channel=channel, since=since, until=until
    )
    detections = painpoints.detect(cells, min_answers=min_answers)
    tracked = {
        (p.stage_id, p.touchpoint_id): p
        for p in session.scalars(select(PainPoint).where(PainPoint.journey_id == journey.id))
    }
    pains = []
    for rank, d in enumerate(detections, start=1):
        themes, quotes = painpoints.evidence(
            session,
            journey.id,
            d.stage_id,
            d.touchpoint_id,
            persona_id=persona_id,
            channel=channel,
            since=since,
            until=until,
        )
        point = tracked.get((d.stage_id, d.touchpoint_id))
        pains.append(
            {
                "rank": rank,
                "stage": stages[d.stage_id].name,
                "touchpoint": touchpoints[d.touchpoint_id].name,
                "severity": d.severity,
                "impact": d.impact,
                "n": d.stats.n,
                "negative_share": round(d.stats.negative_share, 4),
                "baseline_negative_share": round(d.baseline_share, 4),
                "themes": themes,
                "quotes": quotes,
                "status": point.status if point else "new",
                "owner_team": point.owner_team if point else "",
                "opportunity": point.opportunity if point else "",
                "priority": point.priority if point else "unrated",
            }
        )
    return {
        "journey": {"slug": journey.slug, "name": journey.name},
        "filters": {
            "persona": persona.name if persona else None,
            "channel": channel,
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
        },
        "generated_at": utcnow().isoformat(timespec="seconds") + "Z",
        "model": sentiment.MODEL_VERSION,
        "stages": [
            {"name": s.name, "position": s.position, "owner_team": s.owner_team}
            for s in journey.stages
        ],
        "touchpoints": [
            {"name": t.name, "channel": t.channel, "stage": t.stage.name if t.stage else None}
            for t in journey.touchpoints
        ],
        "cells": [
            _cell_data(stages[s].name, touchpoints[t].name, stats)
            for (s, t), stats in sorted(
                cells.items(),
                key=lambda kv: (stages[kv[0][0]].position, touchpoints[kv[0][1]].position),
            )
        ],
        "pain_points": pains,
    }


def _cell_data(stage: str, touchpoint: str, stats: CellStats) -> dict[str, Any]:
    mean, low, high = stats.interval
    return {
        "stage": stage,
        "touchpoint": touchpoint,
        "n": stats.n,
        "mean_compound": round(mean, 4),
        "ci": [round(low, 4), round(high, 4)],
        "negative_share": round(stats.negative_share, 4),
        "positive_share": round(stats.positive_share, 4),
        "emotions": stats.emotions,
        "dominant_emotion": stats.dominant_emotion,
        "nps": round_or_none(stats.nps),
        "csat": round_or_none(stats.csat),
        "ces": round_or_none(stats.ces),
    }


def to_csv(data: dict[str, Any]) -> str:
    """One CSV row per cell of ``map_data`` output, pain-point rank and themes alongside."""
    pains = {(p["stage"], p["touchpoint"]): p for p in data["pain_points"]}
    channels = {t["name"]: t["channel"] for t in data["touchpoints"]}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for cell in data["cells"]:
        pain = pains.get((cell["stage"], cell["touchpoint"]))
        writer.writerow(
            [
                cell["stage"],
                cell["touchpoint"],
                channels.get(cell["touchpoint"], ""),
                cell["n"],
                cell["mean_compound"],
                *cell["ci"],
                cell["negative_share"],
                cell["positive_share"],
                cell["dominant_emotion"],
                *(cell["emotions"][e] for e in EMOTION_COLUMNS),
                _blank(cell["nps"]),
                _blank(cell["csat"]),
                _blank(cell["ces"]),
                pain["rank"] if pain else "",
                pain["severity"] if pain else "",
                _blank(pain["impact"]) if pain else "",
                "; ".join(f"{t['phrase']} ({t['count']})" for t in pain["themes"]) if pain else "",
            ]
        )
    return _defuse(out.getvalue())


def _blank(value: object) -> object:
    return "" if value is None else value


def _defuse(text: str) -> str:
    """Neutralise spreadsheet formulas in free text (CSV injection): a cell starting with = + - @
    would run in Excel; prefix it with an apostrophe."""
    rows = csv.reader(io.StringIO(text))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow(
            [
                f"'{v}" if v[:1] in ("=", "+", "@") or (v[:1] == "-" and not _is_number(v)) else v
                for v in row
            ]
        )
    return out.getvalue()


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
