"""Shapes rasterised into a PNG with Pillow: the map as a picture for slides and chat.

Pillow draws the very shapes the SVG and PDF writers translate, so the PNG shows the same map.
Its wheels bundle FreeType, so nothing outside Python is needed but a TrueType font: Liberation
Sans or Arial (metric twins of Helvetica, whose widths the layout wraps by) where the system has
one, else DejaVu Sans, else Pillow's own font. Any text a font draws wider than Helvetica would
is set smaller until it fits, so text never leaves the box the layout gave it.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Sequence
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

from journeys.map_view import MapView
from journeys.render.lanes import map_shapes
from journeys.render.layout import Drawing, Line, Marker, Polygon, Rect, Shape, Text
from journeys.render.metrics import text_width

SCALE = 2.0  # pixels per point: sharp on high-density screens and when a slide is enlarged

# Faces by (bold, italic), most Helvetica-like first; Pillow looks names up in the system's
# font folders.
_FACES: dict[tuple[bool, bool], tuple[str, ...]] = {
    (False, False): ("LiberationSans-Regular.ttf", "Arial.ttf", "DejaVuSans.ttf"),
    (True, False): ("LiberationSans-Bold.ttf", "Arial Bold.ttf", "DejaVuSans-Bold.ttf"),
    (False, True): ("LiberationSans-Italic.ttf", "Arial Italic.ttf", "DejaVuSans-Oblique.ttf"),
    (True, True): (
        "LiberationSans-BoldItalic.ttf",
        "Arial Bold Italic.ttf",
        "DejaVuSans-BoldOblique.ttf",
    ),
}
_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}  # horizontal anchor, on the baseline

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=256)
def _font(bold: bool, italic: bool, pixels: int) -> Font:
    """The most Helvetica-like face the system has, at ``pixels`` high."""
    for name in _FACES[bold, italic]:
        try:
            return ImageFont.truetype(name, pixels)
        except OSError:
            continue
    return ImageFont.load_default(pixels)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _dashes(dash: str | None) -> list[float]:
    return [float(v) * SCALE for v in dash.split()] if dash else []


def _dashed(
    points: Sequence[tuple[float, float]], pattern: list[float]
) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The drawn pieces of a polyline under a dash pattern (Pillow draws solid lines only)."""
    pieces = []
    index, left, on = 0, pattern[0], True
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        length, done = math.hypot(x1 - x0, y1 - y0), 0.0
        while done < length:
            step = min(left, length - done)
            if on:
                a, b = done / length, (done + step) / length
                pieces.append(
                    (
                        (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                        (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b),
                    )
                )
            done += step
            left -= step
            if left <= 0:
                index = (index + 1) % len(pattern)
                left, on = pattern[index], not on
    return pieces


class _Painter:
    """Draws top-left shapes in points onto an image ``SCALE`` pixels per point."""

    def __init__(self, drawing: Drawing) -> None:
        size = (math.ceil(drawing.width * SCALE), math.ceil(drawing.height * SCALE))
        self.image = Image.new("RGB", size, "#ffffff")
        self.draw = ImageDraw.Draw(self.image)

    def _line(
        self, points: Sequence[tuple[float, float]], colour: str, width: float, dash: str | None
    ) -> None:
        scaled = [(x * SCALE, y * SCALE) for x, y in points]
        pixels = max(1, round(width * SCALE))
        if not dash:
            self.draw.line(scaled, fill=_rgb(colour), width=pixels, joint="curve")
            return
        for start, end in _dashed(scaled, _dashes(dash)):
            self.draw.line([start, end], fill=_rgb(colour), width=pixels)

    def shape(self, shape: Shape) -> None:
        if isinstance(shape, Rect):
            box = [
                shape.x * SCALE,
                shape.y * SCALE,
                (shape.x + shape.w) * SCALE,
                (shape.y + shape.h) * SCALE,
            ]
            if shape.fill:
                self.draw.rectangle(box, fill=_rgb(shape.fill))
            if shape.stroke:
                x0, y0, x1, y1 = (v / SCALE for v in box)
                corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
                self._line(corners, shape.stroke, shape.stroke_width, shape.dash)
        elif isinstance(shape, Line):
            if len(shape.points) >= 2:
                self._line(shape.points, shape.stroke, shape.width, shape.dash)
        elif isinstance(shape, Polygon):
            self._translucent(shape)
        elif isinstance(shape, Marker):
            self._marker(shape)
        else:
            self._text(shape)

    def _translucent(self, shape: Polygon) -> None:
        """A see-through polygon, blended over what is drawn in its bounding box only."""
        xs = [x * SCALE for x, _y in shape.points]
        ys = [y * SCALE for _x, y in shape.points]
        left, top = max(0, math.floor(min(xs))), max(0, math.floor(min(ys)))
        right, bottom = math.ceil(max(xs)) + 1, math.ceil(max(ys)) + 1
        layer = Image.new("RGBA", (right - left, bottom - top), (0, 0, 0, 0))
        ImageDraw.Draw(layer).polygon(
            [(x - left, y - top) for x, y in zip(xs, ys, strict=True)],
            fill=(*_rgb(shape.fill), round(255 * shape.opacity)),
        )
        self.image.paste(layer, (left, top), layer)

    def _marker(self, m: Marker) -> None:
        x, y, s = m.x * SCALE, m.y * SCALE, m.size * SCALE
        fill, white = _rgb(m.fill), (255, 255, 255)
        if m.shape == "square":
            self.draw.rectangle([x - s, y - s, x + s, y + s], fill=fill, outline=white)
        elif corners := m.corners():
            points = [(cx * SCALE, cy * SCALE) for cx, cy in corners]
            self.draw.polygon(points, fill=fill, outline=white)
        else:
            self.draw.ellipse([x - s, y - s, x + s, y + s], fill=fill, outline=white)

    def _text(self, t: Text) -> None:
        if not t.text:
            return
        room = text_width(t.text, t.size, bold=t.bold) * SCALE
        pixels = max(1, round(t.size * SCALE))
        font = _font(t.bold, t.italic, pixels)
        while pixels > 4 and self.draw.textlength(t.text, font=font) > room:
            pixels -= 1  # a wider face than Helvetica: smaller, never past its box
            font = _font(t.bold, t.italic, pixels)
        self.draw.text(
            (t.x * SCALE, t.y * SCALE),
            t.text,
            fill=_rgb(t.fill),
            font=font,
            anchor=_ANCHORS[t.anchor],
        )


def drawing_png(drawing: Drawing) -> bytes:
    """A drawing as PNG bytes, ``SCALE`` pixels per point, with its title as a text chunk."""
    painter = _Painter(drawing)
    for shape in drawing.shapes:
        painter.shape(shape)
    info = PngInfo()
    info.add_itxt("Title", drawing.title)  # iTXt: UTF-8, so the title keeps its dashes
    out = io.BytesIO()
    # Light compression: a map picture compresses well anyway, and encoding dominates the time.
    painter.image.save(out, "PNG", pnginfo=info, compress_level=3)
    return out.getvalue()


def map_png(view: MapView) -> bytes:
    """The journey map as a PNG picture: the same layout as the SVG and PDF."""
    return drawing_png(map_shapes(view))
