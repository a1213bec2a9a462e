"""Signature: a drawn signature, kept as SurveyJS's signature pad keeps it — one image data URL
(``data:image/png;base64,…``).

The page draws it on a ``<canvas>`` (``app/static/js/signature.js`` fills a hidden field);
without JavaScript the respondent sends a picture of their signature through a file input
instead. Either way it is checked as a file (``surveys.kinds.uploads``): a PNG or JPEG image
whose bytes say so. SVG, which SurveyJS can also draw, is never taken: it can carry script.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape
from wtforms import Field

from surveys.kinds.base import CleanAnswer, Configured, FromSurveyJS, Operand, SettingProblem
from surveys.kinds.file_upload import uploaded
from surveys.kinds.summaries import FileSummary, Summary
from surveys.kinds.surveyjs_values import shown
from surveys.kinds.uploads import MAX_FILE_BYTES, FilesGiven, decode_data_url, type_problem

if TYPE_CHECKING:
    from surveys.models import Question

#: Image formats a signature is kept in (SurveyJS's ``dataFormat`` names) and their types.
FORMATS = {"png": "image/png", "jpeg": "image/jpeg"}
#: The largest signature taken (a drawn one is a few KB).
MAX_SIGNATURE_BYTES = 256 * 1024


def image_format(settings: Mapping[str, Any]) -> str:
    """The format a drawn signature is kept in: ``png`` unless ``jpeg`` is set."""
    return "jpeg" if settings.get("format") == "jpeg" else "png"


class SignatureInput:
    """A canvas to draw on (shown by the script), the hidden field it fills, and a file input
    for a picture of the signature (what a page without JavaScript offers)."""

    def __call__(self, field: Field, **kwargs: Any) -> Markup:
        """The signature pad's markup; every attribute escaped."""
        describedby = kwargs.get("aria-describedby")
        extra = f' aria-describedby="{escape(describedby)}"' if describedby else ""
        mime = FORMATS[getattr(field, "image_format", "png")]
        drawn = field.data if isinstance(field.data, str) and field.data else ""
        return Markup(
            '<div class="signature" data-signature data-format="{mime}">'
            '<canvas width="400" height="150" class="signature-pad" hidden '
            'aria-label="Draw your signature here"></canvas>'
            '<button type="button" class="secondary" data-signature-clear hidden>Clear</button>'
            '<input type="hidden" name="{name}" value="{drawn}" data-signature-value>'
            '<span class="help" data-signature-or>Upload a picture of your signature '
            "(PNG or JPEG):</span> "
            '<input type="file" id="{id}" name="{name}" accept="image/png,image/jpeg"'
            "{extra}></div>"
        ).format(mime=mime, name=field.name, id=field.id, drawn=drawn, extra=Markup(extra))


class SignatureField(Field):
    """A drawn signature (the hidden field's data URL) or an uploaded picture of one."""

    widget = SignatureInput()

    def __init__(self, *args: Any, image_format: str, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.image_format = image_format

    def process_formdata(self, valuelist: list[Any]) -> None:
        """A picture chosen wins over a drawing (it was chosen on purpose); neither is None."""
        picked = [f for f in (uploaded(item, MAX_SIGNATURE_BYTES) for item in valuelist) if f]
        drawn = [v for v in valuelist if isinstance(v, str) and v.startswith("data:")]
        self.data = picked[0]["content"] if picked else drawn[0] if drawn else None

    def _value(self) -> str:
        return ""


class SignatureKind:
    """A signature drawn on the page or sent as an image; ``format`` is ``png`` or ``jpeg``."""

    name = "signature"
    label = "Signature"
    operand = Operand.TEXT  # counted as given, never by value
    surveyjs_types: tuple[str, ...] = ("signaturepad",)
    takes_files = True

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """PNG or JPEG."""
        if spec.settings.get("format", "png") not in FORMATS:
            return "format", "is png or jpeg"
        return None

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The image format, when it is not PNG."""
        return {"format": "jpeg"} if data.get("signature_format") == "jpeg" else {}

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The image format."""
        return {"signature_format": image_format(settings)}

    def field(self, question: Question, rng: random.Random | None) -> Field:
        """A signature pad."""
        return SignatureField(
            question.prompt,
            description=question.help_text,
            image_format=image_format(question.settings),
        )

    def check(self, question: Question, value: object) -> CleanAnswer | str:
        """A PNG or JPEG image as a data URL, its bytes what its type says."""
        decoded = decode_data_url(value, min(MAX_SIGNATURE_BYTES, MAX_FILE_BYTES))
        if isinstance(decoded, str):
            return decoded
        mime, data = decoded
        if mime not in FORMATS.values():
            return "must be a PNG or JPEG image"
        if problem := type_problem(mime, data):
            return problem
        return CleanAnswer(question, text=str(value), number=1)

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """The data URL (SurveyJS's shape); the tallies' count and type as ``FilesGiven``."""
        if text and text.startswith("data:"):
            return text
        return FilesGiven.of(text, number)

    def files(self, text: str | None) -> list[dict[str, str]]:
        """The signature as one file, named after its type."""
        if not text or not text.startswith("data:"):
            return []
        mime = "image/jpeg" if text.startswith("data:image/jpeg") else "image/png"
        extension = "jpg" if mime == "image/jpeg" else "png"
        return [{"name": f"signature.{extension}", "type": mime, "content": text}]

    def summarise(self, question: Question, values: Iterable[object]) -> Summary:
        """How many signed."""
        return self.summarise_counts(question, ((v, 1) for v in values))

    def summarise_counts(
        self, question: Question, counted: Iterable[tuple[object, int]]
    ) -> Summary:
        """How many signed, and in which image type."""
        signed = 0
        types: dict[str, int] = {}
        for value, n in counted:
            if isinstance(value, str) and value.startswith("data:"):
                signed += n
                mime = value[5:].split(";", 1)[0]
                types[mime] = types.get(mime, 0) + n
            elif isinstance(value, FilesGiven) and value.files:
                signed += n
                for mime in value.types:
                    types[mime] = types.get(mime, 0) + n
        return FileSummary(signed, signed, types)

    def describe(self, question: Question) -> dict[str, Any]:
        """The image types taken."""
        return {"format": image_format(question.settings), "accepted_types": list(FORMATS.values())}

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A ``signaturepad`` in its format, storing its image as text."""
        return {
            "type": "signaturepad",
            "dataFormat": image_format(spec.settings),
            "storeDataAsText": True,
        }

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """A signature pad: PNG or JPEG (SVG signatures are refused: SVG can carry script)."""
        if element.get("storeDataAsText", True) is not True:
            problems.append(
                f"{where}: storeDataAsText {shown(element['storeDataAsText'])} keeps the "
                "signature on an upload server of its own, which this product does not have"
            )
        raw = element.get("dataFormat", "png")
        # survey-core reads "image/png" and "image/svg+xml" as "png" and "svg" too.
        given = str(raw).lower().replace("image/", "").replace("+xml", "")
        if given == "svg":
            problems.append(f"{where}: dataFormat {shown(raw)} (SVG) is not taken: PNG or JPEG")
            return FromSurveyJS(self.name, {})
        return FromSurveyJS(self.name, {"format": "jpeg"} if given == "jpeg" else {})


KIND = SignatureKind()
