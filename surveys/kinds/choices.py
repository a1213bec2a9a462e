"""What the choice kinds (single and multiple choice) share: options the researcher orders
(optionally shuffled per respondent), each with a stored value that may differ from the text
shown, optional "Other (please specify)" and "None of these" entries, SurveyJS ``choices``, and
counts per option."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # stubs lag 3.3

from surveys.kinds.base import Configured, SettingProblem
from surveys.kinds.items import (
    MAX_OPTIONS,
    Item,
    items_from_lines,
    items_from_surveyjs,
    items_of,
    items_problem,
    items_to_lines,
    items_to_surveyjs,
)
from surveys.kinds.summaries import Summary, choice_summary, choice_summary_of_counts
from surveys.kinds.surveyjs_values import surveyjs_text

if TYPE_CHECKING:
    from surveys.models import Question

#: The values SurveyJS gives its "Other (please specify)" and "None" entries.
OTHER, NONE = "other", "none"
DEFAULT_OTHER_TEXT = "Other (please specify)"
DEFAULT_NONE_TEXT = "None of these"
MAX_COMMENT = 500
DISPLAYS = ("radio", "dropdown", "boolean")


def option_items(question: Configured) -> list[Item]:
    """Every option a respondent can pick, in order: the researcher's, then "None of these"
    and "Other" when the question offers them (as SurveyJS lists them)."""
    items = items_of(question.settings.get("options"))
    s = question.settings
    if s.get("none"):
        items.append(Item(NONE, str(s.get("none_text") or DEFAULT_NONE_TEXT)))
    if s.get("other"):
        items.append(Item(OTHER, str(s.get("other_text") or DEFAULT_OTHER_TEXT)))
    return items


def options(question: Configured) -> list[str]:
    """The options' stored values (as answers store them), in the order the researcher set."""
    return [item.key for item in option_items(question)]


def option_choices(question: Question, rng: random.Random | None) -> list[Any]:
    """The field's choices, the researcher's shuffled for this showing when the question says
    so ("None" and "Other" stay last, as SurveyJS keeps them)."""
    listed = items_of(question.settings.get("options"))
    if question.settings.get("randomise") and rng is not None:
        rng.shuffle(listed)  # against order bias; validation does not depend on the order
    extra = option_items(question)[len(listed) :]
    return [SelectChoice(item.key, item.text) for item in [*listed, *extra]]


def options_problem(spec: Configured, minimum: int = 2) -> SettingProblem | None:
    """At least ``minimum`` distinct options of sensible length (one is enough beside "Other"
    or "None of these": a choice between it and them), none using a reserved value."""
    extras = bool(spec.settings.get("other") or spec.settings.get("none"))
    least = 1 if extras else minimum
    fewer = "" if least == 1 else ", or one with “Other” or “None of these”"
    raw = spec.settings.get("options")
    if (problem := items_problem(raw, "options", least, MAX_OPTIONS, fewer)) is not None:
        return "options", problem
    keys = {item.key for item in items_of(spec.settings.get("options"))}
    for flag, value in (("other", OTHER), ("none", NONE)):
        if spec.settings.get(flag) and value in keys:
            return "options", f"'{value}' is the value of the {flag} option; use another value"
    if spec.settings.get("display", "radio") not in DISPLAYS:
        return "display", "is radio buttons or a dropdown"
    for name in ("other_text", "none_text"):
        if len(str(spec.settings.get(name) or "")) > 200:
            return name, "at most 200 characters"
    return None


def options_from_form(data: Mapping[str, Any]) -> dict[str, Any]:
    """Options one per line (``value = text`` to store a value other than the text), shuffling,
    and the "Other" and "None of these" entries."""
    settings: dict[str, Any] = {"options": items_from_lines(data.get("options"))}
    if data.get("randomise"):
        settings["randomise"] = True
    if data.get("other"):
        settings["other"] = True
        if (text := str(data.get("other_text") or "").strip()) and text != DEFAULT_OTHER_TEXT:
            settings["other_text"] = text
    if data.get("none"):
        settings["none"] = True
        if (text := str(data.get("none_text") or "").strip()) and text != DEFAULT_NONE_TEXT:
            settings["none_text"] = text
    return settings


def options_form_data(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The designer's fields for options, shuffling, "Other" and "None of these"."""
    return {
        "options": items_to_lines(settings.get("options")),
        "randomise": bool(settings.get("randomise")),
        "other": bool(settings.get("other")),
        "other_text": settings.get("other_text", DEFAULT_OTHER_TEXT),
        "none": bool(settings.get("none")),
        "none_text": settings.get("none_text", DEFAULT_NONE_TEXT),
    }


def options_to_surveyjs(spec: Configured) -> dict[str, Any]:
    """SurveyJS ``choices``, ``choicesOrder``, ``showOtherItem`` and ``showNoneItem``."""
    s = spec.settings
    element: dict[str, Any] = {"choices": items_to_surveyjs(s.get("options"))}
    if s.get("randomise"):
        element["choicesOrder"] = "random"
    if s.get("none"):
        element["showNoneItem"] = True
        if s.get("none_text"):
            element["noneText"] = s["none_text"]
    if s.get("other"):
        element["showOtherItem"] = True
        if s.get("other_text"):
            element["otherText"] = s["other_text"]
    return element


def options_from_surveyjs(
    element: Mapping[str, Any], where: str, problems: list[str]
) -> dict[str, Any]:
    """Options (and shuffling, "Other", "None") from SurveyJS; ``hasOther`` and ``hasNone`` are
    the older spellings of ``showOtherItem`` and ``showNoneItem``."""
    found = items_from_surveyjs(element.get("choices", []), where, "choice", problems)
    settings: dict[str, Any] = {"options": found or []}
    order = element.get("choicesOrder", "none")
    if order == "random":
        settings["randomise"] = True
    elif order not in ("none", "asc", "desc"):
        problems.append(f"{where}: choicesOrder '{order}' is not supported")
    elif order in ("asc", "desc"):
        # SurveyJS shows them sorted by text; the sorted order is what respondents saw.
        settings["options"] = sorted(
            settings["options"], key=lambda o: str(o["text"] if isinstance(o, dict) else o),
            reverse=order == "desc",
        )  # fmt: skip
    for flag, shows, old, text_prop in (
        ("other", "showOtherItem", "hasOther", "otherText"),
        ("none", "showNoneItem", "hasNone", "noneText"),
    ):
        if element.get(shows) is True or element.get(old) is True:
            settings[flag] = True
            if text_prop in element:
                text = surveyjs_text(element[text_prop], where, text_prop, problems)
                default = DEFAULT_OTHER_TEXT if flag == "other" else DEFAULT_NONE_TEXT
                if text and text != default:
                    settings[f"{flag}_text"] = text
    return settings


def describe_options(question: Configured) -> dict[str, Any]:
    """The options for API clients: their values, each with its text, and the extras."""
    items = option_items(question)
    s = question.settings
    return {
        "options": [i.value for i in items],
        "choices": [{"value": i.value, "text": i.text} for i in items],
        "randomise": bool(s.get("randomise")),
        "display": s.get("display", "radio"),
        "other": bool(s.get("other")),
        "none": bool(s.get("none")),
    }


def picked(values: Iterable[object]) -> Iterable[list[str]]:
    """Each answer as the list of options it picked (a single choice picks one)."""
    for value in values:
        if isinstance(value, list):
            yield [_key(v) for v in value]
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            yield [_key(value)]


def _key(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class OptionSummaries:
    """What every kind answered from a list of options summarises and describes the same way:
    how many respondents chose each option, and the options themselves."""

    def summarise(self, question: Question, values: Iterable[object]) -> Summary:
        """How many respondents chose each option."""
        return choice_summary(options(question), picked(values))

    def summarise_counts(
        self, question: Question, counted: Iterable[tuple[object, int]]
    ) -> Summary:
        """The same from answers already counted."""
        return choice_summary_of_counts(
            options(question), ((pick, n) for value, n in counted for pick in picked([value]))
        )

    def describe(self, question: Question) -> dict[str, Any]:
        """The options (values, and value with text) and how they are offered."""
        return describe_options(question)
