"""SurveyJS JSON in the one spelling the bridge reads, as survey-core itself would read it.

SurveyJS keeps reading the names its older versions wrote (``hasOther``, ``questions``,
``mininumRateDescription``) and its editor writes some properties the survey-core model derives
(a rating's ``rateCount`` and ``autoGenerate``). Here each older name becomes the current one
and a rating's scale is worked out the way survey-core 2.x works it out, so the kinds read one
spelling and an export saved by SurveyJS's editor comes back as it left.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: Older property names survey-core still reads (its ``alternativeName``s) → the current name.
SURVEY_ALIASES: dict[str, str] = {
    "focusFirstQuestionAutomatic": "autoFocusFirstQuestion",
    "focusOnFirstError": "autoFocusFirstError",
    "sendResultOnPageNext": "partialSendEnabled",
    "showCompletedPage": "showCompletePage",
    "questionsOrder": "questionOrder",
    "maxOthersLength": "maxCommentLength",
    "goNextPageAutomatic": "autoAdvanceEnabled",
    "allowCompleteSurveyAutomatic": "autoAdvanceAllowComplete",
    "requiredText": "requiredMark",
    "firstPageIsStarted": "firstPageIsStartPage",
    "maxTimeToFinish": "timeLimit",
    "maxTimeToFinishPage": "timeLimitPerPage",
    "showTimerPanelMode": "timerInfoMode",
}
CONTAINER_ALIASES: dict[str, str] = {
    "questionsOrder": "questionOrder",
    "navigationButtonsVisibility": "showNavigationButtons",
    "maxTimeToFinish": "timeLimit",
}
ELEMENT_ALIASES: dict[str, str] = {
    "useDisplayValuesInTitle": "useDisplayValuesInDynamicTexts",
    "hasComment": "showCommentArea",
    "commentPlaceHolder": "commentPlaceholder",
    "hasOther": "showOtherItem",
    "hasNone": "showNoneItem",
    "otherPlaceHolder": "otherPlaceholder",
    "hasSelectAll": "showSelectAllItem",
    "showClearButton": "allowClear",
    "placeHolder": "placeholder",
    "optionsCaption": "placeholder",
    "showOptionsCaption": "allowClear",
    "autoComplete": "autocomplete",
    "rateDisplayMode": "rateType",
    "mininumRateDescription": "minRateDescription",
    "maximumRateDescription": "maxRateDescription",
    "rowsOrder": "rowOrder",
    # survey-core's current name for what the matrix kind reads under its older name.
    "eachRowRequired": "isAllRowRequired",
}
_TEXT_ALIASES = {"size": "inputSize"}  # only a text question's ``size`` is its input's width


def renamed(properties: Mapping[str, Any], aliases: Mapping[str, str]) -> dict[str, Any]:
    """``properties`` with each older name replaced by the current one (given under both
    names, the current name's value is kept)."""
    result: dict[str, Any] = {}
    for name, value in properties.items():
        current = aliases.get(name, name)
        if current == name or current not in properties:
            result[current] = value
    return result


def element_aliases(type_name: object) -> dict[str, str]:
    """The older names an element of ``type_name`` may use, each with its current name."""
    return {**ELEMENT_ALIASES, **(_TEXT_ALIASES if type_name == "text" else {})}


def element_renamed(element: Mapping[str, Any]) -> dict[str, Any]:
    """A question or panel in current names, its rating scale and choice order worked out."""
    result = renamed(element, element_aliases(element.get("type")))
    if result.get("type") == "rating":
        result = _rating_scale(result)
    if result.get("type") == "text":
        result = _validated_input(result)
    for items in ("choices", "rows", "columns"):
        if isinstance(result.get(items), list):
            result[items] = [_item(item) for item in result[items]]
    return _choices_sorted(result)


def _item(item: object) -> object:
    """A choice, row or column written ``"value|text"`` (SurveyJS's short form) as an object."""
    if isinstance(item, str) and "|" in item:
        value, _, text = item.partition("|")
        return {"value": value, "text": text}
    return item


def _validated_input(element: dict[str, Any]) -> dict[str, Any]:
    """A text box whose only validator makes it an e-mail address or a number in a range, as
    the input type that says so (an e-mail or number question here)."""
    validators = element.get("validators")
    if not (isinstance(validators, list) and len(validators) == 1):
        return element
    validator, input_type = validators[0], element.get("inputType", "text")
    if not isinstance(validator, Mapping) or set(validator) - {"type", "minValue", "maxValue"}:
        return element  # a message or a condition of its own is more than the input type says
    if validator.get("type") == "email" and input_type in ("text", "email") and len(validator) == 1:
        del element["validators"]
        element["inputType"] = "email"
    elif validator.get("type") == "numeric" and input_type in ("text", "number"):
        bounds = {"min": validator.get("minValue"), "max": validator.get("maxValue")}
        if any(name in element for name in bounds):
            return element
        del element["validators"]
        element["inputType"] = "number"
        element.update({k: v for k, v in bounds.items() if v is not None})
    return element


def _rating_scale(element: dict[str, Any]) -> dict[str, Any]:
    """A rating with its points given once: ``rateValues``, else ``rateMin`` and ``rateMax``.

    survey-core uses ``rateValues`` unless ``autoGenerate`` is true; otherwise the scale runs
    from ``rateMin`` (1) to ``rateMax`` (5), and ``rateCount`` places a missing end beside the
    given one; with neither end given it leaves 1–5 as it is.
    """
    auto = element.pop("autoGenerate", None)
    count = element.pop("rateCount", None)
    values = element.get("rateValues")
    if values is not None and not isinstance(values, list):
        return element  # not a scale at all: the rating kind says so
    if values and auto is not True:
        return element
    element.pop("rateValues", None)
    step = element.get("rateStep", 1)
    if isinstance(count, int) and not isinstance(count, bool) and step == 1 and count > 0:
        low, high = element.get("rateMin"), element.get("rateMax")
        if isinstance(low, int) and high is None:
            element["rateMax"] = low + count - 1
        elif isinstance(high, int) and low is None:
            element["rateMin"] = high - count + 1
    if step == 1:
        element.pop("rateStep", None)
    return element


def _choices_sorted(element: dict[str, Any]) -> dict[str, Any]:
    """Choices SurveyJS shows sorted by their text (``choicesOrder`` asc or desc), in that
    order: the order a respondent sees is then the order of the options."""
    order, choices = element.get("choicesOrder"), element.get("choices")
    if order not in ("asc", "desc") or not isinstance(choices, list):
        return element

    def text(choice: object) -> str:
        if isinstance(choice, Mapping):
            return str(choice.get("text", choice.get("value", "")))
        return str(choice)

    element["choices"] = sorted(choices, key=lambda c: text(c).casefold(), reverse=order == "desc")
    del element["choicesOrder"]
    return element
