"""Localised SurveyJS texts (``{"default": "Hello", "de": "Hallo"}``) in one language.

A questionnaire here has one language, so an import keeps the texts of the survey's own
``locale`` (else the default ones) and lists the languages it leaves out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: Properties holding answers, not texts shown (left as they are).
ANSWERS = frozenset({"defaultValue", "correctAnswer"})
_LOCALE = re.compile(r"default|[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?")


def is_localised(value: object) -> bool:
    """Whether ``value`` is a localised text: an object of locale → text."""
    return (
        isinstance(value, Mapping)
        and bool(value)
        and all(isinstance(k, str) and _LOCALE.fullmatch(k) for k in value)
        and all(isinstance(v, str) for v in value.values())
    )


def in_one_language(data: object, locale: str, others: set[str]) -> object:
    """``data`` with every localised text replaced by its text in ``locale`` (else the default,
    else the first given); the locales left out are added to ``others``."""
    if is_localised(data):
        assert isinstance(data, Mapping)
        chosen = next((k for k in (locale, "default") if k in data), next(iter(data)))
        others.update(k for k in data if k != chosen)
        return data[chosen]
    if isinstance(data, Mapping):
        # Answers are never translated: a default row {"who": "father"} only looks like one.
        return {k: v if k in ANSWERS else in_one_language(v, locale, others)
                for k, v in data.items()}  # fmt: skip
    if isinstance(data, list):
        return [in_one_language(v, locale, others) for v in data]
    return data
