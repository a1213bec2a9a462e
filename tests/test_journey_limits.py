"""Journey-model text that does not fit its column is a named error, never cut short silently."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

import surveys
from surveys import journey_structure
from tests.conftest import make_journey


def test_an_owner_team_that_does_not_fit_is_refused(session: Session) -> None:
    stage = make_journey(session).stages[0]
    with pytest.raises(surveys.InvalidDesign) as refused:
        journey_structure.update_stage(
            session, stage, name=stage.name, goals="", actions="", owner_team="T" * 121
        )
    assert refused.value.fields == {"owner_team": "at most 120 characters"}
    journey_structure.update_stage(
        session, stage, name=stage.name, goals="", actions="", owner_team="T" * 120
    )
    assert stage.owner_team == "T" * 120


@pytest.mark.parametrize("line", ["k" * 61 + ": value", "age: " + "v" * 201])
def test_a_persona_attribute_that_does_not_fit_is_refused(line: str) -> None:
    with pytest.raises(surveys.InvalidDesign) as refused:
        journey_structure.parse_attributes(f"role: buyer\n{line}")
    assert set(refused.value.fields) == {"attributes"}
    assert "at most" in refused.value.fields["attributes"]


def test_attributes_that_fit_are_kept_whole() -> None:
    assert journey_structure.parse_attributes("age: 30–45\n\n region : " + "x" * 200) == {
        "age": "30–45",
        "region": "x" * 200,
    }
