"""Every input is bounded before it is used: a number too large, JSON nested too deep, text that
is not valid Unicode, a header that is not an origin, a page parameter that is not ASCII digits
within the database's range — each a 4xx naming what to fix, never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import surveys
from journeys.models import PainPoint
from surveys.models import Response, Survey
from tests.conftest import csrf_token, make_survey

HUGE = "9" * 400  # a 400-digit number, written as JSON writes it
INT_MAX = 2**31 - 1  # PostgreSQL's integer: the narrowest id column


def _post_raw(client: FlaskClient, path: str, raw: str, method: str = "POST") -> Any:
    return client.open(
        path, method=method, data=raw.encode(), headers={"Content-Type": "application/json"}
    )


def _error(reply: Any) -> dict[str, Any]:
    body = reply.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    return dict(body["error"])


def _stored(session: Session) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(Response)) or 0)


@pytest.fixture
def survey(session: Session) -> Survey:
    made = make_survey(session)
    surveys.add_persona(session, made.journey, "Busy parent")
    session.commit()
    return made


def _responses(survey: Survey) -> str:
    return f"/api/v1/surveys/{survey.public_id}/responses"


def test_a_400_digit_scale_answer_is_refused_naming_it_on_create_and_update(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    created = _post_raw(client, _responses(survey), f'{{"answers": {{"q1": {HUGE}}}}}')
    assert created.status_code == 400
    assert _error(created)["fields"].keys() == {"answers.q1"}
    assert _stored(session) == 0

    partial = _post_raw(client, _responses(survey), '{"answers": {}, "complete": false}')
    assert partial.status_code == 201
    link = partial.get_json()["response"]["links"]["self"]
    updated = _post_raw(client, link, f'{{"answers": {{"q1": -{HUGE}}}}}', method="PATCH")
    assert updated.status_code == 400
    assert _error(updated)["fields"].keys() == {"answers.q1"}


@pytest.mark.parametrize(
    ("field", "raw"),
    [
        ("version", f'{{"answers": {{"q1": 3}}, "version": {HUGE}}}'),
        ("metadata.order", f'{{"answers": {{"q1": 3}}, "metadata": {{"order": {HUGE}}}}}'),
        ("answers.q1", '{"answers": {"q1": 1e400}}'),
        ("answers.q1", '{"answers": {"q1": NaN}}'),
        ("answers.q1", '{"answers": {"q1": -Infinity}}'),
    ],
)
def test_numbers_beyond_the_databases_range_are_refused_naming_the_field(
    client: FlaskClient, survey: Survey, field: str, raw: str
) -> None:
    reply = _post_raw(client, _responses(survey), raw)
    assert reply.status_code == 400
    assert field in _error(reply)["fields"]


def test_a_scale_checker_given_a_huge_number_says_it_does_not_fit(
    session: Session, survey: Survey
) -> None:
    # Callers other than the API (imports, scripts) reach the checker without the JSON bound.
    with pytest.raises(surveys.InvalidAnswer) as refused:
        surveys.submit_response(session, survey.versions[-1], {"q1": 10**400})
    assert "q1" in refused.value.fields


@pytest.mark.parametrize("depth", [33, 1_000, 30_000])  # 30,000: just under the size limit
def test_json_nested_deeper_than_the_limit_is_400_before_it_is_parsed(
    client: FlaskClient, session: Session, survey: Survey, depth: int
) -> None:
    deep = "[" * depth + "]" * depth
    reply = _post_raw(client, _responses(survey), f'{{"answers": {{"q2": {deep}}}}}')
    assert reply.status_code == 400
    error = _error(reply)
    assert error["code"] == "too_deep" and "body" in error["fields"]
    assert _stored(session) == 0


def test_json_as_deep_as_the_limit_is_read(client: FlaskClient, survey: Survey) -> None:
    # 32 levels: the body object, "answers", then 30 nested lists — read, then refused by the
    # request's schema as an answer of the wrong type, not by the depth bound.
    deep = "[" * 30 + "]" * 30
    reply = _post_raw(client, _responses(survey), f'{{"answers": {{"q2": {deep}}}}}')
    assert reply.status_code == 400
    error = _error(reply)
    assert error["code"] == "invalid_field" and list(error["fields"]) == ["answers.q2"]


@pytest.mark.parametrize(
    ("field", "raw"),
    [
        ("persona", '{"answers": {"q1": 3}, "persona": "\\ud800"}'),
        ("answers.q2", '{"answers": {"q1": 3, "q2": "fine \\udfff then"}}'),
        ("metadata.order", '{"answers": {"q1": 3}, "metadata": {"order": "\\ud83d"}}'),
        ("metadata", '{"answers": {"q1": 3}, "metadata": {"\\ud800": "x"}}'),
        ("channel", '{"answers": {"q1": 3}, "channel": "web\\u0000"}'),
    ],
)
def test_text_that_is_not_valid_unicode_is_400_naming_the_field(
    client: FlaskClient, session: Session, survey: Survey, field: str, raw: str
) -> None:
    reply = _post_raw(client, _responses(survey), raw)
    assert reply.status_code == 400
    error = _error(reply)
    assert error["code"] == "invalid_text" and field in error["fields"]
    assert _stored(session) == 0


def test_a_surrogate_pair_is_ordinary_text(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    reply = _post_raw(
        client, _responses(survey), '{"answers": {"q1": 3, "q2": "ok \\ud83d\\ude00"}}'
    )
    assert reply.status_code == 201
    assert reply.get_json()["response"]["answers"]["q2"] == "ok 😀"


@pytest.mark.parametrize("origin", ["http://a:99999", "http://[::1", "https://:0", "http://a:-1"])
def test_an_origin_header_that_is_not_an_origin_is_a_foreign_origin(
    client: FlaskClient, session: Session, survey: Survey, origin: str
) -> None:
    body = json.dumps({"answers": {"q1": 3}})
    reply = client.post(
        _responses(survey),
        data=body,
        headers={"Content-Type": "application/json", "Origin": origin},
    )
    assert reply.status_code == 403
    assert _error(reply)["code"] == "origin_not_allowed"
    preflight = client.options(_responses(survey), headers={"Origin": origin})
    assert preflight.status_code == 204
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert _stored(session) == 0


# --- pages: numeric query and form parameters -------------------------------------------------


@pytest.fixture
def map_journey(session: Session, survey: Survey) -> Survey:
    """The survey's journey with a pain point a researcher may edit."""
    point = PainPoint(
        journey_id=survey.journey_id,
        stage_id=survey.stage_id,
        touchpoint_id=survey.touchpoint_id,
    )
    session.add(point)
    session.commit()
    return survey


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/map?snapshot=²", "snapshot"),
        ("/map?snapshot=99999999999999999999", "snapshot"),
        ("/map?snapshot=-1", "snapshot"),
        ("/map?persona=²", "persona"),
        ("/map?persona=99999999999999999999", "persona"),
        ("/map.csv?persona=²", "persona"),
        ("/map.svg?snapshot=٣", "snapshot"),
        ("/map/compare?persona=²", "persona"),
        ("/map/cells/{stage}/{touchpoint}?page=²", "page"),
        ("/map/cells/{stage}/{touchpoint}?page=99999999999999999999", "page"),
    ],
)
def test_a_numeric_query_parameter_that_is_not_ascii_digits_in_range_is_400_naming_it(
    signed_in: FlaskClient, map_journey: Survey, path: str, parameter: str
) -> None:
    journey = map_journey.journey
    url = f"/journeys/{journey.slug}" + path.format(
        stage=map_journey.stage_id, touchpoint=map_journey.touchpoint_id
    )
    reply = signed_in.get(url)
    assert reply.status_code == 400, reply.text
    assert parameter in reply.text


@pytest.mark.parametrize(
    ("path", "field", "value"),
    [
        ("/pain-points/{point}", "effort", "²"),
        ("/pain-points/{point}", "effort", "99999999999999999999"),
        ("/map/share", "days", "²"),
        ("/map/share", "days", "99999999999999999999"),
    ],
)
def test_a_numeric_form_field_that_is_not_ascii_digits_in_range_is_400_naming_it(
    signed_in: FlaskClient, session: Session, map_journey: Survey, path: str, field: str, value: str
) -> None:
    journey = map_journey.journey
    point = session.scalars(select(PainPoint)).one()
    token = csrf_token(signed_in.get(f"/journeys/{journey.slug}/map/share").text)
    url = f"/journeys/{journey.slug}" + path.format(point=point.id)
    reply = signed_in.post(url, data={field: value, "csrf_token": token})
    assert reply.status_code == 400, reply.text
    assert field in reply.text


def test_the_designers_move_buttons_ignore_an_index_that_is_not_a_number(
    signed_in: FlaskClient, map_journey: Survey
) -> None:
    survey = map_journey
    url = f"/journeys/{survey.journey.slug}/surveys/{survey.id}/edit"
    token = csrf_token(signed_in.get(url).text)
    for action in ("remove:²", "up:٣", "down:99999999999999999999"):
        reply = signed_in.post(url, data={"action": action, "csrf_token": token})
        assert reply.status_code == 200, (action, reply.status_code)


@pytest.mark.parametrize("number", [str(INT_MAX + 1), "99999999999999999999", "٣"])
def test_an_id_in_the_path_beyond_the_databases_range_is_404(
    signed_in: FlaskClient, map_journey: Survey, number: str
) -> None:
    slug = map_journey.journey.slug
    assert signed_in.get(f"/journeys/{slug}/surveys/{number}").status_code == 404
    assert signed_in.get(f"/journeys/{slug}/map/cells/{number}/{number}").status_code == 404


@pytest.mark.parametrize(
    "path", ["/journeys/a%00b/map", "/s/a%00b", "/api/v1/surveys/a%00b", "/api/v1/responses/a%00b"]
)
def test_nul_in_a_path_names_nothing(signed_in: FlaskClient, path: str) -> None:
    # PostgreSQL cannot even compare text holding NUL: it must never reach a query.
    reply = signed_in.get(path)
    assert reply.status_code == 404
    if path.startswith("/api/"):
        assert _error(reply)["code"] == "not_found"


def test_nul_in_a_query_or_form_parameter_is_400_naming_it(
    client: FlaskClient, map_journey: Survey
) -> None:
    reply = client.get(f"/s/{map_journey.public_id}?customer_id=a%00b")
    assert reply.status_code == 400 and "customer_id" in reply.text
    token = csrf_token(client.get("/login").text)
    login = client.post(
        "/login", data={"email": "pat\x00@example.com", "password": "x" * 12, "csrf_token": token}
    )
    assert login.status_code == 400 and "email" in login.text
