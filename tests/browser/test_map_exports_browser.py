"""The demo map under every filter combination, measured in Debian's Chromium: no two pieces of
text overlap and none leaves its box on the page (each pain point's tile and stage telling its
card's story), in the SVG export (rendered by Chromium) and
in the PDF export (text boxes from pypdf with Helvetica's widths, and the lanes' rules); the PNG
export is a picture of the same size; below 700 px the page is one stage after another."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from sqlalchemy import select

from app.extensions import db
from demo.data import JOURNEY_SLUG
from journeys.render.metrics import text_width
from surveys import accounts
from surveys.models import Journey
from tests.browser.conftest import LiveApp
from tests.conftest import PASSWORD, Seed, make_user, seed_demo_map

pytestmark = pytest.mark.browser

# Each text node's boxes on the page, and every pair that overlaps by more than a hair.
PAGE_OVERLAPS = """
root => {
  const boxes = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || !node.parentElement.offsetParent) continue;
    if (node.parentElement.closest('details:not([open]) > :not(summary)')) continue;
    if (node.parentElement.closest('.sr-only')) continue;  // for screen readers, not drawn
    const range = document.createRange(); range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width > 0 && r.height > 0)
        boxes.push([r.left, r.top, r.right, r.bottom, node.textContent.trim().slice(0, 40)]);
    }
  }
  const hits = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
    const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
    if (w > 1 && h > 2) hits.push([a[4], b[4]]);
  }
  const spills = [...root.querySelectorAll('.tp, .pain-card, td, th, dd')]
    .filter(el => el.offsetParent && el.scrollWidth > el.clientWidth + 1)
    .map(el => el.textContent.trim().slice(0, 40));
  return {count: boxes.length, hits, spills};
}
"""

# The SVG's text boxes (getBBox, in its own units), the boxes drawn with an outline, and the
# pairs of text that overlap or text that leaves the outlined box its start point lies in.
SVG_OVERLAPS = """
svg => {
  const texts = [...svg.querySelectorAll('text')].map(t => {
    const b = t.getBBox();
    const x = +t.getAttribute('x'), y = +t.getAttribute('y');
    return [b.x, b.y, b.x + b.width, b.y + b.height, t.textContent, x, y];
  });
  const frames = [...svg.querySelectorAll('rect[stroke]')].map(r => {
    const x = +r.getAttribute('x'), y = +r.getAttribute('y');
    return [x, y, x + +r.getAttribute('width'), y + +r.getAttribute('height')];
  });
  const hits = [], spills = [];
  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
    const a = texts[i], b = texts[j];
    const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
    const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
    if (w > 0.5 && h > 1.5) hits.push([a[4], b[4]]);
  }
  const width = +svg.getAttribute('width'), height = +svg.getAttribute('height');
  for (const t of texts) {
    if (t[0] < 0 || t[2] > width || t[1] < 0 || t[3] > height) spills.push(['canvas', t[4]]);
    const home = frames.filter(f => f[0] <= t[5] && t[5] <= f[2] && f[1] <= t[6] && t[6] <= f[3])
      .sort((p, q) => (p[2] - p[0]) * (p[3] - p[1]) - (q[2] - q[0]) * (q[3] - q[1]))[0];
    const out = home && (t[0] < home[0] || t[2] > home[2] + 0.5
      || t[1] < home[1] - 0.5 || t[3] > home[3] + 0.5);
    if (out) spills.push(['box', t[4]]);
  }
  return {count: texts.length, hits, spills};
}
"""


# What each pain point's tile, stage and card say, as the reader sees them: the tile's feeling
# and band, its card's complaint emotion, and the emotion its stage shows.
PAIN_STORY = """
table => [...table.querySelectorAll('a.tp.pain')].map(tile => {
  const rank = (tile.textContent.match(/Pain point #(\\d+)/) || [])[1];
  const column = tile.closest('td').cellIndex;
  const row = table.querySelector('tr.lane-emotions');
  const card = [...table.querySelectorAll('.pain-card')]
    .find(c => c.querySelector('.pain-title').textContent.includes(`#${rank} `));
  return {
    rank,
    band: [...tile.classList].find(c => c.startsWith('s-')),
    tile: tile.querySelector('.tp-meta').textContent,
    words: tile.querySelector('.words').textContent,
    card: card ? card.querySelector('.pain-meta').textContent : null,
    stage: row.cells[column].querySelector('.dominant').textContent.trim(),
  };
})
"""
NEGATIVE_BANDS = {"s-neg3", "s-neg2", "s-neg1"}
POSITIVE_FEELINGS = {"delighted", "satisfied", "neutral"}


def _story_problems(stories: list[dict[str, Any]]) -> list[str]:
    """Where a pain point's tile, stage or legend tells another story than its card."""
    problems = []
    for s in stories:
        felt = re.search(r"complaints mostly (\w+)", s["card"] or "")
        if not felt:
            problems.append(f"#{s['rank']}: no card naming its complaints' feeling")
            continue
        if not s["tile"].endswith(f"complaints mostly {felt.group(1)}"):
            problems.append(f"#{s['rank']}: tile says {s['tile']!r}, card {felt.group(1)!r}")
        if s["band"] not in NEGATIVE_BANDS or not s["words"].endswith("% negative"):
            problems.append(f"#{s['rank']}: tile drawn {s['band']} {s['words']!r}")
        if s["stage"] in POSITIVE_FEELINGS:
            problems.append(f"#{s['rank']}: its stage reads {s['stage']!r}")
    return problems


@pytest.fixture
def database_seed(request: pytest.FixtureRequest) -> Seed | None:
    """The demo journey, seeded once per session and database kind, copied for each test."""
    return seed_demo_map


def _cuts(live: LiveApp) -> list[tuple[str, str]]:
    """Every filter combination of the demo map, as (name, query string)."""
    with live.app.app_context():
        journey = db.session.scalars(select(Journey).where(Journey.slug == JOURNEY_SLUG)).one()
        personas = [(p.id, p.name) for p in journey.personas]
        snapshot = journey.id  # replaced below by the newest snapshot's id
        from journeys.rollups import latest_snapshot

        latest = latest_snapshot(db.session, journey.id)
        snapshot = latest.id if latest else snapshot
    cuts = [("all", ""), ("each-persona", "persona=each")]
    cuts += [(f"persona-{pid}", f"persona={pid}") for pid, _name in personas]
    cuts += [("channel-web", "channel=web"), ("channel-phone", "channel=phone")]
    cuts += [(f"persona-{personas[0][0]}-web", f"persona={personas[0][0]}&channel=web")]
    cuts += [("dates", "since=2000-01-01&until=2100-01-01"), ("snapshot", f"snapshot={snapshot}")]
    return cuts


def _sign_in(page: Any, live: LiveApp) -> None:
    with live.app.app_context():
        user = make_user(db.session, "viewer", accounts.default_organisation(db.session))
        email = user.email
        db.session.commit()
    page.goto(f"{live.url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def _pdf_problems(pdf: bytes) -> list[str]:
    """Text boxes of the PDF (pypdf's positions, Helvetica's widths) that overlap each other or
    are crossed by a lane's horizontal rule."""
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    boxes: list[tuple[float, float, float, float, str]] = []

    def visit(text: str, _cm: Any, tm: Any, font: Any, size: Any) -> None:
        if not text.strip():
            return
        bold = "Bold" in str((font or {}).get("/BaseFont", ""))
        x, y, pt = float(tm[4]), float(tm[5]), float(size) * float(tm[0] or 1)
        boxes.append((x, y - 0.21 * pt, x + text_width(text, pt, bold=bold), y + 0.72 * pt, text))

    page.extract_text(visitor_text=visit)
    problems = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            w = min(a[2], b[2]) - max(a[0], b[0])
            h = min(a[3], b[3]) - max(a[1], b[1])
            if w > 0.5 and h > 1.0:
                problems.append(f"overlap: {a[4]!r} / {b[4]!r}")
    ops = page.get_contents().get_data().decode("latin-1").splitlines()  # type: ignore[union-attr]
    path: list[tuple[float, float]] = []
    for op in ops:
        parts = op.split()
        if len(parts) == 3 and parts[2] in ("m", "l"):
            path = [] if parts[2] == "m" else path
            path.append((float(parts[0]), float(parts[1])))
        elif op.strip() == "S" and len(path) == 2 and path[0][1] == path[1][1]:
            (x0, y), (x1, _y) = path
            for box in boxes:
                across = box[0] < max(x0, x1) and box[2] > min(x0, x1)
                if across and box[1] + 0.5 < y < box[3] - 0.5:
                    problems.append(f"rule through {box[4]!r}")
    return problems


@pytest.mark.slow
def test_every_filter_combination_draws_without_overlapping_text(
    live_app: LiveApp, page: Any, artifacts: Path
) -> None:
    _sign_in(page, live_app)
    base = f"{live_app.url}/journeys/{JOURNEY_SLUG}"
    page.set_viewport_size({"width": 1440, "height": 1000})
    pains = 0
    for name, query in _cuts(live_app):
        page.goto(f"{base}/map?{query}")
        # The whole page: filters, alerts, the map, its legend.
        found = page.locator("main").evaluate(PAGE_OVERLAPS)
        assert found["count"] > 50, name
        assert not found["hits"], (name, "page", found["hits"][:5])
        assert not found["spills"], (name, "page", found["spills"][:5])
        stories = page.locator("table.jm").evaluate(PAIN_STORY)
        assert not _story_problems(stories), (name, _story_problems(stories))
        pains += len(stories)
        page.screenshot(path=str(artifacts / f"page-{name}.png"), full_page=True)

        svg = page.request.get(f"{base}/map.svg?{query}").text()
        pdf = page.request.get(f"{base}/map.pdf?{query}").body()
        png = page.request.get(f"{base}/map.png?{query}").body()
        (artifacts / f"map-{name}.svg").write_text(svg)
        (artifacts / f"map-{name}.pdf").write_bytes(pdf)
        (artifacts / f"map-{name}.png").write_bytes(png)

        page.set_content(
            "<!doctype html><body style='margin:0'>" + re.sub(r"^<\?xml[^>]*>", "", svg)
        )
        found = page.locator("svg").first.evaluate(SVG_OVERLAPS)
        assert found["count"] > 50, name
        assert not found["hits"], (name, "svg", found["hits"][:5])
        assert not found["spills"], (name, "svg", found["spills"][:5])
        page.screenshot(path=str(artifacts / f"svg-{name}.png"), full_page=True)

        assert not _pdf_problems(pdf), (name, "pdf", _pdf_problems(pdf)[:5])
        assert png.startswith(b"\x89PNG") and len(png) > 50_000, name
    assert pains >= 4  # the cuts hold pain points whose stories were compared


def test_below_700_pixels_the_map_is_a_stack_of_stages(
    live_app: LiveApp, page: Any, artifacts: Path
) -> None:
    _sign_in(page, live_app)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_app.url}/journeys/{JOURNEY_SLUG}/map")
    assert not page.locator("table.jm").is_visible()
    stages = page.locator(".jm-stack .stack-stage")
    assert stages.count() == 5 and stages.first.is_visible()
    tops = [stages.nth(i).bounding_box()["y"] for i in range(stages.count())]
    assert tops == sorted(tops)  # one below the other
    # Nothing to scroll sideways, and no text overlaps in the stack.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    found = page.locator(".jm-stack").evaluate(PAGE_OVERLAPS)
    assert not found["hits"], found["hits"][:5]
    page.screenshot(path=str(artifacts / "phone-map.png"), full_page=True)
    page.set_viewport_size({"width": 1024, "height": 800})
    assert page.locator("table.jm").is_visible() and not stages.first.is_visible()
