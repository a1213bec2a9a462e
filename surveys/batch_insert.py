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
from operator import attrgetter, itemgetter, methodcaller
from typing import Any

from sqlalchemy import Connection, Dialect, Insert, Table
from sqlalchemy.dialects import sqlite
from sqlalchemy.types import TypeEngine

from surveys.models.base import StrEnumColumn

# Converts one column's values (every row's, in order) to what the driver is sent.
ColumnConversion = Callable[[list[Any]], list[Any]]


@dataclass(frozen=True, slots=True)
class _Compiled:
    """The statement as one database's SQL, and how each row becomes the driver's parameters."""

    sql: str
    names: tuple[str, ...]  # parameter order
    positional: bool  # "?" placeholders take tuples; named ones take mappings
    conversions: tuple[tuple[int, ColumnConversion], ...]  # (parameter, its column's conversion)


_SQLITE_TEXT = methodcaller("isoformat", " ", "microseconds")
_MEMBER_VALUE = attrgetter("_value_")
_TZINFO = attrgetter("tzinfo")


def _sqlite_datetimes(fallback: Callable[[Any], Any]) -> ColumnConversion:
    """SQLite's default DATETIME processor, sped up for the naive datetimes we store."""

    def convert(values: list[Any]) -> list[Any]:
        # The same text as SQLAlchemy's "%(year)04d-%(month)02d-%(day)02d %(hour)02d:…
        # .%(microsecond)06d" for a naive datetime, one C call a value rather than a dict and a
        # format (several datetimes a row: a cost on every row). The checks run in C too.
        if set(map(type, values)) == {datetime} and not any(map(_TZINFO, values)):
            return list(map(_SQLITE_TEXT, values))
        return list(map(fallback, values))

    return convert


def _enum_values(
    column_type: StrEnumColumn[Any], fallback: Callable[[Any], Any]
) -> ColumnConversion:
    """A ``StrEnumColumn``'s processor, for a column whose values are all members: their values
    read in C, instead of a processor call each."""

    def convert(values: list[Any]) -> list[Any]:
        if set(map(type, values)) == {column_type.enum}:
            return list(map(_MEMBER_VALUE, values))
        return list(map(fallback, values))

    return convert


def _each(processor: Callable[[Any], Any]) -> ColumnConversion:
    """A column conversion calling ``processor`` on each value."""

    def convert(values: list[Any]) -> list[Any]:
        return list(map(processor, values))

    return convert


def _conversion(column_type: TypeEngine[Any], dialect: Dialect) -> ColumnConversion | None:
    """How values of ``column_type`` are sent to ``dialect``'s driver, as SQLAlchemy sends them."""
    impl = column_type.dialect_impl(dialect)
    processor = impl.bind_processor(dialect)
    if processor is None:
        return None
    # Only the stock format: a column declared with its own storage format keeps its processor.
    if type(impl) is sqlite.DATETIME and impl._storage_format == sqlite.DATETIME._storage_format:
        return _sqlite_datetimes(processor)
    if isinstance(column_type, StrEnumColumn):
        return _enum_values(column_type, processor)
    return _each(processor)


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
            conversions = [_conversion(self.table.c[name].type, dialect) for name in names]
            compiled = self._compiled[(dialect.name, columns)] = _Compiled(
                sql.string,
                names,
                sql.positional,
                tuple((i, f) for i, f in enumerate(conversions) if f is not None),
            )
        return compiled

    def run(self, connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert ``rows`` (each with the same columns) in one driver call."""
        if not rows:
            return
        compiled = self._for(connection.dialect, tuple(rows[0]))
        names = compiled.names
        # Column by column: each column's values gathered and converted by C-level maps, with
        # no Python loop over the rows (thousands of rows, several conversions each).
        columns = [list(map(itemgetter(name), rows)) for name in names]
        for i, convert in compiled.conversions:
            columns[i] = convert(columns[i])
        parameters: list[Any] = list(zip(*columns, strict=True))
        if not compiled.positional:
            parameters = [dict(zip(names, values, strict=True)) for values in parameters]
        connection.exec_driver_sql(compiled.sql, parameters)
