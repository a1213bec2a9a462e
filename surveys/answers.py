"""Validation of submitted answers against the exact survey version answered.

The checks per question kind live in ``surveys.kinds``, what is asked (conditions, pages, "end
the survey here") in ``surveys.pages``; every way in (page, widget, API, import, demo) goes
through ``clean_answers`` (a whole response) or ``clean_page`` (one page of it).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import partial

from surveys import expressions
from surveys.answer_names import COMMENT_SUFFIX, answers_by_key
from surveys.errors import InvalidAnswer
from surveys.expressions import Expr
from surveys.kinds import KINDS, MAX_TEXT_LENGTH, CleanAnswer, QuestionKind
from surveys.kinds.base import BindsCheck, Check
from surveys.kinds.carry import carried_items, carry_of, offered
from surveys.kinds.choices import MAX_COMMENT, OTHER
from surveys.kinds.free_text import clean_text
from surveys.kinds.repeat import earlier_read, given_earlier
from surveys.models import Question, SurveyVersion
from surveys.pages import Routing, condition_of, visible_questions

__all__ = [
    "COMMENT_SUFFIX",
    "MAX_TEXT_LENGTH",
    "CleanAnswer",
    "clean_answers",
    "clean_page",
    "is_blank",
    "missing_required",
]

REQUIRED = "is required"
#: Said of each question of a group required as a whole (SurveyJS's ``multipletext`` with
#: ``isRequired``) when none of them is answered.
ONE_OF_GROUP = "answer at least one of the questions in this group"


def is_blank(value: object) -> bool:
    """Whether ``value`` counts as no answer (None, only whitespace, an empty list or object)."""
    if isinstance(value, str):  # nearly every answer: no list or dict comparisons for it
        return not value.strip()
    return value is None or value == [] or value == {}


def _chose_other(clean: CleanAnswer) -> bool:
    """Whether the answer picks "Other" (alone, or among several choices)."""
    if clean.text is None:
        return False
    return clean.text == OTHER or (clean.text.startswith("[") and f'"{OTHER}"' in clean.text)


def _bound_check(kind: QuestionKind | None, question: Question) -> Check | None:
    """``kind``'s check bound to ``question`` (its settings read once where the kind can)."""
    if kind is None:
        return None
    if isinstance(kind, BindsCheck):
        return kind.checker(question)
    return partial(kind.check, question)


@dataclass(frozen=True, slots=True)
class _Asked:
    """A question as the checks read it: its attributes read once, not once per answer."""

    question: Question
    key: str
    comment_key: str  # where its "Other" text arrives
    kind: QuestionKind | None  # None: a kind this release cannot answer
    kind_name: str
    required: bool
    other: bool  # whether it offers "Other (please specify)"
    required_if: Expr | None  # required only when this holds (SurveyJS's requiredIf)
    group: str | None  # a group required as a whole: at least one of its questions answered
    carry: tuple[str, str] | None  # options carried from an earlier question: (its key, mode)
    #: The earlier questions its fields' ``required_if`` read (a repeating group's; read once).
    earlier: frozenset[str]
    #: Its kind's check bound to it (None: no kind), called once per answer.
    check: Check | None

    @classmethod
    def of(cls, question: Question) -> _Asked:
        """``question`` read once."""
        group = question.settings.get("required_group")
        kind = KINDS.get(question.kind)
        return cls(
            question=question,
            key=question.key,
            comment_key=question.key + COMMENT_SUFFIX,
            kind=kind,
            kind_name=question.kind,
            required=question.required,
            other=bool(question.settings.get("other")),
            required_if=condition_of(question.settings.get("required_if")),
            group=group if isinstance(group, str) else None,
            carry=carry_of(question.settings),
            earlier=frozenset(earlier_read(question.settings)),
            check=_bound_check(kind, question),
        )

    def nothing_offered(self, known: Mapping[str, object]) -> bool:
        """Whether it carries options from an earlier answer and none are carried (none chosen
        there): nothing can be answered, so it is never required then."""
        if self.carry is None:
            return False
        return not carried_items(self.question.settings, known.get(self.carry[0]))

    @property
    def reads_known(self) -> bool:
        """Whether checking its answer reads the earlier answers of the response."""
        return self.carry is not None or bool(self.earlier)

    @property
    def plain(self) -> bool:
        """Whether its check and whether it is required never depend on other answers (no
        required_if, required group, carried options or rows reading earlier answers)."""
        return (
            self.required_if is None
            and self.group is None
            and not self.reads_known
            and self.kind is not None
        )

    def is_required(self, known: Mapping[str, object]) -> bool:
        """Whether it must be answered given the ``known`` answers asked before it."""
        if self.required:
            return True
        return self.required_if is not None and expressions.holds(self.required_if, known)


def _unanswered(
    questions: Iterable[_Asked], shown: Collection[str], answers: Mapping[str, object]
) -> dict[str, str]:
    """The problems of the ``shown`` questions left without an answer in ``answers`` (key →
    stored-form value): each required one, and each question of a required group none of whose
    shown questions is answered."""
    known = {k: v for k, v in answers.items() if k in shown}
    problems: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    for asked in questions:
        if asked.key not in shown:
            continue
        if asked.group is not None:
            groups.setdefault(asked.group, []).append(asked.key)
        if asked.earlier and asked.key in answers:
            # Its rows' fields required only if an earlier answer says so are judged on the
            # answers as they now stand (that answer may have changed since the rows were given).
            problems.update(_check(asked, answers[asked.key], None, known)[1])
        if (
            asked.key not in answers
            and asked.is_required(known)
            and not asked.nothing_offered(known)
        ):
            problems[asked.key] = REQUIRED
    for keys in groups.values():
        if not any(key in answers for key in keys):
            problems.update({key: problems.get(key, ONE_OF_GROUP) for key in keys})
    return problems


def _check(
    asked: _Asked, value: object, comment: object, known: Mapping[str, object]
) -> tuple[CleanAnswer | None, dict[str, str]]:
    """One question's answer checked by its kind against what it offers given the ``known``
    answers (options carried from one of them), with its "Other" text; problems by field."""
    if asked.kind is None:
        return None, {asked.key: f"is a '{asked.kind_name}' question, which cannot be answered yet"}
    if not asked.reads_known:
        assert asked.check is not None  # bound for every kind
        result = asked.check(value)
    else:
        # A stand-in asked given the earlier answers: the options carried, the answers its
        # rows' required_if read; the clean answer is the question's own.
        stand_in = given_earlier(offered(asked.question, known), known, asked.earlier)
        result = asked.kind.check(stand_in, value)
        result = result if isinstance(result, str) else replace(result, question=asked.question)
    if isinstance(result, str):
        return None, {asked.key: result}
    if not asked.other or not _chose_other(result):
        return result, {}
    text = clean_text(comment) if isinstance(comment, str) else ""
    if not text:
        return None, {asked.comment_key: "say what “Other” is"}
    if len(text) > MAX_COMMENT:
        return None, {asked.comment_key: f"must be at most {MAX_COMMENT} characters"}
    return replace(result, comment=text), {}


def _checked(
    questions: Iterable[_Asked],
    raw: Mapping[str, object],
    earlier: Mapping[str, object] | None = None,
) -> tuple[dict[str, CleanAnswer], dict[str, object], dict[str, str]]:
    """Each non-blank answer checked, given the ``earlier`` answers of the response (stored
    form): (clean answers, their stored-form values, problems)."""
    cleaned: dict[str, CleanAnswer] = {}
    values: dict[str, object] = {}
    problems: dict[str, str] = {}
    for asked in questions:
        value = raw.get(asked.key)
        if is_blank(value):
            continue
        known = {**(earlier or {}), **values} if asked.reads_known else values
        clean, found = _check(asked, value, raw.get(asked.comment_key), known)
        problems.update(found)
        if clean is not None and asked.kind is not None:  # a clean answer has a kind
            cleaned[asked.key] = clean
            values[asked.key] = asked.kind.value(asked.question, clean.text, clean.number)
    return cleaned, values, problems


@dataclass(frozen=True, slots=True)
class _SetValue:
    """A rule setting one answer when a condition turns true (SurveyJS's ``setvalue`` trigger)."""

    target: str
    when: Expr
    reads: frozenset[str]
    value: object  # the answer set, as SurveyJS holds it; blank clears the answer


def _set_value_rules(questions: Iterable[Question]) -> tuple[_SetValue, ...]:
    """The ``set_by`` rules of ``questions``, in question then rule order."""
    rules = []
    for question in questions:
        for rule in question.settings.get("set_by") or []:
            when = condition_of(rule.get("if")) if isinstance(rule, Mapping) else None
            if when is not None:
                rule_value = rule.get("value")
                reads = frozenset(expressions.names(when))
                rules.append(_SetValue(question.key, when, reads, rule_value))
    return tuple(rules)


class AnswerRules:
    """How answers to one version are checked, read from it once into plain Python.

    Reading a version's questions, settings and conditions (ORM attributes, JSON settings) costs
    more than checking an answer; a published version never changes, so its target keeps one
    of these and every response to it — an import's thousands, the API's many — is checked
    without reading the version again. A version being designed gets a fresh one per check.
    """

    __slots__ = ("_asked", "_known", "_quick", "_required", "_routing", "_set_by")

    def __init__(self, version: SurveyVersion) -> None:
        self._asked = tuple(_Asked.of(q) for q in version.questions)
        self._set_by = _set_value_rules(version.questions)
        self._known = frozenset(a.key for a in self._asked) | {
            a.comment_key for a in self._asked if a.other
        }
        self._routing = Routing(version)
        # Most versions (every import's, most API surveys') have no condition, set-value rule,
        # required_if, required group or carried options: then what is asked and required is
        # the same for every response, worked out here once, and ``clean`` only checks each
        # answer given (``_clean_quick``). Any of those features takes the general route.
        fixed = self._routing.fixed
        quick = (
            fixed is not None
            and fixed.shown.issuperset(a.key for a in self._asked)
            and not self._set_by
            and all(a.plain for a in self._asked)
        )
        #: The questions, when every response is asked and required the same (else None).
        self._quick = self._asked if quick else None
        #: The keys of those that must be answered then.
        self._required = tuple(a.key for a in self._quick or () if a.required)

    @property
    def unconditional(self) -> bool:
        """Whether every response is asked and required the same, whatever its answers (then
        ``clean`` takes the quick route)."""
        return self._quick is not None

    def _by_key(self, raw: Mapping[str, object]) -> Mapping[str, object]:
        """``raw`` keyed by question key: answers as SurveyJS sends them (``survey.data``: by
        SurveyJS name, a group's boxes or cells under its name) mean the same questions."""
        if raw.keys() <= self._known:  # compared in place (issuperset copies a dict to a set)
            return raw
        return answers_by_key((a.question for a in self._asked), raw)

    def settled(
        self,
        raw: Mapping[str, object],
        earlier: Mapping[str, object] | None = None,
        checked: Mapping[str, object] | None = None,
    ) -> dict[str, object]:
        """``raw`` (question key → value) with the survey's set-value rules applied, as
        survey-core applies its ``setvalue`` triggers when these answers are set one by one.

        survey-core runs a trigger when an answer its condition reads changes, and sets its
        target when the condition then holds (when it does not, nothing is undone). So the
        answers that differ from the ``earlier`` ones (stored form; a field sent blank and
        blank before was not touched) count in question order: each may fire the rules reading
        it, and a later answer to a rule's target, changed too, replaces what the rule set.
        ``checked`` holds the stored-form values of ``raw`` when already worked out.
        """
        if not self._set_by:
            return dict(raw)
        raw = self._by_key(raw)
        settled = dict(raw)
        before = dict(earlier or {})
        values = checked if checked is not None else _checked(self._asked, raw, before)[1]
        current = dict(before)
        for asked in self._asked:
            if asked.key not in raw or values.get(asked.key) == before.get(asked.key):
                continue
            settled[asked.key] = raw[asked.key]  # given after a rule set it: the answer stands
            if (value := values.get(asked.key)) is None:
                current.pop(asked.key, None)
            else:
                current[asked.key] = value
            for rule in self._set_by:
                # A rule never fires on its own target's change alone (survey-core's keys check).
                fires = asked.key in rule.reads and rule.target != asked.key
                if fires and expressions.holds(rule.when, current):
                    settled[rule.target] = "" if rule.value is None else rule.value
        return settled

    def clean(
        self,
        raw: Mapping[str, object],
        *,
        partial: bool = False,
        earlier: Mapping[str, object] | None = None,
    ) -> list[CleanAnswer]:
        """Check ``raw`` (question key → value, or SurveyJS's data shape); InvalidAnswer names
        fields (see ``clean_answers``)."""
        raw = self._by_key(raw)
        problems = {
            key: "is not a question of this survey version" for key in raw if key not in self._known
        }
        if self._quick is not None:
            return self._clean_quick(raw, partial, problems)
        before = {k: v for k, v in (earlier or {}).items() if k not in raw}
        cleaned, values, found = _checked(self._asked, raw, before)
        if self._set_by and (settled := self.settled(raw, earlier, values)) != raw:
            before = {k: v for k, v in (earlier or {}).items() if k not in settled}
            cleaned, values, found = _checked(self._asked, settled, before)
        problems.update(found)
        if not partial:
            shown = self._routing.route(values).shown
            for asked in self._asked:
                if asked.key not in shown:
                    problems.pop(asked.key, None)
                    problems.pop(asked.comment_key, None)
                    cleaned.pop(asked.key, None)
            kept = {k: v for k, v in values.items() if k in cleaned}
            for key, problem in _unanswered(self._asked, shown, kept).items():
                problems.setdefault(key, problem)
        if problems:
            raise InvalidAnswer("Some answers need another look.", problems)
        return list(cleaned.values())

    def _clean_quick(
        self, raw: Mapping[str, object], partial: bool, problems: dict[str, str]
    ) -> list[CleanAnswer]:
        """``clean`` for a version that asks and requires the same whatever the answers: each
        answer given checked by its kind, then the required ones looked for."""
        cleaned: dict[str, CleanAnswer] = {}
        for asked in self._quick or ():
            value = raw.get(asked.key)
            if value is None or is_blank(value):
                continue
            if asked.other or asked.check is None:  # "Other" is checked with its text
                clean, found = _check(asked, value, raw.get(asked.comment_key), {})
                problems.update(found)
                if clean is not None:
                    cleaned[asked.key] = clean
                continue
            result = asked.check(value)
            if isinstance(result, str):
                problems[asked.key] = result
            else:
                cleaned[asked.key] = result
        if not partial:
            for key in self._required:
                if key not in cleaned:
                    problems.setdefault(key, REQUIRED)
        if problems:
            raise InvalidAnswer("Some answers need another look.", problems)
        return list(cleaned.values())

    def clean_page(
        self,
        shown: Collection[str],
        raw: Mapping[str, object],
        earlier: Mapping[str, object],
        *,
        required: bool = True,
    ) -> tuple[list[CleanAnswer], dict[str, object]]:
        """Check the answers to one page's ``shown`` questions (see ``clean_page``)."""
        on_page = [a for a in self._asked if a.key in shown]
        before = {k: v for k, v in earlier.items() if k not in shown}
        cleaned, values, problems = _checked(on_page, raw, before)
        if self._set_by and (settled := self.settled(raw, earlier, values)) != raw:
            # A rule may set an answer on another page: it is kept with this page's.
            on_page = [a for a in self._asked if a.key in shown or a.key in settled]
            before = {k: v for k, v in earlier.items() if k not in shown and k not in settled}
            cleaned, values, problems = _checked(on_page, settled, before)
        merged = before | values
        asked = self._routing.route(merged).shown
        if required:
            for key, problem in _unanswered(on_page, asked, merged).items():
                problems.setdefault(key, problem)
        if problems:
            raise InvalidAnswer("Some answers need another look.", problems)
        kept = [clean for key, clean in cleaned.items() if key in asked]
        return kept, {k: v for k, v in merged.items() if k in asked}


def clean_answers(
    version: SurveyVersion,
    raw: Mapping[str, object],
    *,
    partial: bool = False,
    earlier: Mapping[str, object] | None = None,
) -> list[CleanAnswer]:
    """Check ``raw`` (question key → value) against ``version``; InvalidAnswer names fields.

    Conditions apply in question order: a question not asked has its answer dropped and its
    "required" waived. With ``partial`` (an API client or a respondent still adding answers)
    missing required answers are allowed and nothing is dropped, since the answers a condition
    depends on may come later. ``earlier`` holds answers already stored for the response (key
    → stored-form value) that ``raw`` does not change: options carried from one of them are
    offered as it stands.
    """
    return AnswerRules(version).clean(raw, partial=partial, earlier=earlier)


def clean_page(
    version: SurveyVersion,
    shown: Collection[str],
    raw: Mapping[str, object],
    earlier: Mapping[str, object],
    *,
    required: bool = True,
) -> tuple[list[CleanAnswer], dict[str, object]]:
    """Check the answers to one page's ``shown`` questions, given the ``earlier`` answers kept
    so far (key → stored-form value).

    Returns the clean answers of the questions still asked once these answers count (one whose
    condition reads an answer on this page may now be skipped) and every answer as it now
    stands. InvalidAnswer names each field that does not fit, and — when ``required`` — each
    required question asked on this page and left blank.
    """
    return AnswerRules(version).clean_page(shown, raw, earlier, required=required)


def missing_required(
    version: SurveyVersion, answered: Iterable[str] | Mapping[str, object]
) -> dict[str, str]:
    """The required questions of ``version`` asked but not answered, as field problems.

    ``answered`` maps keys to stored-form values (so conditions can be judged); a plain list of
    keys treats every condition as unknown and asks only unconditional questions.
    """
    values = answered if isinstance(answered, Mapping) else dict.fromkeys(answered, None)
    shown = visible_questions(version, values)
    return _unanswered((_Asked.of(q) for q in version.questions), shown, values)
