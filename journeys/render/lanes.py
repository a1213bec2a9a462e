"""The journey map as one slide of shapes: a function per lane, each drawing its band from the
``y`` it is given and saying how tall the band is, stacked top to bottom by ``map_shapes``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from journeys.canvas_models import CanvasLane, CellNote
from journeys.map_view import CellView, MapView, PainView, StageView
from journeys.models import quadrant
from journeys.render.layout import (
    BANDS,
    DASHES,
    HEADER,
    INK,
    LINE,
    LINE_COLOURS,
    MARKERS,
    MUTED,
    TO_BE_DASH,
    TO_BE_LABEL,
    Drawing,
    Line,
    Marker,
    Rect,
    Shape,
    Text,
    cell_band,
    curve_shapes,
    emotion_mix,
    kpi_text,
    signed,
    wrap,
)
from journeys.render.metrics import text_width
from journeys.verdicts import WATCH_MIN_ANSWERS
from surveys.models import Stage, Touchpoint

LABEL_W, COL_W, PAD = 130.0, 210.0, 16.0
INNER = COL_W - 12  # text width inside a stage column
CARD_TEXT = COL_W - 22  # text width inside a card (its outline and padding on both sides)
LEVEL_STROKE = {"high": 4.0, "medium": 3.0, "low": 2.0}
CURVE_H = 170.0
TILE_H = 56.0
LABEL_SIZE, LABEL_LEAD = 9.5, 12.0


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


def _label_lines(label: str) -> list[str]:
    return wrap(label, LABEL_W - 10, LABEL_SIZE, 3, bold=True)


def _label_height(label: str) -> float:
    """How tall a lane must be for its label in the left margin (baseline of the last line,
    plus its descent and a gap), so no rule below ever crosses it."""
    return 16 + LABEL_LEAD * (len(_label_lines(label)) - 1) + 8


def _frame(grid: Grid, y: float, label: str, height: float, *, shade: bool) -> list[Shape]:
    """A lane's backdrop: optional shading, a rule on top, its label in the left margin."""
    shapes: list[Shape] = []
    if shade:
        shapes.append(Rect(PAD, y, grid.width - 2 * PAD, height, fill="#f6f7f9"))
    shapes.append(Line([(PAD, y), (grid.width - PAD, y)], LINE, 0.75))
    for i, line in enumerate(_label_lines(label)):
        shapes.append(Text(PAD + 4, y + 16 + i * LABEL_LEAD, line, LABEL_SIZE, INK, bold=True))
    return shapes


def _lane(
    grid: Grid, y: float, label: str, content: float, shapes: list[Shape], *, shade: bool
) -> Band:
    """A lane of ``content`` height (at least its label's), its frame drawn under ``shapes``."""
    height = max(content, _label_height(label))
    return Band(_frame(grid, y, label, height, shade=shade) + shapes, height)


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
    width = grid.width - 2 * PAD
    shapes: list[Shape] = [
        Text(PAD, y + 18, wrap(view.journey.name, width, 18, 1, bold=True)[0], 18, INK, bold=True)
    ]
    lines = wrap(summary, width, 9.5, 2)
    shapes += [Text(PAD, y + 36 + i * 12, line, 9.5, MUTED) for i, line in enumerate(lines)]
    return Band(shapes, 38 + 12 * len(lines))


def stage_lane(view: MapView, grid: Grid, y: float) -> Band:
    """The stage headers: name, answers and owner team."""
    shapes: list[Shape] = []
    for x, sv in zip(grid.columns, view.stages, strict=False):
        owner = f" · owner {sv.stage.owner_team}" if sv.stage.owner_team else ""
        name = wrap(sv.stage.name, COL_W - 24, 12, 1, bold=True)[0]
        detail = wrap(f"{sv.n} answers{owner}", COL_W - 24, 8.5, 1)[0]
        shapes += [
            Rect(x + 2, y, COL_W - 4, 38, fill=HEADER),
            Text(x + 10, y + 17, name, 12, "#ffffff", bold=True),
            Text(x + 10, y + 31, detail, 8.5, "#ffffff"),
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
    shapes: list[Shape] = []
    for x, lines in zip(grid.columns, texts, strict=False):
        for j, line in enumerate(lines):
            shapes.append(Text(x + 6, y + 15 + j * 12, line, 9, INK))
    return _lane(grid, y, label, 10 + 12 * max([1, *map(len, texts)]), shapes, shade=shade)


def goals_lane(view: MapView, grid: Grid, y: float) -> Band:
    """What the customer wants at each stage."""
    return _stage_text_lane(view, grid, y, "Customer goals", lambda s: s.goals, shade=True)


def actions_lane(view: MapView, grid: Grid, y: float) -> Band:
    """What the customer does at each stage."""
    return _stage_text_lane(view, grid, y, "Actions", lambda s: s.actions, shade=False)


def _custom_lane(view: MapView, grid: Grid, y: float, lane: CanvasLane, shade: bool) -> Band:
    """One lane of the team's own words: its text at each stage, as tall as the longest."""
    texts = [wrap(lane.text_at(sv.stage.id) or "—", INNER, 9, 6) for sv in view.stages]
    shapes: list[Shape] = []
    for x, lines in zip(grid.columns, texts, strict=False):
        for j, line in enumerate(lines):
            shapes.append(Text(x + 6, y + 15 + j * 12, line, 9, INK))
    return _lane(grid, y, lane.name, 10 + 12 * max([1, *map(len, texts)]), shapes, shade=shade)


def custom_lanes(view: MapView, grid: Grid, y: float) -> Band:
    """The team's own lanes ("thoughts", "backstage", "systems"…) in their order, one below the
    other (no band when the map has none)."""
    shapes: list[Shape] = []
    top = y
    for k, lane in enumerate(view.canvas.lanes):
        drawn = _custom_lane(view, grid, y, lane, shade=k % 2 == 1)
        shapes += drawn.shapes
        y += drawn.height
    return Band(shapes, y - top)


def _tile(view: MapView, stage_id: int, tp: Touchpoint, x: float, ty: float) -> list[Shape]:
    """One touchpoint's tile: name and score, channel and answers, its feeling in words —
    a pain point or a cell to watch with its complaints' feeling, never drawn neutral."""
    cell = view.cell(stage_id, tp.id)
    right = x + COL_W - 10  # where the score ends
    shapes: list[Shape] = []
    if cell is None:
        shapes.append(Rect(x + 4, ty, COL_W - 8, TILE_H, fill="#ffffff", stroke=LINE))
        shapes.append(
            Text(
                x + 10, ty + 13, wrap(tp.name, COL_W - 20, 9, 1, bold=True)[0], 9, MUTED, bold=True
            )
        )
        detail = f"{tp.channel.replace('_', ' ')} · no answers"
        shapes.append(Text(x + 10, ty + 25, wrap(detail, COL_W - 20, 8, 1)[0], 8, MUTED))
        shapes.append(Text(x + 10, ty + 50, f"evidence: {view.evidence(None)}", 8, MUTED))
        return shapes
    fill, ink, words = cell_band(cell)
    if cell.is_pain_point:
        shapes.append(Rect(x + 4, ty, COL_W - 8, TILE_H, fill, "#000000", stroke_width=3))
        badge = f"⚠ #{cell.pain_rank} "
    elif cell.watch:
        shapes.append(Rect(x + 4, ty, COL_W - 8, TILE_H, fill, "#000000", 1.5, "4 2"))
        badge = "◔ watch: "
    else:
        shapes.append(Rect(x + 4, ty, COL_W - 8, TILE_H, fill, LINE))
        badge = ""
    score = signed(cell.mean)
    name_w = right - (x + 10) - text_width(score, 11, bold=True) - 8
    name = wrap(badge + tp.name, name_w, 9, 1, bold=True)[0]
    detail = f"{tp.channel.replace('_', ' ')} · {cell.n} answers"
    if cell.trend:
        detail += f" · {cell.trend_words}"
    feeling = f"{cell.feeling_words} · {words}"
    shapes += [
        Text(x + 10, ty + 13, name, 9, ink, bold=True),
        Text(right, ty + 15, score, 11, ink, "end", True),
        Text(x + 10, ty + 26, wrap(detail, COL_W - 20, 8, 1)[0], 8, ink),
        Text(x + 10, ty + 38, wrap(feeling, COL_W - 20, 8, 1)[0], 8, ink),
        Text(x + 10, ty + 50, f"evidence: {view.evidence(cell)}", 8, ink),
    ]
    return shapes


def touchpoints_lane(view: MapView, grid: Grid, y: float) -> Band:
    """Each stage's touchpoints: channel, answers and mean sentiment, pain points outlined."""
    rows = max([1, *(len(sv.touchpoints) for sv in view.stages)])
    shapes: list[Shape] = []
    for x, sv in zip(grid.columns, view.stages, strict=False):
        for j, tp in enumerate(sv.touchpoints):
            shapes += _tile(view, sv.stage.id, tp, x, y + 6 + j * (TILE_H + 4))
    label = "Touchpoints (channel, mean sentiment)"
    return _lane(grid, y, label, 8 + rows * (TILE_H + 4), shapes, shade=True)


def curve_lane(view: MapView, grid: Grid, y: float) -> Band:
    """The emotion curve across the stage columns, with a key below the label when it has
    several lines."""
    label = "Emotion curve (mean sentiment, 95% interval)"
    names = [s.stage.name for s in view.stages]
    shapes = curve_shapes(view.curves, names, grid.columns[0], y, COL_W, CURVE_H, view.targets)
    top = y + _label_height(label) + 6
    # The key: each line when there are several, and the to-be line when the team set one.
    keys = (
        [
            (
                curve.label,
                MUTED if curve.reference else LINE_COLOURS[k % len(LINE_COLOURS)],
                "5 4" if curve.reference else DASHES[k % len(DASHES)],
                MARKERS[k % len(MARKERS)],
            )
            for k, curve in enumerate(view.curves)
        ]
        if len(view.curves) > 1
        else []
    )
    if any(t is not None for t in view.targets):
        keys.append((TO_BE_LABEL, "#000000", TO_BE_DASH, "diamond"))
    for k, (words, colour, dash, marker) in enumerate(keys):
        ly = top + k * 14
        shapes += [
            Line([(PAD + 4, ly - 3), (PAD + 22, ly - 3)], colour, 2.5, dash),
            Marker(PAD + 13, ly - 3, marker, colour, size=3),
            Text(PAD + 26, ly, wrap(words, LABEL_W - 32, 8, 1)[0], 8, INK),
        ]
    content = max(CURVE_H, top - y + 14 * len(keys) if keys else 0)
    return _lane(grid, y, label, content, shapes, shade=False)


def emotions_lane(view: MapView, grid: Grid, y: float) -> Band:
    """Each stage's feeling — its complaints' when its negative share stands out — with the
    reason and its mix in words."""
    columns: list[list[tuple[str, float, bool]]] = []
    for sv in view.stages:
        lines: list[tuple[str, float, bool]] = []
        if sv.n:
            lines.append((wrap(sv.feeling, INNER, 10, 1, bold=True)[0], 10, True))
            lines += [(t, 8, False) for t in wrap(sv.feeling_note, INNER, 8, 3)]
            lines += [(t, 8, False) for t in wrap(emotion_mix(sv.emotions), INNER, 8, 2)]
        columns.append(lines)
    shapes: list[Shape] = []
    for x, lines in zip(grid.columns, columns, strict=False):
        ly = y + 3
        for text, size, bold in lines:
            ly += size + 3
            shapes.append(Text(x + 6, ly, text, size, INK if bold else MUTED, bold=bold))
    content = 12 + max([0.0, *(sum(size + 3 for _t, size, _b in c) for c in columns)])
    return _lane(grid, y, "Emotions (stage feeling, mix)", max(40.0, content), shapes, shade=True)


def kpis_lane(view: MapView, grid: Grid, y: float) -> Band:
    """Each stage's NPS, CSAT and CES."""
    shapes: list[Shape] = []
    for x, sv in zip(grid.columns, view.stages, strict=False):
        text = wrap(kpi_text(sv.nps, sv.csat, sv.ces), INNER, 9, 1)[0]
        shapes.append(Text(x + 6, y + 17, text, 9, INK))
    return _lane(grid, y, "KPIs", 28, shapes, shade=False)


#: One line of a text block: text, font size, bold, italic.
_TextLine = tuple[str, float, bool, bool]
_SPACER: _TextLine = ("", 6, False, False)


def _lines_height(lines: Sequence[_TextLine]) -> float:
    """How tall a block of lines is: each line its font size plus 4 of leading."""
    return sum(size + 4 for _text, size, _bold, _italic in lines)


def _plain(text: str, size: float = 8, lines: int = 2) -> list[_TextLine]:
    return [(t, size, False, False) for t in wrap(text, CARD_TEXT, size, lines)]


def _pain_card(pain: PainView) -> list[_TextLine]:
    """The lines of one pain point's card: rank and touchpoint, severity, what its complaints
    feel, themes, a quote."""
    title = wrap(f"⚠ #{pain.rank} {pain.touchpoint.name}", CARD_TEXT, 9.5, 2, bold=True)
    lines: list[_TextLine] = [(t, 9.5, True, False) for t in title]
    lines += _plain(
        f"severity {pain.level} ({pain.severity:.1f}) · "
        f"{pain.cell.negative_share * 100:.0f}% negative"
    )
    if pain.cell.complaint_emotion:
        lines += _plain(f"complaints mostly {pain.cell.complaint_emotion}")
    if pain.themes:
        themes = ", ".join(f"{t.phrase} ({t.count})" for t in pain.themes[:3])
        lines += _plain(f"Themes: {themes}")
    if pain.quotes:
        quote = f"“{pain.quotes[0].text}”"
        lines += [(t, 8, False, True) for t in wrap(quote, CARD_TEXT, 8, 3)]
    return lines


def _watch_card(cell: CellView, min_answers: int) -> list[_TextLine]:
    """The lines of a cell to watch: few answers, strongly negative, with its intervals."""
    low, high = cell.negative_interval
    title = wrap(f"◔ Watch — few answers: {cell.touchpoint.name}", CARD_TEXT, 9.5, 2, bold=True)
    lines: list[_TextLine] = [(t, 9.5, True, False) for t in title]
    lines += _plain(f"{cell.n} answers (a pain point needs {min_answers})")
    lines += _plain(
        f"mean {signed(cell.mean)} (95% {signed(cell.ci_low)} to {signed(cell.ci_high)})"
    )
    lines += _plain(
        f"{cell.negative_share * 100:.0f}% negative (95% {low * 100:.0f}–{high * 100:.0f}%)"
    )
    if cell.complaint_emotion:
        lines += _plain(f"complaints mostly {cell.complaint_emotion}")
    return lines


def pains_lane(view: MapView, grid: Grid, y: float) -> Band:
    """Each stage's pain points as cards, worst first, outlined thicker the more severe; then
    its cells to watch, outlined dashed."""
    shapes: list[Shape] = []
    tallest = 14.0
    for x, sv in zip(grid.columns, view.stages, strict=False):
        cards: list[tuple[list[_TextLine], float, str | None]] = [
            (_pain_card(p), LEVEL_STROKE[p.level], None) for p in view.pains_at(sv.stage.id)
        ]
        cards += [
            (_watch_card(c, view.min_answers), 1.5, "4 2") for c in view.watches_at(sv.stage.id)
        ]
        ly = y + 4
        for lines, stroke, dash in cards:
            block = _lines_height(lines) + 6
            shapes.append(Rect(x + 3, ly, COL_W - 6, block, "#ffffff", "#000000", stroke, dash))
            ty = ly + 1
            for text, size, bold, italic in lines:
                ty += size + 4
                shapes.append(Text(x + 10, ty, text, size, INK, bold=bold, italic=italic))
            ly += block + 6
        if not cards:
            shapes.append(Text(x + 6, y + 18, "none found", 9, MUTED, italic=True))
        tallest = max(tallest, ly - y)
    return _lane(grid, y, "Pain points (by severity)", tallest + 8, shapes, shade=True)


def _opportunity(pain: PainView) -> list[str]:
    """A pain point's owner team, opportunity and priority, wrapped to the column."""
    owner = pain.owner_team or "no owner yet"
    note = pain.opportunity or "no opportunity noted"
    return wrap(
        f"#{pain.rank} {pain.touchpoint.name}: {owner} — {note} ({pain.priority})", INNER, 8.5, 4
    )


def note_place(sv: StageView, touchpoint_id: int | None) -> str:
    """Where a note sits in words: a touchpoint of the stage, or the stage as a whole."""
    if touchpoint_id is None:
        return f"{sv.stage.name} (stage)"
    return next((t.name for t in sv.touchpoints if t.id == touchpoint_id), "a touchpoint")


def _note(sv: StageView, note: CellNote) -> list[str]:
    """A stage's or cell's note: where, owner team, opportunity, notes, status and quadrant."""
    owner = note.owner_team or "no owner yet"
    text = " — ".join(t for t in (note.opportunity, note.notes) if t) or "no opportunity noted"
    rating = note.status.replace("_", " ")
    if note.value is not None and note.effort is not None:
        rating += f", {quadrant(note.value, note.effort)}"
    return wrap(f"{note_place(sv, note.touchpoint_id)}: {owner} — {text} ({rating})", INNER, 8.5, 4)


def opportunities_lane(view: MapView, grid: Grid, y: float) -> Band:
    """What the teams mean to do about each pain point, stage and cell, and who owns it."""
    notes = [
        [line for p in view.pains_at(sv.stage.id) for line in _opportunity(p)]
        + [line for n in view.canvas.notes_at(sv.stage.id) for line in _note(sv, n)]
        for sv in view.stages
    ]
    shapes: list[Shape] = []
    for x, lines in zip(grid.columns, notes, strict=False):
        for j, line in enumerate(lines):
            shapes.append(Text(x + 6, y + 15 + j * 12, line, 8.5, INK))
    label = "Opportunities and owner teams"
    return _lane(grid, y, label, 12 + 12 * max([1, *map(len, notes)]), shapes, shade=False)


def customers_lane(view: MapView, grid: Grid, y: float) -> Band:
    """What follows each touchpoint for the customers who passed it: the downstream effects the
    evidence holds, under the stage of the touchpoint they start from. No lane for a journey
    that does not follow customers."""
    paths = view.customer_paths
    if paths is None:
        return Band([], 0.0)
    stage_of = {t.id: t.stage_id for t in view.touchpoints}
    notes: list[list[str]] = []
    for sv in view.stages:
        found = [e for e in paths.found if stage_of.get(e.from_touchpoint_id) == sv.stage.id]
        notes.append([line for e in found for line in wrap(view.effect_sentence(e), INNER, 8.5, 5)])
    shapes: list[Shape] = []
    for x, lines in zip(grid.columns, notes, strict=False):
        for j, line in enumerate(lines):
            shapes.append(Text(x + 6, y + 15 + j * 12, line, 8.5, INK))
    summary = (
        f"{paths.customers} customers followed by their {paths.field}, "
        f"{paths.returning} at two or more touchpoints"
    )
    if not paths.found:
        summary += f"; no downstream effect holds yet (each group needs {paths.min_group})"
    tallest = 12 + 12 * max([0, *map(len, notes)])
    summary_lines = wrap(summary, grid.width - 2 * PAD - LABEL_W, 8, 2)
    shapes += [
        Text(grid.columns[0] + 6, y + tallest + 10 + i * 11, line, 8, MUTED, italic=True)
        for i, line in enumerate(summary_lines)
    ]
    content = tallest + 6 + 11 * len(summary_lines)
    return _lane(grid, y, "After this touchpoint", content, shapes, shade=True)


LEGEND_NOTE = (
    "A pain point or a cell to watch is labelled with what its complaints feel and coloured at "
    "least slightly negative, whatever its mean. A stage shows its complaints' emotion when its "
    "negative share stands out: at least {min} answers and a 95% (Wilson) interval wholly above "
    "the rest of the journey's; a stage holding a pain point otherwise reads mixed. Watch: "
    "{watch}–{below} answers and a mean of −0.25 or below, or a negative share above the rest "
    "of the journey's with 95% confidence."
)


def legend_lane(view: MapView, grid: Grid, y: float) -> Band:
    """The colour scale in words, what a pain point's and a watched cell's outline mean, and
    how a cell's and a stage's feeling are chosen; items flow onto a new row when full."""
    right = grid.width - PAD
    shapes: list[Shape] = [Text(PAD, y + 20, "Scale:", 9, INK, bold=True)]
    lx, top = PAD + 40, y + 10
    items: list[tuple[str, str, str, float, str | None]] = [
        (words, fill, ink, 1.0, None) for _upper, fill, ink, words in BANDS
    ]
    items += [
        ("⚠ pain point (thicker outline = more severe)", "#ffffff", INK, 3.0, None),
        (
            f"◔ watch — fewer than {view.min_answers} answers, strongly negative",
            "#ffffff",
            INK,
            1.5,
            "4 2",
        ),
    ]
    if any(t is not None for t in view.targets):
        items.append((f"- - - {TO_BE_LABEL}", "#ffffff", INK, 1.0, None))
    for words, fill, ink, stroke, dash in items:
        w = text_width(words, 7.5) + 12
        if lx + w > right:
            lx, top = PAD + 40, top + 20
        outline = "#000000" if stroke > 1 else LINE
        shapes.append(Rect(lx, top, w, 14, fill, outline, stroke, dash))
        shapes.append(Text(lx + 6, top + 10, words, 7.5, ink))
        lx += w + 6
    note = LEGEND_NOTE.format(
        min=view.min_answers, watch=WATCH_MIN_ANSWERS, below=view.min_answers - 1
    )
    note += " " + view.evidence_rule
    lines = wrap(note, right - PAD, 8, 6)
    ny = top + 32
    shapes += [Text(PAD, ny + i * 11, line, 8, MUTED) for i, line in enumerate(lines)]
    return Band(shapes, ny - y + 11 * len(lines))


#: The slide's lanes, top to bottom.
LANES: tuple[Lane, ...] = (
    title_lane,
    stage_lane,
    goals_lane,
    actions_lane,
    custom_lanes,
    touchpoints_lane,
    curve_lane,
    emotions_lane,
    kpis_lane,
    pains_lane,
    opportunities_lane,
    customers_lane,
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
        f"{sv.stage.name}: mean {signed(sv.mean)}, {sv.n} answers, {sv.feeling}"
        for sv in view.stages
    )
    return Drawing(grid.width, y, f"{view.journey.name} — journey map", description, shapes)
