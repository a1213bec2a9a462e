"""File-upload questions end to end: the hosted page without JavaScript (a multipart form), the
API in SurveyJS's own data shape, what is refused (size, type, disguised content, count) with the
field named, and the download a signed-in member gets — never shown inline, never to others."""

from __future__ import annotations

import base64
import csv
import io
import json
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

import surveys
from surveys import surveyjs
from surveys.kinds.uploads import MAX_FILE_BYTES
from surveys.models import Answer, Response, Survey
from tests.conftest import (
    csrf_token,
    login,
    make_journey,
    make_organisation,
    make_survey,
    make_user,
)
from tests.test_surveyjs import _exported, _imported, _saved_unchanged

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def data_url(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def _published(session: Session, **settings: object) -> Survey:
    journey = make_journey(session)
    survey = surveys.create_survey(
        session, journey, title="Receipts", stage=journey.stages[0],
        touchpoint=journey.touchpoints[0],
        questions=[
            surveys.QuestionSpec("file_upload", "Your receipt", required=True, settings=settings),
            surveys.QuestionSpec("free_text", "Anything else?"),
        ],
    )  # fmt: skip
    surveys.publish(session, survey)
    session.commit()
    return survey


def _stored_files(session: Session) -> list[dict[str, str]]:
    answer = session.scalars(select(Answer).where(Answer.value_number.is_not(None))).one()
    return json.loads(answer.value_text or "")  # type: ignore[no-any-return]


def _post_page(client: FlaskClient, survey: Survey, files: list[tuple[bytes, str, str]]) -> str:
    """Post the hosted page as a browser without JavaScript does: multipart, the files as parts;
    returns the reply's location or body."""
    page = client.get(f"/s/{survey.public_id}").text
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page
    key = page.split('name="response_key" value="')[1].split('"')[0]
    data = {
        "csrf_token": csrf_token(page),
        "response_key": key,
        "q1": [(io.BytesIO(body), name, mime) for body, name, mime in files],
        "q2": "Thanks",
    }
    reply = client.post(f"/s/{survey.public_id}", data=data, content_type="multipart/form-data")
    return f"{reply.status_code} {reply.location or reply.text}"


def test_the_hosted_page_takes_files_without_javascript(
    client: FlaskClient, session: Session
) -> None:
    survey = _published(session, multiple=True)

    sent = _post_page(
        client,
        survey,
        [(PNG, "../../etc/rec<ei>pt.png", "image/png"), (PDF, "a.pdf", "application/pdf")],
    )

    assert sent.startswith("302"), sent
    files = _stored_files(session)
    # SurveyJS's own shape, the path and the characters a header or HTML would read removed.
    assert [(f["name"], f["type"]) for f in files] == [
        ("receipt.png", "image/png"),
        ("a.pdf", "application/pdf"),
    ]
    assert base64.b64decode(files[0]["content"].split(",", 1)[1]) == PNG


def test_the_page_refuses_a_disguised_or_oversized_file_naming_the_question(
    client: FlaskClient, session: Session
) -> None:
    survey = _published(session, max_size=100 * 1024)

    html_as_png = _post_page(client, survey, [(b"<script>alert(1)</script>", "x.png", "image/png")])
    too_big = _post_page(client, survey, [(PNG + bytes(100 * 1024), "big.png", "image/png")])
    html = _post_page(client, survey, [(b"<html></html>", "x.html", "text/html")])

    assert html_as_png.startswith("422") and "is not a image/png file" in html_as_png
    assert too_big.startswith("422") and "must be at most 100 KB" in too_big
    assert html.startswith("422") and "type text/html is not taken" in html
    assert 'href="#q1"' in html  # the error summary links to the file question
    assert session.scalars(select(Response)).all() == []


def test_the_api_takes_surveyjs_data_and_refuses_bad_files_by_field(
    client: FlaskClient, session: Session
) -> None:
    survey = _published(session, multiple=True, accepted=["image/*"])
    url = f"/api/v1/surveys/{survey.public_id}/responses"
    png = {"name": "shot.png", "type": "image/png", "content": data_url("image/png", PNG)}

    refused = {
        "not base64": [{**png, "content": "data:image/png;base64,@@@"}],
        "a PDF where images are asked": [
            {
                "name": "a.pdf",
                "type": "application/pdf",
                "content": data_url("application/pdf", PDF),
            }
        ],
        "a type that is not what the content says": [{**png, "type": "image/gif"}],
        "six files": [png] * 6,
        "over 1 MB": [{**png, "content": data_url("image/png", PNG + bytes(MAX_FILE_BYTES))}],
    }
    problems = {}
    for why, files in refused.items():
        reply = client.post(url, json={"answers": {"q1": files}})
        assert reply.status_code == 422, why
        problems[why] = reply.get_json()["error"]["fields"]
    accepted = client.post(url, json={"answers": {"q1": [png, png], "q2": "ok"}})

    assert problems == {
        "not base64": {"q1": "file 1 is not valid base64"},
        "a PDF where images are asked": {"q1": "file 1 must be one of image/*"},
        "a type that is not what the content says": {
            "q1": "file 1 says type image/gif but its content is image/png"
        },
        "six files": {"q1": "takes at most 5 files"},
        "over 1 MB": {"q1": "file 1 must be at most 1 MB"},
    }
    assert accepted.status_code == 201, accepted.text
    assert [f["name"] for f in _stored_files(session)] == ["shot.png", "shot.png"]
    # The API gives the answer back in the shape it came in.
    shown = client.get(accepted.location).get_json()["response"]["answers"]["q1"]
    assert shown[0] == png


def test_a_file_is_downloaded_only_by_members_and_never_shown_inline(
    client: FlaskClient, session: Session
) -> None:
    survey = _published(session)
    tricky = 'R&D "inv\r\noice" <b>é.pdf'
    stored = surveys.submit_response(
        session,
        survey.versions[-1],
        {"q1": [{"name": tricky, "type": "application/pdf",
                 "content": data_url("application/pdf", PDF)}]},
    )  # fmt: skip
    member = make_user(session, "viewer", survey.journey.organisation)
    outsider = make_user(session, "admin", make_organisation(session))
    session.commit()
    base = f"/journeys/{survey.journey.slug}/surveys/{survey.id}/responses/{stored.public_id}"

    anonymous = client.get(f"{base}/files/q1/1")
    stranger = client.application.test_client()
    login(stranger, outsider)
    other_org = stranger.get(f"{base}/files/q1/1")
    login(client, member)
    page = client.get(base).text
    download = client.get(f"{base}/files/q1/1")
    missing = client.get(f"{base}/files/q1/2")

    assert anonymous.status_code in (302, 401) and other_org.status_code == 404
    assert f'href="{base}/files/q1/1"' in page
    # Quotes, line breaks and angle brackets are taken out of the name; the rest is escaped.
    assert "R&amp;D invoice bé.pdf" in page and "<b>" not in page
    assert "base64" not in page  # the content is never put in the page
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "\r" not in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Security-Policy"].startswith("sandbox;")
    assert missing.status_code == 404


def test_exports_write_file_names_and_the_summary_counts_files(
    client: FlaskClient, session: Session
) -> None:
    survey = _published(session, multiple=True)
    png = {"name": "a.png", "type": "image/png", "content": data_url("image/png", PNG)}
    pdf = {"name": "b.pdf", "type": "application/pdf", "content": data_url("application/pdf", PDF)}
    surveys.submit_response(session, survey.versions[-1], {"q1": [png, pdf]})
    surveys.submit_response(session, survey.versions[-1], {"q1": [png]})
    researcher = make_user(session, "researcher", survey.journey.organisation)
    login(client, researcher)
    base = f"/journeys/{survey.journey.slug}/surveys/{survey.id}"

    exported = client.get(f"{base}/responses.csv").data.decode("utf-8-sig")
    summary = client.get(f"{base}/summary").text

    rows = list(csv.DictReader(io.StringIO(exported)))
    assert sorted(row["q1"] for row in rows) == ["a.png", "a.png; b.pdf"]
    assert "base64" not in exported
    block = summary[summary.index('id="question-q1"') :]
    block = block[: block.index("</section>")]
    assert "<strong>2 answers</strong>" in block and "<dt>Files</dt><dd>3</dd>" in block
    # Answers holding each type (the tallies keep the types, never the names or content).
    assert "<td>image/png</td><td>2</td>" in block and "<td>application/pdf</td><td>1</td>" in block
    assert "a.png" not in block


def test_a_survey_asking_for_files_takes_a_larger_body_than_the_api_limit(
    client: FlaskClient, session: Session
) -> None:
    files = _published(session)
    plain = make_survey(session)
    session.commit()
    plain_url = f"/api/v1/surveys/{plain.public_id}/responses"
    photo = PNG + bytes(300 * 1024)  # 400 KB as base64: past the API's 64 KB
    body = {"answers": {"q1": [{"name": "p.png", "content": data_url("image/png", photo)}]}}

    taken = client.post(f"/api/v1/surveys/{files.public_id}/responses", json=body)
    # Another survey keeps the API's limit: the same body is refused before it is read.
    refused = client.post(plain_url, json={"answers": {"q2": "x" * 400_000}})

    assert taken.status_code == 201, taken.text
    assert refused.status_code == 413


def _signature_survey(session: Session, **settings: object) -> Survey:
    journey = make_journey(session)
    survey = surveys.create_survey(
        session, journey, title="Consent", stage=journey.stages[0],
        touchpoint=journey.touchpoints[0],
        questions=[surveys.QuestionSpec("signature", "Sign here", required=True,
                                        settings=settings)],
    )  # fmt: skip
    surveys.publish(session, survey)
    session.commit()
    return survey


def _post_signature(client: FlaskClient, survey: Survey, sent: object) -> int:
    """The page posted with ``sent`` as the pad's value: a drawn data URL (the hidden field
    the script fills) or a picture (the file input a page without JavaScript shows)."""
    page = client.get(f"/s/{survey.public_id}").text
    assert "<canvas" in page and 'type="file"' in page and "js/signature.js" in page
    key = page.split('name="response_key" value="')[1].split('"')[0]
    data = {"csrf_token": csrf_token(page), "response_key": key, "q1": sent}
    reply = client.post(f"/s/{survey.public_id}", data=data, content_type="multipart/form-data")
    return reply.status_code


def test_a_signature_drawn_or_sent_as_a_picture_is_kept_as_a_data_url(
    client: FlaskClient, session: Session
) -> None:
    drawn_survey = _signature_survey(session)
    picture_survey = _signature_survey(session)

    drawn = _post_signature(client, drawn_survey, data_url("image/png", PNG))
    picture = _post_signature(client, picture_survey, (io.BytesIO(PNG), "me.png", "image/png"))
    nothing = _post_signature(client, drawn_survey, "")

    assert (drawn, picture, nothing) == (302, 302, 422)
    kept = session.scalars(select(Answer.value_text)).all()
    assert kept == [data_url("image/png", PNG)] * 2


def test_the_api_takes_a_signature_as_surveyjs_stores_it_and_refuses_svg(
    client: FlaskClient, session: Session
) -> None:
    survey = _signature_survey(session)
    url = f"/api/v1/surveys/{survey.public_id}/responses"
    svg = data_url("image/svg+xml", b"<svg onload='alert(1)'/>")

    refused = {
        "svg": client.post(url, json={"answers": {"q1": svg}}),
        "html in a png": client.post(
            url, json={"answers": {"q1": data_url("image/png", b"<html>")}}
        ),
        "not a data url": client.post(url, json={"answers": {"q1": "javascript:alert(1)"}}),
    }
    taken = client.post(url, json={"answers": {"q1": data_url("image/png", PNG)}})

    assert {why: r.get_json()["error"]["fields"] for why, r in refused.items()} == {
        "svg": {"q1": "must be a PNG or JPEG image"},
        "html in a png": {"q1": "is not a image/png file (its bytes say otherwise)"},
        "not a data url": {"q1": "must be a data URL (data:<type>;base64,…)"},
    }
    assert taken.status_code == 201
    assert client.get(taken.location).get_json()["response"]["answers"]["q1"] == data_url(
        "image/png", PNG
    )


def test_a_signature_downloads_as_an_attachment(client: FlaskClient, session: Session) -> None:
    survey = _signature_survey(session)
    stored = surveys.submit_response(
        session, survey.versions[-1], {"q1": data_url("image/png", PNG)}
    )
    login(client, make_user(session, "viewer", survey.journey.organisation))
    base = f"/journeys/{survey.journey.slug}/surveys/{survey.id}/responses/{stored.public_id}"

    page = client.get(base).text
    download = client.get(f"{base}/files/q1/1")
    summary = client.get(f"/journeys/{survey.journey.slug}/surveys/{survey.id}/summary").text

    assert ">signature.png</a>" in page and "base64" not in page
    assert "<td>image/png</td><td>1</td>" in summary and "base64" not in summary
    assert download.data == PNG and download.mimetype == "image/png"
    assert download.headers["Content-Disposition"] == "attachment; filename=signature.png"
    assert download.headers["Content-Security-Policy"].startswith("sandbox;")


def test_surveyjs_files_and_signatures_map_both_ways_and_what_needs_a_server_is_refused() -> None:
    document = {"pages": [{"name": "p", "elements": [
        {"type": "file", "name": "photos", "allowMultiple": True, "maxFiles": 3,
         "maxSize": 102400, "acceptedTypes": "image/*,.pdf", "showPreview": True,
         "imageHeight": 120, "waitForUpload": True},
        {"type": "signaturepad", "name": "sign", "penColor": "#123456", "dataFormat": "jpeg"},
    ]}]}  # fmt: skip
    refused = {"pages": [{"name": "p", "elements": [
        {"type": "file", "name": "cv", "storeDataAsText": False},
        {"type": "file", "name": "doc", "acceptedTypes": ".docx,.pdf"},
        {"type": "signaturepad", "name": "sign", "dataFormat": "svg"},
    ]}]}  # fmt: skip

    read = surveyjs.import_survey(document)
    written = surveyjs.export_specs("T", "", list(read.questions), read.pages)
    problems = surveyjs.read_survey(refused).problems

    assert [(q.kind, q.settings) for q in read.questions] == [
        ("file_upload", {"page": "p", "multiple": True, "max_files": 3, "max_size": 102400,
                         "accepted": ["image/*", ".pdf"]}),
        ("signature", {"page": "p", "format": "jpeg"}),
    ]  # fmt: skip
    assert read.dropped == (
        'page "p", question "photos": left out showPreview, imageHeight (display only); '
        "waitForUpload (an upload server's timing (files are stored with the answer here))",
        'page "p", question "sign": left out penColor (display only)',
    )
    assert written["pages"][0]["elements"] == [
        {"type": "file", "name": "photos", "title": "photos", "storeDataAsText": True,
         "allowMultiple": True,
         "maxFiles": 3, "maxSize": 102400, "acceptedTypes": "image/*,.pdf"},
        {"type": "signaturepad", "name": "sign", "title": "sign", "dataFormat": "jpeg",
         "storeDataAsText": True},
    ]  # fmt: skip
    assert problems == (
        'page "p", question "cv": storeDataAsText false keeps the files on an upload server of '
        "its own, which this product does not have",
        'page "p", question "doc": acceptedTypes .docx cannot be taken here (only images, PDF '
        "and plain text)",
        'page "p", question "sign": dataFormat "svg" (SVG) is not taken: PNG or JPEG',
    )


FILES_AND_SIGNATURE: dict[str, Any] = {
    "pages": [{"name": "page1", "elements": [
        {"type": "file", "name": "photos", "title": "Photos", "storeDataAsText": True,
         "allowMultiple": True, "maxFiles": 3, "maxSize": 102400,
         "acceptedTypes": "image/*,.pdf"},
        {"type": "signaturepad", "name": "sign", "title": "Sign here", "dataFormat": "jpeg",
         "storeDataAsText": True},
    ]}],
}  # fmt: skip


def test_files_and_signatures_survive_the_designer_saving_an_import_unchanged(
    client: FlaskClient, session: Session, researcher: object
) -> None:
    edit_url = _imported(client, session, researcher, FILES_AND_SIGNATURE)
    before = _exported(client, edit_url)
    after = _saved_unchanged(client, edit_url)
    assert after == before
    assert after["pages"] == FILES_AND_SIGNATURE["pages"]
