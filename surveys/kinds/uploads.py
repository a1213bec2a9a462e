"""Files sent as answers, in SurveyJS's own shape: checked, bounded and named before anything
keeps them.

SurveyJS's file question stores its files "as text" by default (``storeDataAsText``): a list of
``{"name", "type", "content": "data:<mime>;base64,…"}``; its signature pad stores one data URL.
Both arrive here from a browser or an API client, so everything in them is hostile until
checked: how many files, how large each and all together, which types (ours and the
question's), a name that is only a name, base64 that decodes, and — for images and PDF — bytes
that really are what the type says. HTML and SVG are never taken: they could run script if a
browser ever showed them.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

#: At most this many files in one answer.
MAX_FILES = 5
#: The largest file taken, and the most all of one answer's files may hold together.
MAX_FILE_BYTES = 1024 * 1024
MAX_ANSWER_BYTES = 1024 * 1024
#: The longest file name kept (longer ones are shortened, keeping the extension).
MAX_NAME = 120

#: The types taken, with the bytes each must start with (None: text, checked as UTF-8).
ALLOWED_TYPES: dict[str, tuple[bytes, ...] | None] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),  # and "WEBP" at byte 8, checked below
    "application/pdf": (b"%PDF-",),
    "text/plain": None,
}
#: File name extensions of the types taken (what an ``acceptedTypes`` of extensions names).
EXTENSIONS: dict[str, str] = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
}
_DATA_URL = re.compile(r"data:([a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*)((?:;[^;,]*)*);base64,")
_TOKEN = re.compile(r"^(\.[a-z0-9]{1,10}|[a-z0-9.+-]+/(\*|[a-z0-9.+-]+))$")


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """One file as kept: its cleaned name, its checked type and its bytes."""

    name: str
    mime: str
    data: bytes

    def shape(self) -> dict[str, str]:
        """The file in SurveyJS's shape: ``{"name", "type", "content"}`` (a data URL)."""
        return {"name": self.name, "type": self.mime, "content": data_url(self.mime, self.data)}


def data_url(mime: str, data: bytes) -> str:
    """``data`` as a base64 data URL of type ``mime``."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def clean_name(raw: object, mime: str) -> str:
    """A file name safe to show and to send back: no folders, no control characters, no quotes
    or characters a header or a file system would read otherwise, at most ``MAX_NAME`` long; a
    missing one becomes ``file`` with its type's extension."""
    text = unicodedata.normalize("NFC", raw if isinstance(raw, str) else "")
    text = re.split(r"[/\\]", text)[-1]  # a browser may send a whole path (old IE did)
    text = "".join(ch for ch in text if ch.isprintable() and ch not in '"<>:|?*;')
    text = text.strip(" .")
    if not text:
        extension = next((e for e, m in EXTENSIONS.items() if m == mime), "")
        return "file" + extension
    if len(text) > MAX_NAME:
        stem, dot, extension = text.rpartition(".")
        keep = extension[:10] if dot and stem else ""
        text = text[: MAX_NAME - len(keep) - 1] + "…" + (f".{keep}" if keep else "")
    return text


def accepted_tokens(raw: object) -> tuple[list[str], list[str]]:
    """An ``acceptedTypes`` text (as HTML's ``accept``: ``image/*,.pdf``) as (the tokens a file
    of ours can match, the tokens no file of ours ever matches)."""
    tokens = [t.strip().lower() for t in str(raw or "").split(",") if t.strip()]
    usable, never = [], []
    for token in tokens:
        if (
            _TOKEN.match(token) and any(_matches(token, m, "") for m in ALLOWED_TYPES)
        ) or token in EXTENSIONS:
            usable.append(token)
        else:
            never.append(token)
    return usable, never


def _matches(token: str, mime: str, name: str) -> bool:
    if token.startswith("."):
        return name.lower().endswith(token) or EXTENSIONS.get(token) == mime
    if token.endswith("/*"):
        return mime.startswith(token[:-1])
    return token == mime


def type_problem(mime: str, data: bytes) -> str | None:
    """Why ``data`` is not a file of type ``mime`` we take, else None."""
    if mime not in ALLOWED_TYPES:
        return f"type {mime} is not taken (images, PDF or plain text only)"
    starts = ALLOWED_TYPES[mime]
    if starts is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return "is not plain UTF-8 text"
        return "is not plain text" if "\x00" in text else None
    if not any(data.startswith(s) for s in starts) or (
        mime == "image/webp" and data[8:12] != b"WEBP"
    ):
        return f"is not a {mime} file (its bytes say otherwise)"
    return None


def decode_data_url(value: object, limit: int) -> tuple[str, bytes] | str:
    """(type, bytes) of a base64 data URL of at most ``limit`` bytes, or what is wrong."""
    if not isinstance(value, str):
        return "must be a data URL (data:<type>;base64,…)"
    head = _DATA_URL.match(value[:200].lower())
    if head is None:
        return "must be a data URL (data:<type>;base64,…)"
    body = value[head.end() :]
    if len(body) > (limit + 2) // 3 * 4:  # measured before decoding anything
        return f"must be at most {_size(limit)}"
    try:
        data = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return "is not valid base64"
    if len(data) > limit:
        return f"must be at most {_size(limit)}"
    return head.group(1), data


def check_files(
    value: object, *, count: int, max_size: int, accepted: Sequence[str]
) -> list[CheckedFile] | str:
    """The files of an answer in SurveyJS's shape, each checked, or what is wrong (the first
    problem, naming the file)."""
    if isinstance(value, Mapping):
        value = [value]  # one file sent on its own
    if not isinstance(value, list) or not value:
        return 'must be a list of files {"name", "type", "content"}'
    if len(value) > min(count, MAX_FILES):
        return f"takes at most {min(count, MAX_FILES)} files" if count > 1 else "takes one file"
    limit = min(max_size or MAX_FILE_BYTES, MAX_FILE_BYTES)
    files: list[CheckedFile] = []
    for number, entry in enumerate(value, start=1):
        label = f"file {number}"
        if not isinstance(entry, Mapping) or set(entry) - {"name", "type", "content"}:
            return f'{label} must be {{"name", "type", "content"}}'
        decoded = decode_data_url(entry.get("content"), limit)
        if isinstance(decoded, str):
            return f"{label} {decoded}"
        mime, data = decoded
        declared = entry.get("type")
        if declared not in (None, "") and str(declared).lower() != mime:
            return f"{label} says type {str(declared)[:60]} but its content is {mime}"
        if problem := type_problem(mime, data):
            return f"{label} {problem}"
        name = clean_name(entry.get("name"), mime)
        if accepted and not any(_matches(t, mime, name) for t in accepted):
            return f"{label} must be one of {', '.join(accepted)}"
        files.append(CheckedFile(name, mime, data))
    if sum(len(f.data) for f in files) > MAX_ANSWER_BYTES:
        return f"files must be at most {_size(MAX_ANSWER_BYTES)} together"
    return files


def stored_files(text: str | None) -> list[dict[str, str]]:
    """The files a stored answer holds, in SurveyJS's shape (none for anything else)."""
    try:
        found = json.loads(text) if text and text.startswith("[") else []
    except ValueError:
        return []
    return [f for f in found if isinstance(f, dict)] if isinstance(found, list) else []


@dataclass(frozen=True, slots=True)
class FilesGiven:
    """A file answer as the results' tallies count it: how many files, of which types (never
    their names or content)."""

    files: int
    types: tuple[str, ...]

    @classmethod
    def of(cls, types_text: str | None, number: float | None) -> FilesGiven | None:
        """The tallies' ``image/png;application/pdf;`` and count, read back (None: not given)."""
        if number is None:
            return None
        return cls(int(number), tuple(t for t in (types_text or "").split(";") if t))


def file_names(files: Iterable[Mapping[str, object]]) -> list[str]:
    """The names of files in SurveyJS's shape (what exports write instead of the content)."""
    return [str(f.get("name") or "file") for f in files]


def _size(n: int) -> str:
    if n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB"
    return f"{n // 1024} KB" if n % 1024 == 0 else f"{n:,} bytes"
