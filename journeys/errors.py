"""The journey-map domain's errors, carrying the facts a reader needs to put things right.

Every error ``journeys`` raises on purpose derives from :class:`JourneyError`, which ``app``
maps once to an HTTP status (a page, or JSON under /api) and to a command-line message.
"""

from __future__ import annotations

from collections.abc import Mapping


class JourneyError(Exception):
    """Base of every error the journeys domain raises on purpose."""

    code = "journey_error"

    def __init__(self, message: str, fields: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields: dict[str, str] = dict(fields or {})


class InvalidPeriod(JourneyError):
    """A period of days that ends before it starts."""

    code = "invalid_period"


class MapViewError(JourneyError):
    """A filter the map cannot apply (unknown persona or snapshot, dates the wrong way round)."""

    code = "invalid_map_filter"


class DrilldownError(JourneyError):
    """A drill-down filter that cannot apply (unknown emotion, page out of range)."""

    code = "invalid_drilldown"


class ShareLinkInvalid(JourneyError):
    """A token that names no live link (unknown, revoked or expired): all look the same."""

    code = "share_link_invalid"


class InvalidShareRequest(JourneyError):
    """A share link asked for with a lifetime outside the days a link may last."""

    code = "invalid_share_request"


class InvalidAnnotation(JourneyError):
    """A pain-point edit that does not fit; ``fields`` names each field and what is wrong."""

    code = "invalid_annotation"

    def __init__(self, fields: Mapping[str, str]) -> None:
        problems = "; ".join(f"{k.replace('_', ' ')} {v}" for k, v in fields.items())
        super().__init__(f"Not saved: {problems}.", fields)


class InvalidWebhook(JourneyError):
    """A webhook endpoint that cannot be saved or reached (not http(s), no events); ``fields``
    names each field and what is wrong."""

    code = "invalid_webhook"


class InvalidCustomerField(JourneyError):
    """A customer field that is no hidden field's name."""

    code = "invalid_customer_field"

    def __init__(self, name: str) -> None:
        super().__init__(
            f"{name[:60]!r} is not a hidden field name: lowercase letters, digits and '_', "
            "starting with a letter, at most 40.",
            {"customer_field": "must be a hidden field name such as customer_id"},
        )


class InvalidCanvasEdit(JourneyError):
    """A canvas edit (lane, to-be line, note's place) that does not fit; ``fields`` names each."""

    code = "invalid_canvas_edit"

    def __init__(self, fields: Mapping[str, str]) -> None:
        problems = "; ".join(f"{k.replace('_', ' ')} {v}" for k, v in fields.items())
        super().__init__(f"Not saved: {problems}.", fields)
