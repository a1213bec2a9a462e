"""Browser fixtures: Debian's Chromium through Playwright, the app on a real server, a host site.

The app is served by Werkzeug on ``127.0.0.1:<port>`` and the host page by a second server
reached as ``localhost:<other port>``: two origins, as on a customer's site. Chromium is never
downloaded; without /usr/bin/chromium the tests skip, except with CI=true, where they fail.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from app.extensions import db
from tests.conftest import IN_CI, make_app

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@dataclass
class LiveApp:
    """The app on a real HTTP server; ``url`` is its origin."""

    app: Flask
    url: str


@dataclass
class HostSite:
    """A third-party site: pages by path, served on another origin than the app."""

    url: str
    pages: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def live_app(database_url: str) -> Iterator[LiveApp]:
    """The app on 127.0.0.1:<free port>, in a thread, on the parametrised database."""
    app = make_app(database_url)
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveApp(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def host_site() -> Iterator[HostSite]:
    """A plain web server reached as localhost:<port>, serving ``pages`` as HTML."""
    site = HostSite(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            page = site.pages.get(self.path.split("?")[0])
            body = (page or "not found").encode()
            self.send_response(200 if page else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:  # keep test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.url = f"http://localhost:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright."""
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context (its own localStorage) and page."""
    context = browser.new_context(viewport={"width": 900, "height": 800})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    """Where this test's screenshots go: test-artifacts/<test>/, ignored by git.

    One folder per test and parameter, so the SQLite and PostgreSQL runs of a test, which may run
    at the same time in parallel workers, never write the same file.
    """
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
