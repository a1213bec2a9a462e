"""Feedback import: good rows land once, bad rows are named by line, reruns store nothing twice."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.extensions import db
from journeys.models import ResponseFact
from surveys import importer
from surveys.models import Answer, AnswerScore, Journey, Response, Survey, User
from tests.conftest import login, make_app, make_journey

TICKETS = """\
ticket,opened,channel point,comment,stars,who
T-1,2026-03-01T09:15:00Z,Support call,"On hold for 40 minutes, then cut off.",1,Busy parent
T-2,2026-03-02,Support call,Agent fixed my order quickly.,5,
T-3,2026-03-02,Live chat,The chat bot kept looping.,9,
T-4,yesterday,Live chat,Fine I guess.,3,
T-5,2026-03-03,Live chat,,2,
T-6,2026-03-04,Returns desk,"Refund took
three weeks.",2,Bargain hunter
T-7,2026-03-04,Returns desk,Too many cells,2,,surplus
T-2,2026-03-05,Support call,Same id again.,4,
"""


def _import(app: Flask, path: Path, *args: str) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["feedback", "import", str(path), *args])
    return result.exit_code, result.output  # Click 8.2+: stdout and stderr, interleaved


def _count(session: Session) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(Response)) or 0)


def _ticket_args(journey: Journey) -> list[str]:
    return [
        "--journey",
        journey.slug,
        "--stage",
        "retention",
        "--touchpoint-column",
        "channel point",
        "--text-column",
        "comment",
        "--created-column",
        "opened",
        "--rating-column",
        "stars",
        "--persona-column",
        "who",
        "--id-column",
        "ticket",
        "--channel",
        "chat",
    ]


def _import_into_new_journey(
    app: Flask, session: Session, path: Path, content: str, *args: str
) -> tuple[int, str]:
    """Write ``content`` to ``path`` and import it into a new journey's Retention stage."""
    journey = make_journey(session)
    session.commit()
    path.write_text(content, "utf-8")
    where = ["--journey", journey.slug, "--stage", "Retention", "--touchpoint", "Support call"]
    return _import(app, path, *where, *args)


def test_file_with_bad_rows_imports_the_good_ones_and_names_the_bad(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    journey = make_journey(session)
    session.commit()
    path = tmp_path / "tickets.csv"
    path.write_text(TICKETS, encoding="utf-8")

    code, output = _import(app, path, *_ticket_args(journey))

    assert code == 0, output
    assert "tickets.csv, line 4: rating '9' must be a whole number from 1 to 5" in output
    assert "tickets.csv, line 5: date 'yesterday' is not ISO 8601" in output
    assert "tickets.csv, line 6: the feedback text ('comment') is empty" in output
    assert "tickets.csv, line 9: has more cells than the header has columns" in output
    assert "tickets.csv, line 10: id 'T-2' was already used on line 3" in output
    assert "Imported 3 rows; 0 were imported before; 5 bad rows skipped." in output

    stored = session.scalars(select(Response).order_by(Response.created_at)).all()
    assert [r.source for r in stored] == ["import"] * 3
    texts = {a.value_text for r in stored for a in r.answers if a.value_text}
    assert texts == {
        "On hold for 40 minutes, then cut off.",
        "Agent fixed my order quickly.",
        "Refund took\nthree weeks.",  # a quoted cell spanning two lines stays one answer
    }
    first = stored[0]
    assert first.created_at == datetime(2026, 3, 1, 9, 15)
    assert first.stage_id == next(s.id for s in journey.stages if s.name == "Retention")
    assert sorted(a.value_number for a in first.answers if a.value_number) == [1.0]
    assert first.persona_id is not None
    # Touchpoints and personas named in the file but unknown were created under the stage.
    session.expire_all()
    returns = next(t for t in journey.touchpoints if t.name == "Returns desk")
    assert (returns.stage.name, returns.channel) == ("Retention", "chat")
    assert "Created touchpoints: Returns desk" in output  # Live chat had only bad rows
    assert {p.name for p in journey.personas} == {"Busy parent", "Bargain hunter"}


def test_importing_the_same_file_twice_stores_nothing_twice(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    journey = make_journey(session)
    session.commit()
    path = tmp_path / "reviews.csv"
    # No id column: two identical rows are two customers saying the same thing.
    path.write_text("review\nGreat prices.\nGreat prices.\nDelivery was late.\n", "utf-8")
    args = [
        "--journey",
        journey.slug,
        "--stage",
        "Advocacy",
        "--touchpoint",
        "Checkout page",
        "--text-column",
        "review",
        "--no-score",
    ]
    first_code, first = _import(app, path, *args)
    assert first_code == 0, first
    assert "Imported 3 rows; 0 were imported before; 0 bad rows skipped." in first
    again_code, again = _import(app, path, *args)
    assert again_code == 0, again
    assert "Imported 0 rows; 3 were imported before; 0 bad rows skipped." in again
    assert _count(session) == 3
    # A grown file imports only what is new.
    path.write_text(
        "review\nGreat prices.\nGreat prices.\nDelivery was late.\nGreat prices.\n", "utf-8"
    )
    _code, grown = _import(app, path, *args)
    assert "Imported 1 rows; 3 were imported before" in grown
    assert _count(session) == 4


def test_another_option_on_the_same_file_stores_nothing_twice(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    """The key is every cell of the row, not only the cells an import happens to read."""
    journey = make_journey(session)
    session.commit()
    path = tmp_path / "reviews.csv"
    path.write_text("when,review\n2026-01-02,Great prices.\n2026-01-03,Great prices.\n", "utf-8")
    args = ["--journey", journey.slug, "--stage", "Advocacy", "--touchpoint", "Checkout page"]
    args += ["--text-column", "review", "--no-score"]
    assert "Imported 2 rows" in _import(app, path, *args)[1]
    _code, again = _import(app, path, *args, "--created-column", "when")
    assert "Imported 0 rows; 2 were imported before" in again, again
    assert _count(session) == 2
    # A later file's "Great prices." on another day is another customer, not a repeat.
    later = tmp_path / "later.csv"
    later.write_text("when,review\n2026-02-09,Great prices.\n", "utf-8")
    assert "Imported 1 rows; 0 were imported before" in _import(app, later, *args)[1]
    assert _count(session) == 3


def test_a_quote_never_closed_is_named_and_the_rows_after_it_still_land(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    code, output = _import_into_new_journey(
        app,
        session,
        tmp_path / "tickets.csv",
        'ticket,comment\nT7,fine\nT8,"unterminated\nT9,ok row\nT10,"say ""hi"" again"\n'
        'T11,"bad "quote" here"\nT12,last\n',
        *("--text-column", "comment", "--no-score"),
    )
    assert code == 0, output
    # The quote opened on line 3 closes at line 5's first quote, where the cell goes on.
    assert "tickets.csv, line 3: is not valid CSV" in output
    assert "tickets.csv, line 6: is not valid CSV" in output
    assert "quoted cell must end with a quote" in output
    assert "Imported 4 rows; 0 were imported before; 2 bad rows skipped." in output
    session.expire_all()
    texts = set(session.scalars(select(Answer.value_text).where(Answer.value_text.is_not(None))))
    assert texts == {"fine", "ok row", 'say "hi" again', "last"}


def test_a_quote_left_open_to_the_end_of_the_file_is_named(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    _code, output = _import_into_new_journey(
        app,
        session,
        tmp_path / "tickets.csv",
        'ticket,comment\nT7,fine\nT8,"unterminated\nT9,ok row\n',
        *("--text-column", "comment", "--no-score"),
    )
    assert "tickets.csv, line 3: a quote opened on this line is never closed" in output
    assert "Imported 2 rows; 0 were imported before; 1 bad rows skipped." in output


def test_imported_text_is_scored(app: Flask, session: Session, tmp_path: Path) -> None:
    journey = make_journey(session)
    session.commit()
    path = tmp_path / "one.csv"
    path.write_text("text\nThe app crashes every time I pay. Awful.\n", "utf-8")
    code, output = _import(
        app,
        path,
        *("--journey", journey.slug, "--stage", "Purchase", "--touchpoint", "Checkout page"),
        "--text-column",
        "text",
    )
    assert code == 0, output
    score = session.scalars(select(AnswerScore)).one()
    assert score.label == "negative"


def test_missing_column_is_refused_before_anything_is_stored(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    journey = make_journey(session)
    session.commit()
    path = tmp_path / "wrong.csv"
    path.write_text("body,when\nhello,2026-01-01\n", "utf-8")
    code, output = _import(
        app,
        path,
        *("--journey", journey.slug, "--stage", "Purchase", "--touchpoint", "Checkout page"),
        *("--text-column", "comment", "--created-column", "when"),
    )
    assert code != 0
    assert "--text-column: column 'comment' is not in the file (it has: body, when)" in output
    assert _count(session) == 0


def test_unknown_stage_lists_the_journeys_stages(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    journey = make_journey(session)
    session.commit()
    path = tmp_path / "f.csv"
    path.write_text("t\nhi\n", "utf-8")
    code, output = _import(
        app, path, "--journey", journey.slug, "--stage", "Checkout", "--touchpoint", "X",
        "--text-column", "t",
    )  # fmt: skip
    assert code != 0
    assert "no stage 'Checkout'" in output and "Awareness, Consideration" in output


def test_missing_journey_is_made_only_with_create(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    path = tmp_path / "f.csv"
    path.write_text("t\nLoved the unboxing.\n", "utf-8")
    args = ["--journey", "new-store", "--stage", "Purchase", "--touchpoint", "Unboxing"]
    code, output = _import(app, path, *args, "--text-column", "t", "--no-score")
    assert code != 0 and "pass --create" in output
    assert _count(session) == 0
    wrong = ["--journey", "new-store", "--stage", "Made up", "--touchpoint", "Unboxing"]
    code, output = _import(app, path, *wrong, "--text-column", "t", "--no-score", "--create")
    assert code != 0 and "Made up" in output
    assert "Created journey" not in output  # the refusal rolled it back: nothing to announce
    assert session.scalars(select(Journey).where(Journey.slug == "new-store")).first() is None
    code, output = _import(app, path, *args, "--text-column", "t", "--no-score", "--create")
    assert code == 0, output
    assert "Created journey 'new-store'" in output
    journey = session.scalars(select(Journey).where(Journey.slug == "new-store")).one()
    assert [s.name for s in journey.stages][:2] == ["Awareness", "Consideration"]
    assert _count(session) == 1


def test_file_that_is_not_utf8_names_the_line(app: Flask, session: Session, tmp_path: Path) -> None:
    journey = make_journey(session)
    session.commit()
    path = tmp_path / "latin1.csv"
    path.write_bytes("t\nfine\nna\xefve caf\xe9\n".encode("latin-1"))
    code, output = _import(
        app, path, "--journey", journey.slug, "--stage", "Purchase", "--touchpoint",
        "Checkout page", "--text-column", "t",
    )  # fmt: skip
    assert code != 0
    assert "latin1.csv, line 3: not UTF-8" in output
    assert _count(session) == 0


def test_import_survey_cannot_be_answered_on_a_page(
    app: Flask, client: FlaskClient, session: Session, tmp_path: Path, researcher: User
) -> None:
    journey = make_journey(session)
    login(client, researcher)
    path = tmp_path / "f.csv"
    path.write_text("t\n<img src=x onerror=alert(1)>\n", "utf-8")
    _import(
        app, path, "--journey", journey.slug, "--stage", "Purchase", "--touchpoint",
        "Checkout page", "--text-column", "t", "--no-score",
    )  # fmt: skip
    survey = session.scalars(select(Survey).where(Survey.status == "imported")).one()
    assert client.get(f"/s/{survey.public_id}").status_code == 404
    assert client.post(f"/api/v1/surveys/{survey.public_id}/responses", json={}).status_code == 404
    stored = session.scalars(select(Answer)).one()
    assert stored.value_text == "<img src=x onerror=alert(1)>"  # kept verbatim; escaped on output
    home = client.get("/").get_data(as_text=True)
    assert "<img src=x" not in home


def test_long_touchpoint_and_persona_names_are_refused_by_line_and_the_rest_land(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    """Names longer than the journey keeps are refused row by row, however often they repeat;
    a name of exactly the longest length lands and is found again by the next row."""
    journey = make_journey(session)
    session.commit()
    too_long, longest = "Support call " + "x" * 148, "Returns desk " + "y" * 147
    assert (len(too_long), len(longest)) == (161, 160)
    persona = "Very busy parent " + "z" * 104
    path = tmp_path / "tickets.csv"
    path.write_text(
        "ticket,channel point,comment,who\n"
        f"T1,{too_long},On hold for an hour.,\n"
        f"T2,{too_long},Cut off twice.,\n"
        f"T3,Support call,Rude agent.,{persona}\n"
        f"T4,Support call,Still rude.,{persona}\n"
        f"T5,{longest},Refund was quick.,Busy parent\n"
        f"T6,{longest},Label printed at home.,\n",
        "utf-8",
    )
    args = ["--journey", journey.slug, "--stage", "Retention", "--touchpoint-column"]
    args += ["channel point", "--text-column", "comment", "--persona-column", "who"]
    args += ["--id-column", "ticket", "--no-score"]

    code, output = _import(app, path, *args)

    assert code == 0, output
    for line in (2, 3):
        assert f"tickets.csv, line {line}: touchpoint is longer than 160 characters" in output
    for line in (4, 5):
        assert f"tickets.csv, line {line}: persona is longer than 120 characters" in output
    assert "Imported 2 rows; 0 were imported before; 4 bad rows skipped." in output
    session.expire_all()
    assert sorted(t.name for t in journey.touchpoints) == sorted(
        ["Checkout page", "Support call", longest]
    )
    assert {p.name for p in journey.personas} == {"Busy parent"}
    # Run again: the same rows are refused the same way, and the stored ones are not doubled.
    code, again = _import(app, path, *args)
    assert code == 0, again
    assert "Imported 0 rows; 2 were imported before; 4 bad rows skipped." in again
    assert _count(session) == 2


def test_long_ids_alike_up_to_the_key_limit_are_two_rows(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    prefix = "https://support.example/tickets/" + "0" * 100
    code, output = _import_into_new_journey(
        app,
        session,
        tmp_path / "tickets.csv",
        f"ticket,comment\n{prefix}1,Refund took weeks.\n{prefix}2,Great agent.\n",
        *("--text-column", "comment", "--id-column", "ticket", "--no-score"),
    )
    assert code == 0, output
    assert "Imported 2 rows; 0 were imported before" in output
    assert _count(session) == 2


def test_a_large_file_lands_in_scored_batches_and_a_rerun_stores_nothing_twice(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    """Each transaction holds one batch of rows with their scores and facts, so a crash keeps
    whole scored batches, and running the file again skips every row it holds."""
    rows = 2 * importer.BATCH + 100
    path = tmp_path / "reviews.csv"
    path.write_text(
        "review\n"
        + "".join(f"Delivery {n} came late and the box was torn.\n" for n in range(rows)),
        "utf-8",
    )
    committed: list[tuple[int, int, int]] = []

    def count_at_commit(database: Session) -> None:
        counts = [
            database.scalar(select(func.count()).select_from(table))
            for table in (Response, AnswerScore, ResponseFact)
        ]
        committed.append((counts[0] or 0, counts[1] or 0, counts[2] or 0))

    journey = make_journey(session)
    session.commit()
    args = ["--journey", journey.slug, "--stage", "Purchase", "--touchpoint", "Courier"]
    args += ["--text-column", "review"]
    event.listen(session, "before_commit", count_at_commit)
    try:
        code, output = _import(app, path, *args)
        assert code == 0, output
        assert f"Imported {rows} rows; 0 were imported before" in output
        assert f"Scored {rows} answers." in output
        assert committed == [(n, n, n) for n in (importer.BATCH, 2 * importer.BATCH, rows)]

        committed.clear()
        code, again = _import(app, path, *args)
    finally:
        event.remove(session, "before_commit", count_at_commit)
    assert code == 0, again
    assert f"Imported 0 rows; {rows} were imported before" in again
    assert committed == [(rows, rows, rows)]  # one commit of nothing new


def _time_import(app: Flask, path: Path, *args: str) -> float:
    """The CPU time an import takes: unlike the wall clock, other processes on the machine do not
    count in it (the import runs in this process)."""
    started = time.process_time()
    code, output = _import(app, path, *args)
    assert code == 0, output[-2000:]
    return time.process_time() - started


@pytest.mark.slow
def test_a_file_of_malformed_records_takes_time_in_proportion_to_its_size(
    sqlite_url: str, tmp_path: Path
) -> None:
    """Four times as many malformed records take about four times as long, not sixteen: reading
    goes on after each bad record without copying the rest of the file."""
    app = make_app(sqlite_url)
    with app.app_context():
        journey = make_journey(db.session)
        db.session.commit()
        args = ["--journey", journey.slug, "--stage", "Retention", "--touchpoint"]
        args += ["Support call", "--text-column", "comment", "--no-score"]
        bad = 'T{},"a quote "inside" a quoted cell, not written twice"\n'
        sizes = {"small": 15_000, "large": 60_000}
        for name, records in sizes.items():
            body = "".join(bad.format(i) for i in range(records))
            (tmp_path / f"{name}.csv").write_text("ticket,comment\n" + body, "utf-8")
        taken: dict[str, list[float]] = {name: [] for name in sizes}
        for _ in range(3):  # alternated, and the fastest of each kept: noise only slows
            for name in sizes:
                taken[name].append(_time_import(app, tmp_path / f"{name}.csv", *args))
        ratio = min(taken["large"]) / min(taken["small"])
        # Linear: about 4 (measured 3.5-4.5); quadratic (a copy of the rest per bad record): 10+.
        assert ratio < 7, f"4x the records took {ratio:.1f}x as long ({taken})"
        db.session.remove()
        db.engine.dispose()


def test_an_import_that_creates_its_journey_and_scores_its_rows_finishes(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    """The scoring lock is taken on a connection of its own: the journey just created must not
    hold SQLite's write lock meanwhile (the import waited on itself, then failed as locked)."""
    path = tmp_path / "fresh.csv"
    path.write_text("t\nThe agent was rude and slow.\nLovely and quick delivery.\n", "utf-8")
    where = ["--journey", "fresh-journey", "--create", "--stage", "Retention"]
    code, output = _import(app, path, *where, "--touchpoint", "Support call", "--text-column", "t")
    assert code == 0, output
    assert "Scored 2 answers." in output and _count(session) == 2


def _stored_scores(session: Session, journey: Journey) -> list[tuple[object, ...]]:
    """Each imported text with its stored score, rounded below the scorer's float noise."""
    session.expire_all()
    rows = session.execute(
        select(Answer.value_text, AnswerScore)
        .join(AnswerScore, AnswerScore.answer_id == Answer.id)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.journey_id == journey.id)
        .order_by(Response.id)
    ).all()
    return [
        (
            text,
            score.compound,
            score.label,
            score.emotion,
            {e: round(w, 9) for e, w in (score.emotions or {}).items()},
            score.themes,
            score.reasons,
            score.language,
        )
        for text, score in rows
    ]


@pytest.mark.slow
def test_a_big_import_scored_in_a_worker_process_stores_what_scoring_in_process_stores(
    app: Flask, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big import scores its texts in a worker process one batch ahead; every batch still
    commits with its scores, and the scores are those the importing process would store."""
    from app import feedback_cli
    from journeys import scoring

    rows = 2 * importer.BATCH + 100
    moods = ["came late and the box was torn", "was early and friendly!", "was fine", "never came"]
    path = tmp_path / "reviews.csv"
    path.write_text(
        "review\n" + "".join(f"Delivery {n} {moods[n % 4]}\n" for n in range(rows)), "utf-8"
    )
    scored_here: list[int] = []
    score_many = scoring.sentiment.score_many

    def counted(texts: list[str]) -> list[object]:
        scored_here.append(len(texts))
        return score_many(texts)

    monkeypatch.setattr(scoring.sentiment, "score_many", counted)
    committed: list[tuple[int, int]] = []

    def count_at_commit(database: Session) -> None:
        counts = [
            database.scalar(select(func.count()).select_from(table))
            for table in (Response, AnswerScore)
        ]
        committed.append((counts[0] or 0, counts[1] or 0))

    journeys_scored = []
    monkeypatch.setattr(feedback_cli, "spare_core", lambda: True)  # however busy CI is
    for threshold in (1, rows + 1):  # a worker, then the importing process alone
        monkeypatch.setattr(feedback_cli, "WORKER_MIN_ROWS", threshold)
        journey = make_journey(session)
        session.commit()
        before = _count(session)
        args = ["--journey", journey.slug, "--stage", "Purchase", "--touchpoint", "Courier"]
        scored_here.clear()
        committed.clear()
        event.listen(session, "before_commit", count_at_commit)
        try:
            code, output = _import(app, path, *args, "--text-column", "review")
        finally:
            event.remove(session, "before_commit", count_at_commit)
        assert code == 0, output
        assert f"Imported {rows} rows; 0 were imported before" in output
        assert f"Scored {rows} answers." in output
        assert ("Scoring in a worker process" in output) == (threshold == 1)
        # Each commit holds whole batches with their scores.
        assert committed == [
            (before + n, before + n) for n in (importer.BATCH, 2 * importer.BATCH, rows)
        ]
        journeys_scored.append((journey, sum(scored_here)))

    (worker_journey, in_process_by_worker), (alone_journey, in_process_alone) = journeys_scored
    assert in_process_by_worker == 0  # every text was scored by the worker
    assert in_process_alone == rows
    stored = _stored_scores(session, worker_journey)
    assert len(stored) == rows
    assert stored == _stored_scores(session, alone_journey)
