"""What the choice kinds (single and multiple choice) share: a list of options the researcher
orders (optionally shuffled per respondent), SurveyJS ``choices``, and counts per option."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # stubs lag 3.3

from surveys.kinds.base import Configured, SettingProblem
from surveys.kinds.surveyjs_values import shown, surveyjs_item

if TYPE_CHECKING:
    from surveys.models import Question

MAX_OPTION = 200
MAX_OPTIONS = 50


def options(question: Configured) -> list[str]:
    """The options of a choice question, in the order the researcher set."""
    return [str(o) for o in question.settings.get("options", [])]


def option_choices(question: Question, rng: random.Random | None) -> list[Any]:
    """The field's choices, shuffled for this showing when the question says so."""
    listed = options(question)
    if question.settings.get("randomise") and rng is not None:
        rng.shuffle(listed)  # against order bias; validation does not depend on the order
    return [SelectChoice(o, o) for o in listed]


def options_problem(spec: Configured) -> SettingProblem | None:
    """At least two distinct options of sensible length."""
    opts = [str(o).strip() for o in spec.settings.get("options", [])]
    if len(opts) < 2:
        return "options", "give at least two options, one per line"
    if len(opts) > MAX_OPTIONS or any(not o or len(o) > MAX_OPTION for o in opts):
        return "options", f"at most {MAX_OPTIONS} options of 1–{MAX_OPTION} characters"
    if len(set(opts)) != len(opts):
        return "options", "options must differ"
    return None


def _lines(text: object) -> list[str]:
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def options_from_form(data: Mapping[str, Any]) -> dict[str, Any]:
    """Options one per line, and whether to shuffle them."""
    settings: dict[str, Any] = {"options": _lines(data.get("options"))}
    if data.get("randomise"):
        settings["randomise"] = True
    return settings


def options_form_data(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Options one per line, and whether to shuffle them."""
    return {
        "options": "\n".join(str(o) for o in settings.get("options", [])),
        "randomise": bool(settings.get("randomise")),
    }


def options_to_surveyjs(spec: Configured) -> dict[str, Any]:
    """SurveyJS ``choices`` (and ``choicesOrder`` when shuffled)."""
    element: dict[str, Any] = {"choices": list(spec.settings.get("options", []))}
    if spec.settings.get("randomise"):
        element["choicesOrder"] = "random"
    return element


def options_from_surveyjs(
    element: Mapping[str, Any], where: str, problems: list[str]
) -> dict[str, Any]:
    """Options (and shuffling) from SurveyJS ``choices`` and ``choicesOrder``."""
    choices = element.get("choices", [])
    settings: dict[str, Any] = {"options": []}
    if not isinstance(choices, list):
        problems.append(f"{where}: choices {shown(choices)} is not a list")
        choices = []
    for c, choice in enumerate(choices, start=1):
        if (item := surveyjs_item(choice, where, f"choice {c}", problems)) is None:
            continue
        value, text = item
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            problems.append(f"{where}: choice {c} {shown(value)} is not text or a number")
            continue
        if text is not None and text != str(value):
            problems.append(f"{where}: choice '{value}' shows other text ('{text}')")
        settings["options"].append(str(value))
    order = element.get("choicesOrder", "none")
    if order == "random":
        settings["randomise"] = True
    elif order != "none":
        problems.append(f"{where}: choicesOrder '{order}' is not supported")
    return settings


def picked(values: Iterable[object]) -> Iterable[list[str]]:
    """Each answer as the list of options it picked (a single choice picks one)."""
    for value in values:
        if isinstance(value, list):
            yield [str(v) for v in value]
        elif isinstance(value, str):
            yield [value]
