"""The survey designer: create, edit (a new version once live), preview, publish, close, reopen
and duplicate the surveys of a journey. Views are thin: services in ``surveys`` check and save."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

import surveys
from app import params
from app.access import access, journey_in_organisation
from app.extensions import db, db_session
from surveys import lifecycle, results, surveyjs
from surveys.design_forms import (
    DesignerForm,
    form_data_of,
    page_data_of,
    pages_of_form,
    problems_of,
    show_problems,
    specs_of,
)
from surveys.kinds import KIND_LABELS
from surveys.models import Journey, Response, Survey, SurveyStatus
from surveys.questions import QuestionSpec, assign_keys

bp = Blueprint("design", __name__, url_prefix="/journeys/<slug>/surveys")

STARTERS: dict[str, list[QuestionSpec]] = {
    "feedback": [
        QuestionSpec("csat", "How satisfied are you with this?", required=True),
        QuestionSpec("free_text", "What is the main reason for your score?"),
    ],
    "blank": [QuestionSpec("free_text", "What would you like to tell us?")],
}


def survey_in(journey: Journey, survey_id: int) -> Survey:
    """The journey's survey ``survey_id``; 404 for another journey's (or organisation's)."""
    survey = db.session.get(Survey, survey_id)
    if survey is None or survey.journey_id != journey.id or survey.status == SurveyStatus.IMPORTED:
        abort(404)
    return survey


def _choices(form: DesignerForm, journey: Journey) -> DesignerForm:
    form.stage.choices = [(s.id, s.name) for s in journey.stages]
    form.touchpoint.choices = [(t.id, f"{t.name} ({t.channel})") for t in journey.touchpoints]
    form.personas.choices = [(p.id, p.name) for p in journey.personas]
    keys = [(e.form.key.data or "", e.form.prompt.data or "") for e in form.questions]
    pages = pages_of_form(form)
    page_choices = [
        (p.name, f"Page {i}" + (f": {p.title[:40]}" if p.title else ""))
        for i, p in enumerate(pages, start=1)
    ]
    for i, entry in enumerate(form.questions):
        earlier = [(k, f"{k}: {p[:60]}") for k, p in keys[:i] if k]
        entry.form.show_if_question.choices = [("", "Always show"), *earlier]
        entry.form.page.choices = page_choices
        if entry.form.page.data not in {p.name for p in pages}:
            entry.form.page.data = pages[-1].name if i else pages[0].name
    for page_entry, page in zip(form.pages, pages, strict=True):
        page_entry.form["name"].data = page.name
    return form


def _details(survey: Survey) -> dict[str, Any]:
    return {
        "title": survey.title,
        "intro": survey.intro,
        "stage": survey.stage_id,
        "touchpoint": survey.touchpoint_id,
        "personas": [p.id for p in survey.personas],
    }


def _next_key(survey: Survey, entries: list[dict[str, Any]]) -> str:
    """The key saving would give a new question added after ``entries``."""
    used = {q.key for v in survey.versions for q in v.questions}
    used |= {str(e["key"]) for e in entries if e.get("key")}
    return assign_keys([QuestionSpec("free_text", "")], used)[0]


def _remove_page(pages: list[dict[str, Any]], entries: list[dict[str, Any]], n: int) -> None:
    """Drop page ``n``; its questions join the page before it (the next, for the first)."""
    gone = pages.pop(n)
    heir = pages[max(n - 1, 0)]
    for entry in entries:
        if entry.get("page") == gone.get("name"):
            entry["page"] = heir.get("name")


def _rearranged(survey: Survey, form: DesignerForm, action: str) -> DesignerForm:
    """Add, remove or move a question, or add a page, without saving (the buttons work without
    JavaScript)."""
    entries: list[dict[str, Any]] = [dict(e.data) for e in form.questions]
    pages = [dict(e.data) for e in form.pages]
    verb, _, arg = action.partition(":")
    if verb == "add_page":
        names = {str(p.get("name")) for p in pages}
        number = next(n for n in range(len(pages) + 1, 1000) if f"page{n}" not in names)
        pages.append({"name": f"page{number}", "title": "", "show_if": "", "end_if": ""})
    elif verb == "remove_page":
        if (n := params.whole_number(arg, high=len(pages) - 1)) is not None and len(pages) > 1:
            _remove_page(pages, entries, n)
    elif verb == "add":
        kind = arg if arg in KIND_LABELS else "free_text"
        last_page = str(pages[-1].get("name") or "") if pages else ""
        entries.append(
            {**form_data_of(QuestionSpec(kind, "")), "key": _next_key(survey, entries),
             "page": last_page}
        )  # fmt: skip
    elif (i := params.whole_number(arg, high=len(entries) - 1)) is not None:
        if verb == "remove" and len(entries) > 1:
            entries.pop(i)
        elif verb == "up" and i > 0:
            entries[i - 1], entries[i] = entries[i], entries[i - 1]
        elif verb == "down" and i < len(entries) - 1:
            entries[i + 1], entries[i] = entries[i], entries[i + 1]
    data = {k: v for k, v in form.data.items() if k not in ("questions", "pages")}
    return DesignerForm(data={**data, "pages": pages, "questions": entries})


def _render_designer(
    journey: Journey, survey: Survey, form: DesignerForm, status: int = 200
) -> ResponseReturnValue:
    form = _choices(form, journey)
    return render_template(
        "design/edit.html",
        journey=journey,
        survey=survey,
        form=form,
        problems=problems_of(form),
        kinds=KIND_LABELS,
        draft=lifecycle.draft_of(survey),
        # What a SurveyJS export of these questions could not keep, shown before they are saved.
        export_losses=surveyjs.export_losses(specs_of(form), pages_of_form(form)),
    ), status


@bp.get("")
@access("viewer")
def index(slug: str) -> ResponseReturnValue:
    """The journey's surveys with their status, versions and answer counts."""
    journey = journey_in_organisation(slug)
    listed = db.session.scalars(
        select(Survey)
        .where(Survey.journey_id == journey.id, Survey.status != SurveyStatus.IMPORTED)
        .order_by(Survey.created_at, Survey.id)
    ).all()
    # The counts the survey's summary and inbox show (responses · with a scored comment).
    totals = results.survey_totals(db_session(), listed)
    db.session.commit()  # the tallies brought up to date
    rows = [(survey, totals[survey.id]) for survey in listed]
    return render_template("design/index.html", journey=journey, rows=rows)


@bp.route("/new", methods=["GET", "POST"])
@access("researcher")
def new_survey(slug: str) -> ResponseReturnValue:
    """Name a survey, place it at a stage and touchpoint, and open it in the designer."""
    journey = journey_in_organisation(slug)
    form = _choices(
        DesignerForm(request.form if request.method == "POST" else MultiDict()), journey
    )
    starter = request.form.get("starter", "feedback")
    if request.method == "POST" and form.title.validate(form) and form.stage.validate(form):
        try:
            survey = surveys.create_survey(
                db_session(),
                journey,
                title=form.title.data or "",
                intro=form.intro.data or "",
                stage=next(s for s in journey.stages if s.id == form.stage.data),
                touchpoint=next(t for t in journey.touchpoints if t.id == form.touchpoint.data),
                personas=[p for p in journey.personas if p.id in (form.personas.data or [])],
                questions=STARTERS.get(starter, STARTERS["feedback"]),
            )
        except (StopIteration, surveys.InvalidDesign) as error:  # the form again, fields marked
            db.session.rollback()
            show_problems(form, getattr(error, "fields", {"touchpoint": "choose one"}))
        else:
            db.session.commit()
            flash(f"Draft “{survey.title}” created. Add your questions, then publish.")
            return redirect(url_for(".edit", slug=slug, survey_id=survey.id))
    status = 422 if request.method == "POST" else 200
    return render_template("design/new.html", journey=journey, form=form, starter=starter), status


@bp.route("/<int:survey_id>/edit", methods=["GET", "POST"])
@access("researcher")
def edit(slug: str, survey_id: int) -> ResponseReturnValue:
    """The designer: details and questions; saving a live survey makes a new draft version."""
    journey = journey_in_organisation(slug)
    survey = survey_in(journey, survey_id)
    if request.method == "GET":
        newest = survey.versions[-1]
        data = {
            **_details(survey),
            "pages": [page_data_of(p) for p in lifecycle.pages_of_version(newest)],
            "questions": [form_data_of(lifecycle.spec_of(q)) for q in newest.questions],
        }
        return _render_designer(journey, survey, DesignerForm(data=data))
    form = _choices(DesignerForm(request.form), journey)
    action = request.form.get("action", "save")
    if action.partition(":")[0] in ("add", "remove", "up", "down", "add_page", "remove_page"):
        return _render_designer(journey, survey, _rearranged(survey, form, action))
    if not form.validate():
        # Every problem in one round: the questions' own, beside those of the fields.
        show_problems(form, lifecycle.design_problems(survey, specs_of(form), pages_of_form(form)))
        return _render_designer(journey, survey, form, 422)
    try:
        lifecycle.update_details(
            db_session(),
            survey,
            title=form.title.data or "",
            intro=form.intro.data or "",
            stage=next(s for s in journey.stages if s.id == form.stage.data),
            touchpoint=next(t for t in journey.touchpoints if t.id == form.touchpoint.data),
            personas=[p for p in journey.personas if p.id in (form.personas.data or [])],
        )
        version = lifecycle.save_questions(
            db_session(), survey, specs_of(form), pages_of_form(form)
        )
        if action == "publish":
            lifecycle.publish(db_session(), survey)
    except surveys.InvalidDesign as error:  # the designer again, with what was typed
        db.session.rollback()
        survey = survey_in(journey, survey_id)
        show_problems(form, error.fields)
        return _render_designer(journey, survey, form, 422)
    db.session.commit()
    if action == "publish":
        flash(f"Version {version.number} of “{survey.title}” is live.")
        return redirect(url_for(".show", slug=slug, survey_id=survey.id))
    if action == "preview":
        return redirect(url_for(".preview", slug=slug, survey_id=survey.id))
    flash(f"Draft version {version.number} saved.")
    return redirect(url_for(".edit", slug=slug, survey_id=survey.id))


@bp.get("/<int:survey_id>")
@access("viewer")
def show(slug: str, survey_id: int) -> ResponseReturnValue:
    """A survey's versions, with how many answers each got, and what can be done next."""
    journey = journey_in_organisation(slug)
    survey = survey_in(journey, survey_id)
    counts = dict(
        db.session.execute(
            select(Response.version_id, func.count(Response.id))
            .where(Response.survey_id == survey.id)
            .group_by(Response.version_id)
        ).all()
    )
    totals = results.survey_totals(db_session(), [survey])[survey.id]
    db.session.commit()  # the tallies brought up to date
    return render_template(
        "design/show.html",
        journey=journey,
        survey=survey,
        counts=counts,
        totals=totals,
        draft=lifecycle.draft_of(survey),
    )


@bp.get("/<int:survey_id>/preview")
@access("researcher")
def preview(slug: str, survey_id: int) -> ResponseReturnValue:
    """The newest version as customers would see it; ``?answer`` shows skip logic applied."""
    journey = journey_in_organisation(slug)
    survey = survey_in(journey, survey_id)
    version = survey.versions[-1]
    form = surveys.answer_form(version, seed="preview")(request.args if request.args else None)
    checked = bool(request.args) and form.validate()
    return render_template(
        "design/preview.html", journey=journey, survey=survey, version=version, form=form,
        checked=checked,
    )  # fmt: skip


def _lifecycle_action(slug: str, survey_id: int, action: str) -> ResponseReturnValue:
    journey = journey_in_organisation(slug)
    survey = survey_in(journey, survey_id)
    target = survey
    if action == "publish":
        version = lifecycle.publish(db_session(), survey)
        message = f"Version {version.number} is live."
    elif action == "close":
        lifecycle.close_survey(db_session(), survey)
        message = "Closed: the survey takes no more answers."
    elif action == "reopen":
        lifecycle.reopen_survey(db_session(), survey)
        message = "Reopened: the survey takes answers again."
    else:
        target = lifecycle.duplicate_survey(db_session(), survey)
        message = f"Duplicated as the draft “{target.title}”."
    db.session.commit()
    flash(message)
    return redirect(url_for(".show", slug=slug, survey_id=target.id))


@bp.post("/<int:survey_id>/publish")
@access("researcher")
def publish(slug: str, survey_id: int) -> ResponseReturnValue:
    """Publish the draft as the live version."""
    return _lifecycle_action(slug, survey_id, "publish")


@bp.post("/<int:survey_id>/close")
@access("researcher")
def close(slug: str, survey_id: int) -> ResponseReturnValue:
    """Stop taking answers."""
    return _lifecycle_action(slug, survey_id, "close")


@bp.post("/<int:survey_id>/reopen")
@access("researcher")
def reopen(slug: str, survey_id: int) -> ResponseReturnValue:
    """Take answers again."""
    return _lifecycle_action(slug, survey_id, "reopen")


@bp.post("/<int:survey_id>/duplicate")
@access("researcher")
def duplicate(slug: str, survey_id: int) -> ResponseReturnValue:
    """Copy the survey into a new draft."""
    return _lifecycle_action(slug, survey_id, "duplicate")
