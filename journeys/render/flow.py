"""The paths customers take between touchpoints, drawn as a flow: touchpoints in their stage
columns, an arrow per move to a later stage as wide as the customers who made it, the count
beside it. Moves back to an earlier stage or within a stage are not drawn (their arcs would cross
the boxes); the page lists every move in a table, and the drawing's description names them all."""

from __future__ import annotations

from journeys.customers import FlowEdge
from journeys.map_view import MapView
from journeys.render.layout import INK, LINE, MUTED, Drawing, Line, Polygon, Rect, Shape, Text, wrap
from journeys.render.svg import drawing_svg

COL_W, NODE_W, NODE_H, ROW_H, TOP, LEFT = 210.0, 150.0, 42.0, 78.0, 34.0, 16.0
EDGE_COLOUR = "#0072B2"  # Okabe–Ito blue
MAX_EDGES = 14  # the busiest moves drawn; the description lists every one
MAX_WIDTH = 12.0

Point = tuple[float, float]


def _bezier(a: Point, b: Point, c: Point, d: Point, steps: int = 40) -> list[Point]:
    """A cubic Bézier as a polyline (every writer draws polylines the same way)."""
    out = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        out.append(
            (
                u**3 * a[0] + 3 * u * u * t * b[0] + 3 * u * t * t * c[0] + t**3 * d[0],
                u**3 * a[1] + 3 * u * u * t * b[1] + 3 * u * t * t * c[1] + t**3 * d[1],
            )
        )
    return out


def _arrow_head(tip: Point, before: Point, colour: str) -> Polygon:
    dx, dy = tip[0] - before[0], tip[1] - before[1]
    length = max((dx * dx + dy * dy) ** 0.5, 1e-6)
    ux, uy = dx / length, dy / length
    base = (tip[0] - ux * 8, tip[1] - uy * 8)
    return Polygon(
        [tip, (base[0] - uy * 4, base[1] + ux * 4), (base[0] + uy * 4, base[1] - ux * 4)], colour
    )


def flow_drawing(view: MapView) -> Drawing | None:
    """The customer flow of the map's journey, or None when it follows no customers (or none
    moved yet)."""
    paths = view.customer_paths
    if paths is None or not paths.flow:
        return None
    columns = {sv.stage.id: i for i, sv in enumerate(view.stages)}
    place: dict[int, tuple[float, float]] = {}
    rows: dict[int, int] = {}
    for tp in view.touchpoints:
        column = columns.get(tp.stage_id or -1)
        if column is None:
            continue
        row = rows.get(column, 0)
        rows[column] = row + 1
        place[tp.id] = (LEFT + column * COL_W, TOP + row * ROW_H)
    began = {e.to_touchpoint_id: e.customers for e in paths.flow if e.from_touchpoint_id == 0}
    moves = [e for e in paths.flow if e.from_touchpoint_id in place and e.to_touchpoint_id in place]
    drawn = [e for e in moves if _forward(e, place)][:MAX_EDGES]
    busiest = max([e.customers for e in drawn] or [1])
    height = TOP + max(rows.values() or [1]) * ROW_H + 4
    width = LEFT * 2 + COL_W * max(1, len(view.stages))
    shapes: list[Shape] = [
        Text(
            LEFT + i * COL_W,
            18,
            wrap(sv.stage.name, NODE_W, 10, 1, bold=True)[0],
            10,
            INK,
            bold=True,
        )
        for i, sv in enumerate(view.stages)
    ]
    labels: list[Shape] = []
    for edge in drawn:
        shapes_, label = _edge(edge, place, busiest)
        shapes += shapes_
        labels += label
    for tp in view.touchpoints:
        if tp.id not in place:
            continue
        x, y = place[tp.id]
        shapes.append(Rect(x, y, NODE_W, NODE_H, "#ffffff", INK, 1.2))
        shapes.append(
            Text(
                x + 6, y + 16, wrap(tp.name, NODE_W - 12, 9.5, 1, bold=True)[0], 9.5, INK, bold=True
            )
        )
        shapes.append(Text(x + 6, y + 31, f"{began.get(tp.id, 0)} began here", 8, MUTED))
    name = view.touchpoint_name
    description = "; ".join(
        f"{name(e.from_touchpoint_id)} to {name(e.to_touchpoint_id)}: {e.customers} customers"
        for e in moves
    )
    title = f"{view.journey.name} — paths of {paths.customers} customers between touchpoints"
    return Drawing(width, height, title, description, shapes + labels)


def _forward(edge: FlowEdge, place: dict[int, tuple[float, float]]) -> bool:
    """Whether a move goes on to a later stage's column."""
    return place[edge.to_touchpoint_id][0] > place[edge.from_touchpoint_id][0]


def _edge(
    edge: FlowEdge, place: dict[int, tuple[float, float]], busiest: int
) -> tuple[list[Shape], list[Shape]]:
    """One move's arrow (under the boxes it passes), and its count on a white patch (above every
    arrow)."""
    (ax, ay), (bx, by) = place[edge.from_touchpoint_id], place[edge.to_touchpoint_id]
    width = max(1.0, MAX_WIDTH * edge.customers / busiest)
    start, end = (ax + NODE_W, ay + NODE_H / 2), (bx - 2, by + NODE_H / 2)
    bend = (bx - ax - NODE_W) / 2
    points = _bezier(start, (start[0] + bend, start[1]), (end[0] - bend, end[1]), end)
    # The count sits in the gap before the target's column, where no box is.
    gap_middle = bx - (COL_W - NODE_W) / 2
    mid = min(points, key=lambda p: abs(p[0] - gap_middle))
    text = str(edge.customers)
    label_w = 7 + 5.5 * len(text)
    label: list[Shape] = [
        Rect(mid[0] - label_w / 2, mid[1] - 7, label_w, 13, "#ffffff", LINE, 0.5),
        Text(mid[0], mid[1] + 3.5, text, 8, INK, anchor="middle"),
    ]
    arrow: list[Shape] = [
        Line(points, EDGE_COLOUR, width),
        _arrow_head(points[-1], points[-3], EDGE_COLOUR),
    ]
    return arrow, label


def flow_svg(view: MapView) -> str | None:
    """The flow as an inline SVG element for the map page, or None without customer paths."""
    drawing = flow_drawing(view)
    return drawing_svg(drawing, element_id="flow", standalone=False) if drawing else None
