"""The value-vs-effort matrix: the pain points and opportunities the team scored, drawn as SVG on
the server with the quick wins named, and the same items as rows for a table.

Colour-blind safe: pain points are vermilion circles and opportunities blue squares (Okabe–Ito),
each labelled with its code, and the table says everything the drawing does."""

from __future__ import annotations

from dataclasses import dataclass

from journeys.map_view import MapView
from journeys.models import HIGH_FROM, quadrant
from journeys.render.layout import INK, LINE, MUTED, Drawing, Line, Marker, Rect, Shape, Text
from journeys.render.svg import drawing_svg

PAIN_COLOUR, OPPORTUNITY_COLOUR = "#D55E00", "#0072B2"
QUICK_WINS_FILL = "#e6f0f7"
LEFT, TOP, SIZE = 64.0, 34.0, 360.0  # the plot's corner and side, in points
STEP = SIZE / 5  # one score's width on either axis


@dataclass(frozen=True, slots=True)
class MatrixItem:
    """A pain point or an opportunity with the team's scores (None until entered)."""

    code: str  # "P1" for pain point #1, "O2" for the second opportunity
    kind: str  # "pain point" | "opportunity"
    where: str  # stage, and touchpoint when it is a cell's
    text: str  # the opportunity noted, or empty
    owner_team: str
    value: int | None
    effort: int | None

    @property
    def placed(self) -> bool:
        """True when both scores are in, so the item has a place on the matrix."""
        return self.value is not None and self.effort is not None

    @property
    def quadrant(self) -> str:
        """The quadrant it falls in, or what it still needs."""
        if self.value is None or self.effort is None:
            return "needs value and effort"
        return quadrant(self.value, self.effort)


def matrix_items(view: MapView) -> list[MatrixItem]:
    """The map's pain points (as the rollup ranked them) then the opportunities noted on its
    stages and cells, in stage order."""
    items = [
        MatrixItem(
            f"P{pain.rank}",
            "pain point",
            f"{pain.stage.name} · {pain.touchpoint.name}",
            pain.opportunity,
            pain.owner_team,
            pain.point.value if pain.point else None,
            pain.point.effort if pain.point else None,
        )
        for pain in view.pain_points
    ]
    names = {t.id: t.name for t in view.touchpoints}
    count = 0
    for sv in view.stages:
        for note in view.canvas.notes_at(sv.stage.id):
            if not note.opportunity and note.value is None and note.effort is None:
                continue
            count += 1
            where = sv.stage.name
            if note.touchpoint_id is not None:
                where += f" · {names.get(note.touchpoint_id, 'a touchpoint')}"
            items.append(
                MatrixItem(
                    f"O{count}",
                    "opportunity",
                    where,
                    note.opportunity,
                    note.owner_team,
                    note.value,
                    note.effort,
                )
            )
    return items


def _x(effort: float) -> float:
    return LEFT + (effort - 0.5) * STEP


def _y(value: float) -> float:
    return TOP + (5.5 - value) * STEP


def matrix_shapes(items: list[MatrixItem], title: str) -> Drawing:
    """The matrix as shapes: effort across (1 left), value up (5 top), split between 2 and 3;
    items sharing a square sit side by side."""
    split = HIGH_FROM - 0.5
    shapes: list[Shape] = [
        Rect(LEFT, TOP, _x(split) - LEFT, _y(split) - TOP, fill=QUICK_WINS_FILL),
        Rect(LEFT, TOP, SIZE, SIZE, stroke=INK),
        Line([(_x(split), TOP), (_x(split), TOP + SIZE)], INK, 1.0, "4 3"),
        Line([(LEFT, _y(split)), (LEFT + SIZE, _y(split))], INK, 1.0, "4 3"),
    ]
    for label, x, y in (
        ("Quick wins", LEFT + 6, TOP + 14),
        ("Long-term projects", _x(split) + 6, TOP + 14),
        ("Fill-ins", LEFT + 6, TOP + SIZE - 6),
        ("Money pits", _x(split) + 6, TOP + SIZE - 6),
    ):
        shapes.append(Text(x, y, label, 10, INK, bold=label == "Quick wins"))
    for score in range(1, 6):
        shapes.append(Text(_x(score), TOP + SIZE + 14, str(score), 9, MUTED, "middle"))
        shapes.append(Text(LEFT - 8, _y(score) + 3, str(score), 9, MUTED, "end"))
        shapes.append(Line([(_x(score), TOP + SIZE), (_x(score), TOP + SIZE + 4)], LINE))
    shapes += [
        Text(LEFT + SIZE / 2, TOP + SIZE + 30, "Effort (1 trivial – 5 major) →", 10, INK, "middle"),
        Text(LEFT - 40, TOP + 10, "Value", 10, INK, bold=True),
        Text(LEFT - 40, TOP + 22, "(5 most)", 8, MUTED),
    ]
    placed = [i for i in items if i.placed]
    for key in {(i.value, i.effort) for i in placed}:
        together = [i for i in placed if (i.value, i.effort) == key]
        value, effort = key
        assert value is not None and effort is not None  # placed items carry both
        for k, item in enumerate(together):
            # Up to three a row, rows stacked, inside the item's square.
            dx = ((k % 3) - (min(3, len(together)) - 1) / 2) * 22
            dy = (k // 3) * 16 - (((len(together) - 1) // 3) * 8)
            x, y = _x(effort) + dx - 6, _y(value) + dy
            shape, colour = (
                ("circle", PAIN_COLOUR)
                if item.kind == "pain point"
                else ("square", OPPORTUNITY_COLOUR)
            )
            words = f"{item.code}: {item.kind} at {item.where}, value {value}, effort {effort}"
            shapes.append(Marker(x, y, shape, colour, words, size=4.5))
            shapes.append(Text(x + 7, y + 3.5, item.code, 8.5, INK, bold=True))
    key_y = TOP + SIZE + 50
    shapes += [
        Marker(LEFT + 6, key_y - 3, "circle", PAIN_COLOUR, size=4.5),
        Text(LEFT + 16, key_y, "P = pain point", 9, INK),
        Marker(LEFT + 116, key_y - 3, "square", OPPORTUNITY_COLOUR, size=4.5),
        Text(LEFT + 126, key_y, "O = opportunity on a stage or cell", 9, INK),
    ]
    description = (
        "; ".join(
            f"{i.code} {i.kind} at {i.where}: value {i.value}, effort {i.effort}, {i.quadrant}"
            for i in placed
        )
        or "Nothing scored yet."
    )
    return Drawing(LEFT + SIZE + 20, key_y + 12, f"Value vs effort — {title}", description, shapes)


def matrix_svg(items: list[MatrixItem], title: str) -> str:
    """The matrix as an inline SVG element for a page."""
    return drawing_svg(matrix_shapes(items, title), element_id="matrix", standalone=False)
