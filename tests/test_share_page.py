"""The share page: public link, QR code, and the allowed origins, checked by the one rule the
command line uses too."""

from __future__ import annotations

import html

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from app.api.origins import InvalidOrigin, checked_origin, edit_origins, is_allowed
from app.embed.builder import EmbedOptions, snippet
from tests.conftest import csrf_token, make_journey, make_survey

OWN = "http://localhost"


def _share_url(survey_id: int, slug: str) -> str:
    return f"/journeys/{slug}/surveys/{survey_id}/share"


@pytest.mark.parametrize(
    ("typed", "origin"),
    [
        ("https://Shop.Example", "https://shop.example"),
        ("https://shop.example/", "https://shop.example"),
        ("https://shop.example:443", "https://shop.example"),  # browsers omit the default port
        ("http://localhost:8080", "http://localhost:8080"),
        ("  http://127.0.0.1:5000 ", "http://127.0.0.1:5000"),
        ("http://[::1]:5000", "http://[::1]:5000"),
        ("https://*.shop.example", "https://*.shop.example"),
    ],
)
def test_an_origin_is_kept_as_scheme_host_and_port(typed: str, origin: str) -> None:
    assert checked_origin(typed) == origin


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Enter an origin"),
        ("*", "every site"),
        ("shop.example", "http:// or https://"),
        ("ftp://shop.example", "http:// or https://"),
        ("javascript:alert(1)", "http:// or https://"),
        ("https://shop.example/checkout", "has a path"),
        ("https://shop.example?x=1", "has a path"),
        ("https://shop.example#top", "has a path"),
        ("https://me:secret@shop.example", "names a user"),
        ("https://shop.example:99999", "ports run 1–65535"),
        ("https://shop.example:0", "ports run 1–65535"),
        ("https://*.example", "not a host name"),  # a whole top-level domain
        ("https://shop*.example", "not a host name"),
        ("https://*.*.shop.example", "not a host name"),
        ("https://shop example", "not a host name"),
        ("https://-shop.example", "not a host name"),
    ],
)
def test_what_is_not_an_origin_is_refused_saying_why(typed: str, says: str) -> None:
    with pytest.raises(InvalidOrigin, match=says):
        checked_origin(typed)


def test_a_subdomain_wildcard_allows_subdomains_on_its_scheme_and_port_only() -> None:
    listed = ["https://*.shop.example"]
    assert is_allowed("https://eu.shop.example", listed, OWN)
    assert is_allowed("https://a.b.shop.example", listed, OWN)
    assert not is_allowed("https://shop.example", listed, OWN)  # the bare domain is not listed
    assert not is_allowed("https://evilshop.example", listed, OWN)
    assert not is_allowed("http://eu.shop.example", listed, OWN)
    assert not is_allowed("https://eu.shop.example:8443", listed, OWN)


def test_editing_origins_adds_once_removes_by_origin_and_refuses_as_a_whole() -> None:
    listed = edit_origins(["https://shop.example"], add=["https://SHOP.example/", "http://a.test"])
    assert listed == ["https://shop.example", "http://a.test"]
    assert edit_origins(listed, remove=["https://shop.example/"]) == ["http://a.test"]
    with pytest.raises(InvalidOrigin):
        edit_origins(listed, add=["https://ok.test", "https://bad.test/path"])
    # An entry stored before these rules (the CLI took '*') can still be removed.
    assert edit_origins(["*", "http://a.test"], remove=["*"]) == ["http://a.test"]


def test_share_page_shows_the_public_link_and_its_qr_code(
    signed_in: FlaskClient, session: Session
) -> None:
    survey = make_survey(session)
    session.commit()
    html = signed_in.get(_share_url(survey.id, survey.journey.slug)).text
    link = f"http://localhost/s/{survey.public_id}"
    assert f'value="{link}"' in html
    assert 'data-copy="#public-link"' in html
    assert "<svg" in html and 'class="segno"' in html and "QR code of the link" in html
    assert "js/share.js" in html


def test_survey_page_links_to_its_share_page(signed_in: FlaskClient, session: Session) -> None:
    survey = make_survey(session)
    session.commit()
    html = signed_in.get(f"/journeys/{survey.journey.slug}/surveys/{survey.id}").text
    assert _share_url(survey.id, survey.journey.slug) in html


def test_allowing_an_origin_on_the_share_page_lets_it_frame_the_widget(
    signed_in: FlaskClient, session: Session
) -> None:
    survey = make_survey(session)
    session.commit()
    url = _share_url(survey.id, survey.journey.slug)
    token = csrf_token(signed_in.get(url).text)
    reply = signed_in.post(
        f"{url}/origins", data={"csrf_token": token, "origin": "https://Shop.example/"}
    )
    assert reply.status_code == 302
    session.refresh(survey)
    assert survey.allowed_origins == ["https://shop.example"]
    assert "Allowed https://shop.example." in signed_in.get(url).text
    frame = signed_in.get(f"/embed/s/{survey.public_id}")
    assert "frame-ancestors 'self' https://shop.example" in frame.headers["Content-Security-Policy"]

    signed_in.post(f"{url}/origins", data={"csrf_token": token, "remove": "https://shop.example"})
    session.refresh(survey)
    assert survey.allowed_origins == []


def test_a_bad_origin_is_refused_with_422_naming_the_field_and_escaped(
    signed_in: FlaskClient, session: Session
) -> None:
    survey = make_survey(session)
    survey.allowed_origins = ["https://shop.example"]
    session.commit()
    url = _share_url(survey.id, survey.journey.slug)
    token = csrf_token(signed_in.get(url).text)
    hostile = "https://shop.example/<script>alert(1)</script>"
    reply = signed_in.post(f"{url}/origins", data={"csrf_token": token, "origin": hostile})
    assert reply.status_code == 422
    assert "Origin: " in reply.text and "has a path" in reply.text
    assert "<script>alert(1)" not in reply.text and "&lt;script&gt;" in reply.text
    session.refresh(survey)
    assert survey.allowed_origins == ["https://shop.example"]  # nothing half-written


def test_the_command_line_refuses_what_the_share_page_refuses(app: Flask, session: Session) -> None:
    survey = make_survey(session, make_journey(session))
    session.commit()
    runner = app.test_cli_runner()
    refused = runner.invoke(
        args=["feedback", "origins", survey.public_id, "--add", "https://shop.example/checkout"]
    )
    assert refused.exit_code != 0 and "has a path" in refused.output
    added = runner.invoke(
        args=["feedback", "origins", survey.public_id, "--add", "https://*.shop.example"]
    )
    assert added.exit_code == 0, added.output
    assert added.output.strip() == "https://*.shop.example"


def test_builder_writes_the_default_snippet_without_options(
    signed_in: FlaskClient, session: Session
) -> None:
    survey = make_survey(session)
    session.commit()
    html = signed_in.get(_share_url(survey.id, survey.journey.slug)).text
    assert (
        f"&lt;script src=&#34;http://localhost/embed.js&#34; data-survey=&#34;{survey.public_id}"
        "&#34; async&gt;&lt;/script&gt;"
    ) in html


def test_builder_writes_popup_delay_sampling_and_hidden_fields(
    signed_in: FlaskClient, session: Session
) -> None:
    survey = make_survey(session)
    session.commit()
    options = {
        "mode": "popup",
        "trigger": "delay",
        "delay": "5",
        "sample": "25",
        "hidden": 'customer_id=42\r\nPlan=gold & "silver"\r\n\r\n',
    }  # no "once": an unticked box is not sent
    reply = signed_in.get(_share_url(survey.id, survey.journey.slug), query_string=options)
    assert reply.status_code == 200
    assert str(
        snippet(
            "http://localhost/",
            survey.public_id,
            EmbedOptions(
                mode="popup",
                trigger="delay",
                delay=5,
                sample=25,
                once=False,
                hidden=(("customer_id", "42"), ("plan", 'gold & "silver"')),
            ),
        )
    ) == (
        f'<script src="http://localhost/embed.js" data-survey="{survey.public_id}" '
        'data-mode="popup" data-trigger="delay" data-delay="5" data-sample="25" '
        'data-once="false" data-customer-id="42" data-plan="gold &amp; &#34;silver&#34;" '
        "async></script>"
    )
    textarea = reply.text.split("data-snippet>")[1].split("</textarea>")[0]
    assert html.unescape(textarea).startswith('<script src="http://localhost/embed.js"')
    assert 'data-plan="gold &amp; &#34;silver&#34;"' in html.unescape(textarea)
    # The preview runs the same snippet at once, every time, in place of the trigger.
    preview = signed_in.get(
        _share_url(survey.id, survey.journey.slug) + "/preview", query_string=options
    )
    assert preview.status_code == 200
    assert 'data-mode="popup"' in preview.text and 'data-once="false"' in preview.text
    assert "data-trigger" not in preview.text and "data-sample" not in preview.text
    assert 'data-customer-id="42"' in preview.text


@pytest.mark.parametrize(
    ("options", "field", "says"),
    [
        ({"trigger": "click"}, "click", "name the element"),
        ({"trigger": "url"}, "url_match", "what the address contains"),
        ({"trigger": "url", "url_match": "re:(unclosed"}, "url_match", "not a regular expression"),
        ({"trigger": "delay", "delay": "99999"}, "delay", "between 0 and 3600"),
        ({"sample": "0"}, "sample", "between 1 and 100"),
        ({"mode": "banner"}, "mode", "Not a valid choice"),
        ({"hidden": "customer id=42"}, "hidden", "line 1: a name is"),
        ({"hidden": "ok=1\nmode=popup"}, "hidden", "line 2: 'mode' is one of the widget"),
        ({"hidden": "just-a-name"}, "hidden", "write name=value"),
    ],
)
def test_builder_refuses_options_that_do_not_fit_naming_the_field(
    signed_in: FlaskClient, session: Session, options: dict[str, str], field: str, says: str
) -> None:
    survey = make_survey(session)
    session.commit()
    reply = signed_in.get(_share_url(survey.id, survey.journey.slug), query_string=options)
    assert reply.status_code == 422
    assert f'id="{field}-error"' in reply.text and says in html.unescape(reply.text)
    assert "data-snippet" not in reply.text


def test_a_public_id_never_starts_like_a_command_line_option() -> None:
    from surveys.models.survey import new_public_id

    # One in 64 token_urlsafe ids starts with "-": 2,000 draws meet several.
    assert not any(new_public_id().startswith("-") for _ in range(2000))
