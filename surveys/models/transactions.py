"""Which transaction wrote a row, so readers can page in an order no later commit goes behind.

Ids come from a sequence when a row is written, not when it is committed: on PostgreSQL a
transaction holding id 104 may commit after another one committed 105, and a reader that has
already moved past 105 would never see 104. Rows written by transactions that have all finished
(below the oldest one still running in this database) can no longer change that order, so a
reader pages by (writing transaction, id) up to that horizon only: a transaction running now
writes with an id above every finished one, so whatever it commits sorts after every row read.

SQLite lets one transaction write at a time (it holds the write lock from its first write to its
commit), so ids are committed in order there: every row is written by "transaction 0" and the
horizon is never reached.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

__all__ = ["OldestRunningTransaction", "WritingTransaction"]

#: Beyond any transaction id: SQLite's horizon.
_NO_HORIZON = 2**63 - 1


class WritingTransaction(FunctionElement[int]):
    """The id of the transaction writing the row (a column's server default)."""

    type = BigInteger()
    inherit_cache = True


class OldestRunningTransaction(FunctionElement[int]):
    """The id of the oldest transaction still writing; every smaller one has finished."""

    type = BigInteger()
    inherit_cache = True


@compiles(WritingTransaction)
def _writing_anywhere(element: WritingTransaction, compiler: SQLCompiler, **kw: Any) -> str:
    return "0"


@compiles(WritingTransaction, "postgresql")
def _writing_postgresql(element: WritingTransaction, compiler: SQLCompiler, **kw: Any) -> str:
    # xid8 (64 bits, never wraps) has no cast to bigint; its text form is the number.
    return "(pg_current_xact_id()::text::bigint)"


@compiles(OldestRunningTransaction)
def _oldest_anywhere(element: OldestRunningTransaction, compiler: SQLCompiler, **kw: Any) -> str:
    return str(_NO_HORIZON)


# The transactions running when this statement's snapshot was taken (so the horizon matches the
# rows it sees), less those known to run in another database of the cluster: transaction ids
# are cluster-wide, their rows are not ours. One that has finished since counts (it may have
# been ours). Ids from the snapshot's xmax on are not listed: their rows are not visible to it.
# pg_stat_activity shows 32-bit ids: the low half of the 64-bit ones.
_OLDEST_POSTGRESQL = f"""(SELECT coalesce(min(running.xid::text::bigint), {_NO_HORIZON})
 FROM pg_snapshot_xip(pg_current_snapshot()) AS running(xid)
 WHERE NOT EXISTS (
  SELECT 1 FROM pg_stat_activity AS elsewhere
  WHERE elsewhere.backend_xid::text = mod(running.xid::text::bigint, 4294967296)::text
   AND elsewhere.datname IS DISTINCT FROM current_database()))"""


@compiles(OldestRunningTransaction, "postgresql")
def _oldest_postgresql(element: OldestRunningTransaction, compiler: SQLCompiler, **kw: Any) -> str:
    return _OLDEST_POSTGRESQL
