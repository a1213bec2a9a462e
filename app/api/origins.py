"""Which web origins may embed a survey or call the API for it from a browser."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

ANY_ORIGIN = "*"


def normalise_origin(raw: str) -> str | None:
    """``https://Shop.example/path`` → ``https://shop.example``; None if it is not an origin."""
    raw = raw.strip()
    if raw == ANY_ORIGIN:
        return raw
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}"


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
