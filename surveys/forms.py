"""WTForms classes: the answer form built from a survey version.

Plain WTForms (no Flask): the web layer feeds them request data, and Flask-WTF's CSRFProtect
guards every POST globally. The answer form's own checks are the domain's: ``validate`` runs
``clean_answers`` (kinds and skip logic), so the page, the widget and the API agree.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from wtforms import Form

from surveys.errors import InvalidAnswer
from surveys.kinds import KINDS
from surveys.models import Question, SurveyVersion

REQUIRED_MESSAGE = "Please answer this question."


class AnswerFormBase(Form):
    """Fields named by question key; ``validate`` applies the domain's answer rules."""

    questions: Sequence[Question] = ()
    version: SurveyVersion | None = None

    def validate(self, extra_validators: Any = None) -> bool:
        """Field checks, then the version's own rules (kinds, required, skip logic)."""
        from surveys.answers import clean_answers  # answers imports kinds; forms imports both

        valid = super().validate(extra_validators)
        if self.version is None:
            return valid
        raw = {q.key: self[q.key].data for q in self.questions if not self[q.key].errors}
        try:
            clean_answers(self.version, raw)
        except InvalidAnswer as error:
            for key, problem in error.fields.items():
                if key in self and not self[key].errors:
                    message = REQUIRED_MESSAGE if problem == "is required" else problem
                    self[key].errors = [*self[key].errors, message]
            return False
        return valid


def answer_form(version: SurveyVersion, *, seed: str | None = None) -> type[AnswerFormBase]:
    """A form class with one field per question of ``version``, named by question key.

    ``seed`` fixes the order of randomised options for one showing of the form.
    """

    class AnswerForm(AnswerFormBase):
        pass

    AnswerForm.questions = tuple(version.questions)
    AnswerForm.version = version
    rng = random.Random(seed) if seed is not None else random.Random()
    for question in version.questions:
        setattr(AnswerForm, question.key, KINDS[question.kind].field(question, rng))
    return AnswerForm
