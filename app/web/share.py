"""The share page of a survey: its public link and QR code, the embed builder, and the web
origins allowed to embed it (edited here with the same rule as ``flask feedback origins``)."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from werkzeug.wrappers import Response as Reply

from app.access import access, journey_in_organisation
from app.api.origins import InvalidOrigin, checked_origin, edit_origins
from app.embed.builder import EmbedForm, EmbedOptions, snippet
from app.extensions import db
from app.web.design import survey_in
from surveys.models import Journey, Survey

bp = Blueprint("share", __name__, url_prefix="/journeys/<slug>/surveys/<int:survey_id>/share")

# Scripts, styles and frames only from this app (the preview frames the widget, which frames the
# survey); nobody else may frame these pages.
SHARE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'; "
    "object-src 'none'"
)


@bp.after_request
def _csp(response: Reply) -> Reply:
    response.headers.setdefault("Content-Security-Policy", SHARE_CSP)
    return response


def _with_query(url: str) -> str:
    """``url`` with this request's query string (the builder's options), re-encoded."""
    query = urlencode(list(request.args.items(multi=True)))
    return f"{url}?{query}" if query else url


def builder_form() -> EmbedForm:
    """The embed builder's form: from the query string when one was sent, else its defaults."""
    return EmbedForm(request.args) if request.args else EmbedForm()


def builder_options(form: EmbedForm) -> EmbedOptions | None:
    """The options a builder form asks for; None (its errors set) when they do not validate."""
    return form.options() if form.validate() else None


def qr_svg(text: str) -> Markup:
    """``text`` as a QR code: an inline SVG drawn here (no image service sees the link)."""
    out = io.BytesIO()
    # Error correction "M" survives a smudged print; segno writes only paths, never the text.
    segno.make(text, error="m", micro=False).save(
        out, kind="svg", scale=5, border=2, xmldecl=False, svgns=True, title="QR code of the link"
    )
    return Markup(out.getvalue().decode())  # paths and our title: no user text


def public_link(survey: Survey) -> str:
    """The hosted page customers answer the survey at."""
    return url_for("answer.answer", public_id=survey.public_id, _external=True)


def _page(
    journey: Journey, survey: Survey, *, errors: dict[str, str] | None = None, status: int = 200
) -> ResponseReturnValue:
    link = public_link(survey)
    form = builder_form()
    options = builder_options(form) if request.method == "GET" else EmbedOptions()
    if options is None:
        status = 422  # the builder's fields name what is wrong
    return render_template(
        "share/show.html",
        journey=journey,
        survey=survey,
        link=link,
        qr=qr_svg(link),
        errors=errors or {},
        typed=request.form.get("origin", "") if errors else "",
        form=form,
        snippet=snippet(request.url_root, survey.public_id, options) if options else None,
        preview_url=_with_query(url_for(".preview", slug=journey.slug, survey_id=survey.id)),
    ), status


@bp.get("")
@access("researcher")
def show(slug: str, survey_id: int) -> ResponseReturnValue:
    """The public link with its QR code, the embed builder (its options in the query string) and
    its snippet, and the survey's allowed origins."""
    journey = journey_in_organisation(slug)
    return _page(journey, survey_in(journey, survey_id))


@bp.post("/origins")
@access("researcher")
def origins(slug: str, survey_id: int) -> ResponseReturnValue:
    """Allow one more origin (``origin``) or stop allowing one (``remove``)."""
    journey = journey_in_organisation(slug)
    survey = survey_in(journey, survey_id)
    added = [request.form["origin"]] if "origin" in request.form else []
    removed = request.form.getlist("remove")
    try:
        survey.allowed_origins = edit_origins(survey.allowed_origins, added, removed)
    except InvalidOrigin as error:
        return _page(journey, survey, errors={"origin": str(error)}, status=422)
    db.session.commit()
    flash(f"Allowed {checked_origin(added[0])}." if added else "Removed.")
    return redirect(url_for(".show", slug=slug, survey_id=survey_id, _anchor="origins"))


@bp.get("/preview")
@access("researcher")
def preview(slug: str, survey_id: int) -> ResponseReturnValue:
    """A stand-in host page running the builder's snippet, shown at once (the builder frames it)."""
    journey = journey_in_organisation(slug)
    survey = survey_in(journey, survey_id)
    form = builder_form()
    options = builder_options(form)
    code = snippet(request.url_root, survey.public_id, options.for_preview()) if options else None
    return render_template(
        "share/preview.html", survey=survey, form=form, options=options, snippet=code
    ), (200 if options else 422)
