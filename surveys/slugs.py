"""URL slugs for journeys and organisations."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """A URL-safe lower-case slug of ``text`` (ASCII letters, digits and dashes)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80] or "journey"
