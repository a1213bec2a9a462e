"""The share page of a survey: its public link and QR code, the embed builder, and the web
origins allowed to embed it (edited here with the same rule as ``flask feedback origins``)."""

from __future__ import annotations

import io

import segno
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from app.access import access, journey_in_organisation
from app.api.origins import InvalidOrigin, checked_origin, edit_origins
from app.extensions import db
from app.web.design import survey_in
from surveys.models import Journey, Survey

bp = Blueprint("share", __name__, url_prefix="/journeys/<slug>/surveys/<int:survey_id>/share")


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
    return render_template(
        "share/show.html",
        journey=journey,
        survey=survey,
        link=link,
        qr=qr_svg(link),
        errors=errors or {},
        typed=request.form.get("origin", "") if errors else "",
    ), status


@bp.get("")
@access("researcher")
def show(slug: str, survey_id: int) -> ResponseReturnValue:
    """The public link with a copy button and QR code, and the survey's allowed origins."""
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
