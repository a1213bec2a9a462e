"""The template library as a researcher uses it: what a template's survey shows customers, and a
journey that has no stages yet."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import surveys
from surveys import library
from surveys.models import Survey, User
from tests.conftest import csrf_token, login, make_journey
from tests.test_designer import _form_fields


def test_a_templates_researcher_description_is_not_shown_to_customers(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    journey = make_journey(session)
    login(client, researcher)
    page = client.get(f"/templates?journey={journey.slug}")
    description = library.template_named("checkout-csat").description
    assert description in page.text  # researchers read it when choosing
    used = client.post(
        f"/journeys/{journey.slug}/templates/checkout-csat",
        data={"csrf_token": csrf_token(page.text)},
    )
    assert used.status_code == 302
    fields = _form_fields(client.get(used.location).text)
    assert fields["intro"].strip() == ""
    published = client.post(used.location, data={**fields, "action": "publish"})
    assert published.status_code == 302
    survey = session.scalars(select(Survey).where(Survey.journey_id == journey.id)).one()
    assert survey.intro == ""
    assert description not in client.get(f"/s/{survey.public_id}").text


def test_a_journey_without_stages_is_asked_for_a_stage_before_using_a_template(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    journey = surveys.create_journey(session, "Bare journey", stages=[])
    login(client, researcher)
    page = client.get(f"/templates?journey={journey.slug}")
    assert page.status_code == 200
    assert "add a stage first" in page.text
    assert f"/journeys/{journey.slug}/templates/" not in page.text  # no button that must fail
    used = client.post(
        f"/journeys/{journey.slug}/templates/checkout-csat",
        data={"csrf_token": csrf_token(page.text)},
    )
    assert used.status_code == 302 and used.location.endswith(f"/journeys/{journey.slug}/model")
    assert "Add a stage to the journey first." in client.get(used.location).text
    assert session.scalar(select(func.count(Survey.id))) == 0


def test_a_template_names_the_missing_stage(session: Session) -> None:
    journey = surveys.create_journey(session, "Bare journey", stages=[])
    with pytest.raises(surveys.InvalidDesign) as refused:
        library.instantiate(session, journey, "checkout-csat")
    assert refused.value.fields == {"stage": "the journey has no stages"}
