"""Exports of the filtered responses read back: CSV with BOM, XLSX with a data dictionary, JSON
Lines; formulas defused, accents intact, one row per response, the inbox's count."""

from __future__ import annotations

import csv
import io
import json

from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

import journeys
from surveys.models import Survey, User
from tests.conftest import login, make_user
from tests.test_results_inbox import answer, make_rich_survey


def _seed(session: Session) -> Survey:
    survey = make_rich_survey(session)
    answer(session, survey, 1, nps=2, text='=HYPERLINK("http://evil")', hidden={"customer_id": "7"})
    answer(
        session, survey, 2, nps=3, text="Très déçu, l’agent était impoli 😠", persona="Busy parent"
    )
    answer(session, survey, 3, nps=9, text="Great, thanks!", needs=["Refund", "Repair"])
    answer(session, survey, 4, nps=10, text=None, complete=False, hidden={"customer_id": "8"})
    journeys.score_pending(session)
    return survey


def test_csv_is_utf8_with_bom_one_row_per_filtered_response(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    survey = _seed(session)
    login(client, researcher)
    base = f"/journeys/{survey.journey.slug}/surveys/{survey.id}"
    reply = client.get(f"{base}/responses.csv?answer=q1:le:6")
    assert reply.status_code == 200 and reply.mimetype == "text/csv"
    assert "attachment" in reply.headers["Content-Disposition"]
    body = reply.data
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    inbox = client.get(f"{base}/responses?answer=q1:le:6").text
    assert "<strong>2</strong> responses" in inbox and len(rows) == 2
    by_nps = {r["q1"]: r for r in rows}
    assert by_nps["3"]["q4"] == "Très déçu, l’agent était impoli 😠"
    assert by_nps["3"]["persona"] == "Busy parent"
    assert by_nps["2"]["q4"].startswith("'=HYPERLINK")  # defused: a spreadsheet shows text
    assert by_nps["2"]["hidden_customer_id"] == "7"
    assert by_nps["3"]["q4_label"] == "negative" and float(by_nps["3"]["q4_sentiment"]) < 0
    assert list(rows[0])[:8] == [
        "response_id",
        "created_at",
        "completed_at",
        "status",
        "version",
        "source",
        "channel",
        "persona",
    ]
    dictionary = client.get(f"{base}/responses/dictionary.csv").data.decode("utf-8-sig")
    assert "q1,How likely are you to recommend us? (nps; asked in version 1)" in dictionary
    # The prompts as a second header row, for a spreadsheet reader.
    prompted = client.get(f"{base}/responses.csv?answer=q1:le:6&header=prompts")
    names, meanings, *data = csv.reader(io.StringIO(prompted.data.decode("utf-8-sig")))
    assert (
        meanings[names.index("q1")]
        == "How likely are you to recommend us? (nps; asked in version 1)"
    )
    assert len(data) == 2
    assert client.get(f"{base}/responses.csv?header=both").status_code == 400


def test_xlsx_is_a_workbook_with_a_data_dictionary(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    survey = _seed(session)
    login(client, researcher)
    base = f"/journeys/{survey.journey.slug}/surveys/{survey.id}"
    reply = client.get(f"{base}/responses.xlsx?completion=complete")
    assert reply.status_code == 200
    workbook = load_workbook(io.BytesIO(reply.data), read_only=True)
    assert workbook.sheetnames == ["Responses", "Data dictionary"]
    rows = list(workbook["Responses"].iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert len(data) == 3  # the partial one is filtered out
    q4 = header.index("q4")
    texts = {row[q4] for row in data}
    # Strings stay strings in a workbook: nothing is read as a formula, nothing is altered.
    assert '=HYPERLINK("http://evil")' in texts and "Très déçu, l’agent était impoli 😠" in texts
    assert {row[header.index("q1")] for row in data} == {2, 3, 9}
    q3 = header.index("q3")
    assert "Refund; Repair" in {row[q3] for row in data}
    meanings = dict(list(workbook["Data dictionary"].iter_rows(values_only=True))[1:])
    assert meanings["q2"] == "How did you reach us? (single_choice; asked in version 1)"


def test_json_lines_nest_answers_scores_and_hidden_fields(
    client: FlaskClient, session: Session, researcher: User
) -> None:
    survey = _seed(session)
    login(client, researcher)
    base = f"/journeys/{survey.journey.slug}/surveys/{survey.id}"
    lines = client.get(f"{base}/responses.jsonl").data.decode().splitlines()
    items = [json.loads(line) for line in lines]
    assert len(items) == 4
    newest = items[0]
    assert newest["answers"]["q1"] == 10 and newest["status"] == "partial"
    assert newest["hidden"] == {"customer_id": "8"}
    sad = next(i for i in items if i["answers"]["q1"] == 3)
    assert sad["answers"]["q3"] == ["Refund"] and sad["scores"]["q4"]["label"] == "negative"


def test_viewers_cannot_export(client: FlaskClient, session: Session) -> None:
    survey = _seed(session)
    login(client, make_user(session, "viewer", survey.journey.organisation))
    base = f"/journeys/{survey.journey.slug}/surveys/{survey.id}"
    for path in ("responses.csv", "responses.xlsx", "responses.jsonl"):
        assert client.get(f"{base}/{path}").status_code == 403
    assert "Download these" not in client.get(f"{base}/responses").text
