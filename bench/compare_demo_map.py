"""Behaviour check: the demo journey's map as an earlier revision exports it, beside this checkout.

Each side runs its own code on a fresh SQLite database, through its own command line only:
``flask --app app db upgrade``, ``db seed-demo``, ``journeys rollup``, then ``journeys export``
as JSON and as CSV for the whole map and a few filter combinations, and the map's SVG download
from its own web app (signed in as the demo viewer, with the same filters). The earlier
revision's tree comes out of git into a temporary folder and runs with this checkout's
virtualenv; the working tree runs as it stands, uncommitted changes included. Both sides seed at
the same moment (in parallel), so their answers fall on the same days.

The outputs must be identical apart from when they were made: JSON ``generated_at`` and the
SVG's "rolled up … UTC" are left out. Every difference is listed (for an SVG, the words that
differ, then how many lines of shapes moved); the exit status is 1 if there is any.

Run: ``.venv/bin/python bench/compare_demo_map.py REV [--answers 2000]`` (e.g. ``0082a9d``).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = "northwind"
VIEWER = ("viewer@northwind.example", "northwind-demo")  # the demo's viewer account
SHOWN = 15  # differences listed per output

# Run inside a side's tree: its own app serves its map.svg for each filter set in argv[1].
_SVG = """
import json, sys
from app import create_app
app = create_app({"WTF_CSRF_ENABLED": False, "SECRET_KEY": "compare-demo-map"})
client = app.test_client()
email, password, cuts = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
reply = client.post("/login", data={"email": email, "password": password})
assert reply.status_code == 302, f"sign-in failed: HTTP {reply.status_code}"
svgs = {}
for name, query in cuts.items():
    page = client.get("/journeys/%s/map.svg" % sys.argv[4], query_string=query)
    ok = page.status_code == 200
    svgs[name] = page.get_data(as_text=True) if ok else "HTTP %d" % page.status_code
print(json.dumps(svgs))
"""


@dataclass(frozen=True, slots=True)
class Cut:
    """A filter combination, as export options and as the page's query."""

    name: str
    persona: str | None = None
    channel: str | None = None
    since: str | None = None
    until: str | None = None

    def options(self) -> list[str]:
        """The ``journeys export`` options of this cut."""
        pairs = [("--persona", self.persona), ("--channel", self.channel)]
        pairs += [("--since", self.since), ("--until", self.until)]
        return [part for option, value in pairs if value for part in (option, value)]

    def query(self, persona_ids: dict[str, int]) -> dict[str, str]:
        """The map page's query string of this cut (personas go by id there)."""
        query = {"channel": self.channel, "since": self.since, "until": self.until}
        if self.persona:
            query["persona"] = str(persona_ids[self.persona])
        return {key: value for key, value in query.items() if value}


def cuts() -> list[Cut]:
    """The whole map and three narrowed ones, dated from today (the demo's answers end now)."""
    today = datetime.now(UTC).date()
    four_weeks, a_week = (today - timedelta(days=28)).isoformat(), (today - timedelta(days=7))
    return [
        Cut("whole map"),
        Cut("persona Busy parent", persona="Busy parent"),
        Cut("channel web, last four weeks", channel="web", since=four_weeks),
        Cut(
            "Bargain hunter on web, until a week ago",
            persona="Bargain hunter",
            channel="web",
            until=a_week.isoformat(),
        ),
    ]


@dataclass(slots=True)
class Side:
    """One revision's code, its database, and what it exported."""

    name: str
    tree: Path
    work: Path
    exports: dict[tuple[str, str], str] = field(default_factory=dict)  # (cut, format) → text
    code: str = ""

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "DATABASE"))}
        return env | {
            "DATABASE_URL": f"sqlite:///{self.work / 'map.db'}",
            "JOURNEYMAP_INSTANCE": str(self.work),
            "PYTHONPATH": str(self.tree),
            "PYTHONHASHSEED": "0",
        }

    def run(self, *args: str) -> str:
        """Run python with ``args`` in this side's tree; its standard output."""
        done = subprocess.run(
            [sys.executable, *args], cwd=self.tree, env=self.env(), capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(f"{self.name}: {' '.join(args)} failed:\n{done.stderr[-2000:]}")
        return done.stdout

    def flask(self, *args: str) -> str:
        return self.run("-m", "flask", "--app", "app", *args)


def extract(rev: str, into: Path) -> Path:
    """The whole tree of ``rev``, extracted into ``into``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def export_all(side: Side, answers: int, cut_list: list[Cut]) -> Side:
    """Seed, roll up and export ``side``'s demo map for every cut."""
    side.code = side.run("-c", "import app, journeys; print(app.__file__)").strip()
    side.flask("db", "upgrade")
    side.flask("db", "seed-demo", "--answers", str(answers))
    side.flask("journeys", "rollup")
    for cut in cut_list:
        for fmt in ("json", "csv"):
            options = ["--journey", SLUG, "--format", fmt, *cut.options()]
            side.exports[cut.name, fmt] = side.flask("journeys", "export", *options)
    with sqlite3.connect(side.work / "map.db") as db:
        personas = dict(
            db.execute(
                "SELECT p.name, p.id FROM persona p JOIN journey j ON j.id = p.journey_id "
                "WHERE j.slug = ?",
                (SLUG,),
            ).fetchall()
        )
    queries = json.dumps({cut.name: cut.query(personas) for cut in cut_list})
    svgs = json.loads(side.run("-c", _SVG, *VIEWER, queries, SLUG).splitlines()[-1])
    for name, svg in svgs.items():
        side.exports[name, "svg"] = svg
    return side


def json_differences(earlier: str, now: str) -> list[str]:
    """Where two JSON exports differ, by path, leaving out when each was generated."""
    a, b = json.loads(earlier), json.loads(now)
    for document in (a, b):
        document.pop("generated_at", None)
    return list(_walk(a, b, "$"))


def _walk(a: object, b: object, path: str) -> Iterator[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(a.keys() | b.keys()):
            if key not in a or key not in b:
                yield f"{path}.{key}: only in {'the working tree' if key in b else 'REV'}"
            else:
                yield from _walk(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            yield f"{path}: {len(a)} items vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            yield from _walk(x, y, f"{path}[{i}]")
    elif a != b:
        yield f"{path}: {a!r} vs {b!r}"


def text_differences(earlier: str, now: str) -> list[str]:
    """Differing lines of two text exports."""
    return _changed_lines(earlier.splitlines(), now.splitlines())


def svg_differences(earlier: str, now: str) -> list[str]:
    """How two SVG maps differ: first the words a reader sees (each ``<text>``), then how many
    other lines differ (shapes moved or resized), the roll-up time left out."""
    stamp = re.compile(r"rolled up \d{4}-\d\d-\d\d \d\d:\d\d UTC")
    a, b = (stamp.sub("rolled up … UTC", svg) for svg in (earlier, now))
    words = _changed_lines(*(re.findall(r"<text [^>]*>([^<]*)</text>", svg) for svg in (a, b)))
    markup = _changed_lines(a.splitlines(), b.splitlines())
    moved = len(markup) - len(words)
    return words + ([f"  and {moved} lines of shapes and positions"] if moved > 0 else [])


def _changed_lines(a: list[str], b: list[str]) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(a, b, "REV", "working tree", n=0, lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def main() -> None:
    """Print, per cut and format, whether REV's export and this checkout's are identical."""
    parser = argparse.ArgumentParser(description="the demo map's exports: REV beside this tree")
    parser.add_argument("rev", help="the earlier revision (a commit, tag or branch)")
    parser.add_argument("--answers", type=int, default=2000, help="demo answers to seed")
    args = parser.parse_args()
    cut_list = cuts()
    with tempfile.TemporaryDirectory(prefix="jm-compare-") as tmp:
        folder = Path(tmp)
        for name in ("earlier", "earlier-db", "now-db"):
            (folder / name).mkdir()
        sides = [
            Side(args.rev, extract(args.rev, folder / "earlier"), folder / "earlier-db"),
            Side("working tree", ROOT, folder / "now-db"),
        ]
        with ThreadPoolExecutor(max_workers=2) as pool:
            earlier, now = pool.map(lambda s: export_all(s, args.answers, cut_list), sides)
    print(f"demo map exports, {args.answers} answers: {args.rev} beside the working tree")
    print(f"  {args.rev} ran {earlier.code}\n  working tree ran {now.code}")
    details, different = [], 0
    for cut in cut_list:
        verdicts = []
        for fmt in ("json", "csv", "svg"):
            compare = {"json": json_differences, "csv": text_differences}.get(fmt, svg_differences)
            found = compare(earlier.exports[cut.name, fmt], now.exports[cut.name, fmt])
            size = len(now.exports[cut.name, fmt])
            verdicts.append(f"{fmt} {'identical' if not found else f'{len(found)} differ'}")
            verdicts[-1] += f" ({size:,} chars)"
            if found:
                different += 1
                details.append(f"\n{cut.name}, {fmt}:")
                details += [f"  {line[:160]}" for line in found[:SHOWN]]
                if len(found) > SHOWN:
                    details.append(f"  … and {len(found) - SHOWN} more")
        print(f"  {cut.name:<42} " + "   ".join(verdicts))
    print("\n".join(details))
    print(f"\nresult: {'identical' if not different else f'{different} exports differ'}")
    raise SystemExit(1 if different else 0)


if __name__ == "__main__":
    main()
