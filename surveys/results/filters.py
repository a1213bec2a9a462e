"""The filters of the results pages and exports: parsed from a query string, turned into SQL.

Summary, inbox and exports take the same filters (version, date range, persona, channel,
completion, answer values), so a link carries them from one page to the next; the inbox adds the
sentiment label, emotion, theme and a text search. Unknown values are a 400 naming the field,
never a guess.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Protocol

from sqlalchemy import ColumnElement, String, and_, cast, exists, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement as Condition

from surveys.errors import SurveyError
from surveys.models import CHANNELS, Answer, AnswerScore, Response, ResponseStatus, Survey
from surveys.results.catalogue import QuestionGroup

COMPLETIONS: tuple[str, ...] = tuple(status.value for status in reversed(ResponseStatus))
# The labels and emotions the scoring pipeline stores (sentiment.LABELS / sentiment.EMOTIONS;
# a test keeps them equal — surveys does not import the sentiment library).
LABELS: tuple[str, ...] = ("negative", "neutral", "positive")
EMOTIONS: tuple[str, ...] = (
    "delighted",
    "satisfied",
    "neutral",
    "confused",
    "anxious",
    "frustrated",
    "disappointed",
    "angry",
)
# Answer conditions: operator → words, and which kinds of question each applies to.
OPERATORS: dict[str, str] = {
    "answered": "answered",
    "eq": "is",
    "ne": "is not",
    "le": "is at most",
    "ge": "is at least",
    "has": "includes",
}
SCALE_OPERATORS = ("answered", "eq", "ne", "le", "ge")
CHOICE_OPERATORS = ("answered", "eq", "ne", "has")
MAX_SEARCH_LENGTH = 200
MAX_CONDITIONS = 10


class InvalidFilter(SurveyError):
    """A results filter that cannot apply; ``fields`` names the query parameter."""

    code = "invalid_filter"


class QueryArgs(Protocol):
    """A query string as Werkzeug's MultiDict offers it: every value given for a name."""

    def getlist(self, key: str) -> list[str]: ...


def _one(args: QueryArgs, name: str) -> str:
    """The first value of ``name`` (empty when absent), without outer spaces."""
    values = args.getlist(name)
    return values[0].strip() if values else ""


@dataclass(frozen=True, slots=True)
class AnswerCondition:
    """ "Show people who answered q1 at most 6": a question key, an operator and a value."""

    key: str
    operator: str
    value: str = ""

    @property
    def token(self) -> str:
        """The condition as the ``answer`` query parameter spells it (``q1:le:6``)."""
        return f"{self.key}:{self.operator}:{self.value}"

    def words(self, groups: Sequence[QuestionGroup]) -> str:
        """The condition as a reader says it: 'How likely… is at most 6'."""
        prompt = next((g.prompt for g in groups if g.key == self.key), self.key)
        tail = "" if self.operator == "answered" else f" {self.value}"
        return f"“{prompt}” {OPERATORS[self.operator]}{tail}"


@dataclass(frozen=True, slots=True)
class ResultFilters:
    """Which responses a results page, an export or an erasure preview looks at."""

    version: int | None = None  # a version number of the survey
    since: date | None = None
    until: date | None = None
    persona_id: int | None = None
    channel: str | None = None
    completion: str | None = None  # "complete" or "partial"
    answers: tuple[AnswerCondition, ...] = ()
    # The inbox's own: a text answer's sentiment label, emotion, theme, and words in any answer.
    label: str | None = None
    emotion: str | None = None
    theme: str | None = None
    search: str | None = None
    version_id: int | None = field(default=None, compare=False)

    def query(self) -> dict[str, str | list[str]]:
        """The filters as query parameters (for links, pagination and downloads)."""
        out: dict[str, str | list[str]] = {}
        plain: dict[str, object] = {
            "version": self.version,
            "since": self.since,
            "until": self.until,
            "persona": self.persona_id,
            "channel": self.channel,
            "completion": self.completion,
            "label": self.label,
            "emotion": self.emotion,
            "theme": self.theme,
            "q": self.search,
        }
        for name, value in plain.items():
            if value is not None:
                out[name] = value.isoformat() if isinstance(value, date) else str(value)
        if self.answers:
            out["answer"] = [c.token for c in self.answers]
        return out

    def summary_part(self) -> ResultFilters:
        """The filters the summary applies (the inbox-only ones dropped)."""
        return replace(self, label=None, emotion=None, theme=None, search=None)

    @property
    def active(self) -> bool:
        """Whether any filter narrows the responses."""
        return bool(self.query())

    def with_answer(self, condition: AnswerCondition) -> ResultFilters:
        """These filters and one more answer condition (a summary's "detractors" link)."""
        return replace(self, answers=(*self.answers, condition))


def _date(args: QueryArgs, name: str, label: str) -> date | None:
    raw = _one(args, name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidFilter(
            f"The “{label}” date must look like 2026-01-31.", {name: "must be a date"}
        ) from None


def _choice(args: QueryArgs, name: str, allowed: Sequence[str], label: str) -> str | None:
    raw = _one(args, name)
    if not raw:
        return None
    if raw not in allowed:
        raise InvalidFilter(
            f"Choose a {label} from the list ({', '.join(allowed)}).",
            {name: f"must be one of {', '.join(allowed)}"},
        )
    return raw


def _number(args: QueryArgs, name: str, allowed: Sequence[int], label: str) -> int | None:
    raw = _one(args, name)
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9 or int(raw) not in allowed:
        raise InvalidFilter(f"Choose a {label} from the list.", {name: f"is not a {label}"})
    return int(raw)


def parse_condition(token: str, groups: Sequence[QuestionGroup]) -> AnswerCondition:
    """``q1:le:6`` → a condition on q1, checked against the question's kind and scale."""
    key, _, rest = token.partition(":")
    operator, _, value = rest.partition(":")
    key, operator, value = key.strip(), operator.strip() or "answered", value.strip()
    found = [g for g in groups if g.key == key]
    if not found:
        raise InvalidFilter(f"This survey has no question “{key[:40]}”.", {"answer": "unknown"})
    group = found[-1]
    allowed = (
        SCALE_OPERATORS
        if group.is_scale
        else CHOICE_OPERATORS
        if group.is_choice
        else ("answered",)
    )
    if operator not in allowed:
        words = ", ".join(OPERATORS[o] for o in allowed)
        raise InvalidFilter(
            f"“{group.prompt[:60]}” can be filtered by: {words}.",
            {"answer": f"operator must be one of {', '.join(allowed)}"},
        )
    if operator == "answered":
        return AnswerCondition(key, operator)
    if group.is_scale:
        low, high = group.scale()
        if not value.lstrip("-").isdigit() or not low <= int(value) <= high:
            raise InvalidFilter(
                f"“{group.prompt[:60]}” takes whole numbers from {low} to {high}.",
                {"answer": f"value must be a whole number from {low} to {high}"},
            )
        return AnswerCondition(key, operator, str(int(value)))
    if value not in group.options():
        raise InvalidFilter(
            f"“{value[:60]}” is not an option of “{group.prompt[:60]}”.",
            {"answer": "value must be one of the question's options"},
        )
    return AnswerCondition(key, operator, value)


def parse_filters(
    survey: Survey, args: QueryArgs, groups: Sequence[QuestionGroup]
) -> ResultFilters:
    """The filters a query string asks for; InvalidFilter names the first bad parameter.

    Answer conditions come as repeated ``answer=q1:le:6``; a form adds one more with
    ``answer_key``, ``answer_op`` and ``answer_value`` (so it works without JavaScript).
    """
    versions = {v.number: v.id for v in survey.versions if v.published_at is not None}
    number = _number(args, "version", sorted(versions), "version")
    since, until = _date(args, "since", "From"), _date(args, "until", "To")
    if since and until and until < since:
        raise InvalidFilter("The date range ends before it starts.", {"until": "before From"})
    tokens = [t for t in args.getlist("answer") if t.strip()]
    new_key = _one(args, "answer_key")
    if new_key:
        tokens.append(f"{new_key}:{_one(args, 'answer_op')}:{_one(args, 'answer_value')}")
    if len(tokens) > MAX_CONDITIONS:
        raise InvalidFilter(
            f"At most {MAX_CONDITIONS} answer conditions.", {"answer": "too many conditions"}
        )
    conditions = tuple(dict.fromkeys(parse_condition(t, groups) for t in tokens))
    search = _one(args, "q") or None
    if search is not None and len(search) > MAX_SEARCH_LENGTH:
        raise InvalidFilter(
            f"Search for at most {MAX_SEARCH_LENGTH} characters.", {"q": "too long"}
        )
    theme = _one(args, "theme") or None
    if theme is not None and len(theme) > MAX_SEARCH_LENGTH:
        raise InvalidFilter("That theme is too long.", {"theme": "too long"})
    return ResultFilters(
        version=number,
        version_id=versions.get(number) if number is not None else None,
        since=since,
        until=until,
        persona_id=_number(args, "persona", [p.id for p in survey.journey.personas], "persona"),
        channel=_choice(args, "channel", CHANNELS, "channel"),
        completion=_choice(args, "completion", COMPLETIONS, "completion"),
        answers=conditions,
        label=_choice(args, "label", LABELS, "sentiment"),
        emotion=_choice(args, "emotion", EMOTIONS, "emotion"),
        theme=theme,
        search=search,
    )


def like_escape(value: str) -> str:
    """``value`` as a LIKE pattern's literal part (``\\`` escapes ``%`` and ``_``)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _answered(condition: AnswerCondition, groups: Sequence[QuestionGroup]) -> ColumnElement[bool]:
    ids = [i for g in groups if g.key == condition.key for i in g.ids]
    # The responses whose answer matches, found once from the question's answers (its index),
    # rather than a probe per response; an alias, as the query it filters may read answers too.
    answer = aliased(Answer)
    test: list[Condition[bool]] = [answer.question_id.in_(ids)]
    op, value = condition.operator, condition.value
    group = next(g for g in groups if g.key == condition.key)
    if op != "answered" and group.is_scale:
        number = float(value)
        test.append(
            {
                "eq": answer.value_number == number,
                "ne": answer.value_number != number,
                "le": answer.value_number <= number,
                "ge": answer.value_number >= number,
            }[op]
        )
    elif op != "answered" and group.kind == "multiple_choice":
        # Stored as a JSON list: the quoted option is found as written, on both databases.
        pattern = "%" + like_escape(json.dumps(value, ensure_ascii=False)) + "%"
        found = answer.value_text.like(pattern, escape="\\")
        test.append(~found if op == "ne" else found)
    elif op != "answered":
        test.append(answer.value_text != value if op == "ne" else answer.value_text == value)
    return Response.id.in_(select(answer.response_id).where(*test))


def conditions(
    filters: ResultFilters, survey: Survey, groups: Sequence[QuestionGroup]
) -> list[ColumnElement[bool]]:
    """The WHERE clauses over ``Response`` that pick the survey's filtered responses."""
    where: list[ColumnElement[bool]] = [Response.survey_id == survey.id]
    if filters.version_id is not None:
        where.append(Response.version_id == filters.version_id)
    if filters.since is not None:
        where.append(Response.created_at >= datetime.combine(filters.since, time.min))
    if filters.until is not None:
        end = datetime.combine(filters.until + timedelta(days=1), time.min)
        where.append(Response.created_at < end)
    if filters.persona_id is not None:
        where.append(Response.persona_id == filters.persona_id)
    if filters.channel is not None:
        where.append(Response.channel == filters.channel)
    if filters.completion is not None:
        where.append(Response.status == filters.completion)
    where += [_answered(c, groups) for c in filters.answers]
    if filters.label or filters.emotion or filters.theme:
        answer, score = aliased(Answer), aliased(AnswerScore)
        scored: list[Condition[bool]] = [
            answer.response_id == Response.id,
            score.answer_id == answer.id,
        ]
        if filters.label:
            scored.append(score.label == filters.label)
        if filters.emotion:
            scored.append(score.emotion == filters.emotion)
        if filters.theme:
            pattern = "%" + like_escape(json.dumps(filters.theme)) + "%"
            scored.append(cast(score.themes, String).like(pattern, escape="\\"))
        where.append(exists(select(answer.id).where(and_(*scored)).correlate(Response)))
    if filters.search:
        answer = aliased(Answer)
        pattern = "%" + like_escape(filters.search) + "%"
        where.append(
            exists(
                select(answer.id)
                .where(
                    answer.response_id == Response.id,
                    answer.value_text.ilike(pattern, escape="\\"),
                )
                .correlate(Response)
            )
        )
    return where
