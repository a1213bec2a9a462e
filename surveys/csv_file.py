"""A CSV file read record by record: each with the line it starts on, a record that is not valid
CSV named with the reason, and reading going on after it — in time linear in the file's size."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import NamedTuple

Row = dict[str, str | None]
SURPLUS = "has more cells than the header has columns"


class Record(NamedTuple):
    """One record of the file: its cells by column, or why it is not valid CSV."""

    line: int  # where it starts (a quoted cell may span lines)
    row: Row | None  # None: not valid CSV
    problem: str = ""  # why not, when ``row`` is None


class CsvFile:
    """A decoded CSV file with a header row: its columns, its lines, and its records."""

    def __init__(self, text: str) -> None:
        # Lines split as csv splits them (\n, \r\n or \r; a U+2028 in a cell stays inside it).
        self.lines = list(io.StringIO(text, newline=""))
        reader = csv.reader(self.lines)
        self.header: list[str] = next(reader, [])
        self.header_lines = reader.line_num  # a quoted column name may span lines

    @property
    def body_lines(self) -> int:
        """How many lines follow the header (what a progress bar counts)."""
        return len(self.lines) - self.header_lines

    def records(self) -> Iterator[Record]:
        """Every record after the header, in order; blank lines are skipped.

        A record that is not valid CSV comes with the reason, and reading goes on from the line
        after the one it starts on: without that, a quote never closed would swallow every later
        row into one cell, and the import would store it as one answer without a word.
        """
        start = self.header_lines  # index into ``lines`` where the reader starts
        while start < len(self.lines):
            # A reader over the lines from ``start`` on, without copying them: a copy of the
            # rest of the file after every bad record made a file of bad records quadratic.
            rest = map(self.lines.__getitem__, range(start, len(self.lines)))
            reader = csv.reader(rest, strict=True)
            begun = 0  # lines this reader took before the record in hand
            try:
                for cells in reader:
                    if len(cells) > len(self.header):
                        yield Record(start + begun + 1, None, SURPLUS)
                    elif cells:  # not a blank line
                        yield Record(start + begun + 1, _row(self.header, cells))
                    begun = reader.line_num
                return
            except csv.Error as error:
                yield Record(start + begun + 1, None, _problem(error))
                start += begun + 1


def _row(header: Sequence[str], cells: list[str]) -> Row:
    """The cells by column as ``csv.DictReader`` gives them, missing ones None (import keys
    digest rows in this shape, so it must not change)."""
    row: Row = dict(zip(header, cells, strict=False))
    for name in header[len(cells) :]:
        row[name] = None
    return row


def _problem(error: csv.Error) -> str:
    if "unexpected end of data" in str(error):
        return "a quote opened on this line is never closed (later lines were read on their own)"
    return (
        f"is not valid CSV ({error}): a quoted cell must end with a quote, and a quote inside"
        ' it is written twice ("")'
    )
