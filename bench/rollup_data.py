"""Synthetic journey data at scale for the rollup benchmark: responses, answers, scores, facts.

Written straight into a migrated SQLite file with executemany (building a million rows through
the ORM would benchmark the ORM instead). Rows look like the pipeline's output: one rating and one
scored free-text answer per response, 13 touchpoints, 3 personas, 2 channels, 8 weeks; support
calls are twice as negative, so the rollup has a pain point with evidence to gather.
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import datetime, timedelta

from sentiment import EMOTIONS, MODEL_VERSION

THEMES = (
    ["hold time", "support"],
    ["refund"],
    ["checkout page", "payment"],
    ["delivery"],
    ["staff"],
    [],
)
TEXTS = (
    "I was on hold for an hour, terrible.",
    "Refund still missing after two weeks.",
    "Great service, thanks!",
    "It was fine.",
    "The checkout kept failing, so annoying.",
)
TOUCHPOINTS = 13
SUPPORT = 11  # the touchpoint id with the pain point
MODEL = MODEL_VERSION  # facts look current, so nothing is pending rescoring


def _setup(con: sqlite3.Connection) -> None:
    con.execute(
        "INSERT OR IGNORE INTO organisation (id, slug, name, created_at) "
        "VALUES (1, 'bench', 'Bench organisation', '2026-01-01')"
    )
    con.execute(
        "INSERT INTO journey (id, organisation_id, slug, name, description, created_at) "
        "VALUES (1, 1, 'bench', 'Bench journey', '', '2026-01-01')"
    )
    for i, name in enumerate(("Awareness", "Consideration", "Purchase", "Retention", "Advocacy")):
        con.execute(
            "INSERT INTO stage (id, journey_id, name, position, goals, actions, owner_team)"
            " VALUES (?, 1, ?, ?, '', '', '')",
            (i + 1, name, i),
        )
    for i in range(1, TOUCHPOINTS + 1):
        con.execute(
            "INSERT INTO touchpoint (id, journey_id, stage_id, name, channel, position) "
            "VALUES (?, 1, ?, ?, 'web', ?)",
            (i, (i - 1) % 5 + 1, f"Touchpoint {i}", i),
        )
    for i in range(1, 4):
        con.execute(
            "INSERT INTO persona (id, journey_id, name, description, attributes) "
            "VALUES (?, 1, ?, '', '{}')",
            (i, f"Persona {i}"),
        )
    con.execute(
        "INSERT INTO survey (id, journey_id, stage_id, touchpoint_id, public_id, title, "
        "intro, status, created_at, allowed_origins) VALUES (1, 1, 1, 1, 'bench', 'Bench', "
        "'', 'live', '2026-01-01', '[]')"
    )
    con.execute(
        "INSERT INTO survey_version (id, survey_id, number, created_at, published_at) "
        "VALUES (1, 1, 1, '2026-01-01', '2026-01-01')"
    )
    con.execute(
        "INSERT INTO question (id, version_id, key, position, kind, prompt, help_text, "
        "required, settings) VALUES (1, 1, 'q1', 1, 'rating', 'Rate', '', 1, '{}'), "
        "(2, 1, 'q2', 2, 'free_text', 'Why?', '', 0, '{}')"
    )


def add_responses(
    con: sqlite3.Connection,
    first_id: int,
    count: int,
    *,
    start: datetime,
    days: float,
    seed: int,
    customers: int = 0,
) -> None:
    """Append ``count`` scored responses with ids from ``first_id``, spread over ``days`` days
    from ``start``, in batches of 50,000 rows. With ``customers``, 85 % of the responses carry a
    ``customer_id`` hidden field naming one of that many customers (drawn apart from the rest, so
    the other rows are the same with or without)."""
    rng = random.Random(seed)
    crowd = random.Random(seed + 1)
    for batch_start in range(first_id, first_id + count, 50_000):
        responses, answers, scores, facts = [], [], [], []
        for rid in range(batch_start, min(first_id + count, batch_start + 50_000)):
            tp = rng.randrange(1, TOUCHPOINTS + 1)
            stage, persona, channel = (
                (tp - 1) % 5 + 1,
                rng.randrange(1, 4),
                rng.choice(("web", "email")),
            )
            created = start + timedelta(seconds=rng.random() * days * 86400)
            stamp = created.strftime("%Y-%m-%d %H:%M:%S.%f")
            negative = rng.random() < (0.45 if tp == SUPPORT else 0.2)
            compound = -rng.uniform(0.1, 0.95) if negative else rng.uniform(-0.04, 0.95)
            label = "negative" if negative else ("positive" if compound >= 0.05 else "neutral")
            emotion = rng.choice(EMOTIONS[5:] if negative else EMOTIONS[:3])
            rating = rng.randrange(1, 3) if negative else rng.randrange(3, 6)
            themes = json.dumps(rng.choice(THEMES))
            meta = "{}"
            if customers and crowd.random() < 0.85:
                meta = json.dumps({"hidden": {"customer_id": f"B-{crowd.randrange(customers)}"}})
            responses.append((rid, f"r{rid}", stamp, stage, tp, persona, channel, meta))
            answers += [
                (2 * rid - 1, rid, 1, None, float(rating)),
                (2 * rid, rid, 2, rng.choice(TEXTS), None),
            ]
            scores.append((2 * rid, compound, label, emotion, abs(compound), themes, stamp))
            facts.append(
                (
                    rid,
                    stage,
                    tp,
                    persona,
                    channel,
                    created.date().isoformat(),
                    compound,
                    label,
                    emotion,
                    float(rating),
                    stamp,  # scored when it arrived
                )
            )
        con.executemany(
            "INSERT INTO response (id, public_id, version_id, survey_id, journey_id, stage_id,"
            " touchpoint_id, persona_id, channel, client_key, created_at, updated_at, completed_at,"
            " meta, source, status, request_digest) VALUES (?1, ?2, 1, 1, 1, ?4, ?5, ?6, ?7, NULL,"
            " ?3, ?3, ?3, ?8,"
            " 'api', 'complete', NULL)",
            responses,
        )
        con.executemany(
            "INSERT INTO answer (id, response_id, question_id, value_text, value_number)"
            " VALUES (?, ?, ?, ?, ?)",
            answers,
        )
        con.executemany(
            "INSERT INTO text_score (answer_id, compound, label, emotion, emotions, intensity, "
            "themes, reasons, language, model, scored_at) VALUES (?, ?, ?, ?, '{}', ?, ?, '[]', "
            f"'english', '{MODEL}', ?)",
            scores,
        )
        con.executemany(
            "INSERT INTO response_fact (response_id, journey_id, stage_id, touchpoint_id, "
            "persona_id, channel, day, compound, label, emotion, nps, csat, ces, model, updated_at)"
            f" VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, NULL, '{MODEL}', ?)",
            facts,
        )
        con.commit()


def build(path: str, responses: int, *, seed: int = 1) -> None:
    """Fill the migrated SQLite file at ``path`` with one journey of ``responses`` responses."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    _setup(con)
    start = datetime.now() - timedelta(days=56)
    add_responses(con, 1, responses, start=start, days=55, seed=seed)
    con.close()
