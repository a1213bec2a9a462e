"""Security headers on every response: a Content-Security-Policy with a per-request nonce on each
HTML page, framing refused unless a page says who may frame it, no MIME sniffing, and no URL
handed to other sites as a referrer.

A view that may be framed (the widget's frame, the hosted survey page) or needs another policy
sets its own ``Content-Security-Policy``; it is kept, and ``X-Frame-Options`` follows its
``frame-ancestors`` for browsers that know only the older header.
"""

from __future__ import annotations

import re
import secrets

from flask import Flask, request
from werkzeug.wrappers import Response

# Scripts and styles come only from this app, or inline with this request's nonce; no plugins,
# no <base> redirecting relative URLs, forms post only here, and no site may frame the page.
_POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
    "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
_NONCE_KEY = "journeymap.csp_nonce"
_FRAME_ANCESTORS = re.compile(r"(?:^|;)\s*frame-ancestors\s+([^;]*)")
# The older header can say "nobody" or "this site" only: a page that lists other origins gets
# none, and its CSP (which every browser that frames pages knows) decides.
_FRAME_OPTIONS = {"'none'": "DENY", "'self'": "SAMEORIGIN"}


def csp_nonce() -> str:
    """This request's CSP nonce, for ``<script nonce="{{ csp_nonce() }}">`` in a template."""
    # Kept in the request's environ, not on g: g can outlive a request (an app context a test
    # or command holds), and a nonce must never serve two.
    nonce: str | None = request.environ.get(_NONCE_KEY)
    if nonce is None:
        nonce = request.environ[_NONCE_KEY] = secrets.token_urlsafe(18)
    return nonce


def frame_options(policy: str) -> str | None:
    """The X-Frame-Options value saying what ``policy``'s frame-ancestors says, if it can."""
    found = _FRAME_ANCESTORS.search(policy)
    return _FRAME_OPTIONS.get(found.group(1).strip()) if found else "DENY"


def _secure(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # Links to other sites carry no path or query (survey ids, a customer's hidden fields).
    headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        if "Content-Security-Policy" not in headers:
            headers["Content-Security-Policy"] = _POLICY.format(nonce=csp_nonce())
        if "X-Frame-Options" not in headers:
            option = frame_options(headers["Content-Security-Policy"])
            if option is not None:
                headers["X-Frame-Options"] = option
    return response


def register(app: Flask) -> None:
    """Add the headers to every response, error pages included; templates get ``csp_nonce``."""
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.after_request(_secure)
