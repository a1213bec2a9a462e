"""Configuration: defaults here, overridden by .env, the environment and ``FLASK_*`` variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("JOURNEYMAP_INSTANCE", PROJECT_ROOT / "instance"))


def database_url(raw: str | None) -> str:
    """Normalise a DATABASE_URL: default SQLite in instance/, PostgreSQL through psycopg 3."""
    if not raw:
        return f"sqlite:///{INSTANCE_DIR / 'journeymap.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


def _load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines of ``path`` into the environment without overriding what is set."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def defaults() -> dict[str, Any]:
    """Default settings, after .env and the plain environment variables are read.

    ``create_app`` then applies ``FLASK_*`` variables (JSON-parsed, e.g.
    ``FLASK_ROLLUP_INTERVAL_SECONDS=5``) and finally the overrides a test passes.
    """
    _load_dotenv(PROJECT_ROOT / ".env")
    return {
        "SQLALCHEMY_DATABASE_URI": database_url(os.environ.get("DATABASE_URL")),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "") == "1",
        # No "remember me" is offered, but should a remember cookie ever be set it gets the same
        # flags as the session cookie.
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "") == "1",
        "PERMANENT_SESSION_LIFETIME": _int_env("SESSION_LIFETIME_SECONDS", 12 * 3600),
        # Sign-in attempts one client may make per minute (guards against password guessing).
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute"),
        # Scheduler: seconds between runs of each job.
        "SCORE_INTERVAL_SECONDS": _int_env("SCORE_INTERVAL_SECONDS", 30),
        "ROLLUP_INTERVAL_SECONDS": _int_env("ROLLUP_INTERVAL_SECONDS", 60),
        "WEBHOOK_INTERVAL_SECONDS": _int_env("WEBHOOK_INTERVAL_SECONDS", 30),
        "PURGE_INTERVAL_SECONDS": _int_env("PURGE_INTERVAL_SECONDS", 24 * 3600),
        # SQLite's job locks: a running job renews its lease every third of this; a scheduler
        # that died leaves its job locked at most this long (PostgreSQL frees it at once).
        "JOB_LEASE_SECONDS": _int_env("JOB_LEASE_SECONDS", 30),
        # A job run by hand (journeys score / rollup) takes the scheduler's lock of that job: it
        # waits this long for a scheduled run to finish, then refuses.
        "JOB_WAIT_SECONDS": _int_env("JOB_WAIT_SECONDS", 15),
        # The job ledger keeps runs this many days (and each job's newest good run); 0: all.
        "JOB_RUN_RETENTION_DAYS": _int_env("JOB_RUN_RETENTION_DAYS", 30),
        # A cell needs at least this many answers before it can be called a pain point.
        "PAIN_POINT_MIN_ANSWERS": _int_env("PAIN_POINT_MIN_ANSWERS", 30),
        # Alerts compare the latest period of this many days with the one before it.
        "ALERT_PERIOD_DAYS": _int_env("ALERT_PERIOD_DAYS", 7),
        # Optional: a webhook endpoint hearing every organisation's alert.raised events, signed
        # with ALERT_WEBHOOK_SECRET (when empty, a secret is made and kept in the database).
        "ALERT_WEBHOOK_URL": os.environ.get("ALERT_WEBHOOK_URL", ""),
        "ALERT_WEBHOOK_SECRET": os.environ.get("ALERT_WEBHOOK_SECRET", ""),
        # Webhook deliveries: seconds a receiver has to answer (at most 30), attempts before a
        # delivery is given up, the wait before the first retry (doubled for each next one, at
        # most 6 hours), deliveries per job run, and whether URLs may reach private or loopback
        # addresses (off: a webhook must not reach services inside the network).
        "WEBHOOK_TIMEOUT_SECONDS": _int_env("WEBHOOK_TIMEOUT_SECONDS", 5),
        "WEBHOOK_MAX_ATTEMPTS": _int_env("WEBHOOK_MAX_ATTEMPTS", 8),
        "WEBHOOK_RETRY_BASE_SECONDS": _int_env("WEBHOOK_RETRY_BASE_SECONDS", 30),
        "WEBHOOK_BATCH": _int_env("WEBHOOK_BATCH", 100),
        "WEBHOOK_ALLOW_PRIVATE": os.environ.get("WEBHOOK_ALLOW_PRIVATE", "0") == "1",
        # Responses older than this many days are purged (0 keeps everything); snapshots too.
        "RETENTION_DAYS": _int_env("RETENTION_DAYS", 0),
        "SNAPSHOT_RETENTION_DAYS": _int_env("SNAPSHOT_RETENTION_DAYS", 365),
        # Answering: the public API and the embedded widget.
        "API_MAX_BODY_BYTES": _int_env("API_MAX_BODY_BYTES", 64 * 1024),
        # Answers sent by respondents (page, widget, API) may carry files: at most 1 MB per
        # question, as base64 in JSON a third more; this takes a few such questions at once.
        "ANSWER_MAX_BODY_BYTES": _int_env("ANSWER_MAX_BODY_BYTES", 4 * 1024 * 1024),
        # Per client (a hash of its address) and survey — or response, for updates.
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "60 per minute"),
        # Per API key, over every request that carries it (keyed requests skip API_RATE_LIMIT).
        "API_KEY_RATE_LIMIT": os.environ.get("API_KEY_RATE_LIMIT", "600 per minute"),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # When the shared store (Redis) cannot be reached, count in this process's memory (and
        # log it) rather than answer 500: answers keep coming in, limits hold per process.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": (
            os.environ.get("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", "1") == "1"
        ),
        # How many reverse proxies (nginx, a load balancer) stand in front of the app: their
        # X-Forwarded-For / -Proto / -Host headers are then believed, so rate limits follow
        # the real client and redirects keep https. 0 (the default) believes no such header.
        "TRUSTED_PROXIES": _int_env("TRUSTED_PROXIES", 0),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Answers (page, widget, API) are scored by the score-unscored job (maps change only at
        # the next rollup anyway); 1 scores each right after its reply, at a cost in throughput.
        "SCORE_AFTER_SUBMIT": os.environ.get("SCORE_AFTER_SUBMIT", "0") == "1",
        # How long the link to continue a survey left half-way works (a signed token, no row).
        "RESUME_LINK_DAYS": _int_env("RESUME_LINK_DAYS", 30),
    }


def secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in instance/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()
