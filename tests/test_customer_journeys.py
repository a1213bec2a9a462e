"""Customer journeys: answers linked by a customer key across touchpoints, the flow between
touchpoints, and the downstream effect of one touchpoint on a later KPI — checked against the
same figure computed independently from the raw answers."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

import journeys
import surveys
from demo.seed import seed_demo
from journeys.customers import CustomerLink, CustomerPaths, CustomerTouch, customer_digest
from journeys.customers.links import Touch, links_of, steps_of
from surveys.models import Journey, Response, Survey, utcnow
from tests.conftest import csrf_token, make_journey, make_survey

ANGRY = "I was on hold for an hour and the agent was rude. Terrible, useless support."
HAPPY = "The agent solved it in two minutes, lovely and helpful. Great support!"
# Advocacy NPS: customers after a bad support call mostly detract, the others mostly promote.
NPS_AFTER_BAD = [2, 3, 5, 6, 6, 7, 8, 9, 4, 6, 5, 10, 3, 6, 7, 2, 6, 8, 5, 9]
NPS_AFTER_GOOD = [9, 10, 8, 9, 10, 7, 9, 10, 6, 9, 10, 9, 8, 10, 9, 3, 10, 9, 7, 10]


def _journey_with_advocacy(session: Session) -> tuple[Journey, Survey, Survey]:
    journey = make_journey(session)
    surveys.add_touchpoint(
        session, journey, "Review", channel="web", stage=surveys.stage_named(journey, "Advocacy")
    )
    support = make_survey(session, journey, stage="Retention", touchpoint="Support call")
    advocacy = surveys.create_survey(
        session,
        journey,
        title="Would you recommend us?",
        stage=surveys.stage_named(journey, "Advocacy"),
        touchpoint=next(t for t in journey.touchpoints if t.name == "Review"),
        questions=[
            surveys.QuestionSpec("nps", "How likely are you to recommend us?", required=True),
            surveys.QuestionSpec("free_text", "Why?"),
        ],
    )
    surveys.publish(session, advocacy)
    session.commit()
    return journey, support, advocacy


def _answer(
    session: Session,
    survey: Survey,
    answers: dict[str, object],
    customer: str | None,
    when: datetime,
) -> Response:
    meta = {"hidden": {"customer_id": customer}} if customer else {}
    response = surveys.submit_response(
        session, survey.versions[-1], answers, created_at=when, meta=meta
    )
    journeys.score_answers(session, response.answers)
    return response


def _seed_customers(
    session: Session, support: Survey, advocacy: Survey, *, start: int = 0, count: int = 40
) -> None:
    """``count`` customers: a support call ten days ago, then an advocacy NPS two days ago."""
    now = utcnow()
    for i in range(start, start + count):
        bad = i % 2 == 0
        _answer(
            session,
            support,
            {"q1": 1 if bad else 5, "q2": ANGRY if bad else HAPPY},
            f"C-{i:03d}",
            now - timedelta(days=10, minutes=i),
        )
        nps = (NPS_AFTER_BAD if bad else NPS_AFTER_GOOD)[(i // 2) % 20]
        _answer(session, advocacy, {"q1": nps}, f"C-{i:03d}", now - timedelta(days=2, minutes=i))
    session.commit()


def _independent_effect(
    session: Session, journey: Journey, touchpoint: str = "Support call", stage: str = "Advocacy"
) -> tuple[float, float, int, int]:
    """NPS at ``stage`` of customers whose comments at ``touchpoint`` read negative minus the
    others', and its 95 % half-width, straight from responses, answers and their stored scores."""
    from_tp = next(t for t in journey.touchpoints if t.name == touchpoint)
    to_stage = surveys.stage_named(journey, stage)
    comments: dict[str, list[float]] = defaultdict(list)
    first_at: dict[str, datetime] = {}
    nps: dict[str, tuple[datetime, float]] = {}
    rows = session.scalars(select(Response).where(Response.journey_id == journey.id)).all()
    for response in rows:
        customer = response.meta.get("hidden", {}).get("customer_id")
        if not customer:
            continue
        if response.touchpoint_id == from_tp.id:
            first_at[customer] = min(
                first_at.get(customer, response.created_at), response.created_at
            )
        for answer in response.answers:
            if response.touchpoint_id == from_tp.id and answer.score is not None:
                comments[customer].append(answer.score.compound)
            is_nps = answer.question.kind == "nps" and answer.value_number is not None
            latest = customer not in nps or nps[customer][0] < response.created_at
            if is_nps and response.stage_id == to_stage.id and latest:
                nps[customer] = (response.created_at, answer.value_number)
    groups: dict[bool, list[float]] = {True: [], False: []}
    for customer, compounds in comments.items():
        if customer in nps and nps[customer][0] > first_at[customer]:
            groups[sum(compounds) / len(compounds) <= -0.05].append(nps[customer][1])

    def figure(values: list[float]) -> tuple[float, float]:
        p = sum(v >= 9 for v in values) / len(values)
        d = sum(v <= 6 for v in values) / len(values)
        return 100 * (p - d), 10_000 * (p + d - (p - d) ** 2) / len(values)

    (neg, neg_var), (other, other_var) = figure(groups[True]), figure(groups[False])
    half_width = 1.959963984540054 * math.sqrt(neg_var + other_var)
    return neg - other, half_width, len(groups[True]), len(groups[False])


def _paths(session: Session, journey: Journey) -> CustomerPaths:
    snapshot = journeys.latest_snapshot(session, journey.id)
    assert snapshot is not None
    paths = CustomerPaths.from_json(snapshot.customer_paths)
    assert paths is not None
    return paths


def test_support_call_effect_on_advocacy_nps_matches_the_raw_answers(session: Session) -> None:
    journey, support, advocacy = _journey_with_advocacy(session)
    journeys.follow_customers(session, journey, "customer_id")
    _seed_customers(session, support, advocacy)
    journeys.rollup_journey(session, journey, min_answers=20)
    session.commit()

    paths = _paths(session, journey)
    support_tp = next(t for t in journey.touchpoints if t.name == "Support call")
    advocacy_stage = surveys.stage_named(journey, "Advocacy")
    effect = next(
        e
        for e in paths.effects
        if e.from_touchpoint_id == support_tp.id
        and e.to_stage_id == advocacy_stage.id
        and e.kpi == "nps"
    )
    difference, half_width, n_negative, n_other = _independent_effect(session, journey)
    assert (effect.negative_n, effect.other_n) == (n_negative, n_other) == (20, 20)
    assert effect.difference == pytest.approx(difference, abs=1e-3)
    assert effect.low == pytest.approx(difference - half_width, abs=1e-3)
    assert effect.high == pytest.approx(difference + half_width, abs=1e-3)
    assert effect.difference < -40 and effect.found
    assert paths.customers == 40 and paths.returning == 40


def test_flow_counts_each_customers_moves_in_time_order(session: Session) -> None:
    journey, support, advocacy = _journey_with_advocacy(session)
    journeys.follow_customers(session, journey, "customer_id")
    _seed_customers(session, support, advocacy, count=6)
    # One customer answers advocacy again and a second support call after it.
    now = utcnow()
    _answer(session, support, {"q1": 3, "q2": ANGRY}, "C-000", now - timedelta(days=1))
    session.commit()
    journeys.rollup_journey(session, journey)
    session.commit()

    paths = _paths(session, journey)
    tp = {t.name: t.id for t in journey.touchpoints}
    edges = {(e.from_touchpoint_id, e.to_touchpoint_id): (e.customers, e.moves) for e in paths.flow}
    assert edges[(0, tp["Support call"])] == (6, 6)
    assert edges[(tp["Support call"], tp["Review"])] == (6, 6)
    assert edges[(tp["Review"], tp["Support call"])] == (1, 1)
    assert paths.effects == ()  # six customers are too few to compare anything


def test_incremental_linking_equals_a_rebuild(session: Session) -> None:
    journey, support, advocacy = _journey_with_advocacy(session)
    journeys.follow_customers(session, journey, "customer_id")
    _seed_customers(session, support, advocacy, count=30)
    journeys.rollup_journey(session, journey, min_answers=10)
    session.commit()
    _seed_customers(session, support, advocacy, start=30, count=20)
    # A returning customer's new answer moves their link; an anonymous one adds no customer.
    _answer(session, advocacy, {"q1": 0}, "C-001", utcnow())
    _answer(session, advocacy, {"q1": 10}, None, utcnow())
    session.commit()
    journeys.rollup_journey(session, journey, min_answers=10)
    session.commit()
    incremental = _paths(session, journey)
    link_rows = select(CustomerLink.customer, CustomerLink.value)
    links = sorted(tuple(row) for row in session.execute(link_rows))

    journeys.rollup_journey(session, journey, min_answers=10, full=True)
    session.commit()
    assert _paths(session, journey) == incremental
    assert sorted(tuple(row) for row in session.execute(link_rows)) == links
    assert (customer_digest("C-001"), 0.0) in links
    assert incremental.customers == 50


def test_erased_customer_leaves_the_customer_tables(session: Session) -> None:
    journey, support, advocacy = _journey_with_advocacy(session)
    journeys.follow_customers(session, journey, "customer_id")
    _seed_customers(session, support, advocacy, count=4)
    journeys.rollup_journey(session, journey)
    session.commit()
    gone = customer_digest("C-002")
    ids = list(
        session.scalars(select(CustomerTouch.response_id).where(CustomerTouch.customer == gone))
    )
    assert len(ids) == 2
    journeys.forget_responses(session, ids)
    for response_id in ids:
        session.delete(session.get(Response, response_id))
    session.commit()
    journeys.rollup_journey(session, journey)
    session.commit()
    assert _paths(session, journey).customers == 3
    for table in (CustomerTouch, CustomerLink):
        assert not session.scalars(select(table).where(table.customer == gone)).all()


def test_a_journey_that_follows_no_customer_keeps_no_customer_tables(session: Session) -> None:
    journey, support, advocacy = _journey_with_advocacy(session)
    _seed_customers(session, support, advocacy, count=4)
    journeys.rollup_journey(session, journey)
    session.commit()
    snapshot = journeys.latest_snapshot(session, journey.id)
    assert snapshot is not None and snapshot.customer_paths == {}
    assert not session.scalars(select(CustomerTouch)).all()

    journeys.follow_customers(session, journey, "Customer-ID")  # stored as customer_id
    session.commit()
    journeys.rollup_journey(session, journey)
    session.commit()
    assert journey.customer_field == "customer_id"
    assert _paths(session, journey).customers == 4


def test_a_customer_field_must_be_a_hidden_field_name(session: Session) -> None:
    journey = make_journey(session)
    with pytest.raises(journeys.InvalidCustomerField) as refused:
        journeys.follow_customers(session, journey, "customer id!")
    assert refused.value.fields == {
        "customer_field": "must be a hidden field name such as customer_id"
    }
    assert journey.customer_field is None


def _touch(
    minute: int, stage: int, tp: int, compound: float | None, *kpis: tuple[str, float]
) -> Touch:
    return Touch(minute, datetime(2026, 1, 1, 0, minute), stage, tp, compound, tuple(kpis))


def test_links_need_the_touchpoint_first_and_a_later_stage() -> None:
    positions = {1: 0, 2: 1, 3: 2}
    touches = [
        _touch(1, 3, 30, None, ("nps", 2.0)),  # an NPS before the call: no link from the call
        _touch(2, 2, 20, -0.6),
        _touch(3, 2, 20, 0.1),  # the call's mean −0.25 reads negative
        _touch(4, 3, 30, 0.5, ("nps", 9.0)),  # the latest advocacy NPS counts
        _touch(5, 1, 10, -0.9, ("csat", 1.0)),  # an earlier stage answered later: no link to it
    ]
    assert links_of(touches, positions) == [(20, 3, "nps", True, 9.0)]
    assert steps_of(touches) == {(0, 30): 1, (30, 20): 1, (20, 30): 1, (30, 10): 1}


def test_researcher_names_the_customer_key_on_the_model_page(
    signed_in: FlaskClient, session: Session
) -> None:
    journey = make_journey(session)
    session.commit()
    url = f"/journeys/{journey.slug}/customers"
    token = csrf_token(signed_in.get(f"/journeys/{journey.slug}/model").text)

    refused = signed_in.post(url, data={"customer_field": "<b>id</b>", "csrf_token": token})
    assert refused.status_code == 422
    assert "customer_field: must be a hidden field name" in refused.text
    assert "<b>id</b>" not in refused.text and "&lt;b&gt;id&lt;/b&gt;" in refused.text

    saved = signed_in.post(url, data={"customer_field": "Customer-Id", "csrf_token": token})
    assert saved.status_code == 302
    session.refresh(journey)
    assert journey.customer_field == "customer_id"
    assert "customer_id" in signed_in.get(f"/journeys/{journey.slug}/model").text


def test_the_map_and_its_exports_show_the_downstream_effect(
    signed_in: FlaskClient, session: Session
) -> None:
    journey, support, advocacy = _journey_with_advocacy(session)
    journeys.follow_customers(session, journey, "customer_id")
    _seed_customers(session, support, advocacy)
    journeys.rollup_journey(session, journey, min_answers=20)
    session.commit()
    difference, _half, _n_neg, _n_other = _independent_effect(session, journey)
    words = f"gave NPS {abs(difference):.0f} points lower at Advocacy"

    page = signed_in.get(f"/journeys/{journey.slug}/map")
    assert page.status_code == 200
    assert "Customers across touchpoints" in page.text and words in page.text
    assert 'id="flow-title"' in page.text  # the flow drawn inline
    assert "40 began here" in page.text  # every customer began at the support call

    document = signed_in.get(f"/journeys/{journey.slug}/map.json").get_json()
    effect = next(e for e in document["customer_paths"]["effects"] if e["kpi"] == "nps")
    assert effect["touchpoint"] == "Support call" and effect["later_stage"] == "Advocacy"
    assert effect["difference"] == pytest.approx(difference, abs=1e-3) and effect["holds"]
    flow = {(f["from"], f["to"]): f["customers"] for f in document["customer_paths"]["flow"]}
    assert flow[("Support call", "Review")] == 40

    svg = signed_in.get(f"/journeys/{journey.slug}/map.svg").text
    assert "After this touchpoint" in svg and "Customers whose Support call comments" in svg


def test_a_map_without_customer_journeys_draws_no_customer_lane(
    signed_in: FlaskClient, session: Session
) -> None:
    journey, support, advocacy = _journey_with_advocacy(session)
    _seed_customers(session, support, advocacy, count=4)
    journeys.rollup_journey(session, journey)
    session.commit()
    assert "Customers across touchpoints" not in signed_in.get(f"/journeys/{journey.slug}/map").text
    assert "After this touchpoint" not in signed_in.get(f"/journeys/{journey.slug}/map.svg").text
    document = signed_in.get(f"/journeys/{journey.slug}/map.json").get_json()
    assert document["customer_paths"] is None


def test_the_demo_follows_its_customers_to_advocacy(session: Session) -> None:
    journey = seed_demo(session)
    assert journey is not None and journey.customer_field == "customer_id"
    journeys.rollup_journey(session, journey)
    session.commit()

    paths = _paths(session, journey)
    support = next(t for t in journey.touchpoints if t.name == "Support call")
    advocacy = surveys.stage_named(journey, "Advocacy")
    effect = next(
        e
        for e in paths.effects
        if (e.from_touchpoint_id, e.to_stage_id, e.kpi) == (support.id, advocacy.id, "nps")
    )
    difference, half_width, n_negative, n_other = _independent_effect(session, journey)
    assert (effect.negative_n, effect.other_n) == (n_negative, n_other)
    assert effect.difference == pytest.approx(difference, abs=1e-3)
    assert (effect.low, effect.high) == pytest.approx(
        (difference - half_width, difference + half_width), abs=1e-3
    )
    # A bad support call shows in advocacy NPS, and the evidence holds.
    assert effect.found and effect.high < 0
    assert paths.returning > paths.customers // 2
