"""Shapes written out as a one-page PDF by a small writer of our own (no runtime dependency).

Text uses the PDF base-14 Helvetica faces in WinAnsi encoding, so any viewer shows it and text
extraction reads it back; characters outside that encoding fall back to a close ASCII form. The
document title is a Unicode text string (UTF-16BE with a byte-order mark), so it reads back as
written, dashes and all.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from journeys.map_view import MapView
from journeys.render.lanes import map_shapes
from journeys.render.layout import Drawing, Line, Marker, Polygon, Rect, Shape, Text
from journeys.render.metrics import text_width

# Characters WinAnsi lacks, said in ones it has.
_FALLBACK = str.maketrans(
    {"−": "-", "⚠": "!", "◔": "o", "▲": "^", "▼": "v", "→": "->", "✓": "v", "\u00a0": " "}
)
_FONTS = {(False, False): "F1", (True, False): "F2", (False, True): "F3", (True, True): "F4"}
_FONT_NAMES = ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique")
_KAPPA = 0.5522847498  # Bézier control distance that makes four curves a circle


def _rgb(colour: str) -> str:
    value = colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return f"{r:.3f} {g:.3f} {b:.3f}"


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsi (cp1252), with its delimiters escaped."""
    raw = text.translate(_FALLBACK).encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def info_string(text: str) -> bytes:
    """A PDF text string for the document information (title): UTF-16BE with its byte-order
    mark, as hex, so any character of the title reads back as written."""
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().upper().encode("ascii") + b">"


class _Canvas:
    """Collects drawing operators in PDF space (origin bottom-left) from top-left shapes."""

    def __init__(self, height: float) -> None:
        self.height = height
        self.ops: list[bytes] = []

    def y(self, value: float) -> float:
        return self.height - value

    def op(self, text: str) -> None:
        self.ops.append(text.encode("ascii"))

    def _path(self, points: Sequence[tuple[float, float]]) -> None:
        (x0, y0), *rest = points
        self.op(f"{_num(x0)} {_num(self.y(y0))} m")
        for x, y in rest:
            self.op(f"{_num(x)} {_num(self.y(y))} l")

    def _dash(self, dash: str | None) -> None:
        self.op(f"[{dash}] 0 d" if dash else "[] 0 d")

    def shape(self, shape: Shape) -> None:
        if isinstance(shape, Rect):
            self._rect(shape)
        elif isinstance(shape, Line):
            if len(shape.points) < 2:
                return
            self.op(f"{_rgb(shape.stroke)} RG {_num(shape.width)} w")
            self._dash(shape.dash)
            self._path(shape.points)
            self.op("S")
        elif isinstance(shape, Polygon):
            # Opacity needs a graphics state; a lighter tint of the colour reads the same on white.
            self.op(f"{_tint(shape.fill, shape.opacity)} rg")
            self._path(shape.points)
            self.op("h f")
        elif isinstance(shape, Marker):
            self._marker(shape)
        else:
            self._text(shape)

    def _rect(self, r: Rect) -> None:
        box = f"{_num(r.x)} {_num(self.y(r.y + r.h))} {_num(r.w)} {_num(r.h)} re"
        if r.fill:
            self.op(f"{_rgb(r.fill)} rg {box} f")
        if r.stroke:
            self.op(f"{_rgb(r.stroke)} RG {_num(r.stroke_width)} w")
            self._dash(r.dash)
            self.op(f"{box} S")

    def _marker(self, m: Marker) -> None:
        self.op(f"{_rgb(m.fill)} rg")
        s = m.size
        if m.shape == "square":
            self.op(f"{_num(m.x - s)} {_num(self.y(m.y + s))} {_num(2 * s)} {_num(2 * s)} re f")
            return
        if corners := m.corners():
            self._path(corners)
            self.op("h f")
            return
        cx, cy, k = m.x, self.y(m.y), s * _KAPPA
        self.op(f"{_num(cx + s)} {_num(cy)} m")
        for (x1, y1), (x2, y2), (x3, y3) in (
            ((cx + s, cy + k), (cx + k, cy + s), (cx, cy + s)),
            ((cx - k, cy + s), (cx - s, cy + k), (cx - s, cy)),
            ((cx - s, cy - k), (cx - k, cy - s), (cx, cy - s)),
            ((cx + k, cy - s), (cx + s, cy - k), (cx + s, cy)),
        ):
            self.op(" ".join(_num(v) for v in (x1, y1, x2, y2, x3, y3)) + " c")
        self.op("f")

    def _text(self, t: Text) -> None:
        x = t.x
        printed = t.text.translate(_FALLBACK)
        if t.anchor == "end":
            x -= text_width(printed, t.size, bold=t.bold)
        elif t.anchor == "middle":
            x -= text_width(printed, t.size, bold=t.bold) / 2
        font = _FONTS[(t.bold, t.italic)]
        self.op(f"BT {_rgb(t.fill)} rg /{font} {_num(t.size)} Tf {_num(x)} {_num(self.y(t.y))} Td")
        self.ops.append(pdf_string(t.text) + b" Tj ET")


def _tint(colour: str, opacity: float) -> str:
    value = colour.lstrip("#")
    channels = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return " ".join(f"{1 - (1 - c) * opacity:.3f}" for c in channels)


def _font_object(name: str) -> bytes:
    return (
        f"<< /Type /Font /Subtype /Type1 /BaseFont /{name} /Encoding /WinAnsiEncoding >>".encode()
    )


def drawing_pdf(drawing: Drawing) -> bytes:
    """A drawing as a one-page PDF sized to it, with its title in the document info."""
    canvas = _Canvas(drawing.height)
    for shape in drawing.shapes:
        canvas.shape(shape)
    content = zlib.compress(b"\n".join(canvas.ops))
    fonts = b" ".join(f"/{_FONTS[k]} {5 + i} 0 R".encode() for i, k in enumerate(_FONTS))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_num(drawing.width)} "
            f"{_num(drawing.height)}] /Contents 4 0 R "
        ).encode()
        + b"/Resources << /Font << "
        + fonts
        + b" >> >> >>",
        f"<< /Length {len(content)} /Filter /FlateDecode >>\nstream\n".encode()
        + content
        + b"\nendstream",
        *(_font_object(name) for name in _FONT_NAMES),
        b"<< /Title " + info_string(drawing.title) + b" /Producer (Journeymap) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def map_pdf(view: MapView) -> bytes:
    """The journey map as a PDF file: the same layout as the SVG export."""
    return drawing_pdf(map_shapes(view))
