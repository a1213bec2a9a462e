"""The declarative base shared by every domain model, and small column helpers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, MetaData
from sqlalchemy.orm import DeclarativeBase, registry

# Named constraints keep Alembic migrations deterministic on SQLite (batch mode) and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for surveys and journeys; Flask-SQLAlchemy takes it as ``model_class``."""

    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={dict[str, Any]: JSON, list[Any]: JSON},
    )


def utcnow() -> datetime:
    """Naive UTC now: stored the same way on SQLite and PostgreSQL, compared without surprises."""
    return datetime.now(UTC).replace(tzinfo=None)
