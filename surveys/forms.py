"""WTForms classes: the answer form built from a survey version.

Plain WTForms (no Flask): the web layer feeds them request data, and Flask-WTF's CSRFProtect
guards every POST globally. The answer form's own checks are the domain's: ``validate`` runs
``clean_answers`` (kinds and skip logic), so the page, the widget and the API agree.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from wtforms import Form, StringField
from wtforms.validators import Optional

from surveys.answers import COMMENT_SUFFIX, REQUIRED, clean_answers, clean_page
from surveys.errors import InvalidAnswer
from surveys.kinds import FILE_KINDS, KINDS, CleanAnswer
from surveys.kinds.carry import offered
from surveys.kinds.choices import MAX_COMMENT
from surveys.kinds.items import value_key
from surveys.models import Question, SurveyVersion

REQUIRED_MESSAGE = "Please answer this question."


class AnswerFormBase(Form):
    """Fields named by question key; ``validate`` applies the domain's answer rules.

    A page form (``page_keys`` set) judges only the questions it shows, given the ``earlier``
    answers of the response; after a valid post ``page_answers`` holds the clean answers to
    keep and ``answers`` every answer as it now stands.
    """

    questions: Sequence[Question] = ()
    version: SurveyVersion | None = None
    page_keys: frozenset[str] | None = None
    earlier: Mapping[str, object] = {}
    page_answers: list[CleanAnswer]
    answers: dict[str, object]
    #: Whether a question asks for files (the page then posts ``multipart/form-data``).
    takes_files: bool = False

    def raw_answers(self) -> dict[str, object]:
        """What was posted for each shown question (and its "Other" text), as the checkers
        take it; a field its own widget refused is left out (its error already says why)."""
        raw: dict[str, object] = {}
        for question in self.questions:
            if question.key in self and not self[question.key].errors:
                raw[question.key] = self[question.key].data
                if raw[question.key] is None and _takes_files(question):
                    # A file input cannot show the files sent before: left empty, it keeps them.
                    raw[question.key] = self.earlier.get(question.key)
            comment = question.key + COMMENT_SUFFIX
            if comment in self:
                raw[comment] = self[comment].data
        return raw

    def validate(self, extra_validators: Any = None, *, required: bool = True) -> bool:
        """Field checks, then the version's own rules (kinds, required, conditions)."""
        valid = super().validate(extra_validators)
        if self.version is None:
            return valid
        raw = self.raw_answers()
        try:
            if self.page_keys is None:
                self.page_answers = clean_answers(self.version, raw)
                self.answers = {}
            else:
                self.page_answers, self.answers = clean_page(
                    self.version, self.page_keys, raw, self.earlier, required=required
                )
        except InvalidAnswer as error:
            for key, problem in error.fields.items():
                if key in self and not self[key].errors:
                    message = REQUIRED_MESSAGE if problem == REQUIRED else problem
                    self[key].errors = [*self[key].errors, message]
            return False
        return valid


def form_value(value: object) -> object:
    """A stored-form answer as its field shows it (``True`` → ``"true"``, 3 → ``"3"``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and any(isinstance(v, Mapping) for v in value):
        return value  # files, shown by their field as they are
    if isinstance(value, list):
        # A repeating group's rows stay records; its field shows each cell itself.
        return [v if isinstance(v, Mapping) else value_key(v) for v in value]
    if isinstance(value, (int, float)):
        return value_key(value)
    return value


def answer_form(
    version: SurveyVersion,
    *,
    seed: str | None = None,
    keys: Collection[str] | None = None,
    earlier: Mapping[str, object] | None = None,
) -> type[AnswerFormBase]:
    """A form class with one field per question of ``version`` (or only those in ``keys``, one
    page's), named by question key; a question offering "Other" also has ``<key>-Comment``.

    ``seed`` fixes the order of randomised options for one showing of the form; ``earlier``
    holds the response's answers so far (a page form judges its answers beside them).
    """

    class AnswerForm(AnswerFormBase):
        pass

    shown = [q for q in version.questions if keys is None or q.key in keys]
    AnswerForm.questions = tuple(shown)
    AnswerForm.version = version
    AnswerForm.page_keys = None if keys is None else frozenset(q.key for q in shown)
    AnswerForm.earlier = dict(earlier or {})
    AnswerForm.takes_files = any(_takes_files(q) for q in shown)
    rng = random.Random(seed) if seed is not None else random.Random()
    for question in shown:
        # Options carried from an earlier answer are offered as that answer now stands.
        field = KINDS[question.kind].field(offered(question, AnswerForm.earlier), rng)
        if "default" in question.settings:
            field.kwargs["default"] = form_value(question.settings["default"])  # type: ignore[attr-defined]
        setattr(AnswerForm, question.key, field)
        if question.settings.get("other"):
            other = StringField(
                "Please specify", validators=[Optional()], render_kw={"maxlength": MAX_COMMENT}
            )
            setattr(AnswerForm, question.key + COMMENT_SUFFIX, other)
    return AnswerForm


def _takes_files(question: Question) -> bool:
    return question.kind in FILE_KINDS
