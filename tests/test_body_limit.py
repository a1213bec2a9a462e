"""The request size limit holds for bodies sent without a length (``Transfer-Encoding: chunked``)
exactly as for bodies with a Content-Length: 413, and nothing stored — through the test client
and through gunicorn, which decides how chunked input reaches the app."""

from __future__ import annotations

import http.cookiejar
import io
import json
import os
import re
import select
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select as sql_select
from sqlalchemy.orm import Session

from app.extensions import db
from surveys.models import Response, Survey
from tests.conftest import csrf_token, make_app, make_survey
from tests.waiting import Output, wait_for

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
API_LIMIT = 64 * 1024  # API_MAX_BODY_BYTES's default
PAGE_LIMIT = MB  # MAX_CONTENT_LENGTH's


def _stored(session: Session) -> int:
    session.expire_all()
    return int(session.scalar(sql_select(func.count()).select_from(Response)) or 0)


def _padded_json(size: int) -> bytes:
    """A valid answer followed by whitespace up to ``size`` bytes: still valid JSON if cut short."""
    answer = json.dumps({"answers": {"q1": 3, "q2": "Fine."}}).encode()
    return answer + b" " * (size - len(answer))


def _padded_form(page: str, size: int) -> bytes:
    """A valid hosted-page form whose last, unknown field pads it to ``size`` bytes."""
    key = re.search(r'name="response_key" value="([^"]+)"', page)
    assert key, page
    fields = {"csrf_token": csrf_token(page), "response_key": key.group(1), "q1": "4"}
    form = urllib.parse.urlencode(fields).encode() + b"&pad="
    return form + b"x" * (size - len(form))


@pytest.fixture
def survey(session: Session) -> Survey:
    made = make_survey(session)
    session.commit()
    return made


def _chunked(client: FlaskClient, path: str, body: bytes, content_type: str) -> Any:
    """POST ``body`` without a Content-Length, as a WSGI server that handles chunked input hands
    it over (``wsgi.input_terminated``, which gunicorn sets)."""
    return client.post(
        path,
        input_stream=io.BytesIO(body),
        headers={"Transfer-Encoding": "chunked", "Content-Type": content_type},
        environ_overrides={"wsgi.input_terminated": True},
    )


def test_a_chunked_api_body_past_the_limit_is_413_like_one_with_a_length(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    path = f"/api/v1/surveys/{survey.public_id}/responses"
    with_length = client.post(path, data=_padded_json(MB), content_type="application/json")
    assert with_length.status_code == 413
    for body in (_padded_json(MB), _padded_json(API_LIMIT + 1)):
        reply = _chunked(client, path, body, "application/json")
        assert reply.status_code == 413, len(body)
        assert reply.get_json()["error"]["code"] == "payload_too_large"
    assert _stored(session) == 0
    # Up to the limit, chunked or not, the body is read whole.
    assert _chunked(client, path, _padded_json(API_LIMIT), "application/json").status_code == 201
    assert _stored(session) == 1


def test_a_chunked_form_past_the_limit_is_413(
    client: FlaskClient, session: Session, survey: Survey
) -> None:
    path = f"/s/{survey.public_id}"
    page = client.get(path).text
    reply = _chunked(client, path, _padded_form(page, 2 * MB), "application/x-www-form-urlencoded")
    assert reply.status_code == 413
    assert _stored(session) == 0
    small = _chunked(client, path, _padded_form(page, 1000), "application/x-www-form-urlencoded")
    assert small.status_code == 302 and _stored(session) == 1


# --- through gunicorn --------------------------------------------------------------------------


@dataclass
class Gunicorn:
    """A gunicorn serving the app on a loopback port."""

    port: int
    proc: subprocess.Popen[str]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(server: Gunicorn) -> bool:
    try:
        with urllib.request.urlopen(server.url("/healthz"), timeout=2) as reply:
            return reply.status == 200
    except OSError:
        return False


@pytest.fixture
def gunicorn(sqlite_url: str) -> Iterator[Gunicorn]:
    """One sync gunicorn worker on this test's SQLite file; stopped at the end."""
    port = _free_port()
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"),
            *("--workers", "1", "--log-level", "warning", "app:create_app()"),
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": sqlite_url, "SECRET_KEY": "test"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = Output(proc)
    server = Gunicorn(port, proc)
    try:
        wait_for(lambda: _healthy(server), 60, lambda: f"gunicorn to answer:\n{output.text}")
        yield server
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _send_chunked(
    server: Gunicorn, path: str, body: bytes, content_type: str, cookie: str = ""
) -> int:
    """POST ``body`` in 16 KB chunks over a raw socket, as a streaming client does; stop sending
    as soon as the server answers (it may answer 413 before the body ends). The status."""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        f"Content-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n"
        + (f"Cookie: {cookie}\r\n" if cookie else "")
        + "Connection: close\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(head.encode())
        try:
            for start in range(0, len(body), 16 * 1024):
                if select.select([sock], [], [], 0)[0]:
                    break  # the answer came before the whole body: read it
                chunk = body[start : start + 16 * 1024]
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            else:
                sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed: its answer is still to be read
        reply = b""
        try:
            while b"\r\n" not in reply and (part := sock.recv(4096)):
                reply += part
        except ConnectionResetError:
            pass
    status = re.match(rb"HTTP/1\.[01] (\d{3}) ", reply)
    assert status, reply[:200]
    return int(status.group(1))


@pytest.mark.slow
def test_gunicorn_refuses_chunked_bodies_past_the_limit(
    gunicorn: Gunicorn, sqlite_url: str
) -> None:
    app = make_app(sqlite_url)
    with app.app_context():
        survey = make_survey(db.session)
        db.session.commit()
        public_id = survey.public_id
        api = f"/api/v1/surveys/{public_id}/responses"
        assert _send_chunked(gunicorn, api, _padded_json(MB), "application/json") == 413
        assert _send_chunked(gunicorn, api, _padded_json(API_LIMIT + 1), "application/json") == 413
        assert _stored(db.session) == 0
        assert _send_chunked(gunicorn, api, _padded_json(4096), "application/json") == 201

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(gunicorn.url(f"/s/{public_id}"), timeout=10) as reply:
            page = reply.read().decode()
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        form = "application/x-www-form-urlencoded"
        status = _send_chunked(
            gunicorn, f"/s/{public_id}", _padded_form(page, 2 * MB), form, cookie
        )
        assert status == 413
        assert _stored(db.session) == 1  # the small API answer only
        db.session.remove()
        db.engine.dispose()
