"""``flask surveys import``: one JSON line per file; --check stores nothing; bad files are refused
lines naming the problem, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveys.models import Journey, Survey, Touchpoint
from tests.conftest import make_journey
from tests.test_surveyjs import EVERY_TYPE


def _run(app: Flask, *args: str) -> tuple[int, list[dict[str, Any]], str]:
    """Exit code, the JSON lines printed, and anything else printed."""
    result = app.test_cli_runner().invoke(args=["surveys", "import", *args])
    lines, other = [], []
    for line in result.output.splitlines():
        try:
            lines.append(json.loads(line))
        except ValueError:
            other.append(line)
    return result.exit_code, lines, "\n".join(other)


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _journey(session: Session) -> Journey:
    """A committed journey: each file's import ends its own transaction."""
    journey = make_journey(session)
    session.commit()
    return journey


def _surveys(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(Survey.id))) or 0


def test_each_file_is_imported_as_a_draft_and_reported_on_one_line(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    journey = _journey(session)
    with_notes = {**EVERY_TYPE, "showProgressBar": "top"}
    first = _write(tmp_path / "checkout.json", with_notes)
    second = _write(tmp_path / "short.json", {"elements": [{"type": "comment", "name": "why"}]})

    code, lines, other = _run(app, str(first), str(second), "--journey", journey.slug,
                              "--stage", journey.stages[2].name)  # fmt: skip

    assert code == 0 and other == ""
    assert [(line["file"], line["outcome"], line["questions"]) for line in lines] == [
        (str(first), "imported", 11), (str(second), "imported", 1),
    ]  # fmt: skip
    assert lines[0]["dropped"] == ["survey: left out showProgressBar (display only)"]
    assert lines[0]["problems"] == []
    created = session.get(Survey, lines[0]["survey"])
    assert created is not None and created.status == "draft"
    assert created.stage.name == journey.stages[2].name
    assert len(created.versions[0].questions) == 11


def test_check_stores_nothing_and_says_what_would_happen(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    journey = _journey(session)
    good = _write(tmp_path / "good.json", EVERY_TYPE)
    touchpoints = len(journey.touchpoints)

    code, lines, _ = _run(
        app, str(good), "--journey", journey.slug, "--touchpoint", "Kiosk", "--check"
    )

    assert code == 0
    assert [(line["outcome"], line["questions"]) for line in lines] == [("ok", 11)]
    assert "survey" not in lines[0]
    assert _surveys(session) == 0
    count = select(func.count(Touchpoint.id)).where(Touchpoint.journey_id == journey.id)
    assert session.scalar(count) == touchpoints  # the touchpoint it would make is not made


def test_a_refused_file_names_every_element_and_the_others_still_import(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    journey = _journey(session)
    elements = [
        {"type": "nouislider", "name": "cv"},
        {"type": "text", "name": "a", "readOnly": True},
    ]
    refused = _write(tmp_path / "bad.json", {"pages": [{"name": "p1", "elements": elements}]})
    good = _write(tmp_path / "good.json", EVERY_TYPE)

    code, lines, _ = _run(app, str(refused), str(good), "--journey", journey.slug)

    assert code == 1
    assert [line["outcome"] for line in lines] == ["refused", "imported"]
    assert lines[0]["problems"] == [
        'page "p1", element "cv": type \'nouislider\' has no equivalent here',
        'page "p1", question "a": readOnly has no equivalent here',
    ]
    assert _surveys(session) == 1


def test_files_that_are_not_surveys_are_refused_lines_never_tracebacks(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    journey = _journey(session)
    not_json = tmp_path / "notes.json"
    not_json.write_text("{title: 'single quotes'}", encoding="utf-8")
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"title": "Café"}'.encode("latin-1"))
    a_list = _write(tmp_path / "list.json", [EVERY_TYPE])
    nested = tmp_path / "deep.json"
    nested.write_text("[" * 100_000, encoding="utf-8")
    missing = tmp_path / "missing.json"

    code, lines, other = _run(
        app, str(not_json), str(latin1), str(a_list), str(nested), str(missing), str(tmp_path),
        "--journey", journey.slug,
    )  # fmt: skip

    assert code == 1 and "Traceback" not in other
    assert [line["outcome"] for line in lines] == ["refused"] * 6
    problems = [line["problems"][0] for line in lines]
    assert problems[0].startswith("file: This is not JSON: Expecting property name")
    assert problems[1] == "file: The file is not UTF-8 text."
    assert problems[2].startswith("survey: [{") and problems[2].endswith("is not a JSON object")
    assert problems[3] == "file: The JSON is nested too deeply to be a survey."
    assert problems[4] == "file: No such file or directory"
    assert problems[5] == "file: Is a directory"
    assert _surveys(session) == 0


def test_an_unknown_stage_is_refused_naming_it(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    journey = _journey(session)
    good = _write(tmp_path / "good.json", EVERY_TYPE)

    code, lines, _ = _run(app, str(good), "--journey", journey.slug, "--stage", "Nowhere")

    assert code == 1
    assert lines[0]["outcome"] == "refused" and lines[0]["problems"] == ["stage: is unknown"]
