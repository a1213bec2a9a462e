"""One response core: every way in stores its responses through it, alike, in batches, once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

import surveys
from app.extensions import db
from demo import seed_demo
from surveys import importer
from surveys.models import Answer, Persona, Response, Survey
from tests.conftest import csrf_token, make_survey

PHONE = {"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile"}
# What the customer says and what the link or the caller tells about them, on every surface.
HIDDEN = {"customer_id": "C-7", "persona": "busy parent", "channel": "email"}
# The response core's insert: each response exactly once per (survey, client key).
CORE_INSERT = re.compile(
    r"^INSERT INTO response .* ON CONFLICT \(survey_id, client_key\) DO NOTHING",
    re.S,
)


@contextmanager
def response_inserts() -> Iterator[list[str]]:
    """The SQL of every statement that inserts responses while the block runs."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO RESPONSE "):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


@pytest.fixture
def survey(session: Session) -> Survey:
    made = make_survey(session)
    surveys.add_persona(session, made.journey, "Busy parent")
    session.commit()
    return made


def _persona(session: Session, survey: Survey) -> Persona:
    return session.scalars(select(Persona).where(Persona.journey_id == survey.journey_id)).one()


def _answer_on_page(client: FlaskClient, survey: Survey) -> None:
    query = "&".join(f"{name}={value.replace(' ', '%20')}" for name, value in HIDDEN.items())
    page = client.get(f"/s/{survey.public_id}?{query}").get_data(as_text=True)
    key = re.search(r'name="response_key" value="([^"]+)"', page)
    assert key is not None
    form = {f"hidden-{name}": value for name, value in HIDDEN.items()}
    form |= {"csrf_token": csrf_token(page), "response_key": key.group(1), "q1": "2", "q2": "Late"}
    assert client.post(f"/s/{survey.public_id}", data=form, headers=PHONE).status_code == 302


def _answer_in_widget(client: FlaskClient, survey: Survey) -> None:
    form = {f"hidden-{name}": value for name, value in HIDDEN.items()}
    form |= {"response_key": "widget-showing-1", "q1": "2", "q2": "Late"}
    assert client.post(f"/embed/s/{survey.public_id}", data=form, headers=PHONE).status_code == 200


def _answer_through_the_api(client: FlaskClient, survey: Survey) -> None:
    body = {
        "id": "order-981",
        "answers": {"q1": 2, "q2": "Late"},
        "persona": "Busy parent",
        "channel": "email",
        "metadata": HIDDEN,
    }
    reply = client.post(f"/api/v1/surveys/{survey.public_id}/responses", json=body, headers=PHONE)
    assert reply.status_code == 201, reply.get_json()


def _import(app: Flask, survey: Survey, tmp_path: Path, rows: int = 1) -> str:
    path = tmp_path / "feedback.csv"
    lines = [f"Late {n},2,Busy parent" for n in range(rows)]
    path.write_text("comment,stars,who\n" + "\n".join(lines) + "\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=[
            "feedback", "import", str(path), "--journey", survey.journey.slug,
            "--stage", "Purchase", "--touchpoint", "Checkout page", "--text-column", "comment",
            "--rating-column", "stars", "--persona-column", "who", "--no-score",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def test_every_way_in_stores_its_responses_through_the_one_core(
    app: Flask, client: FlaskClient, session: Session, survey: Survey, tmp_path: Path
) -> None:
    with response_inserts() as inserts:
        _answer_on_page(client, survey)
        _answer_in_widget(client, survey)
        _answer_through_the_api(client, survey)
        _import(app, survey, tmp_path)
        seed_demo(session, answers=3)
        session.commit()
    assert len(inserts) == 5 and all(CORE_INSERT.match(sql) for sql in inserts), inserts
    session.expire_all()
    sources = session.scalars(select(Response.source).order_by(Response.id)).all()
    assert sources == ["hosted", "embed", "api", "import", "demo", "demo", "demo"]


def test_the_same_answer_is_the_same_row_on_the_page_in_the_widget_and_through_the_api(
    app: Flask, client: FlaskClient, session: Session, survey: Survey, tmp_path: Path
) -> None:
    _answer_on_page(client, survey)
    _answer_in_widget(client, survey)
    _answer_through_the_api(client, survey)
    _import(app, survey, tmp_path)
    session.expire_all()
    rows = {r.source: r for r in session.scalars(select(Response))}
    busy_parent = _persona(session, survey).id

    def shape(r: Response) -> tuple[object, ...]:
        answers = sorted((a.question.key, a.value_text, a.value_number) for a in r.answers)
        return (r.persona_id, r.channel, r.meta, r.status, r.version_id, r.stage_id, answers)

    expected = (
        busy_parent,
        "email",
        {"hidden": HIDDEN, "device": "mobile"},
        "complete",
        survey.versions[-1].id,
        survey.stage_id,
        [("q1", None, 2.0), ("q2", "Late", None)],
    )
    assert [shape(rows[s]) for s in ("hosted", "embed", "api")] == [expected] * 3
    # Keyed by meaning, the same way: the three requests mean the same thing.
    assert len({rows[s].request_digest for s in ("hosted", "embed", "api")}) == 1
    imported = rows["import"]
    assert (imported.persona_id, imported.channel, imported.meta) == (
        busy_parent,
        "web",  # the touchpoint's
        {"import": {"line": 2}},
    )
    # Never replayed to a client (imported surveys take no answers), so no digest is kept.
    assert imported.client_key is not None and imported.request_digest is None
    assert imported.completed_at == imported.created_at


def test_a_batch_is_one_insert_and_a_key_given_twice_is_stored_once(
    session: Session, survey: Survey
) -> None:
    target = surveys.target_of(survey.versions[-1])
    first = surveys.NewResponse(target, {"q1": 4}, "import", client_key="row-1")
    batch = [
        surveys.prepare_response(first),
        surveys.prepare_response(surveys.NewResponse(target, {"q1": 2}, "import")),
        surveys.prepare_response(first),  # the same row again, in the same batch
    ]
    with response_inserts() as inserts:
        stored = surveys.store_responses(session, batch)
    assert len(inserts) == 1
    assert [created for _, created in stored] == [True, True, False]
    assert stored[2][0].id == stored[0][0].id and stored[0][0].answers == {"q1": 4}
    again, created = surveys.store_response(session, first)
    assert not created and again.id == stored[0][0].id
    assert session.scalar(select(func.count()).select_from(Response)) == 2
    assert session.scalar(select(func.count()).select_from(Answer)) == 2


def test_a_key_sent_again_meaning_something_else_is_refused_and_keeps_the_first(
    session: Session, survey: Survey
) -> None:
    target = surveys.target_of(survey.versions[-1])
    surveys.store_response(session, surveys.NewResponse(target, {"q1": 4}, "api", client_key="k"))
    with pytest.raises(surveys.IdempotencyConflict) as refused:
        surveys.store_response(
            session, surveys.NewResponse(target, {"q1": 5}, "api", client_key="k")
        )
    assert refused.value.fields == {"id": "was used before with other answers"}
    assert refused.value.stored.answers == {"q1": 4}
    assert session.scalar(select(func.count()).select_from(Response)) == 1


def test_a_form_showing_sent_again_with_other_answers_keeps_its_first_answer(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    """The page's and widget's key names one showing of the form (the back button, then Send)."""
    form = {"response_key": "showing-0001", "q1": "2"}
    first = client.post(f"/embed/s/{survey.public_id}", data=form)
    changed = client.post(f"/embed/s/{survey.public_id}", data=form | {"q1": "5"})
    assert (first.status_code, changed.status_code) == (200, 200)
    complete = re.compile(r'data-complete="([^"]+)"')
    assert complete.findall(first.text) == complete.findall(changed.text)
    assert session.scalars(select(Answer.value_number)).all() == [2.0]


def test_an_import_larger_than_a_batch_is_stored_in_batches(
    app: Flask, session: Session, survey: Survey, tmp_path: Path
) -> None:
    rows = importer.BATCH + 100
    with response_inserts() as inserts:
        output = _import(app, survey, tmp_path, rows=rows)
    assert f"Imported {rows} rows; 0 were imported before" in output
    # Two batches, each one executemany of the core's insert.
    assert len(inserts) == 2
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Response)) == rows
