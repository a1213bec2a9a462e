"""Hidden fields: what the page around a survey tells us about the answer (customer id, persona…).

They arrive from a widget's ``data-*`` attributes, a link's query string or an API client's
``metadata``; this module decides which of them are kept and in what shape. Only what the page
sends is kept: no IP address, and of the user agent only its device class.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from surveys.errors import InvalidAnswer

MAX_FIELDS = 20
MAX_VALUE_LENGTH = 200
# Names a hidden field may have once ``data-customer-id`` is spelled ``customer_id``.
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
DEVICE_CLASSES: tuple[str, ...] = ("mobile", "tablet", "desktop", "bot")
#: The answer pages' spam trap: a form field people leave empty (CSS and screen readers hide it
#: from them) and bots fill in. Named so no researcher would call a question so (``website``
#: is a question researchers ask), yet a bot still sees a web address to fill in.
HONEYPOT = "jm_website"
#: The API's trap: a top-level body field beside ``answers`` (never a question key there).
API_HONEYPOT = "website"
#: The page a multi-page form was showing, and the button pressed (Next or Back).
PAGE_FIELD, NAV_FIELD = "jm_page", "jm_nav"
#: Query-string and form names that configure an answer page rather than describe the
#: customer: never hidden fields, and never question keys (they would collide on the page).
PAGE_PARAMS = frozenset(
    {"key", "host", "mode", HONEYPOT, "csrf_token", "response_key", PAGE_FIELD, NAV_FIELD}
)


def is_field_name(name: str) -> bool:
    """Whether ``name`` is a stored hidden field's name (lowercase letters, digits, '_')."""
    return _NAME.match(name) is not None


def field_name(raw: str) -> str:
    """The stored name of a hidden field: ``data-Customer-Id`` → ``customer_id``."""
    name = raw.strip().lower()
    name = name.removeprefix("data-")
    return name.replace("-", "_")


def _clean_value(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = "".join(ch for ch in str(value) if ch.isprintable()).strip()
    return text if len(text) <= MAX_VALUE_LENGTH else None


def clean_hidden_fields(raw: Mapping[str, object], *, strict: bool) -> dict[str, str]:
    """Keep well-formed hidden fields; ``strict`` raises InvalidAnswer naming each bad one.

    The widget and the hosted page are not strict — a customer cannot fix the page they answer
    on, so a malformed field is dropped rather than costing them their answer. The API is strict,
    because its caller can.
    """
    kept: dict[str, str] = {}
    problems: dict[str, str] = {}
    for raw_name, value in raw.items():
        name = field_name(str(raw_name))
        label = f"metadata.{raw_name}"
        if not is_field_name(name):
            problems[label] = "names must be letters, digits, '_' or '-', at most 40"
            continue
        cleaned = _clean_value(value)
        if cleaned is None:
            problems[label] = f"must be a text or number of at most {MAX_VALUE_LENGTH} characters"
            continue
        if cleaned:
            kept[name] = cleaned
    if len(kept) > MAX_FIELDS:
        problems["metadata"] = f"at most {MAX_FIELDS} fields"
        kept = dict(list(kept.items())[:MAX_FIELDS])
    if problems and strict:
        raise InvalidAnswer("Some metadata cannot be stored.", problems)
    return kept


def device_class(user_agent: str | None) -> str:
    """Mobile, tablet, desktop or bot, from a User-Agent header; the header itself is not kept."""
    ua = (user_agent or "").lower()
    if not ua:
        return "desktop"
    if any(word in ua for word in ("bot", "crawler", "spider")):
        return "bot"
    if "ipad" in ua or "tablet" in ua or ("android" in ua and "mobile" not in ua):
        return "tablet"
    if any(word in ua for word in ("mobi", "iphone", "ipod", "android", "windows phone")):
        return "mobile"
    return "desktop"


def answer_meta(hidden: Mapping[str, str], user_agent: str | None) -> dict[str, Any]:
    """What a response keeps about where it was given: its hidden fields and the device class."""
    return {"hidden": dict(hidden), "device": device_class(user_agent)}
