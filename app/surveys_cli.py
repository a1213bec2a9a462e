"""``flask --app app surveys import FILE…``: check or import SurveyJS files as draft surveys.

One JSON line per file, in the order given: ``{"file", "outcome", "questions", "dropped",
"problems"}`` (and ``"survey"``, the new survey's id, once imported). ``outcome`` is
``imported``, ``ok`` (with ``--check``: it would import) or ``refused``. A file that cannot be
read, is not JSON or is not a survey is a refused line naming why, never a traceback; each
file is its own transaction, so one refusal keeps none of that file and all of the others.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

import surveys
from app.cli_scope import journey_named, organisation_option
from app.errors import CommandGroup
from app.extensions import db, db_session
from surveys import surveyjs
from surveys.models import Journey, Stage, Touchpoint

group = CommandGroup("surveys", help="Check and import SurveyJS survey files.")


def _line(path: Path, outcome: str, **fields: Any) -> str:
    """The JSON line reporting one file."""
    report = {"file": str(path), "outcome": outcome, "questions": 0, "dropped": [], "problems": []}
    report.update(fields)
    return json.dumps(report, ensure_ascii=False)


def _touchpoint(journey: Journey, stage: Stage, name: str | None) -> Touchpoint:
    """The named touchpoint (made at ``stage`` if the journey has none of that name), else the
    stage's first touchpoint, else the journey's first; InvalidDesign when there is none."""
    if name is not None:
        wanted = name.strip().casefold()
        found = next((t for t in journey.touchpoints if t.name.casefold() == wanted), None)
        return found or surveys.add_touchpoint(db_session(), journey, name, stage=stage)
    at_stage = [t for t in journey.touchpoints if t.stage_id == stage.id]
    if chosen := (at_stage or list(journey.touchpoints)):
        return chosen[0]
    raise surveys.InvalidDesign(
        f"Journey '{journey.slug}' has no touchpoint; pass --touchpoint NAME to make one.",
        {"touchpoint": "is required"},
    )


def _one(
    path: Path, journey: Journey, stage_name: str | None, touchpoint: str | None, check: bool
) -> tuple[bool, str]:
    """(whether it was accepted, its report line) for one file; the caller ends its transaction."""
    try:
        body = path.read_bytes()
    except OSError as error:
        return False, _line(path, "refused", problems=[f"file: {error.strerror or error}"])
    try:
        result = surveyjs.read_survey(surveyjs.parse_json(body))
    except surveys.InvalidDesign as error:
        return False, _line(path, "refused", problems=[f"file: {error.message}"])
    fields: dict[str, Any] = {
        "questions": len(result.questions),
        "dropped": list(result.dropped),
        "problems": list(result.problems),
    }
    if result.problems:
        return False, _line(path, "refused", **fields)
    try:
        stage = surveys.stage_named(journey, stage_name) if stage_name else journey.stages[0]
        place = _touchpoint(journey, stage, touchpoint)
        survey = surveyjs.create_draft(db_session(), journey, result, stage=stage, touchpoint=place)
    except surveys.SurveyError as error:
        details = [f"{field}: {text}" for field, text in error.fields.items()]
        return False, _line(path, "refused", **{**fields, "problems": details or [error.message]})
    if check:
        return True, _line(path, "ok", **fields)
    return True, _line(path, "imported", survey=survey.id, **fields)


@group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=Path))
@click.option("--journey", "journey_slug", required=True, help="Slug of the journey.")
@click.option("--stage", help="Journey stage of the surveys (default: the journey's first).")
@click.option(
    "--touchpoint",
    help="Touchpoint of the surveys, made at the stage if missing "
    "(default: the stage's first touchpoint, else the journey's first).",
)
@click.option("--check", is_flag=True, help="Only check the files; store nothing.")
@organisation_option
def import_command(
    files: tuple[Path, ...],
    journey_slug: str,
    stage: str | None,
    touchpoint: str | None,
    check: bool,
    organisation_slug: str | None,
) -> None:
    """Import SurveyJS FILES as draft surveys (or --check them), one JSON line per file; exits
    1 when any file is refused."""
    journey = journey_named(journey_slug, organisation_slug)
    refused = 0
    for path in files:
        accepted, line = _one(path, journey, stage, touchpoint, check)
        # --check stores nothing: even a file that would import is rolled back.
        if accepted and not check:
            db.session.commit()
        else:
            db.session.rollback()
        refused += not accepted
        click.echo(line)
    if refused:
        raise SystemExit(1)
