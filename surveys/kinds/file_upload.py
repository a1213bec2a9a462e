"""File upload: one or a few files (images, PDF, plain text), kept in SurveyJS's own data shape.

An answer is a list of ``{"name", "type", "content": "data:<mime>;base64,…"}`` — what SurveyJS's
file question stores with ``storeDataAsText`` (its default), so an API client sends
``survey.data`` as it is. Every file is checked by ``surveys.kinds.uploads`` (count, sizes,
types, names, the bytes themselves). The stored number is the count of files: the results'
tallies count a file answer by it and never copy its content.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape
from wtforms import Field

from surveys.kinds.base import CleanAnswer, Configured, FromSurveyJS, Operand, SettingProblem
from surveys.kinds.summaries import FileSummary, Summary
from surveys.kinds.surveyjs_values import shown, whole_number
from surveys.kinds.uploads import (
    MAX_FILE_BYTES,
    MAX_FILES,
    FilesGiven,
    accepted_tokens,
    check_files,
    data_url,
    file_names,
    stored_files,
)

if TYPE_CHECKING:
    from surveys.models import Question


def max_size(settings: Mapping[str, Any]) -> int:
    """The largest file a question with these settings takes, in bytes (never more than ours)."""
    size = whole_number(settings.get("max_size"))
    return min(size, MAX_FILE_BYTES) if size and size > 0 else MAX_FILE_BYTES


def max_files(settings: Mapping[str, Any]) -> int:
    """How many files a question with these settings takes (never more than ours)."""
    if not settings.get("multiple"):
        return 1
    count = whole_number(settings.get("max_files"))
    return min(count, MAX_FILES) if count and count > 0 else MAX_FILES


def accepted(settings: Mapping[str, Any]) -> list[str]:
    """The types taken, as ``accept`` tokens (``image/*``, ``.pdf``); none listed: ours."""
    return [str(t) for t in settings.get("accepted") or []]


def uploaded(item: object, limit: int) -> dict[str, str] | None:
    """A file a multipart form sent (werkzeug's ``FileStorage``) in SurveyJS's shape, read up
    to one byte past ``limit`` so an oversized file is refused without reading all of it; None
    when the input was left empty."""
    name = getattr(item, "filename", None)
    read = getattr(item, "read", None)
    if not name or read is None:
        return None
    data = read(limit + 1)
    mime = str(getattr(item, "mimetype", "") or "application/octet-stream").lower()
    return {"name": str(name), "type": mime, "content": data_url(mime, data)}


class FileInput:
    """The page's ``<input type=file>``: several files when the question takes several, the
    types it takes as ``accept`` (a hint only: the server checks every file)."""

    def __call__(self, field: Field, **kwargs: Any) -> Markup:
        """The input, and the names of files already sent (kept unless others are chosen)."""
        attrs: dict[str, Any] = {"type": "file", "id": field.id, "name": field.name, **kwargs}
        attrs.update(getattr(field, "input_attrs", {}))
        html = "".join(
            f" {k}" if v is True else f' {k}="{escape(v)}"'
            for k, v in attrs.items()
            if v is not False and v is not None
        )
        kept = file_names(field.object_data) if isinstance(field.object_data, list) else []
        note = (
            Markup(
                '<span class="files-kept">Sent: {} (choose files to replace them)</span>'
            ).format(", ".join(kept))
            if kept
            else ""
        )
        return Markup(f"<input{html}>") + note


class FileUploadField(Field):
    """Files from a multipart form, in SurveyJS's shape (None when none was chosen)."""

    widget = FileInput()

    def __init__(self, *args: Any, limit: int, input_attrs: Mapping[str, Any], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.limit = limit
        self.input_attrs = dict(input_attrs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Each file chosen, read up to the limit."""
        files = [f for f in (uploaded(item, self.limit) for item in valuelist) if f]
        self.data = files or None

    def _value(self) -> str:
        return ""


class FileUploadKind:
    """Files; ``multiple`` takes up to ``MAX_FILES``, ``max_size`` (bytes) and ``accepted``
    (``image/*``, ``.pdf``…) narrow what is taken."""

    name = "file_upload"
    label = "File upload"
    operand = Operand.TEXT  # counted as given, never by value: the content is the respondent's
    surveyjs_types: tuple[str, ...] = ("file",)
    takes_files = True

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """A size within ours; types a file of ours can be."""
        count = spec.settings.get("max_files")
        if count is not None and not 1 <= (whole_number(count) or 0) <= MAX_FILES:
            return "max_files", f"is from 1 to {MAX_FILES}"
        size = spec.settings.get("max_size")
        bytes_ = whole_number(size)
        if size is not None and (bytes_ is None or bytes_ < 0):
            return "max_size", "is a number of bytes"
        if bytes_ is not None and bytes_ > MAX_FILE_BYTES:
            return "max_size", f"is at most {MAX_FILE_BYTES // 1024} KB"
        _usable, never = accepted_tokens(",".join(accepted(spec.settings)))
        if never:
            return "accepted", f"{', '.join(never)}: only images, PDF and plain text are taken"
        return None

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Several files or one, the largest size (KB) and the types taken."""
        settings: dict[str, Any] = {}
        if data.get("file_multiple"):
            settings["multiple"] = True
        kilobytes = str(data.get("file_max_kb") or "").strip()
        if kilobytes.isdigit() and int(kilobytes) > 0:
            settings["max_size"] = int(kilobytes) * 1024
        if types := [t.strip() for t in str(data.get("file_types") or "").split(",") if t.strip()]:
            settings["accepted"] = types
        return settings

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The same, as the designer shows them."""
        size = whole_number(settings.get("max_size"))
        return {
            "file_multiple": bool(settings.get("multiple")),
            "file_max_kb": str(-(-size // 1024)) if size else "",
            "file_types": ", ".join(accepted(settings)),
        }

    def field(self, question: Question, rng: random.Random | None) -> Field:
        """A file input."""
        attrs: dict[str, Any] = {"multiple": bool(question.settings.get("multiple"))}
        if types := accepted(question.settings):
            attrs["accept"] = ",".join(types)
        return FileUploadField(
            question.prompt,
            description=question.help_text,
            limit=max_size(question.settings),
            input_attrs=attrs,
        )

    def check(self, question: Question, value: object) -> CleanAnswer | str:
        """Files of the types and sizes taken, as many as taken."""
        files = check_files(
            value,
            count=max_files(question.settings),
            max_size=max_size(question.settings),
            accepted=accepted(question.settings),
        )
        if isinstance(files, str):
            return files
        text = json.dumps([f.shape() for f in files], ensure_ascii=False)
        return CleanAnswer(question, text=text, number=len(files))

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """The files in SurveyJS's shape; the results' tallies, which keep no content, hand
        over the count (``number``) and the types, and get them back as ``FilesGiven``."""
        if text and text.startswith("["):
            return stored_files(text)
        return FilesGiven.of(text, number)

    def files(self, text: str | None) -> list[dict[str, str]]:
        """The files a stored answer holds."""
        return stored_files(text)

    def summarise(self, question: Question, values: Iterable[object]) -> Summary:
        """How many answered, how many files, of which types."""
        return self.summarise_counts(question, ((v, 1) for v in values))

    def summarise_counts(
        self, question: Question, counted: Iterable[tuple[object, int]]
    ) -> Summary:
        """The same from answers counted (the tallies give each answer's number of files)."""
        answered = files = 0
        types: Counter[str] = Counter()
        for value, n in counted:
            if isinstance(value, list) and value:
                answered += n
                files += len(value) * n
                for entry in value:
                    types[str(entry.get("type", ""))] += n
            elif isinstance(value, FilesGiven) and value.files > 0:
                answered += n
                files += value.files * n
                for mime in value.types:  # the tallies know which types, not how many of each
                    types[mime] += n
        return FileSummary(answered, files, dict(types.most_common()))

    def describe(self, question: Question) -> dict[str, Any]:
        """How many files, how large, which types (SurveyJS's shape is what is sent)."""
        return {
            "multiple": bool(question.settings.get("multiple")),
            "max_files": max_files(question.settings),
            "max_size": max_size(question.settings),
            "accepted_types": accepted(question.settings) or None,
        }

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A ``file`` element storing its files as text (SurveyJS's default, said outright),
        with its limits so SurveyJS stops what the API would refuse."""
        many = bool(spec.settings.get("multiple"))
        element: dict[str, Any] = {"type": "file", "storeDataAsText": True}
        if many:
            element["allowMultiple"] = True
            element["maxFiles"] = max_files(spec.settings)
        element["maxSize"] = max_size(spec.settings)
        if types := accepted(spec.settings):
            element["acceptedTypes"] = ",".join(types)
        return element

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """Several files or one, the size and types taken; files kept elsewhere (on an upload
        server, ``storeDataAsText: false``) cannot be."""
        if element.get("storeDataAsText", True) is not True:
            problems.append(
                f"{where}: storeDataAsText {shown(element['storeDataAsText'])} keeps the files "
                "on an upload server of its own, which this product does not have"
            )
        settings: dict[str, Any] = {}
        many = element.get("allowMultiple", False)
        if not isinstance(many, bool):
            problems.append(f"{where}: allowMultiple {shown(many)} is not true or false")
        elif many:
            settings["multiple"] = True
        count = element.get("maxFiles")
        if count is not None and (whole_number(count) is None or (whole_number(count) or 0) < 1):
            problems.append(f"{where}: maxFiles {shown(count)} is not a whole number")
        elif count is not None and settings.get("multiple") and int(count) < MAX_FILES:
            settings["max_files"] = int(count)
        size = element.get("maxSize", 0)
        if whole_number(size) is None or (whole_number(size) or 0) < 0:
            problems.append(f"{where}: maxSize {shown(size)} is not a number of bytes")
        elif size:
            settings["max_size"] = min(int(size), MAX_FILE_BYTES)
        if "acceptedTypes" in element:
            usable, never = accepted_tokens(element["acceptedTypes"])
            if never:
                problems.append(
                    f"{where}: acceptedTypes {', '.join(never)} cannot be taken here (only "
                    "images, PDF and plain text)"
                )
            if usable:
                settings["accepted"] = usable
        return FromSurveyJS(self.name, settings)


KIND = FileUploadKind()
