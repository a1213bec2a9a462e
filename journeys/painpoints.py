"""Pain points: cells whose negativity beats the rest of the journey's with 95% confidence.

Two angry answers are not a pain point. A cell qualifies only with at least ``min_answers``
scored responses and a Wilson 95% interval of its negative share lying wholly above the negative
share of the rest of the journey. Severity is volume × intensity: the negative responses in excess
of that baseline times how strongly they read. Impact ranks the same cells by how much fixing
them would move the outcome KPI (the driver analysis).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from journeys.aggregate import CellKey, CellStats, total, wilson_interval
from journeys.models import PainPoint, PainPointStatus, ResponseFact
from journeys.webhooks import events as webhooks
from sentiment.themes import theme_key
from surveys.models import Answer, AnswerScore, utcnow

THEME_SAMPLE = 5000  # newest negative answers a pain point's themes are counted over
# A filtered cut's pain points are read while the page waits: their themes are counted over
# fewer of the newest complaints, still enough to rank the top few (a theme named by 10% of
# them is known within ±1.3 points at 95%), at a quarter of the reading time at 1M answers.
CUT_THEME_SAMPLE = 2000
TOP_THEMES = 5
QUOTES = 3


@dataclass(frozen=True, slots=True)
class Detection:
    """A cell the evidence calls a pain point."""

    stage_id: int
    touchpoint_id: int
    stats: CellStats
    baseline_share: float
    severity: float
    impact: float | None

    @property
    def key(self) -> CellKey:
        """The cell the pain point is at."""
        return CellKey(self.stage_id, self.touchpoint_id)


@dataclass(frozen=True, slots=True)
class Theme:
    """A phrase the complaints at a pain point share, with how many of them use it."""

    phrase: str
    count: int


@dataclass(frozen=True, slots=True)
class Quote:
    """One complaint quoted as evidence: its words, score and answer."""

    text: str
    compound: float
    answer_id: int


class Evidence(NamedTuple):
    """What a pain point's complaints say: top themes and representative quotes."""

    themes: list[Theme]
    quotes: list[Quote]


def baseline_share(n: int, negative: int, whole_n: int, whole_negative: int) -> float:
    """The negative share of the rest of the journey, which a cell's own share must beat."""
    rest_n = whole_n - n
    if rest_n:
        return (whole_negative - negative) / rest_n
    return whole_negative / whole_n if whole_n else 0.0


def outcome_impact(stats: CellStats, whole: CellStats) -> float | None:
    """Outcome-KPI points the journey gains if this cell's negative respondents scored like the
    others (their share of all respondents with an outcome × their outcome gap)."""
    gap = stats.outcome_gap()
    respondents = whole.outcome_negative_n + whole.outcome_other_n
    if gap is None or not respondents:
        return None
    return round(stats.outcome_negative_n / respondents * gap, 4)


def detect(cells: Mapping[CellKey, CellStats], *, min_answers: int) -> list[Detection]:
    """The pain points among ``cells``, most severe first."""
    whole = total(cells.values())
    found = []
    for (stage_id, touchpoint_id), stats in cells.items():
        if stats.n < min_answers:
            continue
        baseline = baseline_share(stats.n, stats.negative, whole.n, whole.negative)
        low, _high = wilson_interval(stats.negative, stats.n)
        if low <= baseline:
            continue
        excess = stats.negative - baseline * stats.n
        severity = round(excess * stats.negative_intensity_mean, 4)
        found.append(
            Detection(
                stage_id, touchpoint_id, stats, baseline, severity, outcome_impact(stats, whole)
            )
        )
    return sorted(found, key=lambda d: -d.severity)


def evidence(
    session: Session,
    journey_id: int,
    stage_id: int,
    touchpoint_id: int,
    *,
    persona_id: int | None = None,
    channel: str | None = None,
    since: date | None = None,
    until: date | None = None,
    negative_only: bool = True,
    top: int = TOP_THEMES,
    sample: int = THEME_SAMPLE,
) -> Evidence:
    """Top themes with counts, and representative quotes, of a cell's negative answers (or all
    its answers), under the map's filters when given."""
    rows = evidence_rows(
        session,
        journey_id,
        stage_id,
        touchpoint_id,
        persona_id=persona_id,
        channel=channel,
        since=since,
        until=until,
        negative_only=negative_only,
        sample=sample,
    )
    return summarise(rows, top=top)


def evidence_rows(
    session: Session,
    journey_id: int,
    stage_id: int,
    touchpoint_id: int,
    *,
    persona_id: int | None = None,
    channel: str | None = None,
    since: date | None = None,
    until: date | None = None,
    negative_only: bool = True,
    sample: int = THEME_SAMPLE,
) -> list[EvidenceRow]:
    """The newest ``sample`` answers of a cell (its negative ones, or all) under the filters,
    with their themes, score and words."""
    query = (
        select(AnswerScore.themes, AnswerScore.compound, Answer.value_text, Answer.id)
        .select_from(ResponseFact)
        .join(Answer, Answer.response_id == ResponseFact.response_id)
        .join(AnswerScore, AnswerScore.answer_id == Answer.id)
        .where(
            ResponseFact.journey_id == journey_id,
            ResponseFact.stage_id == stage_id,
            ResponseFact.touchpoint_id == touchpoint_id,
        )
        # Newest days first, in the order of the cell index itself (no sort of the whole cell).
        .order_by(ResponseFact.day.desc())
        .limit(sample)
    )
    if negative_only:
        query = query.where(ResponseFact.label == "negative", AnswerScore.label == "negative")
    if persona_id is not None:
        query = query.where(ResponseFact.persona_id == persona_id)
    if channel is not None:
        query = query.where(ResponseFact.channel == channel)
    if since is not None:
        query = query.where(ResponseFact.day >= since)
    if until is not None:
        query = query.where(ResponseFact.day <= until)
    return [
        EvidenceRow(list(themes or ()), float(compound), str(text or ""), int(answer_id))
        for themes, compound, text, answer_id in session.execute(query)
    ]


def summarise(rows: list[EvidenceRow], *, top: int = TOP_THEMES) -> Evidence:
    """The top themes of some answers, spellings of one theme merged ("refunds" and "refund"
    count as one, named as most answers spell it), and representative quotes."""
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for row in rows:
        keys: dict[str, str] = {}
        for phrase in row.themes:
            keys.setdefault(theme_key(phrase), phrase)
        counts.update(keys.keys())
        for key, phrase in keys.items():
            spellings.setdefault(key, Counter())[phrase] += 1
    ranked = counts.most_common(top)
    themes = [Theme(spellings[key].most_common(1)[0][0], count) for key, count in ranked]
    return Evidence(themes, _quotes(rows, [key for key, _count in ranked]))


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9']+", text.lower()) if len(w) > 2}


def _alike(a: str, b: str) -> bool:
    """Two quotes say nearly the same thing (most of their words shared): show only one."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return a.strip().lower() == b.strip().lower()
    return len(wa & wb) / min(len(wa), len(wb)) > 0.6


class EvidenceRow(NamedTuple):
    """One negative answer of a pain point: its themes, score and words."""

    themes: list[str]
    compound: float
    text: str
    answer_id: int


def _quotes(rows: list[EvidenceRow], themes: list[str]) -> list[Quote]:
    """Up to three distinct verbatims: for each top theme (by its key), the answer of readable
    length that
    reads closest to the cell's typical negative answer, so quotes are representative, not the
    most extreme."""
    if not rows:
        return []
    typical = sorted(r.compound for r in rows)[len(rows) // 2]

    def fitness(row: EvidenceRow) -> float:
        readable = 30 <= len(row.text) <= 280
        return (0.0 if readable else 1.0) + abs(row.compound - typical)

    # Fittest first (a stable sort keeps the newest first among equals), so each theme's quote
    # is the first that fits and says something new: a few comparisons, not one per answer.
    ranked = sorted(rows, key=fitness)
    chosen: list[EvidenceRow] = []
    for theme in [*themes, None]:
        pick = next(
            (
                r
                for r in ranked
                if (theme is None or theme in {theme_key(t) for t in r.themes})
                and not any(_alike(r.text, c.text) for c in chosen)
            ),
            None,
        )
        if pick is None:
            continue
        chosen.append(pick)
        if len(chosen) == QUOTES:
            break
    return [Quote(r.text, round(r.compound, 4), r.answer_id) for r in chosen]


def quotes_by_theme(rows: list[EvidenceRow], themes: list[Theme]) -> dict[str, Quote]:
    """For each theme, the readable answer closest to the typical one that mentions it."""
    if not rows:
        return {}
    typical = sorted(r.compound for r in rows)[len(rows) // 2]
    ranked = sorted(rows, key=lambda r: (not 30 <= len(r.text) <= 280) + abs(r.compound - typical))
    wanted = {theme_key(t.phrase): t.phrase for t in themes}
    found: dict[str, Quote] = {}
    for row in ranked:
        for key in {theme_key(t) for t in row.themes} & wanted.keys():
            if wanted[key] not in found:
                found[wanted[key]] = Quote(row.text, round(row.compound, 4), row.answer_id)
        if len(found) == len(wanted):
            break
    return found


def persist(session: Session, journey_id: int, detections: list[Detection]) -> list[PainPoint]:
    """Upsert the journey's pain points: found ones become active (a resolved one that returns
    reopens as new), the others inactive; the team's status, owner, notes and effort are kept."""
    existing = {
        (p.stage_id, p.touchpoint_id): p
        for p in session.scalars(select(PainPoint).where(PainPoint.journey_id == journey_id))
    }
    now = utcnow()
    active, opened = [], []
    for detection in detections:
        key = (detection.stage_id, detection.touchpoint_id)
        point = existing.pop(key, None)
        if point is None:
            point = PainPoint(
                journey_id=journey_id, stage_id=key[0], touchpoint_id=key[1], first_seen_at=now
            )
            session.add(point)
            opened.append(point)
        elif point.status == PainPointStatus.RESOLVED and not point.active:
            point.status = PainPointStatus.NEW
            opened.append(point)
        share = round(detection.stats.negative_share, 4)
        if not (point.active and point.n == detection.stats.n and point.negative_share == share):
            # Only a cell whose answers changed needs its evidence gathered again.
            found = evidence(session, journey_id, *key)
            point.themes = [asdict(theme) for theme in found.themes]
            point.quotes = [asdict(quote) for quote in found.quotes]
        point.active = True
        point.severity = detection.severity
        point.impact = detection.impact
        point.n = detection.stats.n
        point.negative_share = share
        point.last_seen_at = now
        active.append(point)
    for point in existing.values():
        point.active = False
    session.flush()
    webhooks.pain_points_opened(session, opened)
    return active
