"""The journey map as one slide of shapes: a function per lane, each drawing its band from the
``y`` it is given and saying how tall the band is, stacked top to bottom by ``map_shapes``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from journeys.map_view import MapView, PainView
from journeys.render.layout import (
    BANDS,
    DASHES,
    HEADER,
    INK,
    LINE,
    LINE_COLOURS,
    MARKERS,
    MUTED,
    Drawing,
    Line,
    Marker,
    Rect,
    Shape,
    Text,
    band,
    curve_shapes,
    emotion_mix,
    kpi_text,
    signed,
    wrap,
)
from surveys.models import Stage

LABEL_W, COL_W, PAD = 130.0, 210.0, 16.0
INNER = COL_W - 12  # text width inside a stage column
LEVEL_STROKE = {"high": 4.0, "medium": 3.0, "low": 2.0}
CURVE_H = 170.0


@dataclass(frozen=True, slots=True)
class Grid:
    """Where things sit across the slide: its width and each stage column's left edge."""

    width: float
    columns: list[float]

    @classmethod
    def for_stages(cls, count: int) -> Grid:
        """The grid of a map with ``count`` stage columns (at least one, for an empty map)."""
        cols = max(1, count)
        return cls(
            PAD * 2 + LABEL_W + COL_W * cols, [PAD + LABEL_W + COL_W * i for i in range(cols)]
        )


@dataclass(frozen=True, slots=True)
class Band:
    """What one lane drew, and how tall it is."""

    shapes: list[Shape]
    height: float


Lane = Callable[[MapView, Grid, float], Band]


def _frame(grid: Grid, y: float, label: str, height: float, *, shade: bool) -> list[Shape]:
    """A lane's backdrop: optional shading, a rule on top, its label in the left margin."""
    shapes: list[Shape] = []
    if shade:
        shapes.append(Rect(PAD, y, grid.width - 2 * PAD, height, fill="#f6f7f9"))
    shapes.append(Line([(PAD, y), (grid.width - PAD, y)], LINE, 0.75))
    for i, line in enumerate(wrap(label, LABEL_W - 10, 9.5, 3)):
        shapes.append(Text(PAD + 4, y + 16 + i * 12, line, 9.5, INK, bold=True))
    return shapes


def title_lane(view: MapView, grid: Grid, y: float) -> Band:
    """The journey's name and what the map shows: who, which channel and days, how many answers."""
    scope = f"Customer journey map · {view.persona_label}"
    if view.filters.channel:
        scope += f" · channel {view.filters.channel.replace('_', ' ')}"
    if view.filters.since or view.filters.until:
        since = view.filters.since.isoformat() if view.filters.since else "start"
        until = view.filters.until.isoformat() if view.filters.until else "today"
        scope += f" · {since} to {until}"
    when = view.snapshot.generated_at.strftime("%Y-%m-%d %H:%M") if view.snapshot else "—"
    summary = f"{scope} · {view.answer_count} scored answers · rolled up {when} UTC"
    return Band(
        [
            Text(PAD, y + 18, view.journey.name, 18, INK, bold=True),
            Text(PAD, y + 36, summary, 9.5, MUTED),
        ],
        50,
    )


def stage_lane(view: MapView, grid: Grid, y: float) -> Band:
    """The stage headers: name, answers and owner team."""
    shapes: list[Shape] = []
    for x, sv in zip(grid.columns, view.stages, strict=False):
        owner = f" · owner {sv.stage.owner_team}" if sv.stage.owner_team else ""
        shapes += [
            Rect(x + 2, y, COL_W - 4, 38, fill=HEADER),
            Text(x + 10, y + 17, sv.stage.name, 12, "#ffffff", bold=True),
            Text(x + 10, y + 31, f"{sv.n} answers{owner}", 8.5, "#ffffff"),
        ]
    shapes.append(Text(PAD + 4, y + 23, "Stage", 10, INK, bold=True))
    return Band(shapes, 44)


def _stage_text_lane(
    view: MapView,
    grid: Grid,
    y: float,
    label: str,
    text_of: Callable[[Stage], str],
    *,
    shade: bool,
) -> Band:
    """A lane of each stage's own words, as tall as the longest."""
    texts = [wrap(text_of(sv.stage) or "—", INNER, 9, 4) for sv in view.stages]
    height = 10 + 12 * max([1, *map(len, texts)])
    shapes = _frame(grid, y, label, height, shade=shade)
    for x, lines in zip(grid.columns, texts, strict=False):
        for j, line in enumerate(lines):
            shapes.append(Text(x + 6, y + 15 + j * 12, line, 9, INK))
    return Band(shapes, height)


def goals_lane(view: MapView, grid: Grid, y: float) -> Band:
    """What the customer wants at each stage."""
    return _stage_text_lane(view, grid, y, "Customer goals", lambda s: s.goals, shade=True)


def actions_lane(view: MapView, grid: Grid, y: float) -> Band:
    """What the customer does at each stage."""
    return _stage_text_lane(view, grid, y, "Actions", lambda s: s.actions, shade=False)


def touchpoints_lane(view: MapView, grid: Grid, y: float) -> Band:
    """Each stage's touchpoints: channel, answers and mean sentiment, pain points outlined."""
    rows = max([1, *(len(sv.touchpoints) for sv in view.stages)])
    height = 8 + rows * 34
    shapes = _frame(grid, y, "Touchpoints (channel, mean sentiment)", height, shade=True)
    for x, sv in zip(grid.columns, view.stages, strict=False):
        for j, tp in enumerate(sv.touchpoints):
            cell = view.cell(sv.stage.id, tp.id)
            ty = y + 6 + j * 34
            fill, ink, _words = band(cell.mean) if cell else ("#ffffff", MUTED, "")
            is_pain = cell is not None and cell.is_pain_point
            shapes.append(
                Rect(
                    x + 4,
                    ty,
                    COL_W - 8,
                    30,
                    fill=fill,
                    stroke="#000000" if is_pain else LINE,
                    stroke_width=3 if is_pain else 1,
                )
            )
            name = ("⚠ " if is_pain else "") + tp.name
            shapes.append(Text(x + 10, ty + 12, wrap(name, INNER - 60, 9, 1)[0], 9, ink, bold=True))
            channel = tp.channel.replace("_", " ")
            detail = f"{channel} · {cell.n} answers" if cell else f"{channel} · no answers"
            shapes.append(Text(x + 10, ty + 25, detail, 8, ink))
            if cell:
                shapes.append(
                    Text(x + COL_W - 10, ty + 19, signed(cell.mean), 11, ink, "end", True)
                )
    return Band(shapes, height)


def curve_lane(view: MapView, grid: Grid, y: float) -> Band:
    """The emotion curve across the stage columns, with a key when it has several lines."""
    shapes = _frame(grid, y, "Emotion curve (mean sentiment, 95% interval)", CURVE_H, shade=False)
    names = [s.stage.name for s in view.stages]
    shapes += curve_shapes(view.curves, names, grid.columns[0], y, COL_W, CURVE_H)
    if len(view.curves) > 1:
        for k, curve in enumerate(view.curves):
            colour = MUTED if curve.reference else LINE_COLOURS[k % len(LINE_COLOURS)]
            dash = "5 4" if curve.reference else DASHES[k % len(DASHES)]
            ly = y + 40 + k * 14
            shapes += [
                Line([(PAD + 4, ly - 3), (PAD + 22, ly - 3)], colour, 2.5, dash),
                Marker(PAD + 13, ly - 3, MARKERS[k % len(MARKERS)], colour, size=3),
                Text(PAD + 26, ly, wrap(curve.label, LABEL_W - 30, 8, 1)[0], 8, INK),
            ]
    return Band(shapes, CURVE_H)


def emotions_lane(view: MapView, grid: Grid, y: float) -> Band:
    """Each stage's dominant emotion and its mix in words."""
    shapes = _frame(grid, y, "Emotions (dominant, mix)", 40, shade=True)
    for x, sv in zip(grid.columns, view.stages, strict=False):
        if sv.n:
            shapes.append(Text(x + 6, y + 15, sv.dominant_emotion, 10, INK, bold=True))
            shapes.append(Text(x + 6, y + 29, emotion_mix(sv.emotions), 8, MUTED))
    return Band(shapes, 40)


def kpis_lane(view: MapView, grid: Grid, y: float) -> Band:
    """Each stage's NPS, CSAT and CES."""
    shapes = _frame(grid, y, "KPIs", 28, shade=False)
    for x, sv in zip(grid.columns, view.stages, strict=False):
        shapes.append(Text(x + 6, y + 17, kpi_text(sv.nps, sv.csat, sv.ces), 9, INK))
    return Band(shapes, 28)


#: One line of a text block: text, font size, bold, italic.
_TextLine = tuple[str, float, bool, bool]
_SPACER: _TextLine = ("", 6, False, False)


def _lines_height(lines: Sequence[_TextLine]) -> float:
    """How tall a block of lines is: each line its font size plus 4 of leading."""
    return sum(size + 4 for _text, size, _bold, _italic in lines)


def _pain_card(pain: PainView) -> list[_TextLine]:
    """The lines of one pain point's card: rank and touchpoint, severity, themes, a quote."""
    lines: list[_TextLine] = [
        (f"⚠ #{pain.rank} {pain.touchpoint.name}", 9.5, True, False),
        (
            f"severity {pain.level} ({pain.severity:.1f}) · "
            f"{pain.cell.negative_share * 100:.0f}% negative",
            8,
            False,
            False,
        ),
    ]
    if pain.themes:
        themes = ", ".join(f"{t.phrase} ({t.count})" for t in pain.themes[:3])
        lines += [(line, 8, False, False) for line in wrap(f"Themes: {themes}", INNER, 8, 2)]
    if pain.quotes:
        quote = f"“{pain.quotes[0].text}”"
        lines += [(line, 8, False, True) for line in wrap(quote, INNER, 8, 3)]
    return lines


def pains_lane(view: MapView, grid: Grid, y: float) -> Band:
    """Each stage's pain points as cards, worst first, outlined thicker the more severe."""
    cards = [
        [(pain, _pain_card(pain)) for pain in view.pains_at(sv.stage.id)] for sv in view.stages
    ]
    # A stage's lines: each card's, then a spacer between cards.
    lines = [[line for _pain, card in column for line in (*card, _SPACER)] for column in cards]
    height = 12 + max([14.0, *(_lines_height(column) for column in lines)])
    shapes = _frame(grid, y, "Pain points (by severity)", height, shade=True)
    for x, column, column_lines in zip(grid.columns, cards, lines, strict=False):
        ly = y + 4
        for pain, card in column:
            block = _lines_height(card) + 4
            stroke = LEVEL_STROKE[pain.level]
            shapes.append(
                Rect(x + 3, ly, COL_W - 6, block, "#ffffff", "#000000", stroke_width=stroke)
            )
            ly += block + 2
        ly = y + 4
        for text, size, bold, italic in column_lines:
            ly += size + 4
            if text:
                shapes.append(Text(x + 8, ly, text, size, INK, bold=bold, italic=italic))
        if not column_lines:
            shapes.append(Text(x + 6, y + 18, "none found", 9, MUTED, italic=True))
    return Band(shapes, height)


def _opportunity(pain: PainView) -> list[str]:
    """A pain point's owner team, opportunity and priority, wrapped to the column."""
    owner = pain.owner_team or "no owner yet"
    note = pain.opportunity or "no opportunity noted"
    return wrap(
        f"#{pain.rank} {pain.touchpoint.name}: {owner} — {note} ({pain.priority})", INNER, 8.5, 4
    )


def opportunities_lane(view: MapView, grid: Grid, y: float) -> Band:
    """What the teams mean to do about each pain point, and who owns it."""
    notes = [
        [line for p in view.pains_at(sv.stage.id) for line in _opportunity(p)] for sv in view.stages
    ]
    height = 12 + 12 * max([1, *map(len, notes)])
    shapes = _frame(grid, y, "Opportunities and owner teams", height, shade=False)
    for x, lines in zip(grid.columns, notes, strict=False):
        for j, line in enumerate(lines):
            shapes.append(Text(x + 6, y + 15 + j * 12, line, 8.5, INK))
    return Band(shapes, height)


def legend_lane(view: MapView, grid: Grid, y: float) -> Band:
    """The colour scale in words, and what a pain point's outline means."""
    top = y + 10
    shapes: list[Shape] = [Text(PAD, top + 10, "Scale:", 9, INK, bold=True)]
    lx = PAD + 40
    for _upper, fill, ink, words in BANDS:
        w = 12 + len(words) * 5.0
        shapes.append(Rect(lx, top, w, 14, fill=fill, stroke=LINE))
        shapes.append(Text(lx + 5, top + 10, words, 7.5, ink))
        lx += w + 4
    shapes.append(Rect(lx + 6, top, 14, 14, fill="#ffffff", stroke="#000000", stroke_width=3))
    shapes.append(Text(lx + 26, top + 10, "⚠ pain point (thicker outline = more severe)", 8, INK))
    return Band(shapes, 40)


#: The slide's lanes, top to bottom.
LANES: tuple[Lane, ...] = (
    title_lane,
    stage_lane,
    goals_lane,
    actions_lane,
    touchpoints_lane,
    curve_lane,
    emotions_lane,
    kpis_lane,
    pains_lane,
    opportunities_lane,
    legend_lane,
)


def map_shapes(view: MapView) -> Drawing:
    """The whole map as a slide: each lane below the one before."""
    grid = Grid.for_stages(len(view.stages))
    shapes: list[Shape] = []
    y = PAD
    for lane in LANES:
        drawn = lane(view, grid, y)
        shapes += drawn.shapes
        y += drawn.height
    description = "; ".join(
        f"{sv.stage.name}: mean {signed(sv.mean)}, {sv.n} answers, {sv.dominant_emotion}"
        for sv in view.stages
    )
    return Drawing(grid.width, y, f"{view.journey.name} — journey map", description, shapes)
