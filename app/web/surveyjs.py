"""SurveyJS JSON: export a survey's newest version; import a file or pasted JSON as a draft."""

from __future__ import annotations

import json
from collections.abc import Mapping

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import FileStorage

import surveys
from app.access import access, journey_in_organisation
from app.extensions import db
from app.web.design import survey_in
from surveys import surveyjs
from surveys.models import Journey, Stage, Survey, Touchpoint

bp = Blueprint("surveyjs", __name__, url_prefix="/journeys/<slug>/surveys")

MAX_JSON_BYTES = 512 * 1024


@bp.get("/<int:survey_id>/surveyjs.json")
@access("researcher")
def export_survey(slug: str, survey_id: int) -> ResponseReturnValue:
    """The newest version as a SurveyJS JSON download."""
    journey = journey_in_organisation(slug)
    survey = survey_in(journey, survey_id)
    data = surveyjs.export_version(survey.title, survey.intro, survey.versions[-1])
    body = json.dumps(data, indent=2, ensure_ascii=False)
    filename = f"{surveys.slugify(survey.title)}-v{survey.versions[-1].number}.json"
    return (
        body,
        200,
        {
            "Content-Type": "application/json; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


@bp.route("/import", methods=["GET", "POST"])
@access("researcher")
def import_survey(slug: str) -> ResponseReturnValue:
    """Paste or upload SurveyJS JSON; it becomes a draft at the chosen stage and touchpoint."""
    journey = journey_in_organisation(slug)
    values = request.form
    error = None
    if request.method == "POST":
        try:
            data = _json(request.files.get("file"), values.get("json", ""))
            stage, touchpoint = _place(journey, values)
            title, intro, specs = surveyjs.import_survey(data)
            survey = _create(journey, title, intro, stage, touchpoint, specs)
        except surveys.InvalidDesign as problem:  # the import form again, every problem listed
            db.session.rollback()
            error = problem
        else:
            db.session.commit()
            flash(f"Imported “{survey.title}” as a draft with {len(specs)} questions.")
            return redirect(url_for("design.edit", slug=slug, survey_id=survey.id))
    status = 422 if error else 200
    return render_template(
        "design/import.html", journey=journey, error=error, values=values
    ), status


def _json(upload: FileStorage | None, pasted: str) -> object:
    """The uploaded file's JSON, else the pasted JSON; InvalidDesign if too large or not JSON."""
    # The limit is on bytes, checked before decoding: a file of multi-byte characters can be
    # far larger than its length in characters.
    body = upload.read(MAX_JSON_BYTES + 1) if upload else b""
    if not body:
        body = pasted.encode("utf-8")
    if len(body) > MAX_JSON_BYTES:
        raise surveys.InvalidDesign(
            f"The JSON is too large (at most {MAX_JSON_BYTES // 1024} KB).",
            {"json": f"at most {MAX_JSON_BYTES // 1024} KB"},
        )
    try:
        text = body.decode("utf-8-sig")  # editors on Windows often start a file with a BOM
    except UnicodeDecodeError:
        raise surveys.InvalidDesign(
            "The file is not UTF-8 text.", {"json": "is not UTF-8 text"}
        ) from None
    try:
        return json.loads(text)
    except ValueError as problem:
        raise surveys.InvalidDesign(
            f"This is not JSON: {problem}", {"json": "is not valid JSON"}
        ) from None
    except RecursionError:
        raise surveys.InvalidDesign(
            "The JSON is nested too deeply to be a survey.", {"json": "is nested too deeply"}
        ) from None


def _place(journey: Journey, values: Mapping[str, str]) -> tuple[Stage, Touchpoint]:
    """The chosen stage and touchpoint; InvalidDesign naming each one that was not chosen."""
    stage = next((s for s in journey.stages if str(s.id) == values.get("stage")), None)
    touchpoint = next(
        (t for t in journey.touchpoints if str(t.id) == values.get("touchpoint")), None
    )
    if stage is None or touchpoint is None:
        missing = [name for name, chosen in (("stage", stage), ("touchpoint", touchpoint))
                   if chosen is None]  # fmt: skip
        raise surveys.InvalidDesign(
            f"Choose a {' and a '.join(missing)}.", dict.fromkeys(missing, "choose one")
        )
    return stage, touchpoint


def _create(
    journey: Journey,
    title: str,
    intro: str,
    stage: Stage,
    touchpoint: Touchpoint,
    specs: list[surveys.QuestionSpec],
) -> Survey:
    """The draft; what the design rules refuse (a title too long, say) is listed like the rest."""
    try:
        return surveys.create_survey(
            db.session(), journey, title=title, intro=intro, stage=stage,
            touchpoint=touchpoint, questions=specs,
        )  # fmt: skip
    except surveys.InvalidDesign as problem:
        listed = "; ".join(f"{field}: {text}" for field, text in problem.fields.items())
        raise surveys.InvalidDesign(
            f"This SurveyJS survey cannot be imported: {listed}", problem.fields
        ) from None
