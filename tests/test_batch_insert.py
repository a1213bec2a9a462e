"""Batch inserts store every value exactly as SQLAlchemy's own insert of the same row would."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Column, DateTime, Integer, MetaData, Table, create_engine, select, text

from surveys.batch_insert import BatchInsert
from surveys.models.base import StrEnumColumn


class Colour(StrEnum):
    """A small enum stored as its value."""

    RED = "red"


def _stamps() -> tuple[MetaData, Table]:
    """A table of a datetime and an enum, the columns a batch insert converts."""
    metadata = MetaData()
    table = Table(
        "stamp",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("at", DateTime),
        Column("colour", StrEnumColumn(Colour, 10)),
    )
    return metadata, table


def test_batch_insert_stores_datetimes_and_enums_as_the_ordinary_insert(tmp_path: Path) -> None:
    metadata, table = _stamps()
    values = [
        datetime(2026, 3, 1, 9, 15),  # no microseconds: still written with six digits
        datetime(999, 1, 2, 3, 4, 5, 7),  # a year of three digits, padded to four
        datetime(2026, 3, 1, 9, 15, 0, 123456, tzinfo=timezone(timedelta(hours=2))),
        datetime(2026, 3, 1, 23, 59, 59, 999999, tzinfo=UTC),
        date(2026, 3, 1),
        None,
    ]
    colours: list[object] = [Colour.RED, "red", Colour.RED, "red", None, Colour.RED]
    engine = create_engine(f"sqlite:///{tmp_path / 'stamps.db'}")
    metadata.create_all(engine)
    with engine.begin() as connection:
        rows = [
            {"id": n, "at": at, "colour": colour}
            for n, (at, colour) in enumerate(zip(values, colours, strict=True))
        ]
        connection.execute(table.insert(), rows)  # SQLAlchemy's own path
        BatchInsert(table.insert(), table).run(
            connection, [{**row, "id": row["id"] + 100} for row in rows]
        )
        stored = connection.execute(text("SELECT id, at, colour FROM stamp ORDER BY id")).all()
        read = connection.execute(select(table.c.colour).order_by(table.c.id)).scalars().all()
    ordinary, batched = stored[: len(rows)], stored[len(rows) :]
    assert [(at, colour) for _id, at, colour in batched] == [
        (at, colour) for _id, at, colour in ordinary
    ]
    assert batched[0][1] == "2026-03-01 09:15:00.000000"
    assert batched[1][1] == "0999-01-02 03:04:05.000007"
    assert batched[2][1] == "2026-03-01 09:15:00.123456"  # the offset is not stored, as before
    assert read[len(rows) :] == [Colour.RED, Colour.RED, Colour.RED, Colour.RED, None, Colour.RED]


def test_columns_of_naive_datetimes_and_members_alone_are_stored_as_the_ordinary_insert(
    tmp_path: Path,
) -> None:
    """The common case (every value a naive datetime, every value a member) takes a quicker
    route than a mixed column: it must store the same text."""
    metadata, table = _stamps()
    start = datetime(2026, 3, 1, 9, 15)
    rows = [
        {"id": n, "at": start + timedelta(seconds=n, microseconds=7 * n), "colour": Colour.RED}
        for n in range(50)
    ]
    engine = create_engine(f"sqlite:///{tmp_path / 'stamps.db'}")
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(table.insert(), rows)
        BatchInsert(table.insert(), table).run(
            connection, [{**row, "id": row["id"] + 100} for row in rows]
        )
        stored = connection.execute(text("SELECT at, colour FROM stamp ORDER BY id")).all()
    assert stored[len(rows) :] == stored[: len(rows)]
    assert stored[len(rows) + 1] == ("2026-03-01 09:15:01.000007", "red")
