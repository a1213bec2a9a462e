"""Which web origins may embed a survey or call the API for it from a browser."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

ANY_ORIGIN = "*"


def normalise_origin(raw: str) -> str | None:
    """``https://Shop.example/path`` → ``https://shop.example``; None if it is not an origin.

    A header a browser would never send (a port past 65535, a broken IPv6 literal) is no origin,
    so it matches none of a survey's: the caller refuses it as foreign.
    """
    raw = raw.strip()
    if raw == ANY_ORIGIN:
        return raw
    try:
        parts = urlsplit(raw)
        port = parts.port  # raises for a port past 65535 or not a number
    except ValueError:  # "http://[::1" (an unclosed IPv6 literal), "http://a:99999"
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    host = f"[{host}]" if ":" in host else host  # an IPv6 address keeps its brackets
    return f"{parts.scheme}://{host}{f':{port}' if port else ''}"


def is_allowed(origin: str | None, allowed: Iterable[str], own_origin: str) -> bool:
    """Whether a browser page on ``origin`` may use a survey listing ``allowed`` origins.

    No Origin header means a server-to-server client (allowed); the app's own pages always are.
    """
    if origin is None:
        return True
    normalised = normalise_origin(origin)
    if normalised is None:  # "null" from sandboxed frames and file:// pages
        return False
    listed = {normalise_origin(o) for o in allowed}
    return normalised == own_origin or ANY_ORIGIN in listed or normalised in listed


def frame_ancestors(allowed: Iterable[str]) -> str:
    """The CSP ``frame-ancestors`` value letting the listed origins (and the app) frame a page."""
    listed = [o for o in (normalise_origin(a) for a in allowed) if o]
    if ANY_ORIGIN in listed:
        return "frame-ancestors *"
    return " ".join(["frame-ancestors 'self'", *listed])
