"""A real client in CI: schemathesis reads /api/v1/openapi.json and sends generated requests to
every operation — well-formed ones and deliberately broken ones — with a key holding every
scope of a seeded organisation. No reply may be a 5xx, and every reply must be what the
document says: a documented status, content type, headers and body (4xx error bodies too);
a request the document calls invalid must be refused with a 4xx.

Deterministic (hypothesis derandomized, no example database) and bounded (a fixed number of
cases per operation). It prints how many cases it sent and how each status code answered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.strategies import SearchStrategy
from schemathesis.checks import not_a_server_error
from schemathesis.generation.meta import GenerationMode, ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import surveys
from app.extensions import db
from tests.conftest import (
    bearer,
    make_api_key,
    make_app,
    make_journey,
    make_organisation,
    make_survey,
)

#: Cases per operation and kind of data; with 14 operations, well over 1,000 requests in all.
WELL_FORMED_AT_REAL_PATHS = 50
BROKEN_AT_REAL_PATHS = 30
AT_RANDOM_PATHS = 15
MINIMUM_CASES = 1_000
# A broken request must be refused with one of our documented refusals; 410 (a survey closed by
# an earlier case) and 413 refuse it as surely as 400 does.
CONFIG = schemathesis.Config.from_str(
    """
[checks.negative_data_rejection]
expected-statuses = [400, 401, 403, 404, 409, 410, 413, 415, 422, 429]
"""
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture
def seeded(database_url: str) -> Iterator[tuple[Flask, dict[str, str], str]]:
    """The app with a seeded organisation: a journey with a persona, a live survey with answers,
    a draft survey; a key with every scope; limits out of the way (each case is a request)."""
    app = make_app(
        database_url, API_KEY_RATE_LIMIT="1000000 per minute", API_RATE_LIMIT="1000000 per minute"
    )
    with app.app_context():
        session = db.session()
        organisation = make_organisation(session)
        journey = make_journey(session, organisation=organisation)
        surveys.add_persona(session, journey, "Busy parent")
        live = make_survey(session, journey)
        make_survey(session, journey, publish=False)
        response = surveys.submit_response(session, live.versions[-1], {"q1": 4, "q2": "Slow."})
        session.commit()
        paths = {
            "slug": journey.slug,
            "public_id": live.public_id,
            "response_id": response.public_id,
        }
        token = make_api_key(session, organisation, "read", "manage", "responses:write")
        yield app, paths, token
        db.session.remove()
        db.engine.dispose()


def _strategies(
    operation: Any, paths: dict[str, str]
) -> list[tuple[str, SearchStrategy[Any], int]]:
    """The kinds of case sent to one operation: well-formed and broken requests at the seeded
    organisation's real paths (so the happy paths run), and any requests at generated paths."""
    names = {p.name for p in operation.path_parameters}
    real = {name: value for name, value in paths.items() if name in names}
    return [
        ("well-formed", operation.as_strategy(path_parameters=real), WELL_FORMED_AT_REAL_PATHS),
        (
            "broken",
            operation.as_strategy(schemathesis.GenerationMode.NEGATIVE, path_parameters=real),
            BROKEN_AT_REAL_PATHS,
        ),
        ("random paths", operation.as_strategy(), AT_RANDOM_PATHS),
    ]


def _run(strategy: SearchStrategy[Any], cases: int, send: Callable[[Any], None]) -> None:
    @settings(
        max_examples=cases,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        send(case)

    run()


@pytest.mark.slow
def test_generated_requests_get_documented_replies_and_never_a_5xx(
    seeded: tuple[Flask, dict[str, str], str],
) -> None:
    app, paths, token = seeded
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=CONFIG)
    statuses: Counter[int] = Counter()
    per_operation: Counter[str] = Counter()

    def send(case: Any) -> None:
        # A broken case may leave the key out on purpose (its header part generated negative):
        # adding it back would make the request valid, and its 2xx a false "accepted".
        headers = bearer(token)
        components = case.meta.components if case.meta is not None else {}
        header_part = components.get(ParameterLocation.HEADER)
        left_out = "Authorization" not in (case.headers or {})
        if header_part is not None and header_part.mode == GenerationMode.NEGATIVE and left_out:
            headers = {}
        reply = case.call_and_validate(headers=headers, checks=CHECKS)
        statuses[reply.status_code] += 1
        per_operation[case.operation.label] += 1

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14
    for operation in operations:
        for kind, strategy, cases in _strategies(operation, paths):
            try:
                _run(strategy, cases, send)
            except Unsatisfiable:
                # Nothing about this operation can be broken (no parameters, no body).
                assert kind == "broken", (operation.label, kind)
    total = sum(statuses.values())
    print(
        f"\nschemathesis: {total} cases over {len(per_operation)} operations, "
        f"0 failed checks; replies by status: {dict(sorted(statuses.items()))}"
    )
    assert total >= MINIMUM_CASES
    assert not [code for code in statuses if code >= 500]
    assert set(per_operation) == {operation.label for operation in operations}
    assert statuses[200] + statuses[201] > 100, "the happy paths were hardly reached"
