"""Benchmark: feedback import through the product beside a bare ``csv`` + ``executemany`` insert.

    .venv/bin/python bench/bench_import.py [--rows 100000] [--rounds 3] [--csv FILE] [--mb 16]

One CSV of feedback rows (generated, or ``--csv`` with the header
``ticket,opened,touchpoint,segment,stars,comment``) is imported, each time into a fresh copy of
one migrated SQLite file holding the journey, its touchpoints and personas:

1. through the product's command line (``flask feedback import`` invoked in-process), scoring
   the text as it lands;
2. the same with ``--no-score`` (the scoring job does it later);
3. by a bare loader: ``csv.reader`` and ``sqlite3`` ``executemany`` of the same response and
   answer rows (public ids, keys, metadata, dates — every column the product fills), with the
   product's PRAGMAs and a commit every 2,000 rows, but no checks, no idempotency, no scores.

Each measurement runs in a fresh interpreter and times the import alone (the interpreter and the
app start before the clock; the sentiment model loads inside it, as a real import pays it). A
big import scores in a worker process beside the importing one when a core is free (the round
says so); the worker's CPU time is counted too.
Rounds alternate the three, so a busy spell slows all of them; medians are printed, and ratios
of medians, by the wall clock and by the importing process's CPU time (on a shared machine the
wall clock also counts other processes' turns on the cores; the load average is printed).
Then a file of about ``--mb`` MB of malformed records (a quote inside a quoted cell not written
twice, on every line) is imported beside a well-formed file of the same size (the
generated rows repeated), both ``--no-score``.

Texts: the customer-feedback sets shipped in ``sentiment/data`` and, where present, the SemEval
restaurant sentences and VADER tweets of ``../shared/data``, cycled with small variations
(openers, closers, a ticket number) so that the scorer sees distinct texts, as it would.
Targets (issue 14): with scoring ≥ 3,000 rows/s; without ≥ 0.5× the bare insert; the malformed
file in under 10 s.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = ["ticket", "opened", "touchpoint", "segment", "stars", "comment"]
TOUCHPOINTS = [
    "Support call",
    "Live chat",
    "Checkout page",
    "Delivery",
    "Returns desk",
    "Mobile app",
    "Billing",
    "Store visit",
]
PERSONAS = ["Busy parent", "Bargain hunter", "First-time buyer"]
JOURNEY, STAGE = "bench", "Purchase"
BARE_BATCH = 2000  # as the product's batches
OPTIONS = [
    *("--journey", JOURNEY, "--stage", STAGE, "--touchpoint-column", "touchpoint"),
    *("--text-column", "comment", "--persona-column", "segment", "--rating-column", "stars"),
    *("--created-column", "opened", "--id-column", "ticket"),
]


def feedback_texts() -> tuple[list[str], str]:
    """Real feedback-like texts, and where they came from."""
    from sentiment.training.evaluate import (
        CX_SETS,
        default_data_dir,
        load_cx_set,
        load_semeval,
        vader_texts,
    )

    texts = [text for name in CX_SETS.values() for text, _label, _emotion in load_cx_set(name)]
    sources = ["the CX feedback sets in sentiment/data"]
    data = default_data_dir()
    semeval = data / "semeval2014" / "Restaurants_Train_v2.xml"
    if semeval.exists():
        texts += [text for text, _polarity in load_semeval(semeval)]
        texts += vader_texts(data)[:4200]  # the tweets come first
        sources.append(f"SemEval restaurants and VADER tweets in {data}")
    return texts, " + ".join(sources)


def write_feedback(path: Path, rows: int, texts: list[str]) -> None:
    """A CSV of ``rows`` feedback rows cycling through ``texts`` with small variations."""
    rng = random.Random(14)
    openers = ["", "", "", "Update: ", "Again, ", "Honestly, ", "FYI "]
    closers = ["", "", "", " Thanks.", " Please fix this.", " (second time this month)", " 👍"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            text = texts[n % len(texts)]
            if n >= len(texts):  # the second time round, each text a little different
                text = f"{rng.choice(openers)}{text}{rng.choice(closers)} #{n}"
            writer.writerow(
                [
                    f"T-{n}",
                    f"2026-{1 + n % 3:02d}-{1 + n % 28:02d}",
                    rng.choice(TOUCHPOINTS),
                    rng.choice(["", *PERSONAS]),
                    rng.randint(1, 5),
                    text,
                ]
            )


def write_malformed(path: Path, megabytes: float) -> int:
    """About ``megabytes`` MB of records that are not valid CSV; returns how many."""
    line = 'T{},2026-03-01,Support call,,3,"a quote "inside" a quoted cell, not doubled"\n'
    size, count, parts = 0, 0, [",".join(HEADER) + "\n"]
    while size < megabytes * 1024 * 1024:
        parts.append(line.format(count))
        size += len(parts[-1])
        count += 1
    path.write_text("".join(parts), encoding="utf-8")
    return count


def write_same_size(path: Path, source: Path, megabytes: float) -> int:
    """A well-formed file of about ``megabytes`` MB: ``source``'s rows repeated, new ids."""
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    size, count = 0, 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        while size < megabytes * 1024 * 1024:
            row = rows[count % len(rows)]
            writer.writerow([f"S-{count}", *row[1:]])
            size += sum(len(cell) + 1 for cell in row) + 1
            count += 1
    return count


def prepare_template(path: Path) -> None:
    """A migrated SQLite file with the journey, its touchpoints (at the stage) and personas."""
    from flask_migrate import upgrade

    import surveys
    from app import create_app
    from app.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
        journey = surveys.create_journey(db.session, "Bench", slug=JOURNEY)
        stage = surveys.stage_named(journey, STAGE)
        for name in TOUCHPOINTS:
            surveys.add_touchpoint(db.session, journey, name, stage=stage)
        for name in PERSONAS:
            surveys.add_persona(db.session, journey, name)
        db.session.commit()
        db.engine.dispose()


def fresh_copy(template: Path, folder: Path, name: str) -> Path:
    """A copy of the template (without WAL leftovers) to import into."""
    path = folder / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, path)
    return path


def _cpu() -> float:
    """CPU time of this process and of its children that have ended (a scoring worker)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def product_import(database: Path, csv_path: Path, score: bool) -> dict[str, float]:
    """Run the product's import command in this process; return its time and rows stored."""
    from app import create_app
    from app.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "bench"})
    args = ["feedback", "import", str(csv_path), *OPTIONS]
    if not score:
        args.append("--no-score")
    runner = app.test_cli_runner()
    with app.app_context():
        wall, cpu = time.perf_counter(), _cpu()
        result = runner.invoke(args=args)
        wall, cpu = time.perf_counter() - wall, _cpu() - cpu
        db.engine.dispose()
    if result.exit_code != 0:
        raise SystemExit(f"import failed:\n{result.output[-3000:]}")
    summary = result.output[result.output.rindex("Imported ") :]
    imported = int(summary.split()[1])
    bad = int(summary.split("; ")[2].split()[0])
    worker = float("Scoring in a worker process" in result.output)
    return {"wall": wall, "cpu": cpu, "rows": imported, "bad": bad, "worker": worker}


def bare_import(database: Path, csv_path: Path) -> dict[str, float]:
    """The baseline: csv.reader and sqlite3 executemany of the same response and answer rows."""
    connection = sqlite3.connect(database, isolation_level=None)
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "busy_timeout=15000"):
        connection.execute(f"PRAGMA {pragma}")
    connection.execute("PRAGMA synchronous=NORMAL")
    wall, cpu = time.perf_counter(), time.process_time()
    journey_id, stage_id = connection.execute(
        "SELECT j.id, s.id FROM journey j JOIN stage s ON s.journey_id = j.id"
        " WHERE j.slug = ? AND s.name = ?",
        (JOURNEY, STAGE),
    ).fetchone()
    personas = dict(connection.execute("SELECT name, id FROM persona"))
    # Where each touchpoint's rows go: (survey, version, touchpoint, text and rating questions).
    places: dict[str, tuple[int, int, int, int, int]] = {}
    now = datetime.now().isoformat(" ", "microseconds")
    connection.execute("BEGIN")
    for name, touchpoint_id in connection.execute("SELECT name, id FROM touchpoint").fetchall():
        survey = connection.execute(
            "INSERT INTO survey (journey_id, stage_id, touchpoint_id, public_id, title, intro,"
            " status, allowed_origins, created_at) VALUES (?, ?, ?, ?, ?, '', 'imported', '[]', ?)",
            (journey_id, stage_id, touchpoint_id, f"bare-{touchpoint_id}", name, now),
        ).lastrowid
        version = connection.execute(
            "INSERT INTO survey_version (survey_id, number, created_at, published_at)"
            " VALUES (?, 1, ?, ?)",
            (survey, now, now),
        ).lastrowid
        questions = [
            connection.execute(
                "INSERT INTO question (version_id, key, position, kind, prompt, help_text,"
                " required, settings) VALUES (?, ?, ?, ?, ?, '', ?, '{}')",
                (version, key, position, kind, key, position == 1),
            ).lastrowid
            for key, position, kind in (("q1", 1, "free_text"), ("q2", 2, "rating"))
        ]
        places[name] = (survey, version, touchpoint_id, questions[0], questions[1])  # type: ignore[assignment]
    next_id = (connection.execute("SELECT max(id) FROM response").fetchone()[0] or 0) + 1
    responses: list[tuple[object, ...]] = []
    answers: list[tuple[object, ...]] = []

    def flush() -> None:
        connection.executemany(
            "INSERT INTO response (id, public_id, version_id, survey_id, journey_id, stage_id,"
            " touchpoint_id, persona_id, channel, client_key, source, status, created_at,"
            " updated_at, completed_at, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'web', ?, 'import',"
            " 'complete', ?, ?, ?, ?)",
            responses,
        )
        connection.executemany(
            "INSERT INTO answer (response_id, question_id, value_text, value_number)"
            " VALUES (?, ?, ?, ?)",
            answers,
        )
        connection.execute("COMMIT")
        connection.execute("BEGIN")
        responses.clear()
        answers.clear()

    with csv_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for line, (ticket, opened, touchpoint, segment, stars, comment) in enumerate(reader, 2):
            survey, version, touchpoint_id, text_question, rating_question = places[touchpoint]
            created = datetime.fromisoformat(opened).isoformat(" ", "microseconds")
            responses.append(
                (
                    next_id,
                    secrets.token_urlsafe(16),
                    version,
                    survey,
                    journey_id,
                    stage_id,
                    touchpoint_id,
                    personas.get(segment),
                    f"import:id:{ticket}",
                    created,
                    now,
                    created,
                    json.dumps({"import": {"line": line}}),
                )
            )
            answers.append((next_id, text_question, comment, None))
            answers.append((next_id, rating_question, None, float(stars)))
            next_id += 1
            if len(responses) >= BARE_BATCH:
                flush()
    flush()
    connection.execute("COMMIT")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rows = connection.execute("SELECT count(*) FROM response WHERE source = 'import'").fetchone()[0]
    connection.close()
    return {"wall": wall, "cpu": cpu, "rows": rows, "bad": 0}


def measure(kind: str, database: Path, csv_path: Path) -> dict[str, float]:
    """One measurement in a fresh interpreter (see ``--one``)."""
    command = [sys.executable, __file__, "--one", kind, str(database), str(csv_path)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run_one(kind: str, database: Path, csv_path: Path) -> None:
    """The child's side of ``measure``: import once, print the figures as JSON."""
    if kind == "bare":
        figures = bare_import(database, csv_path)
    else:
        figures = product_import(database, csv_path, score=kind == "score")
    print(json.dumps(figures))


LABELS = {
    "score": "product, scoring as it lands",
    "no-score": "product, --no-score",
    "bare": "bare csv + executemany",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows to generate")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds")
    parser.add_argument("--csv", type=Path, help="import this file instead of generating one")
    parser.add_argument("--mb", type=float, default=16, help="size of the malformed file")
    parser.add_argument("--one", nargs=3, metavar=("KIND", "DB", "CSV"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        kind, database, csv_path = options.one
        run_one(kind, Path(database), Path(csv_path))
        return

    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        template = folder / "template.db"
        prepare_template(template)
        if options.csv:
            source, where = options.csv, str(options.csv)
        else:
            source = folder / "feedback.csv"
            texts, where = feedback_texts()
            write_feedback(source, options.rows, texts)
            where = f"{options.rows:,} rows generated from {len(texts):,} texts ({where})"
        print(f"Feedback: {where}; {source.stat().st_size / 1e6:.1f} MB")
        python = sys.version.split()[0]
        print(f"Python {python}, SQLite {sqlite3.sqlite_version}, {os.cpu_count()} cores")
        print(
            "load average (1, 5, 15 min) at the start: "
            + ", ".join(f"{load:.1f}" for load in os.getloadavg())
        )
        runs: dict[str, list[dict[str, float]]] = {kind: [] for kind in LABELS}
        for number in range(1, options.rounds + 1):
            for kind in LABELS:
                figures = measure(kind, fresh_copy(template, folder, kind), source)
                runs[kind].append(figures)
                print(
                    f"  round {number}: {LABELS[kind]:<30} {figures['rows']:>8,.0f} rows"
                    f" in {figures['wall']:6.2f} s ({figures['cpu']:6.2f} s CPU)"
                    f" = {figures['rows'] / figures['wall']:8,.0f} rows/s"
                    + (" (scored in a worker process)" if figures.get("worker") else ""),
                    flush=True,
                )
        for clock in ("wall", "cpu"):
            rate = {
                kind: statistics.median(r["rows"] / r[clock] for r in runs[kind]) for kind in LABELS
            }
            what = "wall clock" if clock == "wall" else "CPU time of the import and its worker"
            print(f"\nMedians of {options.rounds} rounds (rows/s, {what}):")
            for kind in LABELS:
                print(f"  {LABELS[kind]:<30} {rate[kind]:8,.0f} rows/s")
            print(
                f"  scoring: {rate['score']:,.0f} rows/s (target ≥ 3,000);"
                f" --no-score / bare = {rate['no-score'] / rate['bare']:.2f}× (target ≥ 0.5×);"
                f" scoring / --no-score = {rate['score'] / rate['no-score']:.2f}×"
            )
        # On a shared machine the wall clock also counts other processes' turns on the cores;
        # the load says how busy it was, and the CPU figures are what this code itself cost.
        print(
            "  load average (1, 5, 15 min) at the end: "
            + ", ".join(f"{load:.1f}" for load in os.getloadavg())
        )

        malformed, same_size = folder / "malformed.csv", folder / "well-formed.csv"
        records = write_malformed(malformed, options.mb)
        rows = write_same_size(same_size, source, options.mb)
        print(f"\n{options.mb:g} MB files, --no-score:")
        for label, path, count in (
            ("malformed records", malformed, records),
            ("well-formed rows", same_size, rows),
        ):
            figures = measure("no-score", fresh_copy(template, folder, "size"), path)
            print(
                f"  {count:>8,} {label:<18} {figures['wall']:6.2f} s"
                f" ({figures['cpu']:.2f} s CPU): {figures['rows']:,.0f} imported,"
                f" {figures['bad']:,.0f} refused"
            )
        print("  target: the malformed file in under 10 s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
