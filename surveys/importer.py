"""Feedback import: rows of feedback that arrived elsewhere (tickets, reviews) become responses.

Each row is stored once however often the file is imported: its key is the row's id column, or a
digest of all its cells plus how many identical rows came before it in the file. Bad rows are
reported by line and skipped; the good ones are stored in batches through the one response
core (``surveys.intake``). Plain SQLAlchemy: flushes, the caller commits.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveys.answers import MAX_TEXT_LENGTH
from surveys.errors import InvalidAnswer, InvalidDesign, UnknownPersona
from surveys.intake import NewResponse, PreparedResponse, insert_responses, prepare_response
from surveys.journey_structure import add_persona, add_touchpoint, persona_named
from surveys.models import (
    PERSONA_NAME_MAX,
    TOUCHPOINT_NAME_MAX,
    Journey,
    Question,
    Response,
    ResponseSource,
    Stage,
    Survey,
    SurveyStatus,
    SurveyVersion,
    Touchpoint,
    utcnow,
)
from surveys.published import Target, frozen_target_of

# Rows stored (and scored) together and committed as one transaction by the command line: large
# enough that per-statement costs vanish, small enough that an interrupted import loses little.
BATCH = 2000
KEY_MAX = 120  # the longest client key a response keeps


@dataclass(frozen=True, slots=True)
class ImportSpec:
    """Where the feedback belongs and which CSV column holds what."""

    journey: Journey
    stage: Stage
    text_column: str
    touchpoint: str | None = None
    touchpoint_column: str | None = None
    created_column: str | None = None
    persona_column: str | None = None
    rating_column: str | None = None
    id_column: str | None = None
    channel: str = "web"  # of touchpoints the import creates

    def columns(self) -> dict[str, str]:
        """Option name → CSV column, for the columns this import reads."""
        named = {
            "--text-column": self.text_column,
            "--touchpoint-column": self.touchpoint_column,
            "--created-column": self.created_column,
            "--persona-column": self.persona_column,
            "--rating-column": self.rating_column,
            "--id-column": self.id_column,
        }
        return {option: column for option, column in named.items() if column}


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that was not imported, and why, in words a person can act on."""

    line: int
    message: str


@dataclass
class ImportSummary:
    """What an import did: rows stored, rows already there, rows refused, things created."""

    imported: int = 0
    already_imported: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    touchpoints_created: list[str] = field(default_factory=list)
    personas_created: list[str] = field(default_factory=list)

    @property
    def bad(self) -> int:
        """How many rows were refused."""
        return len(self.problems)


class BadRow(Exception):
    """One row cannot be imported; the message says why.

    Control flow inside the importer, not a domain error: ``FeedbackImporter.add`` catches it and
    records the row as skipped, so it never reaches a caller (hence not a ``SurveyError``).
    """


def _parse_created(raw: str, latest: datetime) -> datetime:
    """ISO 8601 date or date-time; one with an offset is converted to UTC."""
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise BadRow(
            f"date '{raw}' is not ISO 8601 (e.g. 2026-03-01 or 2026-03-01T14:05Z)"
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    if moment > latest:  # a typo'd year, not feedback from the future
        raise BadRow(f"date '{raw}' lies more than a year in the future")
    return moment


def _parse_rating(raw: str) -> int:
    try:
        number = float(raw.strip())
    except ValueError:
        number = float("nan")
    if not number.is_integer() or not 1 <= number <= 5:
        raise BadRow(f"rating '{raw}' must be a whole number from 1 to 5")
    return int(number)


class FeedbackImporter:
    """Imports rows into one journey stage; keeps state across rows (keys seen, things made)."""

    def __init__(self, session: Session, spec: ImportSpec) -> None:
        if bool(spec.touchpoint) == bool(spec.touchpoint_column):
            raise InvalidDesign(
                "Name the touchpoint, or the column holding it — one of the two.",
                {"touchpoint": "give --touchpoint or --touchpoint-column"},
            )
        if spec.stage.journey_id != spec.journey.id:
            raise InvalidDesign("The stage belongs to another journey.", {"stage": "is foreign"})
        self.session = session
        self.spec = spec
        self.summary = ImportSummary()
        self._targets: dict[str, Target] = {}  # casefolded touchpoint name → where its rows go
        self._personas: dict[str, int] = {}  # casefolded name → persona id
        self._pending: list[PreparedResponse] = []
        self._occurrences: Counter[tuple[str, str]] = Counter()
        self._ids_seen: dict[str, int] = {}
        self._latest = utcnow() + timedelta(days=366)  # the latest date a row may give
        # Keys already stored for this journey: one query instead of one per row.
        self._stored_keys = set(
            session.scalars(
                select(Response.client_key).where(
                    Response.journey_id == spec.journey.id,
                    Response.source == ResponseSource.IMPORT,
                    Response.client_key.is_not(None),
                )
            )
        )

    def check_header(self, header: Sequence[str]) -> None:
        """Raise InvalidDesign naming every option whose column the file does not have."""
        present = set(header)
        missing = {
            option: f"column '{column}' is not in the file (it has: {', '.join(header)})"
            for option, column in self.spec.columns().items()
            if column not in present
        }
        if missing:
            raise InvalidDesign("The file lacks columns the import needs.", missing)

    def add(self, line: int, row: Mapping[str, str | None]) -> bool:
        """Take one row read from ``line``; False if it was imported before or is bad.

        Good rows wait to be stored in a batch: call ``store_pending`` when ``batch_full`` and
        before committing.
        """
        try:
            return self._add(line, row)
        except BadRow as problem:
            self.summary.problems.append(RowProblem(line, str(problem)))
            return False
        except InvalidAnswer as problem:
            details = "; ".join(f"{k} {v}" for k, v in problem.fields.items()) or problem.message
            self.summary.problems.append(RowProblem(line, details))
            return False

    def refuse(self, line: int, reason: str) -> None:
        """Report a record the file reader could not read (it is not valid CSV)."""
        self.summary.problems.append(RowProblem(line, reason))

    def _cell(self, row: Mapping[str, str | None], column: str | None) -> str:
        if not column:
            return ""
        value = row.get(column)
        return (value or "").strip()

    def _add(self, line: int, row: Mapping[str, str | None]) -> bool:
        spec = self.spec
        text = self._cell(row, spec.text_column)
        if not text:
            raise BadRow(f"the feedback text ('{spec.text_column}') is empty")
        if len(text) > MAX_TEXT_LENGTH:
            raise BadRow(f"the feedback text is longer than {MAX_TEXT_LENGTH} characters")
        raw_rating = self._cell(row, spec.rating_column)
        rating = _parse_rating(raw_rating) if raw_rating else None
        raw_created = self._cell(row, spec.created_column)
        created = _parse_created(raw_created, self._latest) if raw_created else None
        touchpoint_name = spec.touchpoint or self._cell(row, spec.touchpoint_column)
        if not touchpoint_name:
            raise BadRow(f"the touchpoint ('{spec.touchpoint_column}') is empty")
        # Refused rather than cut: a cut name would be stored under a name the file never
        # gave, and two long names alike up to the limit would become one touchpoint.
        if len(touchpoint_name) > TOUCHPOINT_NAME_MAX:
            raise BadRow(f"touchpoint is longer than {TOUCHPOINT_NAME_MAX} characters")
        persona_name = self._cell(row, spec.persona_column)
        if len(persona_name) > PERSONA_NAME_MAX:
            raise BadRow(f"persona is longer than {PERSONA_NAME_MAX} characters")

        key, legacy = self._keys(
            line, row, text, raw_rating, raw_created, touchpoint_name, persona_name
        )
        if key in self._stored_keys or legacy in self._stored_keys:
            self.summary.already_imported += 1
            return False
        target = self._targets.get(touchpoint_name.casefold()) or self._target_named(
            touchpoint_name
        )
        answers: dict[str, object] = {"q1": text}
        if rating is not None:
            answers["q2"] = rating
        self._pending.append(
            prepare_response(
                NewResponse(
                    target,
                    answers,
                    ResponseSource.IMPORT,
                    client_key=key,
                    persona_id=self._persona_id(persona_name) if persona_name else None,
                    created_at=created,
                    meta={"import": {"line": line}},
                )
            )
        )
        self._stored_keys.add(key)
        self.summary.imported += 1
        return True

    @property
    def batch_full(self) -> bool:
        """Whether a batch of rows waits to be stored."""
        return len(self._pending) >= BATCH

    def take_pending(self) -> list[PreparedResponse]:
        """The rows taken since the last call, to be stored later with ``store``."""
        batch, self._pending = self._pending, []
        return batch

    def store_pending(self) -> list[int]:
        """Store the rows taken since the last call; return the ids of the responses stored
        (flushes; the caller commits)."""
        return self.store(self.take_pending())

    def store(self, batch: Sequence[PreparedResponse]) -> list[int]:
        """Store a batch from ``take_pending``; return the ids of the responses stored
        (flushes; the caller commits)."""
        stored = []
        for response_id in insert_responses(self.session, batch):
            if response_id is None:  # another import of the same file stored it first
                self.summary.imported -= 1
                self.summary.already_imported += 1
            else:
                stored.append(response_id)
        return stored

    def _keys(self, line: int, row: Mapping[str, str | None], *read: str) -> tuple[str, str | None]:
        """The row's import key, and the key an earlier release gave it (or None).

        The key is the row's id, or the digest of every cell of the row and how many identical
        rows came before it (identical rows differ). Every cell, not only those this import
        reads: then importing the same file again with another option (``--created-column``)
        finds the rows it stored, and a later file whose "Thanks!" has another date or ticket
        is not taken for the earlier one. Earlier releases digested only the cells read, so
        that key (``read``) is looked up too, and files they imported are not stored again.
        """
        if self.spec.id_column:
            row_id = self._cell(row, self.spec.id_column)
            if not row_id:
                raise BadRow(f"the id ('{self.spec.id_column}') is empty")
            if row_id in self._ids_seen:
                raise BadRow(f"id '{row_id}' was already used on line {self._ids_seen[row_id]}")
            self._ids_seen[row_id] = line
            key = f"import:id:{row_id}"
            if len(key) <= KEY_MAX:
                return key, None
            # Too long to keep whole: a digest, so ids alike up to the limit stay apart. Earlier
            # releases cut the key at the limit; that key is looked up too.
            digest = hashlib.sha256(row_id.encode()).hexdigest()
            return f"import:id-sha256:{digest}", key[:KEY_MAX]
        cells = "\x1f".join(f"{name}\x1e{(value or '').strip()}" for name, value in row.items())
        return self._occurrence("cells", cells), self._occurrence("row", "\x1f".join(read))

    def _occurrence(self, kind: str, content: str) -> str:
        digest = hashlib.sha256(content.encode()).hexdigest()[:40]
        self._occurrences[kind, digest] += 1
        return f"import:{kind}:{digest}:{self._occurrences[kind, digest]}"

    def _touchpoint(self, name: str) -> Touchpoint:
        """The journey's touchpoint called ``name`` (ignoring case), made under the stage if new."""
        journey = self.spec.journey
        wanted = name.casefold()
        for touchpoint in journey.touchpoints:
            if touchpoint.name.casefold() == wanted:
                return touchpoint
        made = add_touchpoint(
            self.session, journey, name, channel=self.spec.channel, stage=self.spec.stage
        )
        self.summary.touchpoints_created.append(made.name)
        return made

    def _persona_id(self, name: str) -> int:
        """The journey's persona called ``name``, made the first time the file names it."""
        wanted = name.casefold()
        if wanted not in self._personas:
            try:
                persona = persona_named(self.session, self.spec.journey.id, name)
            except UnknownPersona:
                persona = add_persona(self.session, self.spec.journey, name)
                self.summary.personas_created.append(persona.name)
            self._personas[wanted] = persona.id
        return self._personas[wanted]

    def _target_named(self, name: str) -> Target:
        """Where rows naming touchpoint ``name`` belong: the import survey of this stage and that
        touchpoint, made the first time (rows then find it by name without a query)."""
        touchpoint = self._touchpoint(name)
        stage = self.spec.stage
        public_id = f"import-{stage.id}-{touchpoint.id}"
        survey = self.session.scalar(select(Survey).where(Survey.public_id == public_id))
        if survey is None:
            survey = Survey(
                journey=self.spec.journey,
                stage=stage,
                touchpoint=touchpoint,
                public_id=public_id,
                title=f"Imported feedback: {touchpoint.name}"[:200],
                intro="Feedback imported from files; not answered on a page.",
                status=SurveyStatus.IMPORTED,
            )
            version = SurveyVersion(number=1, published_at=utcnow())
            version.questions = [
                Question(key="q1", position=1, kind="free_text", prompt="Feedback", required=True),
                Question(key="q2", position=2, kind="rating", prompt="Rating (1–5)"),
            ]
            survey.versions.append(version)
            self.session.add(survey)
            self.session.flush()
        target = self._targets[name.casefold()] = frozen_target_of(self.session, survey.versions[0])
        return target
