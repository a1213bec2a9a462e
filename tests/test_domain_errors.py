"""One exception base per domain package, mapped once by ``app/errors.py``: a status per class,
JSON ``{"error": {"code", "message", "fields"}}`` under /api, the friendly page elsewhere, one line
on the command line — and no view or command translating them by hand."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from datetime import date

import pytest
from flask import Blueprint, Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import journeys
import sentiment
import surveys
from app.access import access
from app.errors import STATUS_OF, status_of
from journeys.errors import (
    DrilldownError,
    InvalidAnnotation,
    InvalidPeriod,
    JourneyError,
    ShareLinkInvalid,
)
from surveys.errors import SurveyError, UnknownPersona
from tests.conftest import make_app, make_journey

# Exceptions a domain package defines for its own control flow; each is caught where it is raised.
INTERNAL = {"surveys.importer.BadRow"}


def _exception_classes(package: object) -> Iterator[tuple[str, type[BaseException]]]:
    """Every exception class defined in ``package`` and its modules, by dotted name."""
    path = package.__path__  # type: ignore[attr-defined]
    prefix = f"{package.__name__}."  # type: ignore[attr-defined]
    names = [package.__name__] + [m.name for m in pkgutil.walk_packages(path, prefix)]  # type: ignore[attr-defined]
    for name in names:
        if ".training" in name or name.endswith(".__main__"):  # scripts, not the library
            continue
        module = importlib.import_module(name)
        for cls_name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == name:
                yield f"{name}.{cls_name}", cls


@pytest.mark.parametrize(("package", "base"), [(surveys, SurveyError), (journeys, JourneyError)])
def test_every_error_a_domain_package_defines_derives_from_its_one_base(
    package: object, base: type[Exception]
) -> None:
    strays = [
        name
        for name, cls in _exception_classes(package)
        if not issubclass(cls, base) and name not in INTERNAL
    ]
    assert strays == []


def test_the_sentiment_library_defines_no_errors_of_its_own() -> None:
    assert list(_exception_classes(sentiment)) == []


def test_every_listed_error_has_a_status_and_subclasses_inherit_their_bases() -> None:
    assert all(issubclass(cls, (SurveyError, JourneyError)) for cls in STATUS_OF)
    assert status_of(UnknownPersona("Nobody")) == 422  # an InvalidAnswer
    assert status_of(ShareLinkInvalid("This link does not work.")) == 404
    assert status_of(JourneyError("unlisted")) == 400


def test_invalid_annotation_names_every_field_in_its_message() -> None:
    error = InvalidAnnotation({"owner_team": "must be at most 120 characters", "effort": "1 to 5"})
    assert error.message == "Not saved: owner team must be at most 120 characters; effort 1 to 5."
    assert error.fields["effort"] == "1 to 5"


@pytest.fixture
def probed(sqlite_url: str) -> Flask:
    """The app with two probe views that raise whatever error the test names."""
    application = make_app(sqlite_url)
    errors = {
        "period": InvalidPeriod("A period must not end before it starts.", {"until": "too early"}),
        "drill": DrilldownError("There is only 1 page(s).", {"page": "at most 1"}),
        "link": ShareLinkInvalid("This link does not work."),
        "persona": UnknownPersona("Nobody <b>"),
    }
    probe = Blueprint("probe", __name__)

    @probe.get("/api/v1/probe/<name>")
    @probe.get("/probe/<name>")
    @access("public")
    def raise_it(name: str) -> str:
        raise errors[name]

    application.register_blueprint(probe)
    return application


@pytest.mark.parametrize(
    ("name", "status", "code", "fields"),
    [
        ("period", 400, "invalid_period", {"until": "too early"}),
        ("drill", 400, "invalid_drilldown", {"page": "at most 1"}),
        ("link", 404, "share_link_invalid", {}),
        ("persona", 422, "invalid_answer", {"persona": "is not a persona of this journey"}),
    ],
)
def test_a_domain_error_is_json_under_the_api_and_a_page_elsewhere(
    probed: Flask, name: str, status: int, code: str, fields: dict[str, str]
) -> None:
    client = probed.test_client()
    api = client.get(f"/api/v1/probe/{name}")
    assert api.status_code == status
    assert api.json is not None
    assert api.json["error"]["code"] == code
    assert api.json["error"]["fields"] == fields
    assert api.json["error"]["message"]

    page = client.get(f"/probe/{name}")
    assert page.status_code == status
    assert page.mimetype == "text/html"
    assert f"<h1>{status} — " in page.text
    assert all(f"<strong>{field}</strong>" in page.text for field in fields)
    assert "<b>" not in page.text  # free text in a message is escaped


def test_a_share_link_that_does_not_work_is_a_private_404_page(client: FlaskClient) -> None:
    reply = client.get("/share/not-a-token")
    assert reply.status_code == 404
    assert "This link does not work" in reply.text
    # The error page keeps the share blueprint's headers: the token stays out of referrers.
    assert reply.headers["Referrer-Policy"] == "no-referrer"
    assert reply.headers["Cache-Control"] == "no-store"


def test_a_map_filter_the_map_cannot_apply_is_a_400_naming_the_field(
    signed_in: FlaskClient, session: Session
) -> None:
    journey = make_journey(session)
    session.commit()
    reply = signed_in.get(f"/journeys/{journey.slug}/map.json?persona=999999")
    assert reply.status_code == 400
    assert "no such persona" in reply.text and "<strong>persona</strong>" in reply.text
    since, until = date(2026, 2, 1), date(2026, 1, 1)
    backwards = signed_in.get(f"/journeys/{journey.slug}/map?since={since}&until={until}")
    assert backwards.status_code == 400 and "start date" in backwards.text


def test_a_command_ends_with_the_domain_errors_message_and_fields(
    app: Flask, session: Session
) -> None:
    journey = make_journey(session)
    session.commit()
    runner = app.test_cli_runner()
    args = ["--journey", journey.slug, "--since", "2026-02-01", "--until", "2026-01-01"]
    backwards = runner.invoke(args=["journeys", "export", *args])
    assert backwards.exit_code == 1
    assert "Error: The start date must not be after the end date. (until: is before" in (
        backwards.output
    )
    unknown = runner.invoke(args=["journeys", "export", "--journey", "no-such-journey"])
    assert unknown.exit_code == 1
    assert "Error: No journey 'no-such-journey'. (journey: is unknown)" in unknown.output
    persona = runner.invoke(
        args=["journeys", "export", "--journey", journey.slug, "--persona", "X"]
    )
    assert persona.exit_code == 1 and "has no persona 'X'" in persona.output
