"""Multi-page surveys: the pages walked one at a time without JavaScript, answers kept per page in
one partial response, resumable from a link; conditions (questions, pages, "end the survey
here") applied alike on the page, in the widget and through the API."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

import surveys
from surveys import pages
from surveys.models import Response, Survey
from surveys.pages import PageSpec
from tests.conftest import csrf_token, make_journey

Q = surveys.QuestionSpec

THREE_PAGES = [
    PageSpec("service", "How we served you"),
    PageSpec("priorities", "What matters", show_if="{visit} = 'Yes'"),
    PageSpec("about", "About you", end_if=None),
]
QUESTIONS = [
    Q("single_choice", "Did you visit a shop?", required=True, key="visit",
      settings={"page": "service", "options": ["Yes", "No"]}),
    Q("matrix", "How was it?", key="grid", settings={
        "page": "service", "rows": ["Staff", {"value": "wait", "text": "Waiting time"}],
        "columns": [{"value": 1, "text": "Poor"}, {"value": 2, "text": "Fine"},
                    {"value": 3, "text": "Great"}]}),
    Q("ranking", "Rank what matters", key="rank",
      settings={"page": "priorities", "options": ["Price", "Speed", "Friendliness"]}),
    Q("single_choice", "How did you pay?", key="pay", settings={
        "page": "priorities", "options": ["Card", "Cash"], "other": True}),
    Q("free_text", "What slowed you down?", key="slow", settings={
        "page": "about", "size": "short",
        "show_if": "{grid.wait} <= 1 and ({pay} = 'other' or {rank} notempty)"}),
    Q("yes_no", "May we contact you?", key="contact", settings={"page": "about"}),
]  # fmt: skip


def _survey(session: Session, page_specs: list[PageSpec] | None = None, **kw: Any) -> Survey:
    journey = make_journey(session)
    survey = surveys.create_survey(
        session, journey, title="Shop visit", stage=journey.stages[0],
        touchpoint=journey.touchpoints[0], questions=kw.get("questions", QUESTIONS),
        pages=THREE_PAGES if page_specs is None else page_specs,
    )  # fmt: skip
    surveys.publish(session, survey)
    session.commit()
    return survey


def _fields(html: str) -> dict[str, str]:
    """The hidden inputs of the answer form (token, response key, page)."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def _post(client: FlaskClient, survey: Survey, page: str, **answers: Any) -> Any:
    return client.post(f"/s/{survey.public_id}", data={**_fields(page), **answers})


def test_route_skips_a_page_whose_condition_fails_and_stops_after_an_end(
    session: Session,
) -> None:
    survey = _survey(session)
    version = survey.live_version
    assert pages.route(version, {"visit": "No"}).pages == (0, 2)
    assert "rank" not in pages.visible_questions(version, {"visit": "No"})
    slow = {"visit": "Yes", "grid": {"wait": 1}, "pay": "other"}
    assert "slow" in pages.visible_questions(version, slow)
    assert "slow" not in pages.visible_questions(version, {**slow, "grid": {"wait": 3}})
    ended = _survey(session, [PageSpec("service", end_if="{visit} = 'No'"), *THREE_PAGES[1:]])
    route = pages.route(ended.live_version, {"visit": "No"})
    assert (route.pages, route.ended_after) == ((0,), 0)


def test_three_pages_answered_without_javascript_make_one_response(
    client: FlaskClient, session: Session
) -> None:
    survey = _survey(session)
    first = client.get(f"/s/{survey.public_id}")
    # The priorities page waits on "Did you visit?": until then two pages are known.
    assert "Page 1 of 2" in first.text and "How we served you" in first.text
    assert "What slowed you down?" not in first.text and "Back</button>" not in first.text
    to_second = _post(client, survey, first.text, visit="Yes", **{"grid.0": "2", "grid.1": "1"})
    assert to_second.status_code == 303
    second = client.get(to_second.headers["Location"])
    assert "Page 2 of 3" in second.text and "Rank what matters" in second.text
    assert "Want to finish later?" in second.text
    # Back keeps what page 1 said; Next again comes back to page 2.
    back = _post(client, survey, second.text, jm_nav="back")
    page_one = client.get(back.headers["Location"])
    assert 'checked id="visit-0"' in page_one.text
    assert 'id="grid-1-0" name="grid.1" value="1" checked' in page_one.text
    again = client.get(_post(client, survey, page_one.text, visit="Yes",
                             **{"grid.0": "2", "grid.1": "1"}).headers["Location"])  # fmt: skip
    assert "Page 2 of 3" in again.text
    # Two items share a place: refused, saying so, nothing lost.
    shared = _post(client, survey, again.text, rank=["1", "1", "2"], pay="Card")
    assert shared.status_code == 422 and "give each item its own place" in shared.text
    missing = _post(client, survey, again.text, rank=["2", "1", "3"], pay="other")
    assert missing.status_code == 422 and "say what “Other” is" in missing.text
    third = client.get(_post(client, survey, again.text, rank=["2", "1", "3"], pay="other",
                             **{"pay-Comment": "Voucher"}).headers["Location"])  # fmt: skip
    assert "Page 3 of 3" in third.text and "What slowed you down?" in third.text
    done = _post(client, survey, third.text, slow="The queue", contact="true")
    assert done.status_code == 302 and done.headers["Location"].endswith("/thanks")
    stored = session.scalars(select(Response)).one()
    assert stored.status == "complete"
    assert surveys.StoredResponse.of(stored).answers == {
        "visit": "Yes", "grid": {"Staff": 2, "wait": 1},
        "rank": ["Speed", "Price", "Friendliness"], "pay": "other", "pay-Comment": "Voucher",
        "slow": "The queue", "contact": True,
    }  # fmt: skip


def test_leaving_after_page_one_and_resuming_from_the_link_completes_the_same_response(
    app: Any, session: Session
) -> None:
    survey = _survey(session)
    browser = app.test_client()
    first = browser.get(f"/s/{survey.public_id}")
    to_second = _post(browser, survey, first.text, visit="No")
    link = to_second.headers["Location"]
    assert "/resume/" in link
    # Another browser (no cookie, no session) opens the link later: page 3, as "No" skips 2.
    later = app.test_client()
    resumed = later.get(link.split("?")[0])
    assert "About you" in resumed.text and "Page 2 of 2" in resumed.text
    done = _post(later, survey, resumed.text, contact="false")
    assert done.status_code == 302
    stored = session.scalars(select(Response)).one()
    assert (stored.status, surveys.StoredResponse.of(stored).answers) == (
        "complete",
        {"visit": "No", "contact": False},
    )
    # The finished response's link now thanks instead of reopening it.
    assert later.get(link).status_code == 302


def test_a_resume_link_that_was_tampered_with_or_expired_is_refused(
    app: Any, client: FlaskClient, session: Session
) -> None:
    survey = _survey(session)
    first = client.get(f"/s/{survey.public_id}")
    link = _post(client, survey, first.text, visit="No").headers["Location"].split("?")[0]
    assert client.get(link[:-3] + "abc").status_code == 404
    app.config["RESUME_LINK_DAYS"] = -1  # every link is older than that
    assert client.get(link).status_code == 404


@pytest.mark.parametrize("surface", ["page", "api"])
def test_conditions_and_pages_keep_the_same_answers_on_the_page_and_through_the_api(
    client: FlaskClient, session: Session, surface: str
) -> None:
    survey = _survey(session)
    answers = {"visit": "No", "rank": ["Price", "Speed", "Friendliness"], "contact": True,
               "slow": "not asked: the priorities page is skipped"}  # fmt: skip
    if surface == "api":
        reply = client.post(
            f"/api/v1/surveys/{survey.public_id}/responses", json={"answers": answers}
        )
        assert reply.status_code == 201, reply.text
    else:
        page = client.get(f"/s/{survey.public_id}").text
        page = client.get(_post(client, survey, page, visit="No").headers["Location"]).text
        assert _post(client, survey, page, contact="true").status_code == 302
    stored = session.scalars(select(Response)).one()
    assert surveys.StoredResponse.of(stored).answers == {"visit": "No", "contact": True}


def test_the_widget_shows_one_page_at_a_time_and_keeps_its_host(
    client: FlaskClient, session: Session
) -> None:
    survey = _survey(session)
    survey.allowed_origins = ["https://shop.example"]
    session.commit()
    frame = client.get(f"/embed/s/{survey.public_id}?host=https://shop.example&mode=inline")
    assert "Page 1 of 2" in frame.text and "Rank what matters" not in frame.text
    fields = _fields(frame.text)
    nxt = client.post(f"/embed/s/{survey.public_id}", data={**fields, "visit": "Yes"})
    assert nxt.status_code == 303 and "/embed/s/" in nxt.headers["Location"]
    assert "host=https" in nxt.headers["Location"]
    second = client.get(nxt.headers["Location"])
    assert "Rank what matters" in second.text and 'data-host="https://shop.example"' in second.text


def test_designer_saves_pages_and_refuses_a_page_condition_on_a_later_answer(
    session: Session,
) -> None:
    with pytest.raises(surveys.InvalidDesign) as refused:
        _survey(session, [PageSpec("service", show_if="{contact} = true"), *THREE_PAGES[1:]])
    assert refused.value.fields == {
        "pages-0-show_if": "{contact} is not asked before this; a condition reads earlier answers"
    }
    survey = _survey(session)
    assert survey.versions[0].pages == [p.stored() for p in THREE_PAGES]
    assert csrf_token  # the hosted tests above post real tokens
