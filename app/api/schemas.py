"""The API's request and response shapes as pydantic models: the one source of truth that
validates requests (app/api/spec.py) and becomes the OpenAPI document.

Requests forbid unknown fields; replies allow fields added later (clients must ignore what they
do not know), so a new field never breaks a client or the spec.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import (
    Annotated,
    Any,
    ClassVar,
    Literal,
    NotRequired,  # pydantic reads TypedDicts from here on 3.11
)

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
)
from pydantic.json_schema import SkipJsonSchema
from typing_extensions import TypedDict

from app.params import MAX_ID, whole_number
from surveys.kinds import OPERATORS, QUESTION_KINDS
from surveys.kinds.uploads import MAX_FILE_BYTES, MAX_FILES
from surveys.models import CHANNELS
from surveys.models import SurveyStatus as SurveyStatusEnum

# Printable ASCII without spaces: UUIDs, ULIDs and most clients' own ids fit.
CLIENT_ID = r"^[\x21-\x7e]{1,100}$"
MAX_PAGE = 200
DEFAULT_PAGE = 50


def _in(values: Sequence[str]) -> Callable[[str], str]:
    """A check that a text is one of ``values`` (a set the domain owns and may grow)."""

    def check(value: str) -> str:
        if value not in values:
            raise ValueError(f"must be one of {', '.join(values)}")
        return value

    return check


def _enum(values: Sequence[str]) -> dict[str, Any]:
    return {"enum": list(values)}


def _naive_utc(moment: datetime) -> datetime:
    """A client's time as stored (naive UTC); an offset is converted, none means UTC."""
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:
        raise ValueError("must be a time between the years 1 and 9999 in UTC") from None


def _sensible_day(day: date) -> date:
    """Map filters span the product's lifetime, not the calendar's ends."""
    if not MIN_DAY <= day <= MAX_DAY:
        raise ValueError(f"must be a day between {MIN_DAY} and {MAX_DAY}")
    return day


def _whole_number(low: int, high: int) -> Callable[[object], object]:
    """A query number read as every page reads one (``app.params``): ASCII digits in range,
    where int() would also take ``+3``, ``1_0`` or a space."""

    def read(raw: object) -> object:
        if not isinstance(raw, str):
            return raw  # a default, already a number
        number = whole_number(raw.strip(), low=low, high=high)
        if number is None:
            raise ValueError(f"must be a whole number from {low} to {high}")
        return number

    return read


MIN_DAY, MAX_DAY = date(1970, 1, 1), date(2999, 12, 31)
#: Absent from a query (an empty value is refused, never read as "no filter").
Absent = SkipJsonSchema[None]
UtcMoment = Annotated[datetime, AfterValidator(_naive_utc)]
Day = Annotated[date, AfterValidator(_sensible_day), Field(description=f"{MIN_DAY} … {MAX_DAY}")]
QueryId = Annotated[int, BeforeValidator(_whole_number(1, MAX_ID)), Field(ge=1, le=MAX_ID)]


# Texts from a set the domain owns: checked and documented from the same tuple.
Channel = Annotated[str, AfterValidator(_in(CHANNELS)), Field(json_schema_extra=_enum(CHANNELS))]
QuestionKind = Annotated[
    str, AfterValidator(_in(QUESTION_KINDS)), Field(json_schema_extra=_enum(QUESTION_KINDS))
]
_SURVEY_STATUSES = tuple(status.value for status in SurveyStatusEnum)
SurveyStatus = Annotated[
    str, AfterValidator(_in(_SURVEY_STATUSES)), Field(json_schema_extra=_enum(_SURVEY_STATUSES))
]
Operator = Annotated[
    str, AfterValidator(_in(list(OPERATORS))), Field(json_schema_extra=_enum(list(OPERATORS)))
]


class Request(BaseModel):
    """A request body or query: unknown fields are refused, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True)
    #: True when the body may be left out entirely (the reader then sees an empty object).
    optional_body: ClassVar[bool] = False


class Reply(BaseModel):
    """A reply's shape; fields added later pass (clients ignore what they do not know)."""

    model_config = ConfigDict(extra="allow")


# ---- errors ------------------------------------------------------------------------------


class ErrorDetail(Reply):
    """What went wrong, in words, and which fields to fix."""

    code: str = Field(description="Stable, machine-readable: invalid_field, not_found, …")
    message: str
    fields: dict[str, str] = Field(description="Each field to fix → what is wrong with it")


class Error(Reply):
    """Every refusal: ``{"error": {"code", "message", "fields"}}``."""

    error: ErrorDetail


# ---- answering (keyless; a key with responses:write may be sent) --------------------------


class FileAnswer(TypedDict):
    """One file of a file question, as SurveyJS stores it (``storeDataAsText``, its default):
    read as a plain object, so the answer checker sees SurveyJS's own shape."""

    __pydantic_config__ = ConfigDict(extra="forbid", strict=True)  # type: ignore[misc]

    name: Annotated[StrictStr, Field(max_length=1000, description="The file's name")]
    type: NotRequired[
        Annotated[StrictStr, Field(max_length=200, description="Its MIME type (image/png…)")]
    ]
    content: Annotated[
        StrictStr,
        Field(
            max_length=(MAX_FILE_BYTES + 2) // 3 * 4 + 200,
            description="data:<type>;base64,<the file> (at most 1 MB once decoded)",
        ),
    ]


# Yes/no answers are booleans, rankings and multiple choices lists, a matrix {row: column},
# a repeating group a list of records {field: value} (SurveyJS's own shape for it), files a
# list of {name, type, content} (a signature is a data URL: a text).
CellValue = StrictBool | StrictInt | StrictFloat | StrictStr | list[StrictStr | StrictInt] | None
AnswerValue = (
    StrictBool
    | StrictInt
    | StrictFloat
    | StrictStr
    | list[StrictStr]
    | Annotated[list[FileAnswer], Field(max_length=MAX_FILES)]
    | dict[StrictStr, StrictStr | StrictInt | StrictFloat]
    | list[dict[StrictStr, CellValue]]
    | None
)
MetadataValue = StrictStr | StrictInt | StrictFloat


class NewResponse(Request):
    """A response to store; all but ``answers`` optional."""

    id: Annotated[StrictStr, Field(pattern=CLIENT_ID)] | None = Field(
        None, description="Your own id for it: a retry with the same id is stored once"
    )
    version: Annotated[StrictInt, Field(ge=1)] | None = Field(
        None, description="The version answered (default: the live one)"
    )
    answers: dict[str, AnswerValue] = Field(
        default_factory=dict,
        description="Question key → answer (a number, text, true/false, list, {row: column}, "
        "or a repeating group's [{field: value}])",
    )
    complete: StrictBool | None = Field(None, description="false keeps it partial")
    metadata: dict[str, MetadataValue] | None = Field(
        None, description="Hidden fields: names (letters, digits, _) → texts"
    )
    persona: StrictStr | None = Field(None, description="One of the journey's personas")
    # Checked by the answering core, which names an unknown channel with a 422 (as for
    # persona and metadata: a well-formed request whose values do not fit).
    channel: StrictStr | None = Field(None, json_schema_extra=_enum(CHANNELS))
    website: Annotated[StrictStr, Field(max_length=0)] | None = Field(
        None, description="Leave out (a trap for bots)"
    )


class AnswersUpdate(Request):
    """Answers to set or change (``null`` clears one)."""

    answers: dict[str, AnswerValue]
    website: Annotated[StrictStr, Field(max_length=0)] | None = Field(
        None, description="Leave out (a trap for bots)"
    )


class LastAnswers(Request):
    """Optional last answers sent with finishing; the body may be left out."""

    optional_body: ClassVar[bool] = True
    answers: dict[str, AnswerValue] | None = None
    website: Annotated[StrictStr, Field(max_length=0)] | None = Field(
        None, description="Leave out (a trap for bots)"
    )


class Condition(Reply):
    """Skip logic: ask this question only when an earlier one was answered so."""

    question: str = Field(description="The earlier question's key")
    operator: Operator
    value: int | float | str | None = Field(
        None,
        description="Typed as the earlier question's answers: a number for scales, a text for "
        "choices; absent for 'answered'",
    )


class Question(Reply):
    """One question as a client shows it."""

    key: str
    kind: QuestionKind
    prompt: str
    help_text: str
    required: bool
    min: int | None = Field(None, description="Scales: the lowest answer")
    max: int | None = Field(None, description="Scales: the highest answer")
    labels: dict[str, str] | None = Field(None, description="Scales: answer → label")
    options: list[str] | None = Field(None, description="Choices: the options")
    randomise: bool | None = Field(None, description="Choices: shuffle the options")
    size: str | None = Field(None, description="Free text: short or long")
    show_if: Condition | None = None


class SurveyLinks(Reply):
    """Where to send answers."""

    responses: str


class Survey(Reply):
    """The live version of a survey, with everything a client needs to show and answer it."""

    id: str
    title: str
    intro: str
    status: SurveyStatus
    version: int
    stage: str
    touchpoint: str
    questions: list[Question]
    links: SurveyLinks


class SurveyEnvelope(Reply):
    """``{"survey": …}``."""

    survey: Survey


class ResponseLinks(Reply):
    """Where to read, change and finish a response."""

    self: str
    complete: str


class Response(Reply):
    """A response as stored."""

    id: str = Field(description="Unguessable: read, change and finish the response by it")
    client_id: str | None = Field(description="The id you sent, if any")
    survey: str
    version: int
    status: Literal["partial", "complete"]
    answers: dict[str, Any]
    metadata: dict[str, str]
    channel: str
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    links: ResponseLinks


class ResponseEnvelope(Reply):
    """``{"response": …}``."""

    response: Response


# ---- reading (a key with the read scope) --------------------------------------------------


class Page(Request):
    """A page of a list: at most ``limit`` items after ``cursor``."""

    limit: Annotated[int, BeforeValidator(_whole_number(1, MAX_PAGE)), Field(ge=1, le=MAX_PAGE)] = (
        Field(DEFAULT_PAGE, description="Items per page")
    )
    cursor: Annotated[str, Field(max_length=200)] | Absent = Field(
        None, description="The previous page's next_cursor"
    )
    model_config = ConfigDict(extra="forbid", strict=False)  # query values arrive as text


class JourneyLinks(Reply):
    """Where a journey's parts are."""

    self: str
    map: str
    surveys: str


class JourneySummary(Reply):
    """A journey in a list."""

    slug: str
    name: str
    description: str
    created_at: datetime
    links: JourneyLinks


class JourneyList(Reply):
    """``{"data": [journey…], "next_cursor": …}``."""

    data: list[JourneySummary]
    next_cursor: str | None


class Stage(Reply):
    """A step of the journey, a map column."""

    id: int
    name: str
    position: int
    goals: str
    actions: str
    owner_team: str


class Touchpoint(Reply):
    """Where the customer meets the company."""

    id: int = Field(description="Filter responses by it (?touchpoint=)")
    name: str
    channel: str
    stage: str | None
    position: int


class Persona(Reply):
    """A kind of customer the journey is mapped for."""

    id: int = Field(description="Filter the map by it (?persona=)")
    name: str
    description: str
    attributes: dict[str, Any]


class Journey(JourneySummary):
    """A journey with its stages, touchpoints and personas."""

    stages: list[Stage]
    touchpoints: list[Touchpoint]
    personas: list[Persona]


class JourneyEnvelope(Reply):
    """``{"journey": …}``."""

    journey: Journey


class SurveyVersion(Reply):
    """One version: published ones never change."""

    number: int
    created_at: datetime
    published_at: datetime | None
    questions: list[Question]


class SurveyDetailLinks(Reply):
    """Where the survey is answered and managed."""

    self: str
    answer_page: str
    api: str


class SurveyDetail(Reply):
    """A survey with every version and its questions."""

    id: str
    title: str
    intro: str
    status: SurveyStatus
    journey: str
    stage: str
    touchpoint: str
    personas: list[str]
    allowed_origins: list[str]
    created_at: datetime
    live_version: int | None
    versions: list[SurveyVersion]
    links: SurveyDetailLinks


class SurveyDetailEnvelope(Reply):
    """``{"survey": …}``."""

    survey: SurveyDetail


class SurveyList(Reply):
    """``{"data": [survey…], "next_cursor": …}``."""

    data: list[SurveyDetail]
    next_cursor: str | None


class SurveysQuery(Page):
    """Filters of the survey list."""

    status: SurveyStatus | Absent = None


class Score(Reply):
    """The sentiment module's reading of one free-text answer."""

    compound: float = Field(description="-1 (negative) … +1 (positive)")
    label: str
    emotion: str
    emotions: dict[str, Any]
    intensity: float
    themes: list[Any]
    model: str = Field(description="The model version that scored it")
    scored_at: datetime


class ResponseRecord(Response):
    """A stored response as the read API lists it: where it came from and its scores."""

    journey: str
    stage: str
    touchpoint: str
    touchpoint_id: int
    persona: str | None
    source: str
    device: str | None
    scores: dict[str, Score] = Field(description="Free-text question key → its score")


class ResponseList(Reply):
    """``{"data": [response…], "next_cursor": …, "sync_cursor": …}``."""

    data: list[ResponseRecord]
    next_cursor: str | None
    sync_cursor: str = Field(
        description="Where this page ends, also on the last page: keep it and send it as "
        "cursor later to get only the responses stored since (none skipped)"
    )


class ResponsesQuery(Page):
    """Filters of the response feed; all combine."""

    journey: Annotated[str, Field(max_length=80)] | Absent = Field(None, description="Its slug")
    survey: Annotated[str, Field(max_length=40)] | Absent = Field(None, description="Public id")
    touchpoint: QueryId | Absent = Field(None, description="A touchpoint id (see the journey)")
    since: UtcMoment | Absent = Field(None, description="Created at or after (ISO 8601, UTC)")
    until: UtcMoment | Absent = Field(None, description="Created before (ISO 8601, UTC)")
    updated_since: UtcMoment | Absent = Field(
        None, description="Changed at or after: answers added, finished, scored (for sync)"
    )


class MapQuery(Request):
    """The map page's filters."""

    model_config = ConfigDict(extra="forbid", strict=False)
    persona: Annotated[str, Field(pattern=r"^([0-9]{1,9}|each)$")] | Absent = Field(
        None, description="A persona id, or 'each' for one curve per persona"
    )
    channel: Channel | Absent = None
    since: Day | Absent = None
    until: Day | Absent = None
    snapshot: QueryId | Absent = Field(None, description="An older snapshot")


class MapEnvelope(Reply):
    """``{"map": …}``: the document ``journeys export --format json`` writes."""

    map: dict[str, Any] = Field(
        description="journey, filters, generated_at, model, stages, touchpoints, cells, "
        "pain_points — the same view the map page draws"
    )


# ---- managing (a key with the manage scope) -----------------------------------------------


class NewSurvey(Request):
    """A survey made from a SurveyJS definition, placed at a stage and touchpoint."""

    surveyjs: dict[str, Any] = Field(description="A SurveyJS survey definition (JSON)")
    stage: Annotated[StrictStr, Field(min_length=1, max_length=120)]
    touchpoint: Annotated[StrictStr, Field(min_length=1, max_length=160)]
    personas: list[Annotated[StrictStr, Field(max_length=120)]] = Field(
        default_factory=list, description="Names of the journey's personas it is for"
    )
    title: Annotated[StrictStr, Field(max_length=200)] | None = Field(
        None, description="Overrides the definition's title"
    )


class NoBody(Request):
    """An action that takes no body (an empty object may be sent)."""

    optional_body: ClassVar[bool] = True
