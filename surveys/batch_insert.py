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
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Dialect, Insert, Table


@dataclass(frozen=True, slots=True)
class _Compiled:
    """The statement as one database's SQL, and how each row becomes the driver's parameters."""

    sql: str
    names: tuple[str, ...]  # parameter order
    positional: bool  # "?" placeholders take tuples; named ones take mappings
    conversions: tuple[tuple[int, Callable[[Any], Any]], ...]  # (parameter, its type's processor)


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
            processors = [
                self.table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
                for name in names
            ]
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
