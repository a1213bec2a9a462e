"""Pages of a questionnaire and the logic that decides what is asked: question conditions, page
conditions and "end the survey here".

A version lists its pages (``SurveyVersion.pages``: name, title, condition, end condition) and
each question names its page (``settings["page"]``); a version without pages is one page. The
same rules serve every way in — the hosted page and the widget walk the pages one at a time, the
API judges a whole response at once — so a question hidden on one is hidden on all.

Conditions are SurveyJS expressions (``surveys.expressions``); questions stored before them hold
a ``{"question", "operator", "value"}`` object, read here as the expression it always meant.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from surveys import expressions
from surveys.expressions import And, Check, Compare, ConditionError, Const, Expr, Var

if TYPE_CHECKING:
    from surveys.models import Question, SurveyVersion

DEFAULT_PAGE = "page1"
MAX_PAGES = 50
MAX_PAGE_TITLE = 200


@dataclass(frozen=True, slots=True)
class PageSpec:
    """A page as a researcher sets it up: its name, title, when it is shown, and whether the
    survey ends after it (when ``end_if`` holds)."""

    name: str
    title: str = ""
    show_if: str | None = None
    end_if: str | None = None

    def stored(self) -> dict[str, Any]:
        """The page as ``SurveyVersion.pages`` keeps it."""
        page: dict[str, Any] = {"name": self.name}
        if self.title:
            page["title"] = self.title
        if self.show_if:
            page["show_if"] = self.show_if
        if self.end_if:
            page["end_if"] = self.end_if
        return page


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a version with its questions, in order."""

    index: int
    spec: PageSpec
    questions: tuple[Question, ...]

    @property
    def name(self) -> str:
        """The page's name (unique in its version)."""
        return self.spec.name


def page_of(settings: Mapping[str, Any]) -> str:
    """The page a question's settings place it on."""
    return str(settings.get("page") or DEFAULT_PAGE)


def page_specs(stored: object, questions: Sequence[Any] = ()) -> list[PageSpec]:
    """The pages of a version: those stored, then any page a question names that is not listed
    (in the order questions name them), else one page."""
    specs: list[PageSpec] = []
    for entry in stored if isinstance(stored, list) else []:
        if isinstance(entry, Mapping) and entry.get("name"):
            specs.append(
                PageSpec(
                    name=str(entry["name"]),
                    title=str(entry.get("title") or ""),
                    show_if=entry.get("show_if") or None,
                    end_if=entry.get("end_if") or None,
                )
            )
    names = {s.name for s in specs}
    for question in questions:
        name = page_of(question.settings)
        if name not in names:
            names.add(name)
            title = str(question.settings.get("page_title") or "")  # as imports once kept it
            specs.append(PageSpec(name=name, title=title))
    return specs or [PageSpec(DEFAULT_PAGE)]


def pages_of(version: SurveyVersion) -> list[Page]:
    """The version's pages with their questions; empty pages are kept (the designer shows
    them), though no respondent ever lands on one."""
    questions = list(version.questions)
    specs = page_specs(version.pages, questions)
    by_page: dict[str, list[Question]] = {s.name: [] for s in specs}
    for question in questions:
        by_page[page_of(question.settings)].append(question)
    return [Page(i, spec, tuple(by_page[spec.name])) for i, spec in enumerate(specs)]


# -- conditions -------------------------------------------------------------------------------


def legacy_condition(condition: Mapping[str, Any]) -> Expr:
    """A stored ``{"question", "operator", "value"}`` condition as the expression it meant: an
    answer to that question that meets the operator (a blank answer never does)."""
    name = Var(str(condition.get("question")))
    operator = condition.get("operator", "answered")
    answered = Check("notempty", name)
    if operator == "answered":
        return answered
    raw = condition.get("value")
    value: expressions.Constant = (
        float(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else str(raw)
    )
    op = {"equals": "=", "not_equals": "!=", "at_least": ">=", "at_most": "<=",
          "includes": "contains"}.get(str(operator), "=")  # fmt: skip
    return And((answered, Compare(op, name, Const(value))))


@lru_cache(maxsize=4096)
def _parsed(text: str) -> Expr | None:
    try:
        return expressions.parse(text)
    except ConditionError:
        return None  # refused when saved; one stored before that check never shows its question


def condition_of(raw: object) -> Expr | None:
    """A stored condition (expression text or the older object) as a tree; None when there is
    none. An unreadable one reads as never holding (``Const(False)``)."""
    if raw is None or raw == "" or raw == {}:
        return None
    if isinstance(raw, str):
        return _parsed(raw) or Const(False)
    if isinstance(raw, Mapping):
        return legacy_condition(raw)
    return Const(False)


def condition_text(raw: object) -> str | None:
    """A stored condition as expression text (the older object written as the expression)."""
    tree = condition_of(raw)
    if tree is None:
        return None
    return raw if isinstance(raw, str) else expressions.to_text(tree)


@dataclass(frozen=True, slots=True)
class Route:
    """What a respondent is asked given some answers: the questions shown, the pages they are
    on (in order), and whether an "end the survey here" cut the rest."""

    shown: frozenset[str]
    pages: tuple[int, ...]
    ended_after: int | None


@dataclass(frozen=True, slots=True)
class _RoutedPage:
    """One page as routing reads it: its conditions parsed, its questions by key."""

    index: int
    show_if: Expr | None
    questions: tuple[tuple[str, Expr | None], ...]  # (key, its condition)
    end_if: Expr | None


class Routing:
    """A version's pages and conditions read once into plain Python, to route many answers.

    Reading a version's questions, settings and pages costs more than judging its conditions;
    an import checks thousands of responses against one published version, so it reads them
    once (``surveys.answers.AnswerRules``). A version without conditions asks the same
    questions whatever the answers, and that route is worked out once too.
    """

    __slots__ = ("_fixed", "_pages")

    def __init__(self, version: SurveyVersion) -> None:
        self._pages = tuple(
            _RoutedPage(
                page.index,
                condition_of(page.spec.show_if),
                tuple((q.key, condition_of(q.settings.get("show_if"))) for q in page.questions),
                (condition_of(page.spec.end_if) or Const(False)) if page.spec.end_if else None,
            )
            for page in pages_of(version)
        )
        conditional = any(
            page.show_if is not None
            or page.end_if is not None
            or any(tree is not None for _, tree in page.questions)
            for page in self._pages
        )
        self._fixed = None if conditional else self._walk({})

    @property
    def fixed(self) -> Route | None:
        """The route every response takes when the version has no condition, else None."""
        return self._fixed

    def route(self, answers: Mapping[str, object]) -> Route:
        """Which questions and pages are asked given ``answers`` (see ``route``)."""
        return self._fixed if self._fixed is not None else self._walk(answers)

    def _walk(self, answers: Mapping[str, object]) -> Route:
        shown: set[str] = set()
        known: dict[str, object] = {}
        pages: list[int] = []
        for page in self._pages:
            if page.show_if is not None and not expressions.holds(page.show_if, known):
                continue
            on_page = False
            for key, show_if in page.questions:
                if show_if is None or expressions.holds(show_if, known):
                    shown.add(key)
                    on_page = True
                    if key in answers:
                        known[key] = answers[key]
            if on_page:
                pages.append(page.index)
            if page.end_if is not None and expressions.holds(page.end_if, known):
                return Route(frozenset(shown), tuple(pages), page.index)
        return Route(frozenset(shown), tuple(pages), None)


def route(version: SurveyVersion, answers: Mapping[str, object]) -> Route:
    """Which questions and pages are asked given ``answers`` (key → answer as stored).

    In order: a page whose condition fails is skipped with all its questions; a question whose
    condition fails is skipped; conditions read only answers to questions asked before them
    (a skipped question's answer does not count); after a page whose end condition holds,
    nothing more is asked.
    """
    return Routing(version).route(answers)


def visible_questions(version: SurveyVersion, answers: Mapping[str, object]) -> set[str]:
    """Keys of the questions asked given ``answers``; a question not asked has its answer
    dropped and its "required" waived."""
    return set(route(version, answers).shown)


# -- walking the pages ------------------------------------------------------------------------


def displayed(version: SurveyVersion, index: int, answers: Mapping[str, object]) -> list[Question]:
    """The questions page ``index`` shows given the answers so far: those asked. A question
    whose condition reads an answer on the same page appears once that answer is in."""
    route_now = route(version, answers)
    page = pages_of(version)[index]
    return [q for q in page.questions if q.key in route_now.shown]


def landing(version: SurveyVersion, answers: Mapping[str, object], wanted: int | None) -> int:
    """The page to show: ``wanted`` if it is on the route, else the nearest route page before
    it, else the first; the first page of all when nothing is asked."""
    pages = route(version, answers).pages
    if not pages:
        return 0
    if wanted is None or wanted in pages:
        return pages[0] if wanted is None else wanted
    before = [p for p in pages if p < wanted]
    return before[-1] if before else pages[0]


def next_page(version: SurveyVersion, index: int, answers: Mapping[str, object]) -> int | None:
    """The next page asked after ``index`` given the answers, or None when the survey is done."""
    return next((p for p in route(version, answers).pages if p > index), None)


def previous_page(version: SurveyVersion, index: int, answers: Mapping[str, object]) -> int | None:
    """The page asked before ``index`` given the answers, or None on the first."""
    before = [p for p in route(version, answers).pages if p < index]
    return before[-1] if before else None


def progress(version: SurveyVersion, index: int, answers: Mapping[str, object]) -> tuple[int, int]:
    """(this page's number, how many pages are asked) given the answers so far."""
    pages = route(version, answers).pages or (index,)
    number = sum(1 for p in pages if p <= index) or 1
    return number, max(len(pages), number)
