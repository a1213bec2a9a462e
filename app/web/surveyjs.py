"""SurveyJS JSON: export a survey's newest version; check or import a file or pasted JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

import surveys
from app.access import access, journey_in_organisation
from app.extensions import db
from app.web.design import survey_in
from surveys import surveyjs
from surveys.models import Journey, Stage, Touchpoint

bp = Blueprint("surveyjs", __name__, url_prefix="/journeys/<slug>/surveys")


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
    """Paste or upload SurveyJS JSON, then check it (what would be left out, what cannot be
    imported) or import it as a draft at the chosen stage and touchpoint."""
    journey = journey_in_organisation(slug)
    values = request.form
    error: surveys.InvalidDesign | None = None
    result: surveyjs.SurveyJSImport | None = None
    pasted = values.get("json", "")
    if request.method == "POST":
        upload = request.files.get("file")
        body = upload.read(surveyjs.MAX_JSON_BYTES + 1) if upload else b""
        if body and len(body) <= surveyjs.MAX_JSON_BYTES:
            # Shown in the box, so importing after a check needs no second upload.
            pasted = body.decode("utf-8-sig", errors="replace")
        try:
            result = surveyjs.read_survey(surveyjs.parse_json(body or pasted.encode("utf-8")))
            if "check" in values:
                if result.problems:
                    raise surveyjs.SurveyJSRefused(result)
            else:
                stage, touchpoint = _place(journey, values)
                survey = surveyjs.create_draft(
                    db.session(), journey, result, stage=stage, touchpoint=touchpoint
                )
                db.session.commit()
                flash(
                    f"Imported “{survey.title}” as a draft with {len(result.questions)} questions."
                )
                for note in result.dropped:
                    flash(f"Left out — {note}")
                return redirect(url_for("design.edit", slug=slug, survey_id=survey.id))
        except surveys.InvalidDesign as problem:
            db.session.rollback()
            error = problem
    return render_template(
        "design/import.html",
        journey=journey,
        error=error,
        result=result,
        values=values,
        pasted=pasted,
    ), (422 if error else 200)


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
