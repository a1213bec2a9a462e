"""Inserts of thousands of rows at once through the database driver's own ``executemany``.

SQLAlchemy's executemany handles every row's parameters generically (named lookups, a call per
value, insert-many-values bookkeeping); for batches of thousands of small rows that costs more
than the database's own work. A ``BatchInsert`` compiles its statement once per database and set
of columns, converts each value with its column type's own bind processor — what SQLAlchemy would
send — and hands all the rows to the driver in one call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Dialect, Insert, Table
from sqlalchemy.dialects import sqlite
from sqlalchemy.types import TypeEngine


@dataclass(frozen=True, slots=True)
class _Compiled:
    """The statement as one database's SQL, and how each row becomes the driver's parameters."""

    sql: str
    names: tuple[str, ...]  # parameter order
    positional: bool  # "?" placeholders take tuples; named ones take mappings
    conversions: tuple[tuple[int, Callable[[Any], Any]], ...]  # (parameter, its type's processor)


def _sqlite_datetime(fallback: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """SQLite's default DATETIME processor, sped up for the naive datetimes we store."""

    def process(value: Any) -> Any:
        # The same text as SQLAlchemy's "%(year)04d-%(month)02d-%(day)02d %(hour)02d:…
        # .%(microsecond)06d" for a naive datetime, in one C call rather than a dict and a
        # format per value (five datetimes a response and its score: a cost on every row).
        if type(value) is datetime and value.tzinfo is None:
            return value.isoformat(" ", "microseconds")
        return fallback(value)

    return process


def _processor(column_type: TypeEngine[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    """How a value of ``column_type`` is sent to ``dialect``'s driver, as SQLAlchemy sends it."""
    impl = column_type.dialect_impl(dialect)
    processor = impl.bind_processor(dialect)
    # Only the stock format: a column declared with its own storage format keeps its processor.
    default_format = sqlite.DATETIME._storage_format
    if (
        processor is not None
        and type(impl) is sqlite.DATETIME
        and impl._storage_format == default_format
    ):
        return _sqlite_datetime(processor)
    return processor


class BatchInsert:
    """``statement`` (an INSERT into ``table``, without RETURNING) run with the driver's
    executemany."""

    def __init__(self, statement: Insert, table: Table) -> None:
        # inline(): no implicit RETURNING of the new keys, which executemany cannot hand back.
        self.statement = statement.inline()
        self.table = table
        self._compiled: dict[tuple[str, tuple[str, ...]], _Compiled] = {}

    def _for(self, dialect: Dialect, columns: tuple[str, ...]) -> _Compiled:
        """The statement compiled for ``dialect`` and these columns (once)."""
        compiled = self._compiled.get((dialect.name, columns))
        if compiled is None:
            sql = self.statement.compile(dialect=dialect, column_keys=list(columns))
            positions = getattr(sql, "positiontup", None)
            names = tuple(positions) if sql.positional and positions else columns
            processors = [_processor(self.table.c[name].type, dialect) for name in names]
            compiled = self._compiled[(dialect.name, columns)] = _Compiled(
                sql.string,
                names,
                sql.positional,
                tuple((i, f) for i, f in enumerate(processors) if f is not None),
            )
        return compiled

    def run(self, connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert ``rows`` (each with the same columns) in one driver call."""
        if not rows:
            return
        compiled = self._for(connection.dialect, tuple(rows[0]))
        names, conversions = compiled.names, compiled.conversions
        parameters: list[Any] = []
        if compiled.positional:
            values = itemgetter(*names)  # one C call per row for the plain values
            for row in rows:
                value = list(values(row)) if len(names) > 1 else [row[names[0]]]
                for i, convert in conversions:
                    value[i] = convert(value[i])
                parameters.append(tuple(value))
        else:
            for row in rows:
                named = {name: row[name] for name in names}
                for i, convert in conversions:
                    named[names[i]] = convert(named[names[i]])
                parameters.append(named)
        connection.exec_driver_sql(compiled.sql, parameters)
