"""The public response API: every answer stored exactly once, every refusal a clear JSON error."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import journeys
import sentiment
from surveys.models import Answer, AnswerScore, Question, Response, Survey, SurveyVersion, utcnow
from tests.conftest import make_app, make_journey, make_survey


def _post(client: FlaskClient, survey: Survey, body: Any, **headers: str) -> Any:
    return client.post(
        f"/api/v1/surveys/{survey.public_id}/responses",
        data=json.dumps(body),
        headers={"Content-Type": "application/json", **headers},
    )


def _count(session: Session) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(Response)) or 0)


def _error(reply: Any) -> dict[str, Any]:
    body = reply.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    return dict(body["error"])


@pytest.fixture
def survey(session: Session) -> Survey:
    made = make_survey(session)
    session.commit()
    return made


def test_survey_is_described_with_its_live_version_and_questions(
    client: FlaskClient, survey: Survey
) -> None:
    reply = client.get(f"/api/v1/surveys/{survey.public_id}")
    assert reply.status_code == 200
    described = reply.get_json()["survey"]
    assert described["version"] == 1
    assert [(q["key"], q["kind"], q["required"]) for q in described["questions"]] == [
        ("q1", "rating", True),
        ("q2", "free_text", False),
    ]
    assert (described["questions"][0]["min"], described["questions"][0]["max"]) == (1, 5)


def test_created_response_is_stored_with_metadata_and_no_ip_address(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    reply = _post(
        client,
        survey,
        {"answers": {"q1": 2, "q2": "Card was declined twice."}, "metadata": {"order": "A-17"}},
        **{"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile"},
    )
    assert reply.status_code == 201
    created = reply.get_json()["response"]
    assert reply.headers["Location"] == f"/api/v1/responses/{created['id']}"
    assert created["status"] == "complete"
    assert created["answers"] == {"q1": 2, "q2": "Card was declined twice."}
    stored = session.scalars(select(Response)).one()
    assert (stored.source, stored.public_id, stored.status) == ("api", created["id"], "complete")
    assert stored.meta == {"hidden": {"order": "A-17"}, "device": "mobile"}
    assert "127.0.0.1" not in json.dumps(stored.meta)
    assert sorted(a.value_number or 0 for a in stored.answers) == [0, 2]


def test_retry_with_same_idempotency_key_is_stored_once(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    body = {"answers": {"q1": 4, "q2": "Quick checkout."}}
    first = _post(client, survey, body, **{"Idempotency-Key": "order-981-feedback"})
    retry = _post(client, survey, body, **{"Idempotency-Key": "order-981-feedback"})
    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.get_json()["response"]["id"] == first.get_json()["response"]["id"]
    assert _count(session) == 1
    assert session.scalar(select(func.count()).select_from(Answer)) == 2


def test_retry_with_same_client_id_in_the_body_is_stored_once(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    body = {"id": "3f1c9a2e-widget-1", "answers": {"q1": 5}}
    replies = [_post(client, survey, body) for _ in range(3)]
    assert [r.status_code for r in replies] == [201, 200, 200]
    assert {r.get_json()["response"]["client_id"] for r in replies} == {"3f1c9a2e-widget-1"}
    assert _count(session) == 1


def test_key_reused_with_other_answers_is_409_and_keeps_the_first(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    assert _post(client, survey, {"id": "k-1", "answers": {"q1": 1}}).status_code == 201
    reused = _post(client, survey, {"id": "k-1", "answers": {"q1": 5}})
    assert reused.status_code == 409
    error = _error(reused)
    assert error["code"] == "idempotency_conflict" and "id" in error["fields"]
    stored = session.scalars(select(Answer)).one()
    assert stored.value_number == 1


def test_a_retry_is_compared_by_meaning_not_spelling(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    """A default written out, or a rating sent as text, is the same request; a changed
    metadata field is not."""
    assert _post(client, survey, {"id": "k-2", "answers": {"q1": 3}}).status_code == 201
    spelled = _post(client, survey, {"id": "k-2", "answers": {"q1": "3"}, "complete": True})
    assert spelled.status_code == 200, spelled.get_json()
    assert spelled.headers["Idempotent-Replayed"] == "true"
    other = _post(client, survey, {"id": "k-2", "answers": {"q1": 3}, "metadata": {"a": "1"}})
    assert other.status_code == 409
    assert _count(session) == 1


def test_key_in_header_and_body_must_agree(client: FlaskClient, survey: Survey) -> None:
    reply = _post(client, survey, {"id": "a-1", "answers": {"q1": 3}}, **{"Idempotency-Key": "b-2"})
    assert reply.status_code == 400
    assert "id" in _error(reply)["fields"]


def test_malformed_json_is_400(client: FlaskClient, session: Session, survey: Survey) -> None:
    reply = client.post(
        f"/api/v1/surveys/{survey.public_id}/responses",
        data='{"answers": {"q1": 4',
        content_type="application/json",
    )
    assert reply.status_code == 400
    error = _error(reply)
    assert error["code"] == "invalid_json" and "body" in error["fields"]
    assert _count(session) == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ([1, 2], "body"),
        ({"answers": {"q1": 4}, "ip": "1.2.3.4"}, "ip"),
        ({"answers": "q1=4"}, "answers"),
        ({"answers": {"q1": 4}, "version": "one"}, "version"),
        ({"answers": {"q1": 4}, "complete": "yes"}, "complete"),
        ({"answers": {"q1": 4}, "version": True}, "version"),
    ],
)
def test_badly_shaped_body_is_400_naming_the_field(
    client: FlaskClient, session: Session, survey: Survey, body: Any, field: str
) -> None:
    reply = _post(client, survey, body)
    assert reply.status_code == 400
    assert field in _error(reply)["fields"]
    assert _count(session) == 0


def test_filled_honeypot_is_400_and_stores_nothing(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    for trap in ("http://spam.example", False, 0):  # only an empty text is an empty field
        reply = _post(client, survey, {"answers": {"q1": 5}, "website": trap})
        assert reply.status_code == 400, trap
        error = _error(reply)
        assert error["code"] == "rejected" and "website" in error["fields"]
    assert _count(session) == 0


def test_unknown_draft_and_missing_things_are_404(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    draft = make_survey(session, survey.journey, touchpoint="Support call", publish=False)
    session.commit()
    for path in (
        "/api/v1/surveys/nope/responses",
        f"/api/v1/surveys/{draft.public_id}/responses",
    ):
        reply = client.post(path, json={"answers": {"q1": 3}})
        assert reply.status_code == 404
        assert _error(reply)["code"] == "not_found"
    assert client.get("/api/v1/responses/nope").status_code == 404
    assert client.patch("/api/v1/responses/nope", json={"answers": {}}).status_code == 404
    assert _error(client.get("/api/v1/no/such/route"))["code"] == "not_found"
    assert _count(session) == 0


def test_closed_survey_is_410(client: FlaskClient, session: Session, survey: Survey) -> None:
    survey.status = "closed"
    session.commit()
    reply = _post(client, survey, {"answers": {"q1": 3}})
    assert reply.status_code == 410
    assert _error(reply)["code"] == "survey_closed"
    assert client.get(f"/api/v1/surveys/{survey.public_id}").status_code == 410
    assert _count(session) == 0


def test_oversized_body_is_413(client: FlaskClient, session: Session, survey: Survey) -> None:
    reply = _post(client, survey, {"answers": {"q1": 3, "q2": "x" * 70_000}})
    assert reply.status_code == 413
    assert _error(reply)["code"] == "payload_too_large"
    assert _count(session) == 0


def test_body_that_is_not_json_is_415(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    reply = client.post(
        f"/api/v1/surveys/{survey.public_id}/responses", data={"q1": "3"}
    )  # a form post
    assert reply.status_code == 415
    error = _error(reply)
    assert error["code"] == "unsupported_media_type" and "Content-Type" in error["fields"]
    assert _count(session) == 0


def test_invalid_answers_are_422_naming_each_question(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    reply = _post(client, survey, {"answers": {"q1": 9, "q2": 12, "q7": "?"}})
    assert reply.status_code == 422
    error = _error(reply)
    assert error["code"] == "invalid_answer"
    assert error["fields"] == {
        "q1": "must be a whole number from 1 to 5",
        "q2": "must be text",
        "q7": "is not a question of this survey version",
    }
    missing = _post(client, survey, {"answers": {"q2": "no rating"}})
    assert missing.status_code == 422 and _error(missing)["fields"] == {"q1": "is required"}
    assert _count(session) == 0


def test_bad_metadata_persona_or_channel_is_422_naming_it(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    for body, field in [
        ({"answers": {"q1": 3}, "metadata": {"bad name!": "x"}}, "metadata.bad name!"),
        ({"answers": {"q1": 3}, "metadata": {"note": "x" * 300}}, "metadata.note"),
        ({"answers": {"q1": 3}, "persona": "Nobody"}, "persona"),
        ({"answers": {"q1": 3}, "channel": "pigeon"}, "channel"),
    ]:
        reply = _post(client, survey, body)
        assert reply.status_code == 422, body
        assert field in _error(reply)["fields"]
    assert _count(session) == 0


def _publish_version_2(session: Session, survey: Survey) -> SurveyVersion:
    version = SurveyVersion(number=2, published_at=utcnow())
    version.questions = [
        Question(key="q1", position=1, kind="free_text", prompt="What went wrong?", required=True)
    ]
    survey.versions.append(version)
    session.commit()
    return version


def test_answers_are_checked_against_the_version_answered(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    _publish_version_2(session, survey)
    # Version 2's q1 is free text: a rating-only client still answering version 1 is valid…
    old_client = _post(client, survey, {"version": 1, "answers": {"q1": 4}})
    assert old_client.status_code == 201 and old_client.get_json()["response"]["version"] == 1
    # …the same answer against the live version 2 is not, and version 2 has no q2.
    live = _post(client, survey, {"answers": {"q1": 4, "q2": "text"}})
    assert live.status_code == 422
    assert _error(live)["fields"] == {
        "q1": "must be text",
        "q2": "is not a question of this survey version",
    }
    unknown = _post(client, survey, {"version": 7, "answers": {"q1": 4}})
    assert unknown.status_code == 422 and "version" in _error(unknown)["fields"]
    assert _count(session) == 1


def test_too_many_requests_from_one_client_to_one_survey_is_429(database_url: str) -> None:
    app = make_app(database_url, API_RATE_LIMIT="3 per minute")
    with app.app_context():
        from app.extensions import db

        session = db.session()
        survey, other = make_survey(session), make_survey(session)
        session.commit()
        client = app.test_client()
        codes = [_post(client, survey, {"answers": {"q1": 3}}).status_code for _ in range(4)]
        assert codes == [201, 201, 201, 429]
        limited = _post(client, survey, {"answers": {"q1": 3}})
        assert _error(limited)["code"] == "rate_limited"
        assert "Too many requests" in _error(limited)["message"]
        assert _error(limited)["fields"] == {"rate": "at most 3 per 1 minute"}
        assert int(limited.headers["Retry-After"]) > 0
        # The limit is per survey: the same client may still answer another one.
        assert _post(client, other, {"answers": {"q1": 3}}).status_code == 201
        assert _count(session) == 4
        db.session.remove()
        db.engine.dispose()


def test_partial_response_is_updated_then_finished(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    started = _post(client, survey, {"complete": False, "answers": {"q2": "Slow"}})
    assert started.status_code == 201
    created = started.get_json()["response"]
    assert created["status"] == "partial" and created["completed_at"] is None
    response_url = created["links"]["self"]

    too_early = client.post(created["links"]["complete"])
    assert too_early.status_code == 422
    assert _error(too_early)["fields"] == {"q1": "is required"}

    changed = client.patch(response_url, json={"answers": {"q1": 2, "q2": "Slow delivery"}})
    assert changed.status_code == 200
    assert changed.get_json()["response"]["answers"] == {"q1": 2, "q2": "Slow delivery"}

    finished = client.post(created["links"]["complete"])
    assert finished.status_code == 200
    assert finished.get_json()["response"]["status"] == "complete"
    assert client.post(created["links"]["complete"]).status_code == 200  # a retried finish

    late = client.patch(response_url, json={"answers": {"q1": 5}})
    assert late.status_code == 409 and _error(late)["code"] == "response_complete"
    conflicting_finish = client.post(created["links"]["complete"], json={"answers": {"q1": 5}})
    assert conflicting_finish.status_code == 409
    session.expire_all()
    stored = session.scalars(select(Response)).one()
    assert stored.status == "complete" and stored.completed_at is not None
    assert {a.question.key: a.value_number or a.value_text for a in stored.answers} == {
        "q1": 2,
        "q2": "Slow delivery",
    }


def test_null_clears_an_answer_of_a_partial_response(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    created = _post(client, survey, {"complete": False, "answers": {"q1": 3, "q2": "hm"}})
    url = created.get_json()["response"]["links"]["self"]
    cleared = client.patch(url, json={"answers": {"q2": None}})
    assert cleared.get_json()["response"]["answers"] == {"q1": 3}
    assert session.scalar(select(func.count()).select_from(Answer)) == 1


def test_changing_a_text_drops_its_old_score(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    created = _post(client, survey, {"complete": False, "answers": {"q1": 3, "q2": "Great!"}})
    url = created.get_json()["response"]["links"]["self"]
    answer = session.scalars(select(Answer).where(Answer.value_text == "Great!")).one()
    answer.score = AnswerScore(compound=0.8, label="positive", model="old")
    session.commit()
    client.patch(url, json={"answers": {"q2": "Awful, never again."}})
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(AnswerScore)) == 0


def test_api_answers_are_left_to_the_scoring_job_by_default(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    reply = _post(client, survey, {"answers": {"q1": 1, "q2": "Terrible."}})
    reply.close()
    assert reply.status_code == 201
    assert session.scalar(select(func.count()).select_from(AnswerScore)) == 0
    assert journeys.count_pending(session) == 1  # the score-unscored job's work list
    assert journeys.score_pending(session) == 1


def test_scoring_after_the_reply_never_costs_the_answer(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(database_url, SCORE_AFTER_SUBMIT=True)
    with app.app_context():
        from app.extensions import db

        session = db.session()
        survey = make_survey(session)
        session.commit()
        client = app.test_client()

        def broken(_texts: object) -> list[sentiment.TextScore]:
            raise RuntimeError("scorer down")

        monkeypatch.setattr(sentiment, "score_many", broken)
        failed = _post(client, survey, {"answers": {"q1": 1, "q2": "Terrible."}})
        failed.close()  # the reply is out; now the after-reply scoring runs, and fails
        assert failed.status_code == 201
        assert _count(session) == 1
        assert session.scalar(select(func.count()).select_from(AnswerScore)) == 0

        monkeypatch.undo()
        scored = _post(client, survey, {"answers": {"q1": 5, "q2": "Lovely staff."}})
        scored.close()
        session.expire_all()
        assert session.scalar(select(func.count()).select_from(AnswerScore)) == 1
        db.session.remove()
        db.engine.dispose()


def test_browser_on_an_allowed_origin_gets_cors_and_others_are_refused(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    survey.allowed_origins = ["https://shop.example"]
    session.commit()
    preflight = client.options(
        f"/api/v1/surveys/{survey.public_id}/responses",
        headers={
            "Origin": "https://shop.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, idempotency-key",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://shop.example"
    assert "Idempotency-Key" in preflight.headers["Access-Control-Allow-Headers"]

    allowed = _post(client, survey, {"answers": {"q1": 4}}, Origin="https://shop.example")
    assert allowed.status_code == 201
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://shop.example"

    refused = _post(client, survey, {"answers": {"q1": 4}}, Origin="https://evil.example")
    assert refused.status_code == 403
    assert "Access-Control-Allow-Origin" not in refused.headers
    assert _error(refused)["code"] == "origin_not_allowed"
    bad_preflight = client.options(
        f"/api/v1/surveys/{survey.public_id}/responses",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in bad_preflight.headers
    assert _count(session) == 1


def test_hostile_text_is_stored_verbatim_and_only_ever_served_as_json(
    client: FlaskClient, session: Session, app: Flask
) -> None:
    survey = make_survey(session, make_journey(session))
    session.commit()
    hostile = "<script>alert('x')</script>"
    reply = _post(client, survey, {"answers": {"q1": 1, "q2": hostile}})
    assert reply.status_code == 201 and reply.mimetype == "application/json"
    assert reply.get_json()["response"]["answers"]["q2"] == hostile
    assert reply.headers["X-Content-Type-Options"] == "nosniff"  # never sniffed as HTML


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(database_url: str) -> None:
    """With TRUSTED_PROXIES=1 the limit follows the client address the proxy forwards; without
    it, a client cannot dodge the limit by sending its own X-Forwarded-For header."""
    for trusted, expected in ((1, [201, 201, 201]), (0, [201, 201, 429])):
        app = make_app(database_url, API_RATE_LIMIT="2 per minute", TRUSTED_PROXIES=trusted)
        with app.app_context():
            from app.extensions import db

            session = db.session()
            survey = make_survey(session)
            session.commit()
            client = app.test_client()
            codes = [
                client.post(
                    f"/api/v1/surveys/{survey.public_id}/responses",
                    json={"answers": {"q1": 3}},
                    headers={"X-Forwarded-For": address},
                ).status_code
                for address in ("203.0.113.1", "203.0.113.1", "203.0.113.2")
            ]
            assert codes == expected, f"TRUSTED_PROXIES={trusted}"
            db.session.remove()
            db.engine.dispose()


def test_a_trusted_proxy_sets_scheme_and_client_but_not_the_host(database_url: str) -> None:
    """X-Forwarded-Host is not believed: links the app writes (share links) keep the Host the
    proxy passed on, whatever a client puts in that header."""
    from flask import request

    from app.access import access

    app = make_app(database_url, TRUSTED_PROXIES=1)
    seen_view = access("public")(lambda: f"{request.host_url} {request.remote_addr}")
    app.add_url_rule("/_seen", "seen", seen_view)
    seen = app.test_client().get(
        "/_seen",
        headers={"Host": "maps.example.com", "X-Forwarded-Host": "evil.example",
                 "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"},
    )  # fmt: skip
    assert seen.text == "https://maps.example.com/ 203.0.113.9"
