"""The published SurveyJS corpus through ``flask surveys import``: what share imports, that
nothing crashes, and that every refusal names the element it is about."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveys.models import Survey
from tests.conftest import make_journey
from tests.test_surveyjs_corpus_harness import CORPUS_FILES

#: The share of the corpus that must import: what imports today (40 of 48), so it cannot slip;
#: the issue's aim was 80 %. docs/surveyjs.md lists what the rest lacks.
MIN_IMPORTED = 0.83
#: A problem names the survey, or a page and the element on it, by the names the file gives.
NAMED = re.compile(r'^(survey|page "[^"]+"(, (question|panel|element) "[^"]+")?)(: | \()')


def test_the_corpus_imports_through_the_cli_without_a_crash_naming_every_refusal(
    app: Flask, session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = make_journey(session)
    session.commit()

    result = app.test_cli_runner().invoke(
        args=["surveys", "import", *map(str, CORPUS_FILES), "--journey", journey.slug]
    )

    # No crash: every line is one file's JSON report, and the command ends as it means to.
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [Path(line["file"]).name for line in lines] == [p.name for p in CORPUS_FILES]
    outcomes = Counter(line["outcome"] for line in lines)
    assert set(outcomes) <= {"imported", "refused"}
    imported = outcomes["imported"]
    for line in lines:
        unnamed = [p for p in line["problems"] if not NAMED.match(p)]
        assert unnamed == [], line["file"]
        assert (line["outcome"] == "refused") == bool(line["problems"]), line["file"]
    session.expire_all()
    assert session.scalar(select(func.count(Survey.id))) == imported
    with capsys.disabled():
        print(f"\nSurveyJS corpus: {imported} of {len(lines)} import ({imported / len(lines):.0%})")
    assert imported >= MIN_IMPORTED * len(lines)
