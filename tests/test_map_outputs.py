"""One MapView, every output: the page, the SVG, the PDF, the CSV and the JSON drawn from the same
view show the same stages, the same cells (answers per stage × touchpoint) and the same pain
points with the same top theme — each output parsed the way its reader would read it; and the
downloads of an older snapshot are that snapshot."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

import pypdf
import pytest
from flask import Flask, render_template
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import journeys
import surveys
from app.web.maps import page_context
from demo import seed_demo
from journeys import render
from journeys.map_build import build_map_view
from journeys.map_view import MapFilters, MapView
from journeys.render.lanes import COL_W, LABEL_W, PAD
from surveys.models import Journey, Survey
from tests.conftest import make_journey, make_survey

SVG = "{http://www.w3.org/2000/svg}"
# A tile's second line: channel, answers and, when it moved significantly, ▲ / ▼ (^ / v in the PDF).
DETAIL = re.compile(r"^[a-z ]+ · (\d+) answers(?: · [▲▼^v] (?:better|worse))?$")
CARD = re.compile(r"^[⚠!] #(\d+) (.+)$")  # a pain card's title (⚠ is "!" in the PDF's font)

Cell = tuple[str, str, int]  # stage, touchpoint, answers
Pain = tuple[int, str, str]  # rank, stage, touchpoint


class Outputs:
    """What one output says: its stages in order, its cells, its pain points, its first themes."""

    def __init__(self, stages: list[str], cells: set[Cell], pains: set[Pain], text: str) -> None:
        self.stages, self.cells, self.pains, self.text = stages, cells, pains, text


@pytest.fixture
def demo(session: Session) -> Journey:
    journey = seed_demo(session, answers=600)
    assert journey is not None
    journeys.rollup(session, min_answers=30)
    session.commit()
    return journey


class _PageReader(HTMLParser):
    """The map page's stage headers, touchpoint chips (per stage column) and pain-point list."""

    def __init__(self) -> None:
        super().__init__()
        self.stages: list[str] = []
        self.chips: list[tuple[int, str, str]] = []  # column, name, meta
        self.pains: list[str] = []
        self._lane = ""
        self._column = -1
        self._span = ""
        self._in_pain_title = False
        self._in_pain_item = False  # pain titles are the h3 of the pain list's items

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "tr":
            self._lane, self._column = next((c for c in classes if c.startswith("lane-")), ""), -1
        elif tag == "td" and self._lane == "lane-touchpoints":
            self._column += 1
        elif tag == "span" and classes[:1] in (["stage-name"], ["tp-name"], ["tp-meta"]):
            self._span = classes[0]
        elif tag == "li" and "pain-point" in classes:
            self._in_pain_item = True
        elif tag == "h3" and self._in_pain_item:
            self._in_pain_title = True
            self.pains.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self._span = ""
        elif tag == "h3":
            self._in_pain_title = False
        elif tag == "li":
            self._in_pain_item = False

    def handle_data(self, data: str) -> None:
        if self._span == "stage-name":
            self.stages.append(data)
        elif self._span == "tp-name" and self._lane == "lane-touchpoints":
            self.chips.append((self._column, data, ""))
        elif self._span == "tp-meta" and self.chips and not self.chips[-1][2]:
            column, name, _meta = self.chips[-1]
            self.chips[-1] = (column, name, data)
        if self._in_pain_title:
            self.pains[-1] += data


def _page(app: Flask, view: MapView) -> Outputs:
    with app.test_request_context(f"/journeys/{view.journey.slug}/map"):
        html = render_template("maps/map.html", **page_context(view), can_edit=False, shared=False)
    page = _PageReader()
    page.feed(html)
    cells = set()
    for column, name, meta in page.chips:
        answers = re.search(r"· (\d+) scored responses? ·", meta)
        if answers:  # a touchpoint without answers has no cell
            cells.add((page.stages[column], name, int(answers.group(1))))
    pains = set()
    for title in page.pains:
        found = re.fullmatch(r"⚠ Pain point #(\d+): (.+) at (.+)", title.strip())
        assert found, title
        pains.add((int(found.group(1)), found.group(3), found.group(2)))
    return Outputs(page.stages, cells, pains, html)


# A tile's name may start with its pain point's rank or a watch mark (⚠ prints as ! in the PDF).
TILE_FLAG = re.compile(r"^(?:[⚠!] #\d+ |[◔o] watch: )")


def _drawing(texts: list[tuple[float, float, str]], stages: list[str], top_down: bool) -> Outputs:
    """Cells and pain cards of the slide from its texts' positions: a touchpoint box's name sits
    13 points above its detail line; a column's stage follows from its x."""

    def column(x: float) -> str:
        return stages[int((x - PAD - LABEL_W) // COL_W)]

    above = -13.0 if top_down else 13.0
    at = {(round(x), round(y)): text for x, y, text in texts}
    cells, pains = set(), set()
    for x, y, text in texts:
        if detail := DETAIL.match(text):
            name = TILE_FLAG.sub("", at[round(x), round(y + above)])
            cells.add((column(x), name, int(detail.group(1))))
        elif card := CARD.match(text):
            pains.add((int(card.group(1)), column(x), card.group(2)))
    return Outputs(stages, cells, pains, " ".join(t for _x, _y, t in texts))


def _svg(view: MapView) -> Outputs:
    root = ET.fromstring(render.map_svg(view))
    texts = [
        (float(t.get("x", 0)), float(t.get("y", 0)), t.text or "") for t in root.iter(f"{SVG}text")
    ]
    stages = [t for _x, _y, t in texts if t in {s.stage.name for s in view.stages}]
    return _drawing(texts, stages, top_down=True)


def _pdf(view: MapView) -> Outputs:
    page = pypdf.PdfReader(io.BytesIO(render.map_pdf(view))).pages[0]
    texts: list[tuple[float, float, str]] = []

    def visit(text: str, _cm: Any, tm: Any, _font: Any, _size: Any) -> None:
        if text.strip():
            texts.append((float(tm[4]), float(tm[5]), text.strip()))

    page.extract_text(visitor_text=visit)
    stages = [t for _x, _y, t in texts if t in {s.stage.name for s in view.stages}]
    return _drawing(texts, stages, top_down=False)


def _csv(view: MapView) -> Outputs:
    rows = list(csv.DictReader(io.StringIO(render.to_csv(view))))
    cells = {(r["stage"], r["touchpoint"], int(r["n"])) for r in rows}
    pains = {(int(r["pain_point_rank"]), r["stage"], r["touchpoint"]) for r in rows if r["themes"]}
    stages = list(dict.fromkeys(r["stage"] for r in rows))  # in map order, those with answers
    return Outputs(stages, cells, pains, " ".join(r["themes"] for r in rows))


def _json(view: MapView) -> Outputs:
    data = json.loads(render.to_json(view))
    cells = {(c["stage"], c["touchpoint"], c["n"]) for c in data["cells"]}
    pains = {(p["rank"], p["stage"], p["touchpoint"]) for p in data["pain_points"]}
    themes = [f"{t['phrase']} ({t['count']})" for p in data["pain_points"] for t in p["themes"]]
    return Outputs([s["name"] for s in data["stages"]], cells, pains, " ".join(themes))


@pytest.mark.parametrize(
    "persona", [None, "Bargain hunter"], ids=["newest snapshot", "one persona's cut of buckets"]
)
def test_page_svg_pdf_csv_and_json_of_one_view_show_the_same_map(
    app: Flask, session: Session, demo: Journey, persona: str | None
) -> None:
    chosen = next((p.id for p in demo.personas if p.name == persona), None)
    view = build_map_view(session, demo, MapFilters(persona_id=chosen), min_answers=20)
    stages = [s.stage.name for s in view.stages]
    cells = {(c.stage.name, c.touchpoint.name, c.n) for c in view.cells.values()}
    pains = {(p.rank, p.stage.name, p.touchpoint.name) for p in view.pain_points}
    themes = [f"{p.themes[0].phrase} ({p.themes[0].count})" for p in view.pain_points]
    assert pains and all(p.themes for p in view.pain_points), "the cut should show pain points"

    outputs = {
        "page": _page(app, view),
        "svg": _svg(view),
        "pdf": _pdf(view),
        "csv": _csv(view),
        "json": _json(view),
    }
    for name, shown in outputs.items():
        if name == "csv":  # one row per cell: stages without answers have none
            assert shown.stages == [s for s in stages if any(c[0] == s for c in cells)], name
        else:
            assert shown.stages == stages, name
        assert shown.cells == cells, name
        assert shown.pains == pains, name
        for theme in themes:  # the top theme of each pain point, with its count
            assert theme in shown.text, (name, theme)


def test_downloads_of_an_older_snapshot_are_that_snapshot_and_refuse_filters(
    signed_in: FlaskClient, session: Session
) -> None:
    journey = make_journey(session)
    support = make_survey(session, journey, stage="Retention", touchpoint="Support call")
    _answer(session, support, ["Terrible, rude and useless support."] * 6)
    (first,) = journeys.rollup(session, min_answers=5)
    _answer(session, support, ["Lovely, helpful support. Great!"] * 30)
    journeys.rollup(session, min_answers=5)
    session.commit()
    base = f"/journeys/{journey.slug}"
    older = f"snapshot={first.snapshot_id}"

    def answers(path: str) -> int:
        reply = signed_in.get(path)
        assert reply.status_code == 200, reply.text
        if path.split("?")[0].endswith(".json"):
            return sum(c["n"] for c in json.loads(reply.text)["cells"])
        return sum(int(r["n"]) for r in csv.DictReader(io.StringIO(reply.text)))

    assert answers(f"{base}/map.json") == answers(f"{base}/map.csv") == 36
    assert answers(f"{base}/map.json?{older}") == answers(f"{base}/map.csv?{older}") == 6
    narrowed = signed_in.get(f"{base}/map.csv?{older}&channel=web")
    assert narrowed.status_code == 400 and "older snapshot" in narrowed.text


def _answer(session: Session, survey: Survey, texts: list[str]) -> None:
    for text in texts:
        response = surveys.submit_response(session, survey.versions[-1], {"q1": 2, "q2": text})
        journeys.score_answers(session, response.answers)
    session.commit()
