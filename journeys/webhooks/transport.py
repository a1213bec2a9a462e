"""POSTing a webhook: only http(s), a bounded timeout, no redirects, and — unless allowed — no
addresses inside the network the server runs in (a webhook URL must not reach internal services)."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from journeys.errors import InvalidWebhook

MAX_URL_LENGTH = 2000
MAX_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one POST came to: the receiver's status, or why there was none."""

    status_code: int | None
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        """Whether the receiver accepted it (any 2xx; a redirect is not followed, so not ok)."""
        return self.status_code is not None and 200 <= self.status_code < 300


def checked_url(raw: str) -> str:
    """A webhook URL as stored: http or https, a host, no user name; InvalidWebhook otherwise."""
    url = raw.strip()
    problem = None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises for a port that is no port
    except ValueError:
        problem = "has a broken host or port"
    else:
        if parts.scheme not in ("http", "https"):
            problem = "must start with http:// or https://"
        elif not parts.hostname:
            problem = "needs a host, like https://hooks.example.com/journeymap"
        elif parts.username is not None or parts.password is not None:
            problem = "must not carry a user name or password (use the signature)"
        elif len(url) > MAX_URL_LENGTH:
            problem = f"must be at most {MAX_URL_LENGTH} characters"
    if problem:
        raise InvalidWebhook(f"The URL {problem}.", {"url": problem})
    return url


def _private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return not ip.is_global or ip.is_multicast


def _resolve(host: str, port: int, *, allow_private: bool) -> str:
    """The address to connect to; OSError when it does not resolve or must not be reached.

    Resolved once and connected to as resolved, so a name cannot point elsewhere in between.
    """
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [str(info[4][0]) for info in infos]
    if not allow_private and any(_private(a) for a in addresses):
        raise OSError(f"{host} resolves to a private or local address; refused")
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to an address resolved beforehand (the Host header keeps the name)."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(_PinnedHTTP):
    """The same over TLS, the certificate checked against the URL's host name."""

    default_port = 443

    def connect(self) -> None:
        super().connect()
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


def post(
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    timeout: float,
    allow_private: bool = False,
) -> Outcome:
    """POST ``body`` to ``url`` once; never raises for what the network or receiver does."""
    started = time.monotonic()

    def took() -> int:
        return round((time.monotonic() - started) * 1000)

    timeout = max(0.1, min(timeout, MAX_TIMEOUT_SECONDS))
    try:
        parts = urlsplit(checked_url(url))
        host = parts.hostname or ""
        secure = parts.scheme == "https"
        port = parts.port or (443 if secure else 80)
        address = _resolve(host, port, allow_private=allow_private)
        kind = _PinnedHTTPS if secure else _PinnedHTTP
        connection = kind(host, port, address, timeout)
        try:
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("POST", path, body=body, headers=dict(headers))
            reply = connection.getresponse()
            reply.read(1024)  # a little of the answer, so the connection closes cleanly
            status = reply.status
        finally:
            connection.close()
    except InvalidWebhook as error:
        return Outcome(None, error.message, took())
    except (OSError, http.client.HTTPException) as error:
        return Outcome(None, (str(error) or type(error).__name__)[:300], took())
    return Outcome(status, "" if 200 <= status < 300 else f"answered {status}", took())
