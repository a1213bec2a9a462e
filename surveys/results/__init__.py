"""Results for researchers: a survey's responses read back — the inbox, one response in full,
per-question summaries, exports, and erasure.

Pure domain like the rest of ``surveys``: functions take a ``Session`` and plain values, flush and
never commit; the web views in ``app/web/results.py`` parse requests and render.
"""

from __future__ import annotations

from surveys.results.catalogue import QuestionGroup, published_versions, question_groups
from surveys.results.detail import ResponseDetail, answer_file, response_detail
from surveys.results.erasure import (
    ErasureListener,
    ErasureTarget,
    InvalidErasure,
    erase,
    erasure_log,
    hidden_field_target,
    response_target,
)
from surveys.results.exports import (
    ExportPlan,
    csv_chunks,
    dictionary_csv,
    jsonl_chunks,
    plan_export,
    write_xlsx,
)
from surveys.results.filters import (
    AnswerCondition,
    InvalidFilter,
    ResultFilters,
    parse_filters,
)
from surveys.results.inbox import InboxPage, count_matching, inbox_page
from surveys.results.summary import SurveySummary, summarise
from surveys.results.tallies import Counts, counts, survey_totals
from surveys.results.text import defuse, highlight

__all__ = [
    "AnswerCondition",
    "Counts",
    "ErasureListener",
    "ErasureTarget",
    "ExportPlan",
    "InboxPage",
    "InvalidErasure",
    "InvalidFilter",
    "QuestionGroup",
    "ResponseDetail",
    "ResultFilters",
    "SurveySummary",
    "answer_file",
    "count_matching",
    "counts",
    "csv_chunks",
    "defuse",
    "dictionary_csv",
    "erase",
    "erasure_log",
    "hidden_field_target",
    "highlight",
    "inbox_page",
    "jsonl_chunks",
    "parse_filters",
    "plan_export",
    "published_versions",
    "question_groups",
    "response_detail",
    "response_target",
    "summarise",
    "survey_totals",
    "write_xlsx",
]
