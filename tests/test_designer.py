"""A researcher designs questionnaires as a new user would: journey, persona, a survey from a
template with skip logic, published, edited into version 2 — answers stay with their version."""

from __future__ import annotations

import re
from html import unescape

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

import surveys
import surveys.library
from surveys import accounts, journey_structure, lifecycle
from surveys.models import Journey, Response, Survey
from tests.conftest import (
    csrf_token,
    login,
    make_journey,
    make_organisation,
    make_survey,
    make_user,
)


def _form_fields(html: str) -> dict[str, str]:
    """The designer form's current values, as a browser would post them back."""
    fields: dict[str, str] = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        if 'type="checkbox"' not in name:
            fields[name] = unescape(value)
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if name and 'type="checkbox"' in tag:
            if " checked" in tag:
                fields[name.group(1)] = re.search(r'value="([^"]*)"', tag).group(1)  # type: ignore[union-attr]
            else:
                fields.pop(name.group(1), None)
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        fields[name] = unescape(body.removeprefix("\n"))
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(
            r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', body
        )
        first = re.search(r'<option[^>]*value="([^"]*)"', body)
        if chosen:
            fields[name] = unescape(chosen.group(1) or chosen.group(2) or "")
        elif first:
            fields[name] = unescape(first.group(1))
    return fields


def test_researcher_builds_a_survey_from_a_template_publishes_and_makes_version_2(
    client: FlaskClient, session: Session
) -> None:
    organisation = make_organisation(session, "Acme")
    researcher = make_user(session, "researcher", organisation)
    login(client, researcher)
    # A journey: it starts with the five default stages.
    page = client.get("/journeys/new")
    created = client.post(
        "/journeys/new",
        data={"csrf_token": csrf_token(page.text), "name": "Acme web shop", "slug": ""},
    )
    assert created.status_code == 302
    journey = session.scalars(select(Journey).where(Journey.name == "Acme web shop")).one()
    assert journey.organisation_id == organisation.id
    assert [s.name for s in journey.stages][:2] == ["Awareness", "Consideration"]
    model = client.get(created.location).text
    token = csrf_token(model)
    reply = client.post(
        f"/journeys/{journey.slug}/touchpoints",
        data={"csrf_token": token, "name": "Review page", "channel": "web",
              "stage": str(journey.stages[4].id)},
    )  # fmt: skip
    assert reply.status_code == 302
    reply = client.post(
        f"/journeys/{journey.slug}/personas",
        data={"csrf_token": token, "name": "Bargain hunter", "description": "Compares prices",
              "attributes": "age: 25-40\nincome: middle"},
    )  # fmt: skip
    assert reply.status_code == 302
    session.expire_all()
    assert journey.personas[0].attributes == {"age": "25-40", "income": "middle"}

    # A survey from a template with skip logic.
    library = client.get(f"/templates?journey={journey.slug}").text
    assert "Advocacy (NPS with why)" in library
    used = client.post(
        f"/journeys/{journey.slug}/templates/advocacy-nps",
        data={"csrf_token": csrf_token(library)},
    )
    assert used.status_code == 302 and "/edit" in used.location
    survey = session.scalars(select(Survey).where(Survey.journey_id == journey.id)).one()
    assert survey.stage.name == "Advocacy" and survey.touchpoint.name == "Review page"
    designer = client.get(used.location).text
    fields = _form_fields(designer)
    assert fields["questions-1-show_if_question"] == "q1"
    fields["personas"] = str(journey.personas[0].id)
    published = client.post(used.location, data={**fields, "action": "publish"})
    assert published.status_code == 302, published.text
    session.expire_all()
    assert survey.status == "live" and survey.live_version.number == 1
    assert [p.name for p in survey.personas] == ["Bargain hunter"]

    # A customer answers v1; the question hidden by skip logic is not stored.
    v1 = survey.live_version
    answered = surveys.submit_response(
        session, v1, {"q1": 3, "q2": "Too slow", "q3": "would be dropped"}
    )
    session.commit()
    assert {a.question.key for a in answered.answers} == {"q1", "q2"}

    # Edit into version 2: add a question; v1 stays live until v2 is published.
    designer = client.get(used.location).text
    fields = _form_fields(designer)
    added = client.post(used.location, data={**fields, "action": "add:single_choice"})
    fields = _form_fields(added.text)
    fields["questions-3-prompt"] = "Which plan are you on?"
    fields["questions-3-options"] = "Free\nPro"
    saved = client.post(used.location, data={**fields, "action": "save"})
    assert saved.status_code == 302
    session.expire_all()
    assert survey.live_version.number == 1 and survey.versions[-1].number == 2
    client.post(
        f"/journeys/{journey.slug}/surveys/{survey.id}/publish",
        data={"csrf_token": csrf_token(client.get(saved.location).text)},
    )
    session.expire_all()
    assert survey.live_version.number == 2
    assert [q.key for q in survey.live_version.questions] == ["q1", "q2", "q3", "q4"]
    stored = session.get(Response, answered.id)
    assert stored is not None and stored.version.number == 1
    overview = client.get(f"/journeys/{journey.slug}/surveys/{survey.id}").text
    assert re.search(r'id="version-1">.*?class="answers">1<', overview, re.S)
    assert re.search(r'id="version-2">.*?class="answers">0<', overview, re.S)


def test_a_condition_can_only_point_backwards(session: Session) -> None:
    journey = make_journey(session)
    spec = surveys.QuestionSpec
    try:
        surveys.create_survey(
            session, journey, title="T", stage=journey.stages[0],
            touchpoint=journey.touchpoints[0],
            questions=[
                spec("free_text", "Why?", settings={"show_if": {"question": "q2",
                                                                "operator": "answered"}}),
                spec("nps", "Recommend?"),
            ],
        )  # fmt: skip
    except surveys.InvalidDesign as error:
        assert error.fields == {
            "questions-0-show_if": "a condition can only depend on an earlier question"
        }
    else:
        raise AssertionError("a forward condition was accepted")


def test_bad_designer_input_keeps_what_was_typed_and_saves_nothing(
    client: FlaskClient, session: Session, researcher: object
) -> None:
    journey = make_journey(session)
    survey = surveys.library.instantiate(session, journey, "checkout-csat")
    login(client, researcher)  # type: ignore[arg-type]
    url = f"/journeys/{journey.slug}/surveys/{survey.id}/edit"
    fields = _form_fields(client.get(url).text)
    fields["questions-1-options"] = "Twice <b>option</b>\nTwice <b>option</b>"
    fields["title"] = "Renamed"
    reply = client.post(url, data={**fields, "action": "save"})
    assert reply.status_code == 422
    assert "the options must differ" in reply.text
    assert "Twice &lt;b&gt;option&lt;/b&gt;" in reply.text and 'value="Renamed"' in reply.text
    session.expire_all()
    assert survey.title == "Checkout experience (CSAT)" and len(survey.versions) == 1


def test_close_reopen_and_duplicate(session: Session) -> None:
    journey = make_journey(session)
    survey = surveys.library.instantiate(session, journey, "support-ces")
    surveys.publish(session, survey)
    lifecycle.close_survey(session, survey)
    assert survey.status == "closed"
    lifecycle.reopen_survey(session, survey)
    copy = lifecycle.duplicate_survey(session, survey)
    assert survey.status == "live" and copy.status == "draft"
    assert [q.prompt for q in copy.versions[0].questions] == [
        q.prompt for q in survey.versions[0].questions
    ]


def test_every_stage_has_a_template_and_each_instantiates(session: Session) -> None:
    journey = make_journey(session)
    stages = {t.stage for t in surveys.library.TEMPLATES}
    assert stages == {"Awareness", "Consideration", "Purchase", "Retention", "Advocacy"}
    assert len(surveys.library.TEMPLATES) >= 8
    for template in surveys.library.TEMPLATES:
        survey = surveys.library.instantiate(session, journey, template.key)
        assert survey.stage.name == template.stage


def test_another_organisations_researcher_cannot_use_my_journey(
    client: FlaskClient, session: Session
) -> None:
    journey = make_journey(session, organisation=make_organisation(session))
    outsider = make_user(session, "admin", make_organisation(session))
    login(client, outsider)
    page = client.get(f"/templates?journey={journey.slug}").text
    reply = client.post(
        f"/journeys/{journey.slug}/templates/advocacy-nps", data={"csrf_token": csrf_token(page)}
    )
    assert reply.status_code == 404
    assert accounts.members(session, journey.organisation) == []


def test_admin_adds_a_member_and_the_last_admin_cannot_step_down(
    client: FlaskClient, session: Session
) -> None:
    organisation = make_organisation(session)
    admin = make_user(session, "admin", organisation)
    login(client, admin)
    page = client.get("/organisation/members").text
    token = csrf_token(page)
    added = client.post(
        "/organisation/members",
        data={"csrf_token": token, "email": "new@example.com", "role": "researcher",
              "password": "long enough pw"},
    )  # fmt: skip
    assert added.status_code == 302
    roles = {m.user.email: m.role for m in accounts.members(session, organisation)}
    assert roles == {admin.email: "admin", "new@example.com": "researcher"}
    own = admin.memberships[0]
    refused = client.post(
        f"/organisation/members/{own.id}", data={"csrf_token": token, "role": "viewer"}
    )
    assert refused.status_code == 422 and "the last admin must stay" in refused.text


def test_a_survey_is_placed_only_in_its_own_journey_with_a_title_that_fits(
    session: Session,
) -> None:
    """Creating and moving a survey check the same things: a title of at most 200 characters
    (PostgreSQL would refuse a longer one with a server error), and a stage, touchpoint and
    personas of the survey's own journey — each problem named by its field."""
    journey, other = make_journey(session), make_journey(session)
    stranger = surveys.add_persona(session, other, "Stranger")
    stage = surveys.stage_named(journey, "Purchase")
    touchpoint = journey.touchpoints[0]
    spec = [surveys.QuestionSpec("rating", "How satisfied are you?", required=True)]
    try:
        surveys.create_survey(
            session, journey, title="x" * 201, stage=stage, touchpoint=touchpoint,
            questions=spec, personas=[stranger],
        )  # fmt: skip
    except surveys.InvalidDesign as problem:
        assert set(problem.fields) == {"title", "personas"}
        assert "200" in problem.fields["title"]
    else:
        raise AssertionError("a 201-character title and a stranger persona were accepted")
    survey = surveys.create_survey(
        session, journey, title="Fits", stage=stage, touchpoint=touchpoint, questions=spec
    )
    try:
        lifecycle.update_details(
            session, survey, title="y" * 201, intro="",
            stage=surveys.stage_named(other, "Purchase"), touchpoint=touchpoint,
            personas=[stranger],
        )  # fmt: skip
    except surveys.InvalidDesign as problem:
        assert set(problem.fields) == {"title", "stage", "personas"}
    else:
        raise AssertionError("a survey was moved into another journey")
    session.flush()
    assert survey.title == "Fits"


def test_a_stage_or_touchpoint_in_use_cannot_be_deleted(session: Session) -> None:
    """Answers keep where they were given: a place a survey sits at is renamed, not deleted."""
    survey = make_survey(session)
    journey = survey.journey
    for delete, place, field in (
        (journey_structure.delete_stage, survey.stage, "stage"),
        (journey_structure.delete_touchpoint, survey.touchpoint, "touchpoint"),
    ):
        try:
            delete(session, place)  # type: ignore[operator]
        except surveys.InvalidDesign as problem:
            assert problem.fields == {field: "is in use"}
            assert place.name in problem.message
        else:
            raise AssertionError(f"a {field} in use was deleted")
    unused = next(t for t in journey.touchpoints if t.id != survey.touchpoint_id)
    journey_structure.delete_touchpoint(session, unused)
    assert unused not in journey.touchpoints


def test_touchpoint_and_persona_names_are_checked_where_they_are_added(session: Session) -> None:
    """Adding checks a name as editing does (required, unique ignoring case, not too long), so
    every caller — web form, import, demo — gets the same named error."""
    journey = make_journey(session)
    for add, taken in (
        (lambda name: surveys.add_touchpoint(session, journey, name), "checkout PAGE"),
        (lambda name: surveys.add_persona(session, journey, name), None),
    ):
        if taken is None:
            add("Bargain hunter")
            taken = "bargain HUNTER"
        for name, problem in (("  ", "is required"), (taken, "is taken in this journey")):
            try:
                add(name)
            except surveys.InvalidDesign as error:
                assert error.fields == {"name": problem}
            else:
                raise AssertionError(f"{name!r} was accepted")
    try:
        surveys.add_touchpoint(session, journey, "x" * 161)
    except surveys.InvalidDesign as error:
        assert error.fields == {"name": "at most 160 characters"}
    else:
        raise AssertionError("a 161-character touchpoint name was accepted")
