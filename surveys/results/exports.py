"""Exports of a survey's filtered responses: CSV, XLSX and JSON Lines, one response per row.

Responses are read in keyset batches (the inbox's index) and written as they come, so memory
stays flat however many there are: CSV and JSON Lines are generators of bytes a web response
streams; XLSX is written by XlsxWriter in ``constant_memory`` mode (each row goes to a temporary
file as soon as the next begins) to a file the caller streams and removes.

Columns: the response's own fields, one per question key (answers of every version matched by
key), the stored score of each free-text answer, the hidden fields, the device. The data
dictionary names each column and says what it holds (the question's prompt for answers).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import xlsxwriter
from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from surveys.kinds import KINDS, HoldsFiles, stored_value
from surveys.kinds.uploads import file_names
from surveys.models import Answer, AnswerScore, Response, Survey
from surveys.results.catalogue import QuestionGroup
from surveys.results.filters import ResultFilters, conditions
from surveys.results.text import defuse

BATCH = 1000
BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Column:
    """One export column and its data-dictionary entry."""

    name: str
    meaning: str


@dataclass(frozen=True, slots=True)
class ExportPlan:
    """What an export of a survey's filtered responses holds: its columns, in order."""

    survey: Survey
    filters: ResultFilters
    groups: tuple[QuestionGroup, ...]
    hidden: tuple[str, ...]  # hidden-field names found among the responses

    def answer_column(self, group: QuestionGroup) -> str:
        """The column of a question's answers: its key (with its kind if the key changed kind)."""
        twins = [g for g in self.groups if g.key == group.key]
        return group.key if twins[-1] is group else f"{group.key}_{group.kind}"

    def columns(self) -> list[Column]:
        """Every column, each with what it holds."""
        cols = [
            Column("response_id", "The response's id (as in the inbox and the API)"),
            Column("created_at", "When the response was given (UTC)"),
            Column("completed_at", "When it was finished (UTC); empty while partial"),
            Column("status", "complete, or partial (not finished yet)"),
            Column("version", "The survey version answered"),
            Column("source", "Where it came from: hosted, embed, api, import or demo"),
            Column("channel", "The channel it was given on"),
            Column("persona", "The persona it carries, if any"),
        ]
        for group in self.groups:
            name = self.answer_column(group)
            asked = ", ".join(str(v) for v in group.versions)
            cols.append(Column(name, f"{group.prompt} ({group.kind}; asked in version {asked})"))
            if group.is_text:
                cols += [
                    Column(f"{name}_sentiment", f"Sentiment of {name}, −1 (negative) to +1"),
                    Column(f"{name}_label", f"Sentiment label of {name}"),
                    Column(f"{name}_emotion", f"Dominant emotion of {name}"),
                    Column(f"{name}_themes", f"Themes found in {name}, separated by '; '"),
                ]
        cols += [Column(f"hidden_{h}", f"Hidden field “{h}”") for h in self.hidden]
        cols.append(Column("device", "Device class: mobile, tablet, desktop or bot"))
        return cols


def plan_export(
    session: Session, survey: Survey, filters: ResultFilters, groups: Sequence[QuestionGroup]
) -> ExportPlan:
    """The export's columns; hidden-field names are gathered from the filtered responses."""
    names: set[str] = set()
    for batch in _batches(session, survey, filters, groups, [Response.meta]):
        for (meta,) in batch:
            names.update(str(k) for k in dict((meta or {}).get("hidden") or {}))
    return ExportPlan(survey, filters, tuple(groups), tuple(sorted(names)))


def _batches(
    session: Session,
    survey: Survey,
    filters: ResultFilters,
    groups: Sequence[QuestionGroup],
    columns: list[Any],
) -> Iterator[list[Any]]:
    """The filtered responses, newest first, ``BATCH`` at a time, as rows of ``columns``."""
    where = conditions(filters, survey, groups)
    position: tuple[datetime, int] | None = None
    while True:
        query = select(Response.created_at, Response.id, *columns).where(*where)
        if position is not None:
            query = query.where(tuple_(Response.created_at, Response.id) < tuple_(*position))
        rows = session.execute(
            query.order_by(Response.created_at.desc(), Response.id.desc()).limit(BATCH)
        ).all()
        if not rows:
            return
        position = (rows[-1][0], rows[-1][1])
        yield [row[2:] for row in rows]
        if len(rows) < BATCH:
            return


def records(session: Session, plan: ExportPlan) -> Iterator[dict[str, Any]]:
    """Each filtered response as a flat record keyed by column name, newest first."""
    survey, filters, groups = plan.survey, plan.filters, plan.groups
    column_of = {qid: (plan.answer_column(g), g) for g in groups for qid in g.ids}
    versions = {v.id: v.number for v in survey.versions}
    personas = {p.id: p.name for p in survey.journey.personas}
    for batch in _batches(session, survey, filters, groups, [Response.id]):
        ids = [row[0] for row in batch]
        rows = session.execute(
            select(
                Response.id,
                Response.public_id,
                Response.created_at,
                Response.completed_at,
                Response.status,
                Response.version_id,
                Response.source,
                Response.channel,
                Response.persona_id,
                Response.meta,
            ).where(Response.id.in_(ids))
        ).all()
        answers = _answers(session, ids)
        order = {rid: i for i, rid in enumerate(ids)}
        for row in sorted(rows, key=lambda r: order[r[0]]):
            rid, public_id, created, completed, status, version_id, source, channel = row[:8]
            persona_id, meta = row[8], dict(row[9] or {})
            record: dict[str, Any] = {
                "response_id": public_id,
                "created_at": created,
                "completed_at": completed,
                "status": status,
                "version": versions.get(version_id),
                "source": source,
                "channel": channel,
                "persona": personas.get(persona_id) if persona_id else None,
            }
            for question_id, text, number, score in answers.get(rid, ()):
                found = column_of.get(question_id)
                if found is None:
                    continue
                name, group = found
                kind = KINDS.get(group.kind)
                if isinstance(kind, HoldsFiles):  # the files' names, never their content
                    record[name] = file_names(kind.files(text))
                    continue
                record[name] = stored_value(group.kind, text, number)
                if group.is_text and score is not None:
                    compound, label, emotion, themes = score
                    record[f"{name}_sentiment"] = round(compound, 4)
                    record[f"{name}_label"] = label
                    record[f"{name}_emotion"] = emotion
                    record[f"{name}_themes"] = [str(t) for t in themes or ()]
            hidden = dict(meta.get("hidden") or {})
            for name in plan.hidden:
                record[f"hidden_{name}"] = hidden.get(name)
            record["device"] = meta.get("device")
            yield record


def _answers(
    session: Session, response_ids: list[int]
) -> dict[int, list[tuple[int, str | None, float | None, tuple[Any, ...] | None]]]:
    rows = session.execute(
        select(
            Answer.response_id,
            Answer.question_id,
            Answer.value_text,
            Answer.value_number,
            AnswerScore.compound,
            AnswerScore.label,
            AnswerScore.emotion,
            AnswerScore.themes,
        )
        .outerjoin(AnswerScore, AnswerScore.answer_id == Answer.id)
        .where(Answer.response_id.in_(response_ids))
    ).all()
    out: dict[int, list[tuple[int, str | None, float | None, tuple[Any, ...] | None]]] = {}
    for rid, qid, text, number, compound, label, emotion, themes in rows:
        score = None if compound is None else (compound, label, emotion, themes)
        out.setdefault(rid, []).append((qid, text, number, score))
    return out


def cell_text(value: Any) -> str:
    """A value as a CSV cell: lists joined with '; ', rows by row and records as JSON, times in
    ISO, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        return json.dumps(value, ensure_ascii=False)  # a repeating group's records
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):  # a matrix's answer, row by row
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def csv_chunks(session: Session, plan: ExportPlan, *, prompts: bool = False) -> Iterator[bytes]:
    """The export as UTF-8 CSV with a byte-order mark (so spreadsheets read accents), a header
    row of column names (and with ``prompts`` a second one saying what each holds: a question's
    prompt), free text defused against formulas; yielded a batch at a time."""
    columns = plan.columns()
    names = [c.name for c in columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    out.write(BOM)
    writer.writerow(names)
    if prompts:
        writer.writerow([defuse(c.meaning) for c in columns])
    for i, record in enumerate(records(session, plan), start=1):
        writer.writerow([defuse(cell_text(record.get(n))) for n in names])
        if i % BATCH == 0:
            yield out.getvalue().encode()
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode()


def dictionary_csv(plan: ExportPlan) -> bytes:
    """The data dictionary as CSV: each column's name and what it holds."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["column", "meaning"])
    for column in plan.columns():
        writer.writerow([defuse(column.name), defuse(column.meaning)])
    return out.getvalue().encode()


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") + "Z"
    return value


def jsonl_chunks(session: Session, plan: ExportPlan) -> Iterator[bytes]:
    """The export as JSON Lines: one object per response, answers and scores nested by key."""
    text_groups = [g for g in plan.groups if g.is_text]
    lines: list[str] = []
    for i, record in enumerate(records(session, plan), start=1):
        item: dict[str, Any] = {
            name: _json_value(record.get(name))
            for name in (
                "response_id",
                "created_at",
                "completed_at",
                "status",
                "version",
                "source",
                "channel",
                "persona",
            )
        }
        item["answers"] = {
            plan.answer_column(g): record[plan.answer_column(g)]
            for g in plan.groups
            if plan.answer_column(g) in record
        }
        item["scores"] = {
            name: {
                "sentiment": record[f"{name}_sentiment"],
                "label": record.get(f"{name}_label"),
                "emotion": record.get(f"{name}_emotion"),
                "themes": record.get(f"{name}_themes", []),
            }
            for name in (plan.answer_column(g) for g in text_groups)
            if f"{name}_sentiment" in record
        }
        item["hidden"] = {
            h: record[f"hidden_{h}"] for h in plan.hidden if record.get(f"hidden_{h}") is not None
        }
        item["device"] = record.get("device")
        lines.append(json.dumps(item, ensure_ascii=False))
        if i % BATCH == 0:
            yield ("\n".join(lines) + "\n").encode()
            lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode()


def write_xlsx(session: Session, plan: ExportPlan, path: str) -> int:
    """Write the export as a workbook at ``path`` — a Responses sheet and a Data dictionary
    sheet — and return how many responses it holds.

    Strings are written as strings, never read as formulas, URLs or numbers, so free text needs
    no defusing here and keeps its exact wording.
    """
    workbook = xlsxwriter.Workbook(
        path,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": "yyyy-mm-dd hh:mm:ss",
        },
    )
    bold = workbook.add_format({"bold": True})
    when = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    sheet = workbook.add_worksheet("Responses")
    columns = plan.columns()
    for c, column in enumerate(columns):
        sheet.write_string(0, c, column.name, bold)
    count = 0
    for count, record in enumerate(records(session, plan), start=1):
        for c, column in enumerate(columns):
            value = record.get(column.name)
            if value is None:
                continue
            if isinstance(value, datetime):
                sheet.write_datetime(count, c, value, when)
            elif isinstance(value, bool):
                sheet.write_string(count, c, str(value))
            elif isinstance(value, int | float):
                sheet.write_number(count, c, value)
            else:
                sheet.write_string(count, c, cell_text(value))
    sheet.freeze_panes(1, 1)
    dictionary = workbook.add_worksheet("Data dictionary")
    dictionary.write_string(0, 0, "column", bold)
    dictionary.write_string(0, 1, "meaning", bold)
    for r, column in enumerate(columns, start=1):
        dictionary.write_string(r, 0, column.name)
        dictionary.write_string(r, 1, column.meaning)
    workbook.close()
    return count
