"""Fuzzing with Hypothesis: malformed bodies, headers and parameters sent to every API route and to
the pages a signed-in team uses never get a 5xx, and every API error has the documented shape
``{"error": {"code", "message", "fields"}}``.

The API routes are read from ``app.url_map`` (every rule under ``/api/``), so a route added later is
fuzzed without touching this file; a URL argument this file does not know gets fuzzed text only.
Runs are derandomised (the same requests every run, so CI never flakes on a new example) and
bounded; ``FUZZ_EXAMPLES=5000`` sends more. Each test prints how many requests it sent and records
the figure as a test property (``--junitxml`` shows it).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

import journeys
import surveys
from app.extensions import db
from journeys import sharing
from journeys.models import PainPoint
from surveys.models import User
from tests.conftest import login, make_app, make_journey, make_survey, make_user

# One request per example: 1,000 to the API and 400 to pages per database kind, in seconds each
# on a quiet machine. FUZZ_EXAMPLES scales both.
SCALE = int(os.environ.get("FUZZ_EXAMPLES", "1000")) / 1000
API_REQUESTS, PAGE_REQUESTS = round(1000 * SCALE), round(400 * SCALE)


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,  # no example database written into the checkout
        derandomize=True,
        # A failure prints the request it sent; shrinking it could outlast the test's timeout.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


# --- what goes into a request ------------------------------------------------------------------

# Characters that broke things before: lone surrogates, NUL, digits int() refuses or reads oddly,
# a right-to-left override.
_AWKWARD = ["\ud800", "\udfff", "\x00", "²", "٣", "\u202e", "\n", "'", '"', "<", "%"]
texts = st.text(st.one_of(st.characters(), st.sampled_from(_AWKWARD)), max_size=40)
# What a header or a URL can carry: Latin-1 without line breaks (HTTP's own limit).
header_texts = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=60)
url_texts = st.text(
    st.one_of(st.characters(exclude_categories=["Cs"]), st.sampled_from(_AWKWARD[2:])), max_size=30
)
# Numbers as a page or a URL writes them: what isdigit() passes and int() refuses (²) or reads
# (٣), past every id column, signed, spaced, exponents — and ordinary ones.
ODD_NUMBERS = ["²", "٣", "2147483648", "9" * 20, "-1", "0", " 7", "1e3", "0x10"]
numbers_as_text = st.one_of(
    st.sampled_from(ODD_NUMBERS), st.integers(min_value=-(10**30), max_value=10**30).map(str)
)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**450), max_value=10**450),  # past every column and every float
    st.floats(),  # with NaN and ±Infinity, which json.dumps writes and JSON forbids
    texts,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)
# Bodies shaped like the API's own, each field present or not, holding anything.
_FIELDS = ["answers", "version", "persona", "metadata", "channel", "complete", "id", "website"]
_QUESTION_KEYS = st.sampled_from(["q1", "q2", "q3"]) | texts
shaped = st.fixed_dictionaries(
    {},
    optional={
        "answers": st.dictionaries(_QUESTION_KEYS, json_values, max_size=4) | json_values,
        **{name: json_values for name in _FIELDS[1:]},
        "persona": st.sampled_from(["Busy parent", "busy PARENT "]) | json_values,
        "channel": st.sampled_from(["web", "email"]) | json_values,
    },
)


def _encoded(value: Any, ascii_only: bool) -> bytes:
    # Written out unescaped, a lone surrogate becomes bytes that are not UTF-8: malformed too.
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


bodies = st.one_of(
    st.builds(_encoded, shaped | json_values, st.booleans()),
    st.integers(1, 3000).map(lambda n: ('{"answers": {"q2": ' + "[" * n + "]" * n + "}}").encode()),
    st.integers(1, 3000).map(lambda n: ('{"a":' * n + "1" + "}" * n).encode()),
    st.builds(lambda value, cut: _encoded(value, True)[:cut], shaped, st.integers(0, 40)),
    st.binary(max_size=80),
    st.just(b""),
)
content_types = (
    st.sampled_from(
        [
            "application/json",
            "application/json; charset=utf-8",
            "application/merge-patch+json",
            "text/plain",
            "application/x-www-form-urlencoded",
            "",
        ]
    )
    | header_texts
)
origins = (
    st.sampled_from(
        [
            "http://a:99999",
            "http://[::1",
            "http://[::1]:5000",
            "null",
            "https://shop.example",
            "http://localhost",
            "https://:0",
        ]
    )
    | header_texts
)


@st.composite
def api_headers(draw: st.DrawFn) -> dict[str, str]:
    """Content-Type, and perhaps an Origin and an Idempotency-Key, each odd or not."""
    headers = {"Content-Type": draw(content_types)}
    if draw(st.booleans()):
        headers["Origin"] = draw(origins)
    if draw(st.booleans()):
        headers["Idempotency-Key"] = draw(st.sampled_from(["order-981", "k" * 101]) | header_texts)
    return headers


def query_strings(names: list[str]) -> st.SearchStrategy[str]:
    """A query string of some of ``names`` (and maybe a stranger), each value odd or plausible."""
    pairs = st.lists(
        st.tuples(st.sampled_from(names) | url_texts, numbers_as_text | url_texts), max_size=4
    )
    return pairs.map(lambda p: "?" + urlencode(p) if p else "")


_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def _fill(rule: str, values: dict[str, str]) -> str:
    return _ARGUMENT.sub(lambda m: quote(values[m.group(1)], safe=""), rule)


# --- the world the requests name ---------------------------------------------------------------


@dataclass
class Fuzzed:
    """A signed-in client on an app with one journey of each thing a URL can name."""

    app: Flask
    client: FlaskClient
    ids: dict[str, str]  # URL argument name → a real value
    sent: list[str] = field(default_factory=list)  # one entry per request

    def send(self, method: str, url: str, **options: Any) -> Any:
        """Send one request and count it."""
        self.sent.append(f"{method} {url}")
        return self.client.open(url, method=method, **options)


def _world(session: Session) -> tuple[User, dict[str, str]]:
    """An admin (who may use every form) and a journey with answers, a snapshot, a pain point, a
    share link, personas, a partial and a complete response."""
    admin = make_user(session, "admin")
    organisation = admin.memberships[0].organisation
    journey = make_journey(session, organisation=organisation)
    persona = surveys.add_persona(session, journey, "Busy parent")
    survey = make_survey(session, journey)
    version = survey.versions[-1]
    for i in range(8):
        surveys.submit_response(
            session, version, {"q1": 1 + i % 5, "q2": f"Card declined, awful {i}"}
        )
    partial = surveys.submit_response(session, version, {}, complete=False, source="api")
    journeys.rollup(session, min_answers=1)
    point = session.query(PainPoint).filter_by(journey_id=journey.id).first()
    if point is None:
        point = PainPoint(
            journey_id=journey.id, stage_id=survey.stage_id, touchpoint_id=survey.touchpoint_id
        )
        session.add(point)
    link, token = sharing.create_link(session, journey)
    session.commit()
    ids = {
        "slug": journey.slug,
        "public_id": survey.public_id,
        "response_id": partial.public_id,
        "survey_id": str(survey.id),
        "number": str(version.number),
        "stage_id": str(survey.stage_id),
        "touchpoint_id": str(survey.touchpoint_id),
        "persona_id": str(persona.id),
        "membership_id": str(admin.memberships[0].id),
        "organisation_id": str(organisation.id),
        "template_key": "advocacy-nps",
        "point_id": str(point.id),
        "link_id": str(link.id),
        "token": token,
    }
    return admin, ids


@pytest.fixture
def fuzzed(database_url: str) -> Iterator[Fuzzed]:
    """The app (forms without CSRF tokens, so fuzzed fields reach the views; no rate limit in
    the way) and an admin signed in."""
    app = make_app(
        database_url,
        WTF_CSRF_ENABLED=False,
        API_RATE_LIMIT="1000000 per minute",
        PROPAGATE_EXCEPTIONS=False,
    )
    with app.app_context():
        admin, ids = _world(db.session())
        client = app.test_client()
        login(client, admin)
        yield Fuzzed(app, client, ids)
        db.session.remove()
        db.engine.dispose()


def _report(
    record_property: Callable[[str, object], None], what: str, sent: int, at_least: int
) -> None:
    print(f"\nfuzz: {sent} {what} requests sent")  # shown with -s / -rP
    record_property(f"{what}_requests", sent)
    assert sent >= at_least


def _is_error_shape(reply: Any) -> bool:
    """Whether an API error reads ``{"error": {"code", "message", "fields": {name: problem}}}``."""
    body = reply.get_json(silent=True)
    if not isinstance(body, dict) or set(body) != {"error"}:
        return False
    error = body["error"]
    return (
        isinstance(error, dict)
        and set(error) == {"code", "message", "fields"}
        and isinstance(error["code"], str)
        and isinstance(error["message"], str)
        and isinstance(error["fields"], dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in error["fields"].items())
    )


def _described(method: str, url: str, options: dict[str, Any], reply: Any) -> str:
    sent = {k: (v[:300] if isinstance(v, bytes) else v) for k, v in options.items()}
    return f"{method} {url} {sent!r} → {reply.status_code}: {reply.get_data()[:300]!r}"


# --- the API ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_fuzzed_api_requests_never_get_a_5xx_and_errors_keep_their_shape(
    fuzzed: Fuzzed, record_property: Callable[[str, object], None]
) -> None:
    rules = sorted(
        (r for r in fuzzed.app.url_map.iter_rules() if r.rule.startswith("/api/")),
        key=lambda r: r.rule,
    )
    assert rules, "no API routes to fuzz"
    names = sorted({name for r in rules for name in r.arguments})

    @_settings(API_REQUESTS)
    @given(data=st.data())
    def one_request(data: st.DataObject) -> None:
        rule = data.draw(st.sampled_from(rules))
        methods = [*sorted(rule.methods or ()), "PUT", "DELETE"]
        method = data.draw(st.sampled_from(methods))
        values = {
            name: data.draw(
                st.sampled_from([fuzzed.ids[name]]) | url_texts | numbers_as_text
                if name in fuzzed.ids
                else url_texts
            )
            for name in rule.arguments
        }
        url = _fill(rule.rule, values) + data.draw(query_strings([*names, "version"]))
        options = {"data": data.draw(bodies), "headers": data.draw(api_headers())}
        reply = fuzzed.send(method, url, **options)
        assert reply.status_code < 500, _described(method, url, options, reply)
        if reply.status_code >= 400 and method != "HEAD":  # HEAD: the headers of a GET only
            assert _is_error_shape(reply), _described(method, url, options, reply)

    one_request()
    _report(record_property, "api", len(fuzzed.sent), API_REQUESTS)


# --- the pages ----------------------------------------------------------------------------------

_MAP_FILTERS = ["persona", "channel", "since", "until", "snapshot"]
_DRILL = [*_MAP_FILTERS, "emotion", "theme", "page"]
_COMPARE = ["persona", "channel", "a_since", "a_until", "b_since", "b_until"]
_QUESTION = [
    "questions-0-key",
    "questions-0-kind",
    "questions-0-prompt",
    "questions-0-required",
    "questions-0-options",
    "questions-0-scale_min",
    "questions-0-scale_max",
    "questions-0-labels",
    "questions-0-size",
    "questions-0-show_if_question",
    "questions-0-show_if_operator",
    "questions-0-show_if_value",
    "questions-1-kind",
]
_DETAILS = ["title", "intro", "stage", "touchpoint", "personas", "starter"]
_ANSWER = ["q1", "q2", "response_key", "website", "customer_id", "persona", "channel", "key"]

# (method, URL with {argument}s, the parameters it reads) — the pages a team uses every day.
PAGES: list[tuple[str, str, list[str]]] = [
    ("GET", "/", []),
    ("GET", "/journeys/{slug}/map", _MAP_FILTERS),
    ("GET", "/journeys/{slug}/map.csv", _MAP_FILTERS),
    ("GET", "/journeys/{slug}/map.json", _MAP_FILTERS),
    ("GET", "/journeys/{slug}/map.svg", _MAP_FILTERS),
    ("GET", "/journeys/{slug}/map/cells/{stage_id}/{touchpoint_id}", _DRILL),
    ("GET", "/journeys/{slug}/map/compare", _COMPARE),
    ("GET", "/journeys/{slug}/map/history", []),
    ("GET", "/journeys/{slug}/map/share", []),
    ("POST", "/journeys/{slug}/map/share", ["days", "label"]),
    ("POST", "/journeys/{slug}/pain-points/{point_id}", ["status", "owner_team", "effort", "back"]),
    ("GET", "/s/{public_id}", _ANSWER),
    ("POST", "/s/{public_id}", _ANSWER),
    ("GET", "/embed/s/{public_id}", [*_ANSWER, "host", "mode"]),
    ("POST", "/embed/s/{public_id}", [*_ANSWER, "host", "mode"]),
    ("GET", "/journeys/{slug}/surveys", []),
    ("GET", "/journeys/{slug}/surveys/{survey_id}", []),
    ("GET", "/journeys/{slug}/surveys/{survey_id}/preview", _ANSWER),
    ("POST", "/journeys/{slug}/surveys/new", _DETAILS),
    ("POST", "/journeys/{slug}/surveys/{survey_id}/edit", ["action", *_DETAILS, *_QUESTION]),
    ("POST", "/journeys/{slug}/model", ["name", "description"]),
    ("POST", "/journeys/{slug}/stages", ["name"]),
    ("POST", "/journeys/{slug}/stages/{stage_id}", ["action", "name", "goals", "owner_team"]),
    ("POST", "/journeys/{slug}/touchpoints", ["name", "channel", "stage"]),
    ("POST", "/journeys/{slug}/touchpoints/{touchpoint_id}", ["name", "channel", "stage"]),
    ("POST", "/journeys/{slug}/personas", ["name", "description", "attributes"]),
    ("POST", "/journeys/{slug}/personas/{persona_id}", ["name", "description", "attributes"]),
    ("POST", "/journeys/{slug}/templates/{template_key}", ["touchpoint"]),
    ("GET", "/templates", ["journey"]),
    ("POST", "/journeys/new", ["name", "slug", "description"]),
    ("GET", "/organisation/members", []),
    ("POST", "/organisation/members", ["email", "role", "password", "name"]),
    ("POST", "/organisation/members/{membership_id}", ["action", "role"]),
    ("POST", "/organisation/settings", ["name"]),
]
# Values that steer a form somewhere (a real action, a real id) between the odd ones.
_PLAUSIBLE = ["save", "publish", "preview", "add:nps", "remove:0", "up:1", "down:0", "delete"]


@pytest.mark.slow
def test_fuzzed_page_parameters_never_get_a_5xx(
    fuzzed: Fuzzed, record_property: Callable[[str, object], None]
) -> None:
    @_settings(PAGE_REQUESTS)
    @given(data=st.data())
    def one_request(data: st.DataObject) -> None:
        method, path, names = data.draw(st.sampled_from(PAGES))
        url = path.format(**{k: quote(v, safe="") for k, v in fuzzed.ids.items()})
        plausible = st.sampled_from([*fuzzed.ids.values(), *_PLAUSIBLE])
        values = numbers_as_text | url_texts | plausible
        # Each parameter the page reads, or not, and now and then one it does not.
        pairs = [(name, data.draw(values)) for name in names if data.draw(st.booleans())]
        pairs += data.draw(st.lists(st.tuples(url_texts, values), max_size=2))
        options: dict[str, Any] = {}
        if method == "GET":
            url += "?" + urlencode(pairs) if pairs else ""
        else:
            options["data"] = urlencode(pairs)
            options["content_type"] = "application/x-www-form-urlencoded"
        reply = fuzzed.send(method, url, **options)
        assert reply.status_code < 500, _described(method, url, options, reply)

    one_request()
    _report(record_property, "page", len(fuzzed.sent), PAGE_REQUESTS)
