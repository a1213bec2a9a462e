"""One persona lookup: a name means the same persona, and an unknown one the same refusal, wherever
it is given (API, link, widget, import, export)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import surveys
from surveys.models import Persona, Response, Survey
from tests.conftest import csrf_token, make_survey

REFUSAL = surveys.UnknownPersona("Nobody")


@pytest.fixture
def survey(session: Session) -> Survey:
    made = make_survey(session)
    surveys.add_persona(session, made.journey, "Busy parent")
    surveys.add_persona(session, made.journey, "Secret VIP tier")
    session.commit()
    return made


def _persona(session: Session, name: str) -> Persona:
    return session.scalars(select(Persona).where(Persona.name == name)).one()


def test_a_persona_is_found_whatever_its_case_and_surrounding_spaces(
    session: Session, survey: Survey
) -> None:
    found = surveys.persona_named(session, survey.journey_id, "  BUSY parent ")
    assert found == _persona(session, "Busy parent")


def test_unknown_persona_is_refused_with_the_field_named(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    with pytest.raises(surveys.UnknownPersona) as refused:
        surveys.persona_named(session, survey.journey_id, "Nobody")
    assert refused.value.fields == {"persona": "is not a persona of this journey"}
    assert refused.value.message == "This journey has no persona 'Nobody'."

    reply = client.post(
        f"/api/v1/surveys/{survey.public_id}/responses",
        json={"answers": {"q1": 3}, "persona": "Nobody"},
    )
    assert reply.status_code == 422
    error = reply.get_json()["error"]
    assert (error["message"], error["fields"]) == (REFUSAL.message, REFUSAL.fields)
    assert "VIP" not in reply.text  # the journey's own personas are never listed
    assert session.scalar(select(func.count()).select_from(Response)) == 0


def test_the_export_refuses_an_unknown_persona_with_the_same_message(
    app: Flask, session: Session, survey: Survey
) -> None:
    runner = app.test_cli_runner()
    args = ["journeys", "export", "--journey", survey.journey.slug, "--persona"]
    unknown = runner.invoke(args=[*args, "Nobody"])
    assert unknown.exit_code != 0 and REFUSAL.message in unknown.output
    assert "VIP" not in unknown.output
    assert runner.invoke(args=[*args, "busy PARENT"]).exit_code == 0


def test_a_link_naming_an_unknown_persona_keeps_the_answer_untagged_with_the_name_kept(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    """A customer cannot fix the link they were sent: their answer is kept, not refused."""
    for persona in ("busy PARENT", "Nobody"):
        page = client.get(f"/s/{survey.public_id}?persona={persona}").text
        key = re.search(r'name="response_key" value="([^"]+)"', page)
        assert key is not None
        form = {"csrf_token": csrf_token(page), "response_key": key.group(1), "q1": "4"}
        sent = client.post(f"/s/{survey.public_id}", data=form | {"hidden-persona": persona})
        assert sent.status_code == 302
    session.expire_all()
    tagged, untagged = session.scalars(select(Response).order_by(Response.id)).all()
    assert tagged.persona_id == _persona(session, "Busy parent").id
    assert untagged.persona_id is None and untagged.meta["hidden"] == {"persona": "Nobody"}


def test_the_widget_treats_an_unknown_persona_as_the_page_does(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    form = {"response_key": "showing-0002", "q1": "4", "hidden-persona": "Nobody"}
    assert client.post(f"/embed/s/{survey.public_id}", data=form).status_code == 200
    stored = session.scalars(select(Response)).one()
    assert stored.persona_id is None and stored.meta["hidden"] == {"persona": "Nobody"}


def test_an_import_finds_a_known_persona_by_the_same_rule_and_makes_an_unknown_one(
    app: Flask, session: Session, survey: Survey, tmp_path: Path
) -> None:
    path = tmp_path / "feedback.csv"
    path.write_text("comment,who\nSlow.,  busy parent\nFine.,Student\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=[
            "feedback", "import", str(path), "--journey", survey.journey.slug,
            "--stage", "Purchase", "--touchpoint", "Checkout page", "--text-column", "comment",
            "--persona-column", "who", "--no-score",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Created personas: Student" in result.output
    session.expire_all()
    first, second = session.scalars(select(Response).order_by(Response.id)).all()
    assert first.persona_id == _persona(session, "Busy parent").id
    assert second.persona_id == _persona(session, "Student").id
