"""How answers may be named: by question key, or as SurveyJS's ``survey.data`` names them.

A question imported from SurveyJS keeps the name SurveyJS knows it by (its key is the nearest
text that fits our key rules); answers sent in SurveyJS's shape — by that name, "Other" text as
``<name>-Comment``, a ``multipletext``'s boxes or a ``matrixdropdown``'s cells nested under the
group's name — are read as the same questions. A leaf module: the answer checks and the
SurveyJS bridge both read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol


class Keyed(Protocol):
    """A question with its key and settings (a stored question or a spec)."""

    @property
    def key(self) -> str: ...

    @property
    def settings(self) -> Mapping[str, Any]: ...


#: Where a question keeps what only the SurveyJS bridge reads (its SurveyJS name, its panels).
SETTING = "surveyjs"


def surveyjs_name(key: str, settings: Mapping[str, Any]) -> str:
    """The name SurveyJS knows a question by: the one it was imported with, else its key."""
    bridge = settings.get(SETTING)
    if isinstance(bridge, Mapping) and isinstance(bridge.get("name"), str):
        return str(bridge["name"])
    return key


#: How SurveyJS names what "Other (please specify)" specifies: ``{"q1-Comment": "By fax"}``.
COMMENT_SUFFIX = "-Comment"


def answers_by_key(questions: Iterable[Keyed], raw: Mapping[str, object]) -> dict[str, object]:
    """Answers as SurveyJS sends them (``survey.data``: by SurveyJS name, ``<name>-Comment``
    for what "Other" specifies, a ``multipletext``'s boxes together under its name) keyed by
    question key. A key given as a key stays; a name no question has stays too, for the answer
    check to name."""
    by_name = {surveyjs_name(q.key, q.settings): q.key for q in questions}
    keys = set(by_name.values())
    answers: dict[str, object] = {}
    for given, value in _flat(raw, by_name).items():
        name, suffix = given, ""
        if given not in keys and given not in by_name and given.endswith(COMMENT_SUFFIX):
            name, suffix = given.removesuffix(COMMENT_SUFFIX), COMMENT_SUFFIX
        key = name if name in keys else by_name.get(name, name)
        answers[key + suffix] = value
    return answers


def _flat(raw: Mapping[str, object], by_name: Mapping[str, str]) -> dict[str, object]:
    """``raw`` with a group's answers (``{"price": {"most": 90}}``, ``{"m": {"row": {"col":
    1}}}``) as one answer per question (``{"price.most": 90}``) where questions are named so."""
    flat: dict[str, object] = {}
    for given, value in raw.items():
        group = isinstance(value, Mapping) and given not in by_name
        if group and any(name.startswith(f"{given}.") for name in by_name):
            assert isinstance(value, Mapping)
            flat.update(_flat({f"{given}.{k}": v for k, v in value.items()}, by_name))
        else:
            flat[given] = value
    return flat
