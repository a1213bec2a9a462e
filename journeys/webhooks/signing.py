"""The signature on every webhook request: HMAC-SHA256 of ``<timestamp>.<body>`` with the
endpoint's secret, sent as ``Journeymap-Signature: t=<unix seconds>,v1=<hex digest>``."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

HEADER = "Journeymap-Signature"
SECRET_PREFIX = "whsec_"
TOLERANCE_SECONDS = 300  # how old a signature a receiver should still accept


def new_secret() -> str:
    """A fresh endpoint secret (192 random bits)."""
    return SECRET_PREFIX + secrets.token_urlsafe(24)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``timestamp.body`` under ``secret``."""
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    """The value of the signature header for ``body`` sent at ``timestamp``."""
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(
    secret: str,
    header: str,
    body: bytes,
    *,
    now: float | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """Whether ``header`` signs ``body`` with ``secret`` within ``tolerance`` seconds of now.

    What a receiver does (docs/webhooks.md shows it standalone); the tests check deliveries with it.
    """
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    return hmac.compare_digest(parts.get("v1", ""), signature(secret, timestamp, body))
