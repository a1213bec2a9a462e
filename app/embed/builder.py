"""The embed builder: the share page's form of widget options, and the one function that writes
the ``<script>`` tag for them (the page shows it, the live preview runs it)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup, escape
from wtforms import BooleanField, Form, IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # stubs lag 3.3
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from surveys.hidden_fields import MAX_FIELDS, MAX_VALUE_LENGTH, PAGE_PARAMS, field_name

MODES = (("inline", "Inline, in the page"), ("popup", "Popup"), ("slide-in", "Slide-in"))
TRIGGERS = (
    ("load", "When the page loads"),
    ("delay", "After a delay"),
    ("exit", "On exit intent (the pointer leaves the window)"),
    ("click", "On a click on an element"),
    ("url", "Only where the address matches"),
)
# The script's own data-* options (as hidden-field names): a hidden field of one of these names
# would configure the widget instead of describing the customer.
WIDGET_OPTIONS = frozenset(
    {"survey", "mode", "target", "trigger", "delay", "click", "url_match", "sample", "once"}
    | {"jm_ready"}
)
DEFAULT_DELAY, DEFAULT_SAMPLE = 10, 100  # seconds; percent of visitors
_HIDDEN_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")


@dataclass(frozen=True, slots=True)
class EmbedOptions:
    """How the widget shows a survey on a host page: what the snippet's attributes say."""

    mode: str = "inline"
    target: str = ""  # inline: CSS selector of the element to put it in
    trigger: str = "load"
    delay: int = DEFAULT_DELAY  # seconds, for the "delay" trigger
    click: str = ""  # CSS selector, for the "click" trigger
    url_match: str = ""  # text the address contains, or "re:<regex>", for the "url" trigger
    sample: int = DEFAULT_SAMPLE  # percent of visitors
    once: bool = True
    hidden: tuple[tuple[str, str], ...] = ()  # (name, value): passed with every answer

    def for_preview(self) -> EmbedOptions:
        """The same look, shown at once and every time, on the preview page."""
        return replace(self, target="", trigger="load", url_match="", sample=100, once=False)


def snippet(base_url: str, public_id: str, options: EmbedOptions) -> Markup:
    """The ``<script>`` tag a host page includes; only options off their default are written."""
    attributes: list[tuple[str, str]] = [("src", f"{base_url.rstrip('/')}/embed.js")]
    attributes.append(("data-survey", public_id))
    default = EmbedOptions()
    if options.mode != default.mode:
        attributes.append(("data-mode", options.mode))
    if options.mode == "inline" and options.target:
        attributes.append(("data-target", options.target))
    if options.trigger != default.trigger:
        attributes.append(("data-trigger", options.trigger))
    if options.trigger == "delay":
        attributes.append(("data-delay", str(options.delay)))
    elif options.trigger == "click":
        attributes.append(("data-click", options.click))
    elif options.trigger == "url":
        attributes.append(("data-url-match", options.url_match))
    if options.sample != default.sample:
        attributes.append(("data-sample", str(options.sample)))
    if not options.once:
        attributes.append(("data-once", "false"))
    attributes += [(f"data-{name.replace('_', '-')}", value) for name, value in options.hidden]
    written = " ".join(f'{name}="{escape(value)}"' for name, value in attributes)
    return Markup(f"<script {written} async></script>")  # every value escaped above


def parse_hidden(text: str) -> tuple[tuple[str, str], ...]:
    """``customer_id=42`` lines as (name, value) pairs; ValueError naming the first bad line."""
    pairs: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        raw_name, equals, value = line.partition("=")
        name = field_name(raw_name)
        if not equals:
            raise ValueError(f"line {number}: write name=value, e.g. customer_id=42")
        if not _HIDDEN_NAME.fullmatch(name):
            raise ValueError(
                f"line {number}: a name is a lowercase letter, then letters, digits or '_' "
                "(at most 40)"
            )
        if name in WIDGET_OPTIONS or name in PAGE_PARAMS:
            raise ValueError(f"line {number}: '{name}' is one of the widget's own options")
        value = value.strip()
        if len(value) > MAX_VALUE_LENGTH or not value.isprintable():
            raise ValueError(
                f"line {number}: a value is printable text of at most {MAX_VALUE_LENGTH} characters"
            )
        pairs[name] = value
    if len(pairs) > MAX_FIELDS:
        raise ValueError(f"at most {MAX_FIELDS} hidden fields")
    return tuple(pairs.items())


def _selector(form: Form, field: StringField) -> None:
    """A CSS selector: printable, on one line (the browser judges the rest)."""
    if field.data and not field.data.isprintable():
        raise ValidationError("must be a CSS selector on one line, like #feedback")


class EmbedForm(Form):
    """The embed builder's options (a GET form: it changes nothing, so it has no CSRF token)."""

    mode = RadioField("Show it", choices=[SelectChoice(*c) for c in MODES], default="inline")
    target = StringField(
        "Put it in (CSS selector; inline only)",
        [Optional(), Length(max=200), _selector],
        description="Empty: right after the script tag.",
    )
    trigger = RadioField("When", choices=[SelectChoice(*c) for c in TRIGGERS], default="load")
    delay = IntegerField(
        "Delay in seconds", [Optional(), NumberRange(0, 3600)], default=DEFAULT_DELAY
    )
    click = StringField(
        "Element that opens it (CSS selector)", [Optional(), Length(max=200), _selector]
    )
    url_match = StringField(
        "Address contains", [Optional(), Length(max=200)],
        description='Or "re:" and a regular expression, e.g. re:^/orders/\\d+$',
    )  # fmt: skip
    sample = IntegerField(
        "Share of visitors who see it (%)",
        [Optional(), NumberRange(1, 100)],
        default=DEFAULT_SAMPLE,
    )
    once = BooleanField("Once per visitor (not asked again after answering)", default=True)
    hidden = TextAreaField(
        "Hidden fields to pass, one name=value a line",
        [Optional(), Length(max=10_000)],
        description="Stored with each answer, e.g. customer_id=42 or plan=gold; put in your "
        "site's own values. persona and channel also tag the response.",
    )

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        """Each field alone, then what a trigger needs: its delay, selector or address."""
        valid = super().validate(extra_validators)
        needs = {
            "delay": (self.delay, "say after how many seconds (0–3600)"),
            "click": (self.click, "name the element, e.g. #feedback-button"),
            "url": (self.url_match, "say what the address contains, e.g. /checkout"),
        }
        if self.trigger.data in needs:
            field, problem = needs[self.trigger.data]
            empty = field.data is None or not str(field.data).strip()
            if empty and not field.errors:
                field.errors = [problem]
                valid = False
        return valid

    def validate_url_match(self, field: StringField) -> None:
        """A regular expression (``re:…``) must compile."""
        text = (field.data or "").strip()
        if text.startswith("re:"):
            try:
                re.compile(text[3:])
            except re.error as error:
                raise ValidationError(f"is not a regular expression ({error})") from None

    def validate_hidden(self, field: TextAreaField) -> None:
        """Hidden fields are name=value lines of names the widget does not use itself."""
        try:
            parse_hidden(field.data or "")
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def options(self) -> EmbedOptions:
        """The options of a form that validated."""
        data: dict[str, Any] = self.data
        return EmbedOptions(
            mode=data["mode"],
            target=(data["target"] or "").strip(),
            trigger=data["trigger"],
            delay=DEFAULT_DELAY if data["delay"] is None else data["delay"],
            click=(data["click"] or "").strip(),
            url_match=(data["url_match"] or "").strip(),
            sample=DEFAULT_SAMPLE if data["sample"] is None else data["sample"],
            once=bool(data["once"]),
            hidden=parse_hidden(data["hidden"] or ""),
        )
