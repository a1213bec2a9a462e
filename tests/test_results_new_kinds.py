"""A question kind the registry gains later shows on the results pages with no change to them: its
own summary hook's figures on the summary (tallies and a live count alike), its answers in the
exports and on the response page; typed text other than the scored comment is counted, never
kept in the tallies."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

import surveys.kinds
from surveys import results
from surveys.kinds import Operand
from surveys.models import AnswerTally, Question, Survey, User
from surveys.results import tallies
from surveys.results.summary import QuestionSummary, summarise_counts
from tests.conftest import login
from tests.test_results_inbox import answer, make_rich_survey

ADDRESSES = ("ana@example.com", "bo@example.org", "cy@example.net")


@dataclass(frozen=True, slots=True)
class AgreedSummary:
    """A summary shape the results pages have never seen."""

    answered: int
    agreed: int
    share_agreed: float | None
    by_answer: dict[str, int]


class AgreedKind:
    """A yes/no kind added to the registry after the results pages were written (it reads a
    single choice's stored option: "Phone" is yes)."""

    name = "agreed_test"
    label = "Agreed"
    operand = Operand.CHOICE

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """True or false, from the stored option."""
        return None if text is None else text == "Phone"

    def summarise(self, question: Question, values: Iterable[object]) -> AgreedSummary:
        """How many agreed, and how many gave each answer."""
        answers = [v for v in values if isinstance(v, bool)]
        agreed = sum(answers)
        return AgreedSummary(
            len(answers),
            agreed,
            agreed / len(answers) if answers else None,
            {"yes": agreed, "no": len(answers) - agreed},
        )


@dataclass(frozen=True, slots=True)
class GivenSummary:
    """Typed answers counted, not listed."""

    answered: int


class AddressKind:
    """An email-like kind: typed text that is personal data."""

    name = "address_test"
    label = "Address"
    operand = Operand.TEXT

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """The address as typed."""
        return text

    def summarise(self, question: Question, values: Iterable[object]) -> GivenSummary:
        """How many gave one."""
        return GivenSummary(sum(1 for v in values if isinstance(v, str) and v))


@pytest.fixture
def new_kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The two kinds registered, as surveys.kinds will register the kinds it gains."""
    monkeypatch.setitem(surveys.kinds.KINDS, AgreedKind.name, AgreedKind())  # type: ignore[arg-type]
    monkeypatch.setitem(surveys.kinds.KINDS, AddressKind.name, AddressKind())  # type: ignore[arg-type]


def _seed(session: Session) -> Survey:
    """Nine responses; q2 read as the agreed kind (six say Phone), q4 as the address kind."""
    survey = make_rich_survey(session)
    for n in range(9):
        answer(
            session,
            survey,
            n,
            nps=n,
            choice="Phone" if n % 3 else "Chat",
            text=ADDRESSES[n % 3] if n < 7 else None,
        )
    # The stored questions become the new kinds, as a version written with them would be.
    for key, kind in (("q2", AgreedKind.name), ("q4", AddressKind.name)):
        session.execute(
            update(Question)
            .where(Question.version_id == survey.versions[-1].id, Question.key == key)
            .values(kind=kind)
        )
    session.flush()
    session.expire_all()
    return survey


def _block(summary: results.SurveySummary, key: str) -> QuestionSummary:
    return next(b for b in summary.blocks if b.group.key == key)


@pytest.mark.usefixtures("new_kinds")
def test_a_new_kinds_own_summary_shows_from_tallies_and_live_alike(session: Session) -> None:
    survey = _seed(session)
    groups = results.question_groups(survey)
    filters = results.parse_filters(survey, MultiDict(), groups)
    kept = results.summarise(session, survey, filters, groups)

    agreed = _block(kept, "q2")
    assert agreed.answered == 9
    assert ("Agreed", "6") in agreed.figures
    assert ("Share agreed", "0.67") in agreed.figures
    assert [(b.label, b.count) for b in agreed.bars] == [("yes", 6), ("no", 3)]
    addresses = _block(kept, "q4")
    assert addresses.answered == 7
    assert addresses.headline == "7 answers"

    # The tallies count the typed addresses without keeping them.
    q4_ids = [i for g in groups if g.key == "q4" for i in g.ids]
    kept_texts = set(
        session.scalars(select(AnswerTally.option).where(AnswerTally.question_id.in_(q4_ids)))
    )
    assert kept_texts == {tallies.GIVEN}

    live = summarise_counts(groups, tallies._live(session, survey, filters, groups))
    assert [(b.headline, b.figures, b.bars) for b in kept.blocks] == [
        (b.headline, b.figures, b.bars) for b in live.blocks
    ]
    # Under an answer condition (counted live) the hook sees only the matching responses.
    detractors = results.parse_filters(survey, MultiDict({"answer": "q1:le:6"}), groups)
    assert ("Agreed", "4") in _block(
        results.summarise(session, survey, detractors, groups), "q2"
    ).figures


@pytest.mark.usefixtures("new_kinds")
def test_a_new_kind_shows_on_the_summary_page_exports_and_response_page(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    survey = _seed(session)
    session.commit()
    login(client, researcher)
    base = f"/journeys/{survey.journey.slug}/surveys/{survey.id}"

    page = client.get(f"{base}/summary")
    assert page.status_code == 200
    assert "Share agreed" in page.text
    assert "yes: 6 (67%)" in page.text  # the bars' chart, described for screen readers

    exported = client.get(f"{base}/responses.csv")
    rows = list(csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert len(rows) == 9
    assert sorted(r["q2"] for r in rows) == ["False"] * 3 + ["True"] * 6
    assert {r["q4"] for r in rows} == {*ADDRESSES, ""}

    row = next(r for r in rows if r["q4"])
    shown = client.get(f"{base}/responses/{row['response_id']}")
    assert shown.status_code == 200
    assert row["q4"] in shown.text
