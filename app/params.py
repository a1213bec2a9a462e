"""What a page or the API reads from its URL, query string or form, bounded before use.

Whole numbers are ASCII digits within the database's range, else a 400 naming the parameter (in
the path, a 404 like any unknown id): ``str.isdigit`` accepts ``²`` and ``٣``, which ``int``
refuses or reads as 3, and ``int`` takes twenty digits that no column holds, so every view reads
its numbers through here. And no parameter may carry NUL, which PostgreSQL cannot store or even
compare: refused for every request before any view runs.
"""

from __future__ import annotations

import re

from flask import Flask, abort, request
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter, Map

# PostgreSQL's ``integer``, the narrowest id and count column (SQLite's is wider): a number
# beyond it names nothing stored, and SQLite refuses to even compare with one past 2**63.
MAX_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")  # MAX_ID has ten digits


class InvalidParameter(BadRequest):
    """A query or form parameter that is not what the page takes; ``fields`` names it."""

    def __init__(self, name: str, problem: str, message: str | None = None) -> None:
        super().__init__(description=message or f"'{name}' {problem}.")
        self.fields = {name: problem}


def whole_number(raw: str, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """``raw`` as a number if it is ASCII digits from ``low`` to ``high``, else None."""
    if not _DIGITS.fullmatch(raw):
        return None
    number = int(raw)
    return number if low <= number <= high else None


def _parsed(name: str, raw: str, low: int, high: int, message: str | None) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    number = whole_number(raw, low=low, high=high)
    if number is None:
        raise InvalidParameter(name, f"must be a whole number from {low} to {high}", message)
    return number


def query_number(
    name: str, *, low: int = 0, high: int = MAX_ID, message: str | None = None
) -> int | None:
    """Query parameter ``name`` as a number (None when absent or blank); 400 naming it else."""
    return _parsed(name, request.args.get(name, ""), low, high, message)


def form_number(
    name: str, *, low: int = 0, high: int = MAX_ID, message: str | None = None
) -> int | None:
    """Form field ``name`` as a number (None when absent or blank); 400 naming it else."""
    return _parsed(name, request.form.get(name, ""), low, high, message)


class IdConverter(IntegerConverter):
    """``<int:…>`` in routes: ASCII digits naming a row a database can hold; else no match (404)."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map: Map, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)  # type: ignore[arg-type]


_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def refuse_nul() -> None:
    """404 for a path argument holding NUL (it names nothing), 400 naming a query or form
    parameter holding it."""
    if any("\x00" in str(value) for value in (request.view_args or {}).values()):
        abort(404)
    sources = [request.args, request.form] if request.mimetype in _FORMS else [request.args]
    for source in sources:
        for name, values in source.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                raise InvalidParameter(name.replace("\x00", "\\0"), "must not contain NUL")


def register(app: Flask) -> None:
    """Make ``<int:…>`` route arguments bounded ids and refuse NUL in every parameter; call
    before any blueprint is registered."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_nul)
