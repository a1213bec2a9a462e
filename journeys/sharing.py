"""Read-only share links for a journey's map: a random token, revocable, always expiring."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from journeys.errors import InvalidShareRequest, ShareLinkInvalid
from journeys.sharing_models import ShareLink
from surveys.models import Journey, utcnow

MAX_DAYS = 90
DEFAULT_DAYS = 14


def digest(token: str) -> str:
    """What the database keeps of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_link(
    session: Session,
    journey: Journey,
    *,
    days: int = DEFAULT_DAYS,
    label: str = "",
    created_by: str = "",
) -> tuple[ShareLink, str]:
    """A new link to ``journey``'s map, valid for ``days``; returns it with its token (shown
    once — only its digest is stored)."""
    if not 1 <= days <= MAX_DAYS:
        raise InvalidShareRequest(
            f"A share link lasts 1 to {MAX_DAYS} days.", {"days": f"from 1 to {MAX_DAYS}"}
        )
    token = secrets.token_urlsafe(32)
    link = ShareLink(
        journey_id=journey.id,
        token_digest=digest(token),
        label=label.strip()[:120],
        created_by=created_by[:254],
        expires_at=utcnow() + timedelta(days=days),
    )
    session.add(link)
    session.flush()
    return link, token


def resolve(session: Session, token: str) -> ShareLink:
    """The live link a token opens, noting its use; ShareLinkInvalid otherwise."""
    if not token or len(token) > 100:
        raise ShareLinkInvalid("This link does not work.")
    link = session.scalar(select(ShareLink).where(ShareLink.token_digest == digest(token)))
    now = utcnow()
    if link is None or not link.is_live(now):
        raise ShareLinkInvalid("This link does not work: it may have expired or been revoked.")
    link.last_used_at = now
    session.flush()
    return link


def links_of(session: Session, journey_id: int) -> list[ShareLink]:
    """A journey's links, newest first (live and dead, so people see what was shared)."""
    return list(
        session.scalars(
            select(ShareLink)
            .where(ShareLink.journey_id == journey_id)
            .order_by(ShareLink.created_at.desc(), ShareLink.id.desc())
        )
    )


def revoke(session: Session, journey_id: int, link_id: int) -> ShareLink:
    """Stop a link of ``journey_id`` from working (idempotent); ShareLinkInvalid if not its own."""
    link = session.get(ShareLink, link_id)
    if link is None or link.journey_id != journey_id:
        raise ShareLinkInvalid("No such share link.", {"link": "is not one of this journey's"})
    if link.revoked_at is None:
        link.revoked_at = utcnow()
    session.flush()
    return link
