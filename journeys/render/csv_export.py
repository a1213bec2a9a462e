"""The map as CSV: one row per cell with its figures, and its pain-point rank, severity, impact
and themes alongside. Free text that a spreadsheet would run as a formula is defused."""

from __future__ import annotations

import csv
import io

from journeys.map_view import MapView
from journeys.models import EMOTION_COLUMNS
from journeys.render.json_export import cell_record, pain_record
from surveys.results.text import defuse

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


def to_csv(view: MapView) -> str:
    """One row per cell, in map order, with the same figures as the JSON export."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for cell in view.cells_in_order():
        data = cell_record(cell)
        found = view.pain_at(cell.key)
        pain = pain_record(found) if found else None
        row: list[object] = [
            data["stage"],
            data["touchpoint"],
            cell.touchpoint.channel,
            data["n"],
            data["mean_compound"],
            *data["ci"],
            data["negative_share"],
            data["positive_share"],
            data["dominant_emotion"],
            *(data["emotions"][e] for e in EMOTION_COLUMNS),
            data["nps"],
            data["csat"],
            data["ces"],
            pain["rank"] if pain else None,
            pain["severity"] if pain else None,
            pain["impact"] if pain else None,
            "; ".join(f"{t['phrase']} ({t['count']})" for t in pain["themes"]) if pain else None,
        ]
        writer.writerow([defuse("" if value is None else str(value)) for value in row])
    return out.getvalue()
