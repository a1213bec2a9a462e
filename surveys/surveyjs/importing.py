"""Importing a SurveyJS file as a draft survey: the bytes read as JSON, then the draft made.

The web page and the ``flask surveys import`` command both come through here, so a file is
refused for the same reasons, in the same words, wherever it is imported.
"""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from surveys.design import create_survey
from surveys.errors import InvalidDesign
from surveys.models import Journey, Stage, Survey, Touchpoint
from surveys.surveyjs.reading import SurveyJSImport, SurveyJSRefused

MAX_JSON_BYTES = 512 * 1024


def parse_json(body: bytes) -> object:
    """The JSON in ``body``; InvalidDesign (field ``json``) if too large, not UTF-8 or not JSON."""
    # The limit is on bytes, checked before decoding: a file of multi-byte characters can be
    # far larger than its length in characters.
    if len(body) > MAX_JSON_BYTES:
        raise InvalidDesign(
            f"The JSON is too large (at most {MAX_JSON_BYTES // 1024} KB).",
            {"json": f"at most {MAX_JSON_BYTES // 1024} KB"},
        )
    try:
        text = body.decode("utf-8-sig")  # editors on Windows often start a file with a BOM
    except UnicodeDecodeError:
        raise InvalidDesign("The file is not UTF-8 text.", {"json": "is not UTF-8 text"}) from None
    try:
        return json.loads(text)
    except ValueError as problem:
        raise InvalidDesign(f"This is not JSON: {problem}", {"json": "is not valid JSON"}) from None
    except RecursionError:
        raise InvalidDesign(
            "The JSON is nested too deeply to be a survey.", {"json": "is nested too deeply"}
        ) from None


def create_draft(
    session: Session,
    journey: Journey,
    result: SurveyJSImport,
    *,
    stage: Stage,
    touchpoint: Touchpoint,
) -> Survey:
    """A draft survey holding an importable ``result``; what the design rules refuse (a title
    too long, say) raises InvalidDesign listing each, like the import's own problems."""
    if result.problems:
        raise SurveyJSRefused(result)
    try:
        return create_survey(
            session, journey, title=result.title, intro=result.intro, stage=stage,
            touchpoint=touchpoint, questions=result.questions, pages=result.pages or None,
        )  # fmt: skip
    except InvalidDesign as problem:
        listed = "; ".join(f"survey: {field}: {text}" for field, text in problem.fields.items())
        raise InvalidDesign(
            f"This SurveyJS survey cannot be imported: {listed}", problem.fields
        ) from None
