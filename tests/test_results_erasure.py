"""Erasure: a response, or every response carrying a customer's hidden-field value, leaves the
inbox, the exports and (at the next rollup) the map; the audit entry says who, how many, when."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import journeys
from journeys.models import ResponseFact, RollupBucket
from surveys.models import Answer, AnswerScore, ErasureRecord, Response, User
from tests.conftest import csrf_token, login, make_user
from tests.test_results_inbox import answer, make_rich_survey


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_erasing_a_customer_removes_them_from_inbox_exports_and_the_next_map(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    survey = make_rich_survey(session)
    for n in range(6):
        answer(session, survey, n, nps=9, text="Lovely people, quick help.")
    for n in range(6, 9):  # the customer asking to be forgotten complained three times
        answer(session, survey, n, nps=1, text="Awful, rude, on hold for ages.",
               hidden={"customer_id": "C-42"})  # fmt: skip
    journeys.score_pending(session)
    (before,) = journeys.rollup(session, journeys=[survey.journey], min_answers=1)
    session.commit()
    cell = next(c for c in journeys.latest_snapshot(session, survey.journey_id).cells)  # type: ignore[union-attr]
    assert cell.n == 9 and cell.negative_share > 0.3

    login(client, researcher)
    base = f"/journeys/{survey.journey.slug}/surveys/{survey.id}"
    form = client.get(f"{base}/erase")
    preview = client.post(
        f"{base}/erase",
        data={"field": "customer_id", "value": "C-42", "scope": "journey",
              "csrf_token": csrf_token(form.text)},
    )  # fmt: skip
    assert preview.status_code == 200 and "<strong>3</strong> responses carry" in preview.text
    assert _count(session, Response) == 9  # a preview erases nothing
    done = client.post(
        f"{base}/erase",
        data={"field": "customer_id", "value": "C-42", "scope": "journey", "confirm": "yes",
              "csrf_token": csrf_token(preview.text)},
    )  # fmt: skip
    assert done.status_code == 302
    session.expire_all()

    assert _count(session, Response) == 6 and _count(session, ResponseFact) == 6
    assert _count(session, Answer) == 6 * 4 and _count(session, AnswerScore) == 6
    inbox = client.get(f"{base}/responses").text
    assert "<strong>6</strong> responses" in inbox and "Awful" not in inbox
    assert b"Awful" not in client.get(f"{base}/responses.csv").data
    assert b"C-42" not in client.get(f"{base}/responses.jsonl").data
    buckets = session.scalar(select(func.sum(RollupBucket.responses)))
    assert buckets == 6  # the day's buckets were re-aggregated at once

    (after,) = journeys.rollup(session, journeys=[survey.journey], min_answers=1)
    session.commit()
    assert after.created and after.snapshot_id != before.snapshot_id
    cell = next(c for c in journeys.latest_snapshot(session, survey.journey_id).cells)  # type: ignore[union-attr]
    assert cell.n == 6 and cell.negative_share == 0

    (record,) = session.scalars(select(ErasureRecord)).all()
    assert record.count == 3 and record.user_email == researcher.email
    assert record.hidden_field == "customer_id" and record.survey_id is None
    assert len(record.response_ids) == 3
    log = client.get(f"{base}/erase").text
    assert researcher.email in log and "hidden field customer_id" in log
    assert "C-42" not in log and "C-42" not in str(record.response_ids)


def test_erasing_one_response_needs_a_researcher_and_a_confirmation(
    client: FlaskClient, session: Session
) -> None:
    survey = make_rich_survey(session)
    kept = answer(session, survey, 1).public_id
    gone = answer(session, survey, 2, text="Please forget me.").public_id
    researcher = make_user(session, "researcher", survey.journey.organisation)
    viewer = make_user(session, "viewer", survey.journey.organisation)
    base = f"/journeys/{survey.journey.slug}/surveys/{survey.id}"
    url = f"{base}/responses/{gone}/erase"

    login(client, viewer)
    page = client.get(f"{base}/responses/{gone}")
    refused = client.post(url, data={"confirm": "yes", "csrf_token": csrf_token(page.text)})
    assert refused.status_code == 403

    client.post("/logout", data={"csrf_token": csrf_token(page.text)})
    login(client, researcher)
    page = client.get(f"{base}/responses/{gone}")
    assert "Erase this response" in page.text
    unconfirmed = client.post(url, data={"csrf_token": csrf_token(page.text)})
    assert unconfirmed.status_code == 400 and "confirm" in unconfirmed.text
    erased = client.post(url, data={"confirm": "yes", "csrf_token": csrf_token(page.text)})
    assert erased.status_code == 302
    session.expire_all()
    assert session.scalars(select(Response.public_id)).all() == [kept]
    assert client.get(f"{base}/responses/{gone}").status_code == 404
    record = session.scalar(select(ErasureRecord))
    assert record is not None and record.response_ids == [gone]
    assert record.hidden_field is None and record.survey_id == survey.id


def test_a_malformed_hidden_field_is_refused_naming_it(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    survey = make_rich_survey(session)
    login(client, researcher)
    base = f"/journeys/{survey.journey.slug}/surveys/{survey.id}"
    token = csrf_token(client.get(f"{base}/erase").text)
    reply = client.post(
        f"{base}/erase", data={"field": "bad name!", "value": "1", "csrf_token": token}
    )
    assert reply.status_code == 400 and "<strong>field</strong>" in reply.text
    reply = client.post(
        f"{base}/erase", data={"field": "customer_id", "value": "", "csrf_token": token}
    )
    assert reply.status_code == 400 and "<strong>value</strong>" in reply.text
    assert re.search(r"Nothing erased yet", client.get(f"{base}/erase").text)
