"""Results for researchers: a survey's summary, its response inbox, one response in full,
exports of the filtered responses, and erasure. Views are thin: ``surveys.results`` reads and
writes, the view parses the request, renders and commits."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask.typing import ResponseReturnValue
from markupsafe import Markup

import journeys
from app.access import access, journey_in_organisation, required_user
from app.extensions import db, db_session
from app.web.design import survey_in
from surveys import results
from surveys.models import Journey, Survey, utcnow
from surveys.results.charts import block_charts
from surveys.results.filters import COMPLETIONS, EMOTIONS, LABELS, OPERATORS, ResultFilters

bp = Blueprint("results", __name__, url_prefix="/journeys/<slug>/surveys/<int:survey_id>")

# What erasure tells the packages that derived data from responses (the map's facts).
ERASURE_LISTENERS: tuple[results.ErasureListener, ...] = (journeys.forget_responses,)


def _load(slug: str, survey_id: int) -> tuple[Journey, Survey, list[results.QuestionGroup]]:
    journey = journey_in_organisation(slug)
    survey = survey_in(journey, survey_id)
    return journey, survey, results.question_groups(survey)


def _filters(survey: Survey, groups: list[results.QuestionGroup]) -> ResultFilters:
    return results.parse_filters(survey, request.args, groups)


def filter_context(
    journey: Journey, survey: Survey, groups: list[results.QuestionGroup], filters: ResultFilters
) -> dict[str, object]:
    """What the shared filter form needs."""
    return {
        "journey": journey,
        "survey": survey,
        "groups": groups,
        "filters": filters,
        "versions": results.published_versions(survey),
        "personas": journey.personas,
        "channels": sorted({t.channel for t in journey.touchpoints} | {survey.touchpoint.channel}),
        "completions": COMPLETIONS,
        "labels": LABELS,
        "emotions": EMOTIONS,
        "operators": OPERATORS,
        "make_condition": results.AnswerCondition,
    }


@bp.get("/summary")
@access("viewer")
def summary(slug: str, survey_id: int) -> ResponseReturnValue:
    """One block per question, charts drawn on the server, under the shared filters."""
    journey, survey, groups = _load(slug, survey_id)
    filters = _filters(survey, groups).summary_part()
    order = request.args.get("order", "").strip() or "options"
    if order not in ("options", "count"):
        raise results.InvalidFilter(
            "Sort choices by “options” or “count”.", {"order": "must be options or count"}
        )
    found = results.summarise(db_session(), survey, filters, groups, by_count=order == "count")
    db.session.commit()  # the tallies it brought up to date
    return render_template(
        "results/summary.html",
        **filter_context(journey, survey, groups, filters),
        summary=found,
        order=order,
        charts=lambda block, i: {
            name: Markup(svg) for name, svg in block_charts(block, f"q{i}").items()
        },
    )


@bp.get("/responses")
@access("viewer")
def inbox(slug: str, survey_id: int) -> ResponseReturnValue:
    """The survey's responses, newest first, filtered, a keyset page at a time."""
    journey, survey, groups = _load(slug, survey_id)
    filters = _filters(survey, groups)
    after = request.args.get("after", "").strip() or None
    before = request.args.get("before", "").strip() or None
    page = results.inbox_page(db_session(), survey, filters, groups, after=after, before=before)
    return render_template(
        "results/inbox.html",
        **filter_context(journey, survey, groups, filters),
        page=page,
        prompts={g.key: g.prompt for g in groups},
    )


@bp.get("/responses/<response_id>")
@access("viewer")
def response(slug: str, survey_id: int, response_id: str) -> ResponseReturnValue:
    """One response in full: every answer, hidden fields, metadata, source and scores."""
    journey, survey, _groups = _load(slug, survey_id)
    detail = results.response_detail(db_session(), survey, response_id)
    return render_template(
        "results/response.html",
        journey=journey,
        survey=survey,
        detail=detail,
        marked=lambda answer: Markup(answer.highlighted),
    )


@bp.get("/responses/<response_id>/files/<key>/<int:number>")
@access("viewer")
def answer_file(
    slug: str, survey_id: int, response_id: str, key: str, number: int
) -> ResponseReturnValue:
    """A file a respondent sent, for download only: never shown in the browser, whatever it
    holds (attachment, its checked type, no sniffing, a sandbox with nothing allowed)."""
    _journey, survey, _groups = _load(slug, survey_id)
    found = results.answer_file(db_session(), survey, response_id, key, number)
    reply = send_file(
        io.BytesIO(found.data),
        mimetype=found.mime,
        as_attachment=True,
        download_name=found.name,  # quoted for the header (and its UTF-8 form) by werkzeug
        max_age=0,
    )
    reply.headers["X-Content-Type-Options"] = "nosniff"
    reply.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; frame-ancestors 'none'"
    reply.headers["Cache-Control"] = "private, no-store"
    return reply


@bp.post("/responses/<response_id>/erase")
@access("researcher")
def erase_response(slug: str, survey_id: int, response_id: str) -> ResponseReturnValue:
    """Erase one response (its answers and scores; the map forgets it at the next rollup)."""
    journey, survey, _groups = _load(slug, survey_id)
    if request.form.get("confirm") != "yes":
        raise results.InvalidErasure(
            "Tick the box to confirm the erasure.", {"confirm": "must be ticked"}
        )
    target = results.response_target(db_session(), survey, response_id)
    results.erase(
        db_session(),
        journey,
        target,
        user=required_user(),
        survey=survey,
        listeners=ERASURE_LISTENERS,
    )
    db.session.commit()
    flash("The response was erased; the map drops it at its next rollup.")
    return redirect(url_for(".inbox", slug=slug, survey_id=survey_id))


@bp.route("/erase", methods=["GET", "POST"])
@access("researcher")
def erase_matching(slug: str, survey_id: int) -> ResponseReturnValue:
    """Erase every response carrying a hidden-field value (a GDPR request): preview, confirm."""
    journey, survey, _groups = _load(slug, survey_id)
    form = request.form if request.method == "POST" else request.args
    field = (form.get("field") or "").strip()
    value = (form.get("value") or "").strip()
    everywhere = form.get("scope") == "journey"
    target = None
    if request.method == "POST":
        target = results.hidden_field_target(
            db_session(), journey, field, value, survey=None if everywhere else survey
        )
        if form.get("confirm") == "yes" and target.count:
            record = results.erase(
                db_session(),
                journey,
                target,
                user=required_user(),
                survey=None if everywhere else survey,
                listeners=ERASURE_LISTENERS,
            )
            db.session.commit()
            flash(
                f"Erased {record.count} response{'s' if record.count != 1 else ''} "
                f"carrying that {record.hidden_field}; the map drops them at its next rollup."
            )
            return redirect(url_for(".erase_matching", slug=slug, survey_id=survey_id))
    return render_template(
        "results/erase.html",
        journey=journey,
        survey=survey,
        field=field,
        value=value,
        everywhere=everywhere,
        target=target,
        log=results.erasure_log(db_session(), journey),
    )


def _export_name(survey: Survey, extension: str) -> str:
    return f"survey-{survey.id}-responses-{utcnow():%Y%m%d-%H%M}.{extension}"


def _download(body: Iterator[bytes] | bytes, mimetype: str, name: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _plan(slug: str, survey_id: int) -> tuple[Survey, results.ExportPlan]:
    _journey, survey, groups = _load(slug, survey_id)
    return survey, results.plan_export(db_session(), survey, _filters(survey, groups), groups)


@bp.get("/responses.csv")
@access("researcher")
def export_csv(slug: str, survey_id: int) -> ResponseReturnValue:
    """The filtered responses as CSV (UTF-8 with BOM, formulas defused), streamed;
    ``header=prompts`` adds a second header row with each column's prompt or meaning."""
    survey, plan = _plan(slug, survey_id)
    header = request.args.get("header", "").strip() or "names"
    if header not in ("names", "prompts"):
        raise results.InvalidFilter(
            "The CSV header is “names” or “prompts”.", {"header": "must be names or prompts"}
        )
    body = stream_with_context(results.csv_chunks(db_session(), plan, prompts=header == "prompts"))
    return _download(body, "text/csv; charset=utf-8", _export_name(survey, "csv"))


@bp.get("/responses.jsonl")
@access("researcher")
def export_jsonl(slug: str, survey_id: int) -> ResponseReturnValue:
    """The filtered responses as JSON Lines, streamed."""
    survey, plan = _plan(slug, survey_id)
    body = stream_with_context(results.jsonl_chunks(db_session(), plan))
    return _download(body, "application/x-ndjson", _export_name(survey, "jsonl"))


@bp.get("/responses.xlsx")
@access("researcher")
def export_xlsx(slug: str, survey_id: int) -> ResponseReturnValue:
    """The filtered responses as a workbook with a data dictionary sheet."""
    survey, plan = _plan(slug, survey_id)
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        results.write_xlsx(db_session(), plan, path)
    except BaseException:
        os.unlink(path)
        raise

    def chunks() -> Iterator[bytes]:
        try:
            with open(path, "rb") as workbook:
                while chunk := workbook.read(64 * 1024):
                    yield chunk
        finally:
            os.unlink(path)

    return _download(
        chunks(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _export_name(survey, "xlsx"),
    )


@bp.get("/responses/dictionary.csv")
@access("researcher")
def export_dictionary(slug: str, survey_id: int) -> ResponseReturnValue:
    """The data dictionary of the CSV export: each column and what it holds."""
    survey, plan = _plan(slug, survey_id)
    return _download(
        results.dictionary_csv(plan), "text/csv; charset=utf-8", _export_name(survey, "dict.csv")
    )
