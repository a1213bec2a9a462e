"""SurveyJS JSON: export a survey's newest version; import a file or pasted JSON as a draft."""

from __future__ import annotations

import json

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

import surveys
from app.access import access, journey_in_organisation
from app.extensions import db
from app.web.design import survey_in
from surveys import surveyjs

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
        upload = request.files.get("file")
        raw = upload.read(MAX_JSON_BYTES + 1).decode("utf-8", "replace") if upload else ""
        raw = raw or values.get("json", "")
        stage = next((s for s in journey.stages if str(s.id) == values.get("stage")), None)
        touchpoint = next(
            (t for t in journey.touchpoints if str(t.id) == values.get("touchpoint")), None
        )
        try:
            if len(raw) > MAX_JSON_BYTES:
                raise surveys.InvalidDesign("The file is too large.", {"json": "at most 512 KB"})
            try:
                data = json.loads(raw)
            except ValueError as problem:
                raise surveys.InvalidDesign(
                    f"This is not JSON: {problem}", {"json": "is not valid JSON"}
                ) from None
            if stage is None or touchpoint is None:
                raise surveys.InvalidDesign(
                    "Choose a stage and a touchpoint.", {"stage": "choose one"}
                )
            title, intro, specs = surveyjs.import_survey(data)
            survey = surveys.create_survey(
                db.session, journey, title=title, intro=intro, stage=stage,
                touchpoint=touchpoint, questions=specs,
            )  # fmt: skip
        except surveys.InvalidDesign as problem:
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
