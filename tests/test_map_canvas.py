"""The canvas a team shapes on its map — notes on stages and cells, lanes of its own, the to-be
line, evidence marks and the value-vs-effort matrix — through the real app on a migrated
database: edited by researchers, drawn on the page and in every export, refused to viewers."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from demo.data import JOURNEY_SLUG
from journeys import canvas
from journeys.annotations import annotate
from journeys.canvas_models import CanvasLane, CellNote, StageTarget
from journeys.errors import InvalidAnnotation, InvalidCanvasEdit
from journeys.map_build import build_map_view
from journeys.map_view import MapFilters
from journeys.models import PainPoint, quadrant
from surveys import accounts
from surveys.models import Journey
from tests.conftest import Seed, csrf_token, login, make_journey, make_user, seed_demo_map

HOSTILE = '<script>alert("lane")</script> & <b>bold</b>'


@pytest.fixture
def database_seed(request: pytest.FixtureRequest) -> Seed | None:
    """Tests that read the demo start from a copy of it, seeded once per session."""
    return seed_demo_map if "demo" in request.fixturenames else None


@pytest.fixture
def demo(session: Session) -> Journey:
    """The demo journey of ``seed_demo_map``, in this test's own database."""
    return session.scalars(select(Journey).where(Journey.slug == JOURNEY_SLUG)).one()


def _post(client: FlaskClient, url: str, data: dict[str, str], page: str) -> int:
    return client.post(url, data={"csrf_token": csrf_token(page), **data}).status_code


def _pdf_text(pdf: bytes) -> str:
    return " ".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


def _svg_words(svg: str) -> str:
    """The SVG's text, its lines joined by spaces (a wrapped sentence reads whole again)."""
    return " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))


def _lane_rows(html: str) -> list[str]:
    return re.findall(r'<span class="lane-name">([^<]*)</span>', html)


def test_researcher_adds_renames_orders_and_removes_lanes_drawn_on_page_and_slide(
    signed_in: FlaskClient, session: Session, demo: Journey
) -> None:
    base = f"/journeys/{demo.slug}"
    page = signed_in.get(f"{base}/map").text
    assert 'class="add-lane' in page
    for name in ("Thoughts", "Backstage", "Systems"):
        assert _post(signed_in, f"{base}/map/lanes", {"name": name}, page) == 302
    lanes = session.scalars(select(CanvasLane).order_by(CanvasLane.position)).all()
    thoughts, backstage, systems = lanes
    first = demo.stages[0]
    reply = _post(
        signed_in,
        f"{base}/map/lanes/{backstage.id}",
        {"name": HOSTILE, f"text-{first.id}": "Agent opens CRM ticket; <i>queue</i> & SLA"},
        page,
    )
    assert reply == 302
    assert _post(signed_in, f"{base}/map/lanes/{systems.id}/move", {"direction": "up"}, page) == 302
    assert _post(signed_in, f"{base}/map/lanes/{thoughts.id}/remove", {}, page) == 302

    html = signed_in.get(f"{base}/map").text
    escaped = "&lt;script&gt;alert(&#34;lane&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    assert _lane_rows(html) == ["Systems", escaped]
    assert "<script>alert(" not in html and "&lt;i&gt;queue&lt;/i&gt; &amp; SLA" in html
    svg = signed_in.get(f"{base}/map.svg").text
    assert (
        "Systems" in svg and "&lt;i&gt;queue&lt;/i&gt; &amp; SLA" in svg and "<script>" not in svg
    )
    assert svg.index(">Systems<") < svg.index("&lt;script&gt;alert")  # the order moved
    assert "Agent opens CRM ticket" in _pdf_text(signed_in.get(f"{base}/map.pdf").data)
    png = signed_in.get(f"{base}/map.png")
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")


def test_lane_edits_that_do_not_fit_are_refused_naming_the_field(
    signed_in: FlaskClient, session: Session, demo: Journey
) -> None:
    base = f"/journeys/{demo.slug}"
    page = signed_in.get(f"{base}/map").text
    long_name = signed_in.post(
        f"{base}/map/lanes", data={"csrf_token": csrf_token(page), "name": "x" * 61}
    )
    assert long_name.status_code == 400 and "name" in long_name.text and "60" in long_name.text
    assert (
        signed_in.post(
            f"{base}/map/lanes", data={"csrf_token": csrf_token(page), "name": "  "}
        ).status_code
        == 400
    )
    lane = canvas.add_lane(session, demo, "Systems")
    session.commit()
    stage = demo.stages[0]
    too_long = signed_in.post(
        f"{base}/map/lanes/{lane.id}",
        data={"csrf_token": csrf_token(page), "name": "Systems", f"text-{stage.id}": "y" * 501},
    )
    assert too_long.status_code == 400 and f"text-{stage.id}" in too_long.text
    sideways = signed_in.post(
        f"{base}/map/lanes/{lane.id}/move",
        data={"csrf_token": csrf_token(page), "direction": "left"},
    )
    assert sideways.status_code == 400 and "direction" in sideways.text
    for _ in range(canvas.MAX_LANES - 1):
        canvas.add_lane(session, demo, "More")
    with pytest.raises(InvalidCanvasEdit):
        canvas.add_lane(session, demo, "One too many")


def test_a_lane_of_another_journey_is_not_found(
    signed_in: FlaskClient, session: Session, demo: Journey, researcher: object
) -> None:
    other = make_journey(session, organisation=demo.organisation)
    lane = canvas.add_lane(session, other, "Theirs")
    session.commit()
    page = signed_in.get(f"/journeys/{demo.slug}/map").text
    reply = signed_in.post(
        f"/journeys/{demo.slug}/map/lanes/{lane.id}/remove", data={"csrf_token": csrf_token(page)}
    )
    assert reply.status_code == 404
    assert session.get(CanvasLane, lane.id) is not None


def test_a_note_on_a_touchpoint_shows_on_the_page_and_in_the_slides_opportunities_lane(
    signed_in: FlaskClient, session: Session, demo: Journey
) -> None:
    base = f"/journeys/{demo.slug}"
    stage = demo.stages[1]
    touchpoint = next(t for t in demo.touchpoints if t.stage_id == stage.id)
    page = signed_in.get(f"{base}/map").text
    data = {
        "touchpoint_id": str(touchpoint.id),
        "status": "in_progress",
        "owner_team": "Web <squad>",
        "opportunity": "Show delivery dates before payment",
        "notes": "Ask legal about wording",
        "value": "4",
        "effort": "2",
    }
    assert _post(signed_in, f"{base}/map/notes/{stage.id}", data, page) == 302
    stage_note = {"status": "new", "opportunity": "Map the stage's handoffs", "owner_team": "Ops"}
    assert _post(signed_in, f"{base}/map/notes/{stage.id}", stage_note, page) == 302
    notes = session.scalars(select(CellNote)).all()
    assert {(n.touchpoint_id, n.owner_team) for n in notes} == {
        (touchpoint.id, "Web <squad>"),
        (None, "Ops"),
    }

    html = signed_in.get(f"{base}/map").text
    assert "Web &lt;squad&gt;" in html and "Show delivery dates before payment" in html
    assert "Ask legal about wording" in html and "quick win" in html
    assert f"{stage.name} (stage)" in html
    svg = _svg_words(signed_in.get(f"{base}/map.svg").text)
    assert "Web &lt;squad&gt;" in svg and "Show delivery dates before payment" in svg
    assert "Show delivery dates" in _pdf_text(signed_in.get(f"{base}/map.pdf").data)

    # Saving on the same place again replaces its note rather than adding one.
    again = {**data, "opportunity": "Dates on the product page", "value": "", "effort": ""}
    assert _post(signed_in, f"{base}/map/notes/{stage.id}", again, page) == 302
    session.expire_all()
    note = session.scalars(select(CellNote).where(CellNote.touchpoint_id == touchpoint.id)).one()
    assert (note.opportunity, note.value, note.effort) == ("Dates on the product page", None, None)


def test_a_note_on_a_touchpoint_of_another_stage_or_journey_is_refused(
    signed_in: FlaskClient, session: Session, demo: Journey
) -> None:
    base = f"/journeys/{demo.slug}"
    page = signed_in.get(f"{base}/map").text
    first, second = demo.stages[0], demo.stages[1]
    elsewhere = next(t for t in demo.touchpoints if t.stage_id == second.id)
    reply = signed_in.post(
        f"{base}/map/notes/{first.id}",
        data={"csrf_token": csrf_token(page), "touchpoint_id": str(elsewhere.id), "status": "new"},
    )
    assert reply.status_code == 400 and "touchpoint" in reply.text
    other = make_journey(session, organisation=demo.organisation)
    session.commit()
    foreign = signed_in.post(
        f"{base}/map/notes/{other.stages[0].id}",
        data={"csrf_token": csrf_token(page), "status": "new"},
    )
    assert foreign.status_code == 400 and "stage" in foreign.text
    assert session.scalars(select(CellNote)).all() == []


def test_pain_points_and_cell_notes_are_checked_by_the_one_annotation(
    session: Session,
) -> None:
    journey = make_journey(session)
    point = PainPoint(
        journey_id=journey.id,
        stage_id=journey.stages[0].id,
        touchpoint_id=journey.touchpoints[0].id,
    )
    session.add(point)
    note = canvas.note_for(session, journey, journey.stages[0].id, None)
    for target in (point, note):
        with pytest.raises(InvalidAnnotation) as refused:
            annotate(
                session,
                target,
                status="new",
                owner_team="",
                opportunity="",
                notes="n" * 4001,
                effort=6,
                value=0,
            )
        assert set(refused.value.fields) == {"notes", "effort", "value"}
        annotate(
            session,
            target,
            status="acknowledged",
            owner_team=" CX ",
            opportunity="o",
            effort=1,
            value=5,
        )
        assert (target.owner_team, target.value, target.effort) == ("CX", 5, 1)
    assert point.priority == "quick win"


def test_to_be_line_is_drawn_dashed_on_the_page_curve_and_the_slide_with_its_legend(
    signed_in: FlaskClient, session: Session, demo: Journey
) -> None:
    base = f"/journeys/{demo.slug}"
    page = signed_in.get(f"{base}/map").text
    assert "To-be (team" not in page
    targets = {f"target-{s.id}": "0.4" for s in demo.stages}
    targets[f"target-{demo.stages[-1].id}"] = "−0.25"  # a typographic minus is a minus
    assert _post(signed_in, f"{base}/map/targets", targets, page) == 302
    stored = dict(session.execute(select(StageTarget.stage_id, StageTarget.target)).all())
    assert stored[demo.stages[-1].id] == -0.25 and stored[demo.stages[0].id] == 0.4

    html = signed_in.get(f"{base}/map").text
    curve = re.search(r'<svg [^>]*class="curve".*?</svg>', html, re.S)
    assert curve is not None
    assert 'stroke-dasharray="9 4"' in curve[0]
    assert "To-be (team&#39;s target) at" in curve[0] or "To-be (team's target) at" in curve[0]
    assert '<li class="to-be">' in html and 'class="sw to-be-sw"' in html
    svg = signed_in.get(f"{base}/map.svg").text
    assert (
        svg.count(
            'stroke="#000000" stroke-width="1.8" stroke-linejoin="round" stroke-dasharray="9 4"'
        )
        == 1
    )
    words = _svg_words(svg).replace("&#x27;", "'").replace("&apos;", "'")
    assert words.count("To-be (team's target)") == 2  # the curve's key and the legend

    # Blank clears a stage's target; out of range and not a number are refused by name.
    blank = {f"target-{demo.stages[0].id}": ""}
    assert _post(signed_in, f"{base}/map/targets", blank, page) == 302
    assert session.get(StageTarget, demo.stages[0].id) is None
    for bad in ("1.5", "lots", "nan"):
        reply = signed_in.post(
            f"{base}/map/targets",
            data={"csrf_token": csrf_token(page), f"target-{demo.stages[1].id}": bad},
        )
        assert reply.status_code == 400 and f"target-{demo.stages[1].id}" in reply.text


def test_every_cell_carries_its_evidence_mark_by_the_rule_the_legend_states(
    signed_in: FlaskClient, session: Session, demo: Journey
) -> None:
    least = signed_in.application.config["PAIN_POINT_MIN_ANSWERS"]
    view = build_map_view(session, demo, MapFilters(), min_answers=least)
    marks = {key: view.evidence(cell) for key, cell in view.cells.items()}
    for key, cell in view.cells.items():
        solid = cell.n >= least and cell.ci_high - cell.ci_low <= 0.4
        assert marks[key] == ("solid" if solid else "thin")
    assert view.evidence(None) == "no data"
    assert "solid" in marks.values()

    base = f"/journeys/{demo.slug}"
    html = signed_in.get(f"{base}/map").text
    table = html[html.index('<table class="jm') : html.index('<div class="jm-stack"')]
    shown = re.findall(r'class="tp-evidence ev-[a-z-]+">evidence: ([a-z ]+)<', table)
    empty = sum(
        1 for sv in view.stages for t in sv.touchpoints if view.cell(sv.stage.id, t.id) is None
    )
    assert sorted(shown) == sorted([*marks.values(), *["no data"] * empty])
    assert view.evidence_rule in html.replace("&#39;", "'")
    svg = signed_in.get(f"{base}/map.svg").text
    assert svg.count(">evidence: solid<") == list(marks.values()).count("solid")
    assert f"Evidence: solid = at least {least} answers" in svg


def test_quadrants_split_scores_of_three_and_more_from_one_and_two() -> None:
    assert quadrant(3, 2) == "quick win" and quadrant(5, 1) == "quick win"
    assert quadrant(3, 3) == "long-term" and quadrant(2, 2) == "fill-in"
    assert quadrant(1, 5) == "money pit"


def test_researcher_scores_value_and_effort_and_sees_the_quick_wins_on_the_matrix(
    signed_in: FlaskClient, session: Session, demo: Journey
) -> None:
    base = f"/journeys/{demo.slug}"
    page = signed_in.get(f"{base}/map").text
    point = session.scalars(select(PainPoint).where(PainPoint.active.is_(True))).first()
    assert point is not None
    scored = {"status": "acknowledged", "owner_team": "Support", "value": "5", "effort": "2"}
    assert _post(signed_in, f"{base}/pain-points/{point.id}", scored, page) == 302
    stage = demo.stages[0]
    note = {"status": "new", "opportunity": "Rebuild <billing>", "value": "4", "effort": "5"}
    assert _post(signed_in, f"{base}/map/notes/{stage.id}", note, page) == 302

    reply = signed_in.get(f"{base}/map/priorities")
    assert reply.status_code == 200
    html = reply.text
    assert "Quick wins" in html and "Long-term projects" in html and "<svg" in html
    rows = re.findall(
        r'<tr><th scope="row">([PO]\d+)</th>.*?<td class="quadrant">([^<]+)</td>', html
    )
    assert ("O1", "long-term") in rows
    assert any(code.startswith("P") and where == "quick win" for code, where in rows)
    assert "Rebuild &lt;billing&gt;" in html and "<billing>" not in html
    matrix = html[html.index("<svg") : html.index("</svg>")]
    assert matrix.count('fill="#D55E00"') >= 2 and matrix.count('fill="#0072B2"') >= 2  # + key
    assert f'href="{base}/map/priorities"' in signed_in.get(f"{base}/map").text


def test_viewer_sees_the_canvas_but_cannot_edit_any_of_it(
    client: FlaskClient, session: Session, demo: Journey
) -> None:
    lane = canvas.add_lane(session, demo, "Backstage")
    stage = demo.stages[0]
    canvas.set_targets(session, demo, {stage.id: 0.5})
    session.commit()
    viewer = make_user(session, "viewer", accounts.default_organisation(session))
    login(client, viewer)
    base = f"/journeys/{demo.slug}"
    page = client.get(f"{base}/map").text
    assert "Backstage" in page and '<li class="to-be">' in page
    assert "add-lane" not in page and "note-edit" not in page and "targets-edit" not in page
    assert client.get(f"{base}/map/priorities").status_code == 200
    token = csrf_token(page)
    for url, data in (
        (f"{base}/map/lanes", {"name": "Mine"}),
        (f"{base}/map/lanes/{lane.id}", {"name": "Renamed"}),
        (f"{base}/map/lanes/{lane.id}/move", {"direction": "up"}),
        (f"{base}/map/lanes/{lane.id}/remove", {}),
        (f"{base}/map/targets", {f"target-{stage.id}": "1"}),
        (f"{base}/map/notes/{stage.id}", {"status": "new", "opportunity": "x"}),
    ):
        assert client.post(url, data={"csrf_token": token, **data}).status_code == 403, url
    session.expire_all()
    assert [lane.name for lane in session.scalars(select(CanvasLane))] == ["Backstage"]
    assert session.scalars(select(CellNote)).all() == []
    assert session.get(StageTarget, stage.id).target == 0.5  # type: ignore[union-attr]
