"""Server-side drawings of a journey map: one layout of shapes, written out as SVG or PDF, so the
page, the SVG export and the PDF export show the same stages, curve and pain points."""

from __future__ import annotations

from journeys.render.layout import curve_shapes, map_shapes
from journeys.render.pdf import map_pdf
from journeys.render.svg import curve_svg, map_svg, mix_bar_svg

__all__ = ["curve_shapes", "curve_svg", "map_pdf", "map_shapes", "map_svg", "mix_bar_svg"]
