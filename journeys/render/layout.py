"""The journey map laid out as plain shapes (boxes, lines, text) in points, top-left origin.

SVG and PDF writers only translate these shapes, so both exports carry the same content. Colours
are colour-blind safe: sentiment runs orange (negative) to purple (positive), never red/green,
and every colour has a number or word beside it; persona lines differ by colour (Okabe–Ito),
dash and marker.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from journeys.map_view import Curve, CurvePoint, MapView, PainView

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
LEVEL_STROKE = {"high": 4.0, "medium": 3.0, "low": 2.0}


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


def band(mean: float) -> tuple[str, str, str]:
    """Fill, text colour and words for a mean compound."""
    for upper, fill, ink, words in BANDS:
        if mean < upper:
            return fill, ink, words
    return BANDS[-1][1], BANDS[-1][2], BANDS[-1][3]


def wrap(text: str, width: float, size: float, max_lines: int = 4) -> list[str]:
    """Break ``text`` into lines that fit ``width`` points at ``size`` (Helvetica-ish widths),
    ending with an ellipsis when it needs more than ``max_lines``."""
    per_line = max(8, int(width / (size * 0.56)))
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > per_line:  # a very long word is cut rather than overflowing
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:per_line])
            word = word[per_line:]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= per_line:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: per_line - 1].rstrip() + "…"
    return lines


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
) -> list[Shape]:
    """The emotion curve in a strip: one column per stage, −1 at the bottom, +1 at the top; each
    line with its 95% band (the focused lines only), markers and value labels."""
    shapes: list[Shape] = []
    top, bottom = y0 + 14, y0 + height - 14
    width = col_w * len(stage_names)

    # The scale fits the data (rounded out to quarters, at least ±0.5), so small differences
    # between stages stay visible; zero is always drawn and labelled.
    values = [v for c in curves for p in c.points if p for v in (p.low, p.high)]
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
                shapes.append(
                    Text(xs[i] + 7, y_of(point.mean) - 6, signed(point.mean), 8.5, INK, bold=True)
                )
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


LABEL_W, COL_W, PAD = 130.0, 210.0, 16.0


def map_shapes(view: MapView) -> Drawing:
    """The whole map as a slide: stage columns, the lanes, the curve, pain points and a legend."""
    stages = view.stages
    cols = max(1, len(stages))
    width = PAD * 2 + LABEL_W + COL_W * cols
    shapes: list[Shape] = []
    x_of = [PAD + LABEL_W + COL_W * i for i in range(cols)]
    inner = COL_W - 12
    y = PAD + 18.0
    shapes.append(Text(PAD, y, view.journey.name, 18, INK, bold=True))
    y += 18
    scope = f"Customer journey map · {view.persona_label}"
    if view.filters.channel:
        scope += f" · channel {view.filters.channel.replace('_', ' ')}"
    if view.filters.since or view.filters.until:
        since = view.filters.since.isoformat() if view.filters.since else "start"
        until = view.filters.until.isoformat() if view.filters.until else "today"
        scope += f" · {since} to {until}"
    when = view.snapshot.generated_at.strftime("%Y-%m-%d %H:%M") if view.snapshot else "—"
    shapes.append(
        Text(
            PAD,
            y,
            f"{scope} · {view.answer_count} scored answers · rolled up {when} UTC",
            9.5,
            MUTED,
        )
    )
    y += 14

    def lane(label: str, height: float, shade: bool) -> float:
        nonlocal y
        if shade:
            shapes.append(Rect(PAD, y, width - 2 * PAD, height, fill="#f6f7f9"))
        shapes.append(Line([(PAD, y), (width - PAD, y)], LINE, 0.75))
        for i, line in enumerate(wrap(label, LABEL_W - 10, 9.5, 3)):
            shapes.append(Text(PAD + 4, y + 16 + i * 12, line, 9.5, INK, bold=True))
        top = y
        y += height
        return top

    # Stage header.
    for i, sv in enumerate(stages):
        shapes.append(Rect(x_of[i] + 2, y, COL_W - 4, 38, fill=HEADER))
        shapes.append(Text(x_of[i] + 10, y + 17, sv.stage.name, 12, "#ffffff", bold=True))
        owner = f" · owner {sv.stage.owner_team}" if sv.stage.owner_team else ""
        shapes.append(Text(x_of[i] + 10, y + 31, f"{sv.n} answers{owner}", 8.5, "#ffffff"))
    shapes.append(Text(PAD + 4, y + 23, "Stage", 10, INK, bold=True))
    y += 44

    for label, attr in (("Customer goals", "goals"), ("Actions", "actions")):
        texts = [wrap(getattr(sv.stage, attr) or "—", inner, 9, 4) for sv in stages]
        top = lane(label, 10 + 12 * max(1, *map(len, texts)), attr == "goals")
        for i, stage_lines in enumerate(texts):
            for j, line in enumerate(stage_lines):
                shapes.append(Text(x_of[i] + 6, top + 15 + j * 12, line, 9, INK))

    rows = max([1, *(len(sv.touchpoints) for sv in stages)])
    top = lane("Touchpoints (channel, mean sentiment)", 8 + rows * 34, True)
    for i, sv in enumerate(stages):
        for j, tp in enumerate(sv.touchpoints):
            cell = view.cell(sv.stage.id, tp.id)
            ty = top + 6 + j * 34
            fill, ink, _words = band(cell.mean) if cell else ("#ffffff", MUTED, "")
            is_pain = cell is not None and cell.is_pain_point
            shapes.append(
                Rect(
                    x_of[i] + 4,
                    ty,
                    COL_W - 8,
                    30,
                    fill=fill,
                    stroke="#000000" if is_pain else LINE,
                    stroke_width=3 if is_pain else 1,
                )
            )
            name = ("⚠ " if is_pain else "") + tp.name
            shapes.append(
                Text(x_of[i] + 10, ty + 12, wrap(name, inner - 60, 9, 1)[0], 9, ink, bold=True)
            )
            channel = tp.channel.replace("_", " ")
            detail = f"{channel} · {cell.n} answers" if cell else f"{channel} · no answers"
            shapes.append(Text(x_of[i] + 10, ty + 25, detail, 8, ink))
            if cell:
                shapes.append(
                    Text(x_of[i] + COL_W - 10, ty + 19, signed(cell.mean), 11, ink, "end", True)
                )

    top = lane("Emotion curve (mean sentiment, 95% interval)", 170, False)
    shapes.extend(
        curve_shapes(view.curves, [s.stage.name for s in stages], x_of[0], top, COL_W, 170)
    )
    if len(view.curves) > 1:
        for k, curve in enumerate(view.curves):
            colour = MUTED if curve.reference else LINE_COLOURS[k % len(LINE_COLOURS)]
            ly = top + 40 + k * 14
            shapes.append(
                Line(
                    [(PAD + 4, ly - 3), (PAD + 22, ly - 3)],
                    colour,
                    2.5,
                    "5 4" if curve.reference else DASHES[k % len(DASHES)],
                )
            )
            shapes.append(Marker(PAD + 13, ly - 3, MARKERS[k % len(MARKERS)], colour, size=3))
            shapes.append(Text(PAD + 26, ly, wrap(curve.label, LABEL_W - 30, 8, 1)[0], 8, INK))

    top = lane("Emotions (dominant, mix)", 40, True)
    for i, sv in enumerate(stages):
        if sv.n:
            shapes.append(Text(x_of[i] + 6, top + 15, sv.dominant_emotion, 10, INK, bold=True))
            shapes.append(Text(x_of[i] + 6, top + 29, emotion_mix(sv.emotions), 8, MUTED))

    top = lane("KPIs", 28, False)
    for i, sv in enumerate(stages):
        shapes.append(Text(x_of[i] + 6, top + 17, kpi_text(sv.nps, sv.csat, sv.ces), 9, INK))

    # Each stage's pain cards: the card's lines, then a spacer line between cards.
    spacer: _Line = ("", 6, False, False)
    pain_cards = [
        [(pain, _pain_card(pain, inner)) for pain in view.pains_at(sv.stage.id)] for sv in stages
    ]
    pain_lines = [[line for _, card in cards for line in (*card, spacer)] for cards in pain_cards]
    height = 12 + max([14.0, *(_lines_height(lines) for lines in pain_lines)])
    top = lane("Pain points (by severity)", height, True)
    for i, lines in enumerate(pain_lines):
        ly = top + 4
        for pain, card in pain_cards[i]:
            block = _lines_height(card) + 4
            shapes.append(
                Rect(
                    x_of[i] + 3,
                    ly,
                    COL_W - 6,
                    block,
                    fill="#ffffff",
                    stroke="#000000",
                    stroke_width=LEVEL_STROKE[pain.level],
                )
            )
            ly += block + 2
        ly = top + 4
        for text, size, bold, italic in lines:
            ly += size + 4
            if text:
                shapes.append(Text(x_of[i] + 8, ly, text, size, INK, bold=bold, italic=italic))
        if not lines:
            shapes.append(Text(x_of[i] + 6, top + 18, "none found", 9, MUTED, italic=True))

    top = lane(
        "Opportunities and owner teams",
        12
        + 12
        * max(
            [
                1,
                *(
                    sum(len(_opportunity(p, inner)) for p in view.pains_at(sv.stage.id))
                    for sv in stages
                ),
            ]
        ),
        False,
    )
    for i, sv in enumerate(stages):
        ly = top + 15
        for pain in view.pains_at(sv.stage.id):
            for line in _opportunity(pain, inner):
                shapes.append(Text(x_of[i] + 6, ly, line, 8.5, INK))
                ly += 12

    y += 10
    shapes.append(Text(PAD, y + 10, "Scale:", 9, INK, bold=True))
    lx = PAD + 40
    for _upper, fill, ink, words in BANDS:
        w = 12 + len(words) * 5.0
        shapes.append(Rect(lx, y, w, 14, fill=fill, stroke=LINE))
        shapes.append(Text(lx + 5, y + 10, words, 7.5, ink))
        lx += w + 4
    shapes.append(Rect(lx + 6, y, 14, 14, fill="#ffffff", stroke="#000000", stroke_width=3))
    shapes.append(Text(lx + 26, y + 10, "⚠ pain point (thicker outline = more severe)", 8, INK))
    y += 30
    description = "; ".join(
        f"{sv.stage.name}: mean {signed(sv.mean)}, {sv.n} answers, {sv.dominant_emotion}"
        for sv in stages
    )
    return Drawing(width, y, f"{view.journey.name} — journey map", description, shapes)


def _opportunity(pain: PainView, width: float) -> list[str]:
    """A pain point's owner team, opportunity and priority, wrapped to the column."""
    point = pain.point
    owner = point.owner_team if point and point.owner_team else "no owner yet"
    note = point.opportunity if point and point.opportunity else "no opportunity noted"
    priority = point.priority if point else "unrated"
    return wrap(
        f"#{pain.rank} {pain.touchpoint.name}: {owner} — {note} ({priority})", width, 8.5, 4
    )


#: One line of a text block: text, font size, bold, italic.
_Line = tuple[str, float, bool, bool]


def _lines_height(lines: Sequence[_Line]) -> float:
    """How tall a block of lines is: each line its font size plus 4 of leading."""
    return sum(size + 4 for _text, size, _bold, _italic in lines)


def _pain_card(pain: PainView, inner: float) -> list[_Line]:
    """The lines of one pain point's card: rank and touchpoint, severity, themes, a quote."""
    lines: list[_Line] = [
        (f"⚠ #{pain.rank} {pain.touchpoint.name}", 9.5, True, False),
        (
            f"severity {pain.level} ({pain.cell.severity:.1f}) · "
            f"{pain.cell.negative_share * 100:.0f}% negative",
            8,
            False,
            False,
        ),
    ]
    if pain.themes:
        themes = ", ".join(f"{t['phrase']} ({t['count']})" for t in pain.themes[:3])
        lines += [(line, 8, False, False) for line in wrap(f"Themes: {themes}", inner, 8, 2)]
    if pain.quotes:
        quote = f"“{pain.quotes[0]['text']}”"
        lines += [(line, 8, False, True) for line in wrap(quote, inner, 8, 3)]
    return lines
