"""The share link table: read-only access to one journey's map for people without an account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from surveys.models import Base, utcnow


class ShareLink(Base):
    """A revocable, expiring link to a journey's map.

    Only a SHA-256 digest of the token is stored, so a leaked database does not leak working
    links; the token itself is shown once, when the link is made.
    """

    __tablename__ = "map_share_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(
        ForeignKey("journey.id", ondelete="CASCADE"), index=True
    )
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(120), default="")
    created_by: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    def is_live(self, now: datetime) -> bool:
        """True while the link is neither revoked nor expired."""
        return self.revoked_at is None and now < self.expires_at
