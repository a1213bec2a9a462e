"""Every drawing and export of a journey map, each reading the one ``MapView``: the slide laid
out as shapes lane by lane (``lanes``), written out as SVG, PDF or PNG, and the map as JSON or CSV.
The page, the exports and the CLI therefore show the same stages, cells and pain points."""

from __future__ import annotations

from journeys.render.csv_export import to_csv
from journeys.render.flow import flow_drawing, flow_svg
from journeys.render.json_export import to_json
from journeys.render.lanes import map_shapes
from journeys.render.layout import curve_shapes
from journeys.render.pdf import map_pdf
from journeys.render.png import map_png
from journeys.render.svg import curve_svg, map_svg, mix_bar_svg

__all__ = [
    "curve_shapes",
    "curve_svg",
    "flow_drawing",
    "flow_svg",
    "map_pdf",
    "map_png",
    "map_shapes",
    "map_svg",
    "mix_bar_svg",
    "to_csv",
    "to_json",
]
