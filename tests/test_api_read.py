"""The keyed API: a read key lists, pages and maps its own organisation only; manage keys make,
publish and close surveys from SurveyJS; the OpenAPI document and its reference page."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

import surveys
from app.extensions import db
from surveys.models import Journey, Organisation, Survey
from tests import pg
from tests.conftest import (
    bearer,
    make_api_key,
    make_app,
    make_journey,
    make_organisation,
    make_survey,
    pg_database,
)


def _get(client: FlaskClient, url: str, token: str, **query: Any) -> Any:
    return client.get(url, query_string=query, headers=bearer(token))


def _seed(session: Session, organisation: Organisation, count: int) -> tuple[Survey, list[str]]:
    """A published survey of a new journey with ``count`` responses stored through the answering
    core in batches; returns it and the responses' public ids in the order they were stored."""
    survey = make_survey(session, make_journey(session, organisation=organisation))
    target = surveys.target_of(survey.versions[-1])
    prepared = [
        surveys.prepare_response(
            surveys.NewResponse(target, {"q1": 1 + i % 5, "q2": f"note {i}"}, "api")
        )
        for i in range(count)
    ]
    stored: list[str] = []
    for start in range(0, count, 1000):
        batch = surveys.store_responses(session, prepared[start : start + 1000])
        stored += [response.public_id for response, _new in batch]
    session.commit()
    return survey, stored


def _answer(client: FlaskClient, survey: Survey, text: str, token: str) -> str:
    """A response sent by a server holding a writing key (its own rate limit, not one
    customer's)."""
    reply = client.post(
        f"/api/v1/surveys/{survey.public_id}/responses",
        data=json.dumps({"answers": {"q1": 3, "q2": text}}),
        headers={"Content-Type": "application/json", **bearer(token)},
    )
    assert reply.status_code == 201, reply.text
    return str(reply.get_json()["response"]["id"])


@pytest.mark.slow
def test_a_read_key_pages_10000_responses_with_no_gap_or_repeat_while_answers_arrive(
    client: FlaskClient, session: Session
) -> None:
    organisation = make_organisation(session)
    survey, stored = _seed(session, organisation, 10_000)
    reader = make_api_key(session, organisation, "read")
    writer = make_api_key(session, organisation, "responses:write")
    seen: list[str] = []
    arrived: list[str] = []
    cursor = None
    pages = 0
    while True:
        query = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        reply = _get(client, "/api/v1/responses", reader, **query)
        assert reply.status_code == 200, reply.text
        page = reply.get_json()
        pages += 1
        seen += [record["id"] for record in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
        # Customers keep answering while the reader pages.
        arrived += [_answer(client, survey, f"arrived on page {pages}.{n}", writer) for n in (1, 2)]
    assert len(seen) == len(set(seen)), "a response came twice"
    assert seen == stored + arrived  # every one, once, in the order stored
    assert pages == 51
    # The last page's sync_cursor picks up exactly what is stored after the walk.
    later = _answer(client, survey, "stored after the walk", writer)
    synced = _get(client, "/api/v1/responses", reader, cursor=page["sync_cursor"]).get_json()
    assert [record["id"] for record in synced["data"]] == [later]
    record = page["data"][-1]
    assert record["answers"] == {"q1": 3, "q2": "arrived on page 50.2"}
    assert (record["journey"], record["stage"], record["touchpoint"]) == (
        survey.journey.slug,
        "Purchase",
        "Checkout page",
    )


def test_a_response_committed_after_a_later_numbered_one_is_not_skipped(
    pg_cluster: pg.Cluster, pg_url: str
) -> None:
    """On PostgreSQL ids are handed out before commit: a slow transaction's response (a lower
    id) commits after a quick one's (a higher id). The reader neither skips nor repeats it; and
    a transaction writing in another database of the cluster holds nothing back."""
    app = make_app(pg_url)
    with (
        pg_database(pg_cluster) as elsewhere_url,
        create_engine(elsewhere_url).connect() as elsewhere,
        app.app_context(),
    ):
        elsewhere.execute(text("SELECT pg_current_xact_id()"))  # writing from here on
        session = db.session()
        organisation = make_organisation(session)
        survey, stored = _seed(session, organisation, 3)
        reader = make_api_key(session, organisation, "read")
        target = surveys.target_of(survey.versions[-1])
        client = app.test_client()

        def walk(cursor: str | None) -> tuple[list[str], str]:
            """Every response from ``cursor`` to the end, and where the walk ended."""
            seen: list[str] = []
            while True:
                query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
                page = _get(client, "/api/v1/responses", reader, **query).get_json()
                seen += [record["id"] for record in page["data"]]
                cursor = page["next_cursor"]
                if cursor is None:
                    return seen, page["sync_cursor"]

        def store(into: Session, text: str) -> tuple[int, str]:
            new = surveys.NewResponse(target, {"q1": 3, "q2": text}, "api")
            [(response, _new)] = surveys.store_responses(into, [surveys.prepare_response(new)])
            return response.id, response.public_id

        with Session(db.engine) as slow, Session(db.engine) as quick:
            late_id, late = store(slow, "stored first, committed last")  # not committed yet
            early_ids, early = zip(
                *(store(quick, f"committed while the slow one runs {n}") for n in (1, 2)),
                strict=True,
            )
            quick.commit()
            assert late_id < min(early_ids)
            seen, synced = walk(None)
            # The quick ones wait behind the slow transaction instead of overtaking it.
            assert seen == stored
            slow.commit()
        after, _end = walk(synced)
        assert after == [late, *early]
        everything, _end = walk(None)
        assert everything == [*stored, late, *early]
        elsewhere.rollback()
        db.session.remove()
        db.engine.dispose()


def test_a_read_key_lists_surveys_reads_a_journey_and_fetches_its_map(
    client: FlaskClient, session: Session
) -> None:
    organisation = make_organisation(session)
    survey, _stored = _seed(session, organisation, 40)
    journey = survey.journey
    reader = make_api_key(session, organisation, "read")

    journeys = _get(client, "/api/v1/journeys", reader).get_json()
    assert [j["slug"] for j in journeys["data"]] == [journey.slug]
    assert journeys["next_cursor"] is None

    described = _get(client, f"/api/v1/journeys/{journey.slug}", reader).get_json()["journey"]
    assert [s["name"] for s in described["stages"]][:3] == [
        "Awareness",
        "Consideration",
        "Purchase",
    ]
    checkout = next(t for t in described["touchpoints"] if t["name"] == "Checkout page")

    listed = _get(client, f"/api/v1/journeys/{journey.slug}/surveys", reader).get_json()
    assert [s["id"] for s in listed["data"]] == [survey.public_id]
    version = listed["data"][0]["versions"][0]
    assert listed["data"][0]["live_version"] == 1 and version["published_at"] is not None
    assert [q["key"] for q in version["questions"]] == ["q1", "q2"]

    by_touchpoint = _get(client, "/api/v1/responses", reader, touchpoint=checkout["id"], limit=15)
    assert len(by_touchpoint.get_json()["data"]) == 15
    assert by_touchpoint.get_json()["next_cursor"] is not None

    mapped = _get(client, f"/api/v1/journeys/{journey.slug}/map", reader, channel="web")
    assert mapped.status_code == 200, mapped.text
    document = mapped.get_json()["map"]
    assert document["journey"]["slug"] == journey.slug
    assert document["filters"]["channel"] == "web"
    assert [s["name"] for s in document["stages"]] == [s.name for s in journey.stages]
    unknown_persona = _get(client, f"/api/v1/journeys/{journey.slug}/map", reader, persona="999")
    assert unknown_persona.status_code == 400


def test_a_writing_key_cannot_read_and_another_organisations_key_finds_nothing(
    client: FlaskClient, session: Session
) -> None:
    own, other = make_organisation(session), make_organisation(session)
    survey, _stored = _seed(session, own, 3)
    slug = survey.journey.slug
    writer = make_api_key(session, own, "responses:write")
    stranger = make_api_key(session, other, "read")
    reads = [
        "/api/v1/journeys",
        f"/api/v1/journeys/{slug}",
        f"/api/v1/journeys/{slug}/map",
        f"/api/v1/journeys/{slug}/surveys",
        f"/api/v1/journeys/{slug}/surveys/{survey.public_id}",
        "/api/v1/responses",
    ]
    for url in reads:
        refused = _get(client, url, writer)
        assert refused.status_code == 403, url
        assert refused.get_json()["error"]["code"] == "insufficient_scope"
    for url in reads[1:5]:
        assert _get(client, url, stranger).status_code == 404, url
    assert _get(client, "/api/v1/responses", stranger, survey=survey.public_id).status_code == 404
    assert _get(client, "/api/v1/responses", stranger).get_json()["data"] == []
    assert _get(client, "/api/v1/journeys", stranger).get_json()["data"] == []


def test_show_if_values_are_typed_as_the_answers_they_compare_with(
    client: FlaskClient, session: Session
) -> None:
    """A template stored the value as a number, the designer as text: the API says a number
    for a scale and a text for a choice, whichever made the survey."""
    journey = make_journey(session)
    survey = surveys.create_survey(
        session,
        journey,
        title="Typed conditions",
        stage=surveys.stage_named(journey, "Purchase"),
        touchpoint=journey.touchpoints[0],
        questions=[
            surveys.QuestionSpec("nps", "How likely…?", key="q1"),
            surveys.QuestionSpec(
                "single_choice", "Which?", key="q2", settings={"options": ["Price", "7"]}
            ),
            surveys.QuestionSpec(
                "free_text", "Designer-made: why so low?", key="q3",
                settings={"show_if": {"question": "q1", "operator": "at_most", "value": "6"}},
            ),
            surveys.QuestionSpec(
                "free_text", "Template-made: what delighted you?", key="q4",
                settings={"show_if": {"question": "q1", "operator": "at_least", "value": 9}},
            ),
            surveys.QuestionSpec(
                "free_text", "Choice: tell us about 7", key="q5",
                settings={"show_if": {"question": "q2", "operator": "equals", "value": "7"}},
            ),
        ],
    )  # fmt: skip
    surveys.publish(session, survey)
    session.commit()
    questions = client.get(f"/api/v1/surveys/{survey.public_id}").get_json()["survey"]["questions"]
    conditions = {q["key"]: q.get("show_if") for q in questions}
    assert conditions["q3"] == {"question": "q1", "operator": "at_most", "value": 6}
    assert conditions["q4"] == {"question": "q1", "operator": "at_least", "value": 9}
    assert conditions["q5"] == {"question": "q2", "operator": "equals", "value": "7"}


def _journey_with_persona(session: Session, organisation: Organisation) -> Journey:
    journey = make_journey(session, organisation=organisation)
    surveys.add_persona(session, journey, "Busy parent")
    session.commit()
    return journey


SURVEYJS = {
    "title": "After delivery",
    "pages": [
        {
            "name": "p1",
            "elements": [
                {
                    "type": "rating",
                    "name": "speed",
                    "title": "How fast was it?",
                    "isRequired": True,
                },
                {"type": "comment", "name": "why", "title": "Tell us more"},
            ],
        }
    ],
}


def test_a_manage_key_creates_publishes_and_closes_a_survey_from_surveyjs(
    client: FlaskClient, session: Session
) -> None:
    organisation = make_organisation(session)
    journey = _journey_with_persona(session, organisation)
    manager = make_api_key(session, organisation, "manage")
    headers = {**bearer(manager), "Content-Type": "application/json"}
    created = client.post(
        f"/api/v1/journeys/{journey.slug}/surveys",
        data=json.dumps(
            {"surveyjs": SURVEYJS, "stage": "purchase", "touchpoint": "Checkout page",
             "personas": ["busy parent"]}
        ),
        headers=headers,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    survey = created.get_json()["survey"]
    assert (survey["title"], survey["status"], survey["live_version"]) == (
        "After delivery",
        "draft",
        None,
    )
    assert survey["personas"] == ["Busy parent"]
    assert [q["kind"] for q in survey["versions"][0]["questions"]] == ["rating", "free_text"]
    assert created.headers["Location"] == survey["links"]["self"]
    base = f"/api/v1/journeys/{journey.slug}/surveys/{survey['id']}"

    published = client.post(f"{base}/publish", headers=bearer(manager))
    assert published.status_code == 200 and published.get_json()["survey"]["status"] == "live"
    assert client.get(f"/api/v1/surveys/{survey['id']}").status_code == 200
    again = client.post(f"{base}/publish", headers=bearer(manager))
    assert again.status_code == 422 and "draft" in again.get_json()["error"]["fields"]

    closed = client.post(f"{base}/close", headers=headers, data="{}")
    assert closed.status_code == 200 and closed.get_json()["survey"]["status"] == "closed"
    assert client.get(f"/api/v1/surveys/{survey['id']}").status_code == 410


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"surveyjs": SURVEYJS, "stage": "Nowhere", "touchpoint": "Checkout page"}, "stage"),
        ({"surveyjs": SURVEYJS, "stage": "Purchase", "touchpoint": "Nowhere"}, "touchpoint"),
        ({"surveyjs": {"pages": [{"elements": [{"type": "matrix", "name": "m"}]}]},
          "stage": "Purchase", "touchpoint": "Checkout page"}, "surveyjs"),
    ],
)  # fmt: skip
def test_a_survey_that_cannot_be_made_is_a_422_naming_the_field(
    client: FlaskClient, session: Session, body: dict[str, Any], field: str
) -> None:
    organisation = make_organisation(session)
    journey = _journey_with_persona(session, organisation)
    manager = make_api_key(session, organisation, "manage")
    refused = client.post(
        f"/api/v1/journeys/{journey.slug}/surveys",
        data=json.dumps(body),
        headers={**bearer(manager), "Content-Type": "application/json"},
    )
    assert refused.status_code == 422, refused.text
    assert field in refused.get_json()["error"]["fields"]
    assert surveys.journey_by_slug(session, journey.slug, organisation=organisation) is not None
    session.expire_all()
    assert (
        journey.id is not None
        and not session.query(Survey).filter_by(journey_id=journey.id).count()
    )


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ({"limit": "0"}, "limit", "invalid_field"),
        ({"limit": "many"}, "limit", "invalid_field"),
        ({"cursor": "not-a-cursor"}, "cursor", "invalid_field"),
        ({"since": "yesterday"}, "since", "invalid_field"),
        ({"touchpoint": "-1"}, "touchpoint", "invalid_field"),
        ({"colour": "blue"}, "colour", "unknown_fields"),
    ],
)
def test_bad_query_parameters_are_400_naming_them(
    client: FlaskClient, session: Session, query: dict[str, str], field: str, code: str
) -> None:
    reader = make_api_key(session, make_organisation(session), "read")
    refused = _get(client, "/api/v1/responses", reader, **query)
    assert refused.status_code == 400
    error = refused.get_json()["error"]
    assert error["code"] == code and field in error["fields"], error


def test_the_openapi_document_describes_every_api_route(
    client: FlaskClient, session: Session
) -> None:
    from flask import current_app

    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    assert document["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"
    described = {
        (method.upper(), path) for path, operations in document["paths"].items()
        for method in operations
    }  # fmt: skip
    routes = {
        (method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule))
        for rule in current_app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and not rule.rule.endswith("openapi.json")
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }
    assert described == routes
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            error = operation["responses"]["400"]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/Error"}, (method, path)


def test_the_reference_page_uses_local_files_and_no_inline_script(client: FlaskClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    csp = page.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "<script>" not in page.text and "http" not in re.sub(r'href="/[^"]*"', "", page.text)
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/") for s in sources)
    for source in sources:
        assert client.get(source).status_code == 200, source
    assert client.get("/api/docs/assets/index.html").status_code == 404


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/api/v1/journeys/a%00b", {}),
        ("/api/v1/journeys/a%00b/surveys/x%00y", {}),
        ("/api/v1/responses", {"survey": "x\x00y"}),
        ("/api/v1/responses", {"journey": "a\x00b"}),
        ("/api/v1/surveys/x%00y", {}),
        ("/api/v1/responses/x%00y", {}),
    ],
)
def test_a_nul_character_anywhere_finds_nothing_instead_of_failing(
    client: FlaskClient, session: Session, url: str, query: dict[str, str]
) -> None:
    """PostgreSQL refuses text holding NUL; such a name simply names nothing."""
    reader = make_api_key(session, make_organisation(session), "read")
    reply = _get(client, url, reader, **query)
    assert reply.status_code in (400, 404), reply.text
    assert set(reply.get_json()) == {"error"}


def test_a_chunked_body_past_the_api_limit_is_413_on_the_keyed_routes_too(
    app: Flask, client: FlaskClient, session: Session
) -> None:
    organisation = make_organisation(session)
    journey = make_journey(session, organisation=organisation)
    manager = make_api_key(session, organisation, "manage")
    limit = app.config["API_MAX_BODY_BYTES"]
    head, tail = b'{"surveyjs": {"title": "', b'"}}'
    body = head + b"x" * (limit + 1 - len(head) - len(tail)) + tail
    reply = client.post(
        f"/api/v1/journeys/{journey.slug}/surveys",
        input_stream=io.BytesIO(body),
        headers={
            "Transfer-Encoding": "chunked",
            "Content-Type": "application/json",
            **bearer(manager),
        },
        environ_overrides={"wsgi.input_terminated": True},  # as gunicorn hands chunked input on
    )
    assert reply.status_code == 413
    assert reply.get_json()["error"]["code"] == "payload_too_large"
