"""Shapes written out as SVG: the map export, and the emotion curve the page shows inline.

Every piece of text is XML-escaped, so a journey, stage or answer text can never become markup.
No style attributes or scripts: presentation attributes only, which a strict CSP allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from journeys.map_view import MapView
from journeys.render.lanes import map_shapes
from journeys.render.layout import (
    EMOTION_COLOURS,
    Drawing,
    Line,
    Marker,
    Polygon,
    Rect,
    Shape,
    curve_shapes,
    signed,
)

# Helvetica or a metric twin (Arial, Liberation Sans) first: the layout wraps and places text by
# Helvetica's widths, so the SVG's text fits its boxes as the PDF's does.
FONT = "Helvetica, Arial, 'Liberation Sans', 'Nimbus Sans', sans-serif"


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _dash(dash: str | None) -> str:
    return f' stroke-dasharray="{dash}"' if dash else ""


def shape_svg(shape: Shape) -> str:
    """One shape as an SVG element."""
    if isinstance(shape, Rect):
        fill = shape.fill or "none"
        stroke = (
            f' stroke="{shape.stroke}" stroke-width="{_n(shape.stroke_width)}"{_dash(shape.dash)}'
            if shape.stroke
            else ""
        )
        return (
            f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.w)}" '
            f'height="{_n(shape.h)}" fill="{fill}"{stroke}/>'
        )
    if isinstance(shape, Line):
        return (
            f'<polyline points="{_points(shape.points)}" fill="none" stroke="{shape.stroke}" '
            f'stroke-width="{_n(shape.width)}" stroke-linejoin="round"{_dash(shape.dash)}/>'
        )
    if isinstance(shape, Polygon):
        return (
            f'<polygon points="{_points(shape.points)}" fill="{shape.fill}" '
            f'fill-opacity="{shape.opacity}"/>'
        )
    if isinstance(shape, Marker):
        title = f"<title>{escape(shape.label)}</title>" if shape.label else ""
        return f'<g class="point">{_marker(shape)}{title}</g>'
    weight = ' font-weight="bold"' if shape.bold else ""
    style = ' font-style="italic"' if shape.italic else ""
    return (
        f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}" '
        f'fill="{shape.fill}" text-anchor="{shape.anchor}"{weight}{style}>'
        f"{escape(shape.text)}</text>"
    )


def _marker(m: Marker) -> str:
    s = m.size
    common = f'fill="{m.fill}" stroke="#ffffff" stroke-width="1"'
    if m.shape == "square":
        return f'<rect x="{_n(m.x - s)}" y="{_n(m.y - s)}" width="{_n(2 * s)}" height="{_n(2 * s)}" {common}/>'  # noqa: E501
    if corners := m.corners():
        return f'<polygon points="{_points(corners)}" {common}/>'
    return f'<circle cx="{_n(m.x)}" cy="{_n(m.y)}" r="{_n(s)}" {common}/>'


def drawing_svg(drawing: Drawing, *, element_id: str = "map", standalone: bool = True) -> str:
    """A whole drawing as an SVG document (or an inline ``<svg>`` element for a page)."""
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    body = "\n".join(shape_svg(s) for s in drawing.shapes)
    return (
        f'{head}<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(drawing.width)} '
        f'{_n(drawing.height)}" width="{_n(drawing.width)}" height="{_n(drawing.height)}" '
        f'role="img" aria-labelledby="{element_id}-title {element_id}-desc" '
        f"font-family={quoteattr(FONT)}>\n"
        f'<title id="{element_id}-title">{escape(drawing.title)}</title>\n'
        f'<desc id="{element_id}-desc">{escape(drawing.description)}</desc>\n'
        f'<rect width="100%" height="100%" fill="#ffffff"/>\n{body}\n</svg>\n'
    )


def map_svg(view: MapView) -> str:
    """The journey map as a standalone SVG file."""
    return drawing_svg(map_shapes(view))


CURVE_COL_W, CURVE_H = 200.0, 190.0


def curve_svg(view: MapView) -> str:
    """The emotion curve as an inline SVG element, one stage column wide per stage, so it lines
    up with the page's stage columns when drawn at full width."""
    names = [s.stage.name for s in view.stages]
    shapes = curve_shapes(view.curves, names, 0.0, 0.0, CURVE_COL_W, CURVE_H, view.targets)
    summary = "; ".join(
        f"{c.label}: "
        + ", ".join(
            f"{name} {signed(p.mean)}" if p else f"{name} no answers"
            for name, p in zip(names, c.points, strict=True)
        )
        for c in view.curves
    )
    drawing = Drawing(
        CURVE_COL_W * max(1, len(names)),
        CURVE_H,
        f"Emotion curve for {view.persona_label}: mean sentiment per stage with its 95% interval",
        summary,
        shapes,
    )
    svg = drawing_svg(drawing, element_id="curve", standalone=False)
    # Inline, the page sizes it to its column; the fixed size is for standalone files only.
    return svg.replace(
        f'width="{_n(drawing.width)}" height="{_n(drawing.height)}" ',
        'class="curve" ',
        1,
    )


def mix_bar_svg(emotions: dict[str, float]) -> str:
    """A small stacked bar of an emotion mix, for the page (decorative: the shares are also
    written out beside it, so it is hidden from screen readers)."""
    x, parts = 0.0, []
    for name, colour in EMOTION_COLOURS.items():
        share = max(0.0, float(emotions.get(name, 0.0)))
        if share <= 0:
            continue
        parts.append(
            f'<rect x="{_n(x * 100)}" y="0" width="{_n(share * 100)}" height="8" fill="{colour}">'
            f"<title>{escape(name)} {share * 100:.0f}%</title></rect>"
        )
        x += share
    return (
        '<svg class="mix" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" '
        f'focusable="false">{"".join(parts)}</svg>'
    )
