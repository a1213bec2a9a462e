"""Plain shapes (boxes, lines, text) in points, top-left origin, and the pieces every drawing of
the map shares: colour bands, wrapping, numbers in words, the emotion curve.

SVG and PDF writers only translate these shapes, so both exports carry the same content. Colours
are colour-blind safe: sentiment runs orange (negative) to purple (positive), never red/green,
and every colour has a number or word beside it; persona lines differ by colour (Okabe–Ito),
dash and marker.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from journeys.map_view import CellView, Curve, CurvePoint
from journeys.render.metrics import text_width

# (upper bound of mean compound, fill, text colour, words) — the same bands as the page's CSS.
BANDS: tuple[tuple[float, str, str, str], ...] = (
    (-0.5, "#b35806", "#ffffff", "very negative"),
    (-0.25, "#e08214", "#1b1f24", "negative"),
    (-0.05, "#fdb863", "#1b1f24", "slightly negative"),
    (0.05, "#f2f2f2", "#1b1f24", "neutral"),
    (0.25, "#b2abd2", "#1b1f24", "slightly positive"),
    (0.5, "#8073ac", "#ffffff", "positive"),
    (9.0, "#542788", "#ffffff", "very positive"),
)
LINE_COLOURS: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00")
DASHES: tuple[str | None, ...] = (None, "6 3", "2 3", "8 3 2 3")
MARKERS: tuple[str, ...] = ("circle", "square", "triangle", "diamond")
# One colour per emotion for mix bars; each bar is always accompanied by the shares in words.
EMOTION_COLOURS: dict[str, str] = {
    "delighted": "#542788",
    "satisfied": "#8073ac",
    "neutral": "#d9d9d9",
    "confused": "#56B4E9",
    "anxious": "#fdb863",
    "frustrated": "#e08214",
    "disappointed": "#999999",
    "angry": "#b35806",
}
INK, MUTED, LINE, HEADER = "#1b1f24", "#555d66", "#d0d5db", "#23364d"
# The team's target line on the emotion curve: black, long dashes, diamond marks.
TO_BE_LABEL, TO_BE_DASH = "To-be (team's target)", "9 4"


@dataclass(frozen=True, slots=True)
class Rect:
    """A box, optionally filled and outlined."""

    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 1.0
    dash: str | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """An open polyline."""

    points: Sequence[tuple[float, float]]
    stroke: str
    width: float = 1.0
    dash: str | None = None


@dataclass(frozen=True, slots=True)
class Polygon:
    """A closed, filled shape (the curve's interval band)."""

    points: Sequence[tuple[float, float]]
    fill: str
    opacity: float = 1.0


@dataclass(frozen=True, slots=True)
class Marker:
    """A data point's mark: circle, square, triangle or diamond, with its value as a tooltip."""

    x: float
    y: float
    shape: str
    fill: str
    label: str = ""
    size: float = 4.0

    def corners(self) -> list[tuple[float, float]]:
        """The vertices of a triangle or diamond mark (top first), so every writer draws the
        same shape; empty for a circle or square, which writers draw with their own primitive."""
        x, y, s = self.x, self.y, self.size
        if self.shape == "triangle":
            return [(x, y - s * 1.2), (x + s * 1.1, y + s), (x - s * 1.1, y + s)]
        if self.shape == "diamond":
            return [(x, y - s * 1.3), (x + s * 1.3, y), (x, y + s * 1.3), (x - s * 1.3, y)]
        return []


@dataclass(frozen=True, slots=True)
class Text:
    """One line of text; ``anchor`` is start, middle or end; ``y`` is the baseline."""

    x: float
    y: float
    text: str
    size: float = 10.0
    fill: str = INK
    anchor: str = "start"
    bold: bool = False
    italic: bool = False


Shape = Rect | Line | Polygon | Marker | Text


@dataclass(slots=True)
class Drawing:
    """Shapes on a canvas of ``width`` × ``height`` points, with a title and a description."""

    width: float
    height: float
    title: str
    description: str
    shapes: list[Shape] = field(default_factory=list)


SLIGHTLY_NEGATIVE = 2  # the index in BANDS a flagged cell is drawn at, at the lightest


def band_index(mean: float) -> int:
    """The index in BANDS of the colour band a mean compound falls in."""
    return next((i for i, (upper, *_rest) in enumerate(BANDS) if mean < upper), len(BANDS) - 1)


def band(mean: float) -> tuple[str, str, str]:
    """Fill, text colour and words for a mean compound."""
    _upper, fill, ink, words = BANDS[band_index(mean)]
    return fill, ink, words


def cell_band_index(cell: CellView) -> int:
    """The colour band a cell is drawn in: its mean's, except that a pain point or a cell to
    watch is never drawn neutral or positive (its negative share is why the map flags it)."""
    index = band_index(cell.mean)
    return min(index, SLIGHTLY_NEGATIVE) if cell.flagged else index


def cell_band(cell: CellView) -> tuple[str, str, str]:
    """Fill, text colour and words of a cell's tile: a flagged cell's words are its negative
    share, an unflagged one's its band."""
    _upper, fill, ink, words = BANDS[cell_band_index(cell)]
    if cell.flagged:
        words = f"{cell.negative_share * 100:.0f}% negative"
    return fill, ink, words


def wrap(
    text: str, width: float, size: float, max_lines: int = 4, *, bold: bool = False
) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points at ``size`` in Helvetica (the
    widths every writer prints with), ending with an ellipsis when it needs more than
    ``max_lines``."""

    def fits(line: str) -> bool:
        return text_width(line, size, bold=bold) <= width

    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if fits(candidate):
            current = candidate
            continue
        if current:
            lines.append(current)
        while not fits(word):  # a very long word is cut rather than overflowing
            cut = _longest_fitting(word, fits)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and not fits(last.rstrip() + "…"):
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def _longest_fitting(word: str, fits: Callable[[str], bool]) -> int:
    """How many leading characters of ``word`` fit (at least one, so wrapping always ends)."""
    cut = len(word)
    while cut > 1 and not fits(word[:cut]):
        cut -= 1
    return cut


def signed(value: float | None, digits: int = 2) -> str:
    """A number with its sign (with a proper minus), or an em dash when missing."""
    if value is None:
        return "—"
    return f"{value:+.{digits}f}".replace("-", "−")


def kpi_text(nps: float | None, csat: float | None, ces: float | None) -> str:
    """NPS, CSAT and CES in words a slide can carry."""
    parts = []
    if nps is not None:
        parts.append(f"NPS {signed(nps, 0)}")
    if csat is not None:
        parts.append(f"CSAT {csat:.0f}%")
    if ces is not None:
        parts.append(f"CES {ces:.1f}")
    return " · ".join(parts) or "no KPI answers"


def emotion_mix(emotions: dict[str, float], top: int = 3) -> str:
    """The strongest emotions with their shares, e.g. 'frustrated 45% · satisfied 30%'."""
    ranked = sorted(((v, e) for e, v in emotions.items() if v > 0), reverse=True)[:top]
    return " · ".join(f"{e} {v * 100:.0f}%" for v, e in ranked) or "no text answers"


def curve_shapes(
    curves: Sequence[Curve],
    stage_names: Sequence[str],
    x0: float,
    y0: float,
    col_w: float,
    height: float,
    target: Sequence[float | None] = (),
) -> list[Shape]:
    """The emotion curve in a strip: one column per stage, −1 at the bottom, +1 at the top; each
    line with its 95% band (the focused lines only), markers and value labels; then the team's
    to-be line (``target``, a value or None per stage), dashed."""
    shapes: list[Shape] = []
    top, bottom = y0 + 14, y0 + height - 14
    width = col_w * len(stage_names)

    # The scale fits the data (rounded out to quarters, at least ±0.5), so small differences
    # between stages stay visible; zero is always drawn and labelled.
    values = [v for c in curves for p in c.points if p for v in (p.low, p.high)]
    values += [t for t in target if t is not None]
    hi = min(1.0, math.ceil(max([0.5, *values]) * 4) / 4)
    lo = max(-1.0, math.floor(min([-0.5, *values]) * 4) / 4)

    def y_of(v: float) -> float:
        return top + (hi - max(lo, min(hi, v))) / (hi - lo) * (bottom - top)

    for value, words in (
        (hi, f"{signed(hi)} positive"),
        (0.0, "0 neutral"),
        (lo, f"{signed(lo)} negative"),
    ):
        shapes.append(Line([(x0, y_of(value)), (x0 + width, y_of(value))], LINE, 0.75, "3 3"))
        shapes.append(Text(x0 + 3, y_of(value) - 3, words, 7.5, MUTED))
    # Under the curves, so their lines and value labels stay on top of the team's target.
    shapes += _to_be_shapes(target, stage_names, x0, col_w, y_of)
    focused = [c for c in curves if not c.reference]
    for index, curve in enumerate(curves):
        colour = MUTED if curve.reference else LINE_COLOURS[index % len(LINE_COLOURS)]
        dash = "5 4" if curve.reference else DASHES[index % len(DASHES)]
        shape = MARKERS[index % len(MARKERS)]
        xs = [x0 + col_w * (i + 0.5) for i in range(len(stage_names))]
        if not curve.reference and len(focused) <= 2:
            # The interval band, drawn per run of stages with answers.
            for run in _runs(curve):
                upper = [(xs[i], y_of(p.high)) for i, p in run]
                lower = [(xs[i], y_of(p.low)) for i, p in reversed(run)]
                shapes.append(Polygon(upper + lower, colour, 0.18))
        for run in _runs(curve):
            shapes.append(
                Line([(xs[i], y_of(p.mean)) for i, p in run], colour, 2.5 - curve.reference, dash)
            )
        for i, point in enumerate(curve.points):
            if point is None:
                continue
            label = (
                f"{curve.label} at {stage_names[i]}: {signed(point.mean)} "
                f"(95% interval {signed(point.low)} to {signed(point.high)}, {point.n} answers)"
            )
            shapes.append(Marker(xs[i], y_of(point.mean), shape, colour, label))
            if len(focused) == 1 and not curve.reference:
                # Above the point, or below it where a scale line would cross the label.
                ym = y_of(point.mean)
                crossed = any(ym - 13 < y_of(v) < ym - 3.5 for v in (hi, 0.0, lo))
                label_y = ym + 13 if crossed else ym - 6
                shapes.append(Text(xs[i] + 7, label_y, signed(point.mean), 8.5, INK, bold=True))
    return shapes


def _to_be_shapes(
    target: Sequence[float | None],
    stage_names: Sequence[str],
    x0: float,
    col_w: float,
    y_of: Callable[[float], float],
) -> list[Shape]:
    """The to-be line: dashed through the stages the team set a target for, a diamond at each
    (its value in the tooltip; the page's table and the slide's legend say it in words)."""
    shapes: list[Shape] = []
    points = [
        (x0 + col_w * (i + 0.5), y_of(t), f"{TO_BE_LABEL} at {stage_names[i]}: {signed(t)}")
        for i, t in enumerate(target[: len(stage_names)])
        if t is not None
    ]
    if len(points) > 1:
        shapes.append(Line([(x, y) for x, y, _label in points], "#000000", 1.75, TO_BE_DASH))
    shapes += [Marker(x, y, "diamond", "#000000", label, size=3.5) for x, y, label in points]
    return shapes


def _runs(curve: Curve) -> list[list[tuple[int, CurvePoint]]]:
    """Consecutive stages with a point: a line never bridges a stage nobody answered."""
    runs: list[list[tuple[int, CurvePoint]]] = [[]]
    for i, point in enumerate(curve.points):
        if point is None:
            runs.append([])
        else:
            runs[-1].append((i, point))
    return [r for r in runs if r]
