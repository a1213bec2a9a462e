"""Which web origins may embed a survey or call the API for it from a browser."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

ANY_ORIGIN = "*"
SUBDOMAINS = "*."  # a listed host starting so allows its subdomains (as CSP's frame-ancestors does)
DEFAULT_PORTS = {"http": 80, "https": 443}  # a browser's Origin header never names these
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
EXAMPLE = "https://shop.example"


class InvalidOrigin(ValueError):
    """What a researcher typed is not an origin a survey may list; the message says why."""


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
    if port == DEFAULT_PORTS.get(parts.scheme):
        port = None  # https://shop.example:443 is the origin browsers send as https://shop.example
    return f"{parts.scheme}://{host}{f':{port}' if port else ''}"


def _valid_host(host: str) -> bool:
    """A DNS name (with an optional leading ``*.``), an IPv4 address or a bracketed IPv6 one."""
    if host.startswith("[") and host.endswith("]"):
        try:
            return ipaddress.ip_address(host[1:-1]).version == 6
        except ValueError:
            return False
    name = host.removeprefix(SUBDOMAINS)
    labels = name.split(".")
    if host.startswith(SUBDOMAINS) and len(labels) < 2:
        return False  # *.example would allow a whole top-level domain
    return len(name) <= 253 and all(_LABEL.fullmatch(label) for label in labels)


def checked_origin(raw: str) -> str:
    """The origin ``raw`` names, normalised; InvalidOrigin saying why when it is none.

    The one rule for what a survey may list, whoever types it (the share page, the command
    line): a scheme (http or https), a host and an optional port — no path, query, user name or
    wildcard, except a leading ``*.`` allowing a domain's subdomains (``https://*.shop.example``).
    """
    text = raw.strip()
    if not text:
        raise InvalidOrigin(f"Enter an origin such as {EXAMPLE}.")
    if text == ANY_ORIGIN:
        raise InvalidOrigin(
            "'*' would let every site embed the survey; list each site "
            "(https://*.shop.example allows its subdomains)."
        )
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises for a port past 65535 or not a number
    except ValueError:
        raise InvalidOrigin(f"'{text}' has a broken host or port (ports run 1–65535).") from None
    if parts.scheme not in DEFAULT_PORTS or not parts.netloc:
        raise InvalidOrigin(f"'{text}' must start with http:// or https://, like {EXAMPLE}.")
    if parts.path not in ("", "/") or parts.query or parts.fragment or "?" in text or "#" in text:
        raise InvalidOrigin(f"'{text}' has a path; an origin is only scheme, host and port.")
    if parts.username is not None or parts.password is not None:
        raise InvalidOrigin(f"'{text}' names a user; an origin is only scheme, host and port.")
    host = parts.netloc.rsplit("@", 1)[-1].lower()
    if host.endswith(f":{parts.port}"):
        host = host[: -len(f":{parts.port}")]
    elif host.endswith(":"):
        host = host[:-1]
    if parts.port == 0:
        raise InvalidOrigin(f"'{text}' has port 0; ports run 1–65535.")
    if not _valid_host(host):
        raise InvalidOrigin(
            f"'{text}' is not a host name: letters, digits, hyphens and dots, with at most a "
            "leading '*.' for subdomains."
        )
    origin = normalise_origin(text)
    if origin is None:  # every check above passed, so this is a bug, not bad input
        raise InvalidOrigin(f"'{text}' is not an origin like {EXAMPLE}.")
    return origin


def edit_origins(
    listed: Sequence[str], add: Iterable[str] = (), remove: Iterable[str] = ()
) -> list[str]:
    """``listed`` with ``add`` checked and appended (once each) and ``remove`` dropped.

    Raises InvalidOrigin for the first added entry that is no origin; nothing is changed then.
    Removing goes by the normalised origin, so an entry stored before these rules can go too.
    """
    result = list(listed)
    for raw in add:
        origin = checked_origin(raw)
        if origin not in result:
            result.append(origin)
    drop = {normalise_origin(r) or r.strip() for r in remove}
    return [o for o in result if o not in drop and (normalise_origin(o) or o) not in drop]


def _matches(origin: str, listed: str) -> bool:
    """Whether a browser's ``origin`` is ``listed``, or a subdomain a ``*.`` entry allows."""
    if origin == listed:
        return True
    scheme, _, rest = listed.partition("://")
    if not rest.startswith(SUBDOMAINS):
        return False
    o_scheme, _, o_rest = origin.partition("://")
    # "*.shop.example:8443" → host suffix ".shop.example", port ":8443"; the port must agree.
    suffix = rest[1:]
    suffix_host, _, suffix_port = suffix.partition(":")
    o_host, _, o_port = o_rest.partition(":")
    return (
        o_scheme == scheme
        and o_port == suffix_port
        and o_host.endswith(suffix_host)
        and len(o_host) > len(suffix_host)
    )


def is_allowed(origin: str | None, allowed: Iterable[str], own_origin: str) -> bool:
    """Whether a browser page on ``origin`` may use a survey listing ``allowed`` origins.

    No Origin header means a server-to-server client (allowed); the app's own pages always are.
    """
    if origin is None:
        return True
    normalised = normalise_origin(origin)
    if normalised is None:  # "null" from sandboxed frames and file:// pages
        return False
    listed = {o for o in (normalise_origin(a) for a in allowed) if o}
    if normalised == own_origin or ANY_ORIGIN in listed:
        return True
    return any(_matches(normalised, entry) for entry in listed)


def frame_ancestors(allowed: Iterable[str]) -> str:
    """The CSP ``frame-ancestors`` value letting the listed origins (and the app) frame a page."""
    listed = [o for o in (normalise_origin(a) for a in allowed) if o]
    if ANY_ORIGIN in listed:
        return "frame-ancestors *"
    return " ".join(["frame-ancestors 'self'", *listed])
