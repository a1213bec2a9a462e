"""The survey summary: one block per question, from the answer counts (``tallies.counts``).

NPS with its 95 % interval and weekly trend, CSAT's satisfied share, CES's mean, every scale's
distribution, choices with counts and shares, and for free text the sentiment and emotion mix,
top themes and a few quotes. Questions are matched across versions by key; a block says which
versions asked it and what changed.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveys.kinds import KINDS, scale_labels, stored_value
from surveys.kinds.base import CountedSummary
from surveys.kinds.nps import DETRACTORS, PASSIVES, PROMOTERS
from surveys.kinds.summaries import ChoiceSummary, NpsSummary, ScaleSummary, Summary, shares
from surveys.models import Answer, AnswerScore, Response, Survey
from surveys.results.catalogue import QuestionGroup
from surveys.results.filters import ResultFilters, conditions
from surveys.results.tallies import OTHER_LANGUAGE, AnswerCount, Counts, counts

Z95 = 1.959964
TOP_THEMES = 8
QUOTES = 3
SENTIMENT_ORDER: tuple[str, ...] = ("negative", "neutral", "positive")
SATISFIED = (4, 5)  # the CSAT points that read as satisfied


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of a chart: its label, count and share of the answers."""

    label: str
    count: int
    share: float
    value: str = ""  # the answer it stands for, for a filter link ("" when none)
    tone: int | None = None  # position on the orange (0) to purple (6) scale, if it has one


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """A week's figure (NPS) and how many answers it rests on."""

    week: date
    value: float
    n: int


@dataclass(frozen=True, slots=True)
class Quote:
    """A comment shown as evidence, with its reading and response."""

    text: str
    label: str
    compound: float
    response_id: str


@dataclass(frozen=True, slots=True)
class TextStats:
    """What a free-text question's comments say, from their stored readings."""

    sentiments: list[Bar]
    emotions: list[Bar]
    themes: list[Bar]
    mean: float | None
    unscored: int
    other_language: int
    quotes: list[Quote] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class QuestionSummary:
    """One block of the summary page."""

    group: QuestionGroup
    answered: int
    headline: str  # the figure a reader looks for first, in words
    figures: list[tuple[str, str]]  # (name, value) pairs under the headline
    bars: list[Bar]  # the distribution or the options
    trend: list[TrendPoint] = field(default_factory=list)
    text: TextStats | None = None
    nps: tuple[float, float, float] | None = None  # score, interval low, high


@dataclass(frozen=True, slots=True)
class SurveySummary:
    """The whole summary: counts that say what they count, then a block per question."""

    responses: int
    scored: int  # responses with a comment the scorer read
    blocks: list[QuestionSummary]
    live: bool  # counted over the matching responses (an answer condition), not from tallies


def _share(n: int, of: int) -> float:
    return n / of if of else 0.0


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def nps_interval(promoters: int, passives: int, detractors: int) -> tuple[float, float, float]:
    """NPS (−100 to 100) with its 95 % interval: each answer scores +1, 0 or −1, and the score
    is their mean × 100, so its standard error is that of a mean."""
    n = promoters + passives + detractors
    if n == 0:
        return 0.0, 0.0, 0.0
    p, d = promoters / n, detractors / n
    score = p - d
    variance = p + d - score * score
    half = Z95 * math.sqrt(max(variance, 0.0) / n)
    return score * 100, max(-100.0, (score - half) * 100), min(100.0, (score + half) * 100)


def kind_summary(group: QuestionGroup, counted: Sequence[tuple[object, int]]) -> Summary:
    """The question kind's own summary of answers counted ``(value, how many)``: its hook for
    counted answers where it has one, else one value at a time."""
    kind = KINDS[group.kind]
    if isinstance(kind, CountedSummary):
        return kind.summarise_counts(group.question, counted)
    return kind.summarise(group.question, (v for v, n in counted for _ in range(n)))


def _scale_bars(group: QuestionGroup, scale: ScaleSummary) -> list[Bar]:
    labels = scale_labels(group.question)
    span = max(1, scale.high - scale.low)
    bars = []
    for point, n in scale.counts.items():
        words = labels.get(str(point))
        label = f"{point} {words}" if words else str(point)
        tone = round((point - scale.low) / span * 6)
        bars.append(Bar(label, n, _share(n, scale.answered), str(point), tone))
    return bars


def _numbers(rows: Sequence[AnswerCount]) -> list[tuple[object, int]]:
    values: Counter[int] = Counter()
    for row in rows:
        if row.number is not None:
            values[int(row.number)] += row.responses
    return list(values.items())


def _scale_block(group: QuestionGroup, rows: Sequence[AnswerCount]) -> QuestionSummary:
    stat = kind_summary(group, _numbers(rows))
    nps = stat if isinstance(stat, NpsSummary) else None
    scale = nps.scale if nps is not None else stat
    assert isinstance(scale, ScaleSummary), f"{group.kind} is not summarised as a scale"
    answered, mean = scale.answered, scale.mean
    bars = _scale_bars(group, scale)
    mean_text = f"{mean:.2f}" if mean is not None else "—"
    figures = [("Answers", f"{answered:,}"), ("Mean", f"{mean_text} on {scale.low}–{scale.high}")]
    if nps is not None:
        groups = {
            name: sum(scale.counts.get(v, 0) for v in points)
            for name, points in (("p", PROMOTERS), ("a", PASSIVES), ("d", DETRACTORS))
        }
        score, ci_low, ci_high = nps_interval(groups["p"], groups["a"], groups["d"])
        weekly: dict[date, list[AnswerCount]] = {}
        for row in rows:
            if row.day is not None:
                weekly.setdefault(_week(row.day), []).append(row)
        trend = []
        for week, week_rows in sorted(weekly.items()):
            of_week = kind_summary(group, _numbers(week_rows))
            if isinstance(of_week, NpsSummary) and of_week.score is not None:
                trend.append(TrendPoint(week, of_week.score, of_week.scale.answered))
        headline = (
            f"NPS {score:+.0f} (95 % interval {ci_low:+.0f} to {ci_high:+.0f})"
            if answered
            else "NPS — (no answers)"
        )
        figures += [
            ("Promoters (9–10)", f"{groups['p']:,} · {nps.promoters:.0%}"),
            ("Passives (7–8)", f"{groups['a']:,} · {nps.passives:.0%}"),
            ("Detractors (0–6)", f"{groups['d']:,} · {nps.detractors:.0%}"),
        ]
        return QuestionSummary(
            group, answered, headline, figures, bars, trend, nps=(score, ci_low, ci_high)
        )
    if group.kind == "csat":
        satisfied = shares(scale.counts, answered, SATISFIED)
        count = sum(scale.counts.get(v, 0) for v in SATISFIED)
        headline = f"{satisfied:.0%} satisfied (4–5)" if answered else "—"
        figures.insert(1, ("Satisfied (4–5)", f"{count:,} · {satisfied:.0%}"))
    elif group.kind == "ces":
        headline = f"Mean effort score {mean_text} of 7 (7: very easy)" if answered else "—"
    else:
        headline = f"Mean {mean_text} on {scale.low}–{scale.high}" if answered else "—"
    return QuestionSummary(group, answered, headline, figures, bars)


def _choice_block(
    group: QuestionGroup, rows: Sequence[AnswerCount], by_count: bool
) -> QuestionSummary:
    # Each stored answer as the kind reads it (an option, or a multiple choice's list).
    counted: dict[str, tuple[object, int]] = {}
    for row in rows:
        if row.option is not None:
            value, n = counted.get(row.option, (None, 0))
            if value is None:
                value = stored_value(group.question, row.option, None)
            counted[row.option] = (value, n + row.responses)
    stat = kind_summary(group, list(counted.values()))
    assert isinstance(stat, ChoiceSummary), f"{group.kind} is not summarised as a choice"
    picked = Counter(stat.counts)
    # Options an older version offered are not the newest question's: counted here.
    for value, n in counted.values():
        for option in set(value if isinstance(value, list) else [value]):
            if str(option) not in stat.counts:
                picked[str(option)] += n
    offered = list(stat.counts)
    order = offered + [o for o in group.options() if o not in offered]
    order += [o for o in picked if o not in order]
    if by_count:
        position = {o: i for i, o in enumerate(order)}
        order.sort(key=lambda o: (-picked[o], position[o]))
    answered = stat.answered
    bars = [Bar(o, picked[o], _share(picked[o], answered), o) for o in order]
    top = max(bars, key=lambda b: b.count) if answered else None
    headline = f"Most chosen: {top.label} ({top.share:.0%})" if top and top.count else "—"
    figures = [("Answers", f"{answered:,}")]
    if group.kind == "multiple_choice":
        figures.append(("Shares", "of respondents; they may pick several"))
    return QuestionSummary(group, answered, headline, figures, bars)


def _figure(value: object) -> str:
    """One figure of a kind's summary as words: numbers grouped, means to two places, a scale
    or choice inside it (a matrix row) by its mean or most chosen option."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, ScaleSummary):
        mean = "—" if value.mean is None else f"{value.mean:.2f}"
        return f"mean {mean} on {value.low}–{value.high} ({value.answered:,} answers)"
    if isinstance(value, ChoiceSummary):
        top = max(value.counts.items(), key=lambda pair: pair[1], default=None)
        if top is None or not top[1]:
            return f"{value.answered:,} answers"
        return f"most chosen {top[0]} ({top[1]:,} of {value.answered:,})"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return " · ".join(
            f"{f.name.replace('_', ' ')} {_figure(getattr(value, f.name))}"
            for f in dataclasses.fields(value)
            if not isinstance(getattr(value, f.name), Mapping)
        )
    return str(value)


def _other_block(group: QuestionGroup, rows: Sequence[AnswerCount]) -> QuestionSummary:
    """Any other kind's block (yes/no, numbers, dates, rankings…): the kind's own summary of
    its counted answers, each of its figures in words and its first table of counts as bars.

    Written against the summary's fields, not its class, so a kind the registry gains shows
    on this page the day it is added.
    """
    counted = [
        (stored_value(group.question, row.option, row.number), row.responses)
        for row in rows
        if row.option is not None or row.number is not None
    ]
    stat = kind_summary(group, counted)
    given = getattr(stat, "answered", None)
    answered = given if isinstance(given, int) else sum(n for _v, n in counted)
    figures = [("Answers", f"{answered:,}")]
    bars: list[Bar] = []
    if dataclasses.is_dataclass(stat):
        for part in dataclasses.fields(stat):
            value = getattr(stat, part.name)
            name = part.name.replace("_", " ").capitalize()
            if part.name == "answered":
                continue
            if not isinstance(value, Mapping):
                figures.append((name, _figure(value)))
            elif not bars and all(type(n) is int for n in value.values()):
                bars = [Bar(str(k), n, _share(n, answered)) for k, n in value.items()]
            else:
                figures += [(f"{name}: {k}", _figure(v)) for k, v in value.items()]
    headline = f"{answered:,} answer{'' if answered == 1 else 's'}"
    return QuestionSummary(group, answered, headline, figures, bars)


def _text_block(
    group: QuestionGroup, rows: Sequence[AnswerCount], themes: Counter[str]
) -> QuestionSummary:
    labels: Counter[str] = Counter()
    emotions: Counter[str] = Counter()
    compound_sum = 0.0
    for row in rows:
        labels[row.label or ""] += row.responses
        if row.emotion:
            emotions[row.emotion] += row.responses
        compound_sum += row.compound_sum
    answered = sum(labels.values())
    readable = sum(labels[s] for s in SENTIMENT_ORDER)
    sentiments = [
        Bar(s, labels[s], _share(labels[s], readable), s, tone)
        for s, tone in zip(SENTIMENT_ORDER, (0, 3, 6), strict=True)
    ]
    emotion_bars = [Bar(e, n, _share(n, readable), e) for e, n in emotions.most_common()]
    theme_bars = [Bar(t, n, _share(n, readable), t) for t, n in themes.most_common(TOP_THEMES)]
    mean = compound_sum / readable if readable else None
    stats = TextStats(
        sentiments=sentiments,
        emotions=emotion_bars,
        themes=theme_bars,
        mean=mean,
        unscored=labels[""],
        other_language=labels[OTHER_LANGUAGE],
    )
    negative = _share(labels["negative"], readable)
    headline = f"{negative:.0%} negative · mean sentiment {mean:+.2f}" if mean is not None else "—"
    figures = [("Comments", f"{answered:,}"), ("Scored", f"{readable:,}")]
    if stats.other_language:
        figures.append(("Another language (not scored)", f"{stats.other_language:,}"))
    if stats.unscored:
        figures.append(("Waiting to be scored", f"{stats.unscored:,}"))
    return QuestionSummary(group, answered, headline, figures, [], text=stats)


QUOTE_BATCH = 500
QUOTE_LOOK = 5000  # newest comments looked at per question version for quotes


def quotes(
    session: Session,
    survey: Survey,
    filters: ResultFilters,
    groups: Sequence[QuestionGroup],
    group: QuestionGroup,
    themes: Sequence[str],
) -> list[Quote]:
    """The newest readable comment on each of the top themes (the newest comments when there
    are no themes), among the matching responses' newest comments.

    Read newest first from the question's answers (``ix_answer_question``), a batch at a time,
    keeping those of responses under the filters: cheap however many comments there are.
    """
    where = conditions(filters, survey, groups)
    wanted = list(themes[:QUOTES])
    by_theme: dict[str, Quote] = {}
    newest: list[Quote] = []
    for question_id in sorted(group.ids, reverse=True):  # the newest version's first
        if len(by_theme) == len(wanted) and len(newest) == QUOTES:
            break
        below: int | None = None
        for _ in range(QUOTE_LOOK // QUOTE_BATCH):
            query = (
                select(
                    Answer.value_text,
                    AnswerScore.label,
                    AnswerScore.compound,
                    AnswerScore.themes,
                    Response.public_id,
                    Answer.id,
                )
                .select_from(Answer)
                .join(AnswerScore, AnswerScore.answer_id == Answer.id)
                .join(Response, Response.id == Answer.response_id)
                .where(Answer.question_id == question_id, AnswerScore.language != OTHER_LANGUAGE)
                .order_by(Answer.id.desc())
                .limit(QUOTE_BATCH)
            )
            if below is not None:
                query = query.where(Answer.id < below)
            rows = session.execute(query).all()
            if not rows:
                break
            below = rows[-1][5]
            kept = set(
                session.scalars(
                    select(Response.public_id).where(
                        Response.public_id.in_([r[4] for r in rows]), *where
                    )
                )
            )
            for text, label, compound, found_themes, public_id, _id in rows:
                if public_id not in kept or not text:
                    continue
                quote = Quote(str(text), str(label), float(compound), str(public_id))
                if len(newest) < QUOTES:
                    newest.append(quote)
                for theme in wanted:
                    if theme not in by_theme and theme in (found_themes or ()):
                        by_theme[theme] = quote
                        break
            if len(by_theme) == len(wanted) and len(newest) == QUOTES:
                break
    found = [by_theme[t] for t in wanted if t in by_theme]
    found += [q for q in newest if q not in found]
    return found[:QUOTES]


def summarise_counts(
    groups: Sequence[QuestionGroup], counted: Counts, *, by_count: bool = False, live: bool = False
) -> SurveySummary:
    """The summary's blocks from answer counts, without quotes (they need the database)."""
    by_question: dict[int, list[AnswerCount]] = {}
    for row in counted.answers:
        by_question.setdefault(row.question_id, []).append(row)
    themes_of: dict[int, Counter[str]] = {}
    for question_id, theme, n in counted.themes:
        themes_of.setdefault(question_id, Counter())[theme] += n
    blocks = []
    for group in groups:
        rows = [r for qid in group.ids for r in by_question.get(qid, [])]
        if group.is_scale:
            blocks.append(_scale_block(group, rows))
        elif group.is_choice:
            blocks.append(_choice_block(group, rows, by_count))
        elif group.is_text:
            themes: Counter[str] = Counter()
            for qid in group.ids:
                themes.update(themes_of.get(qid, Counter()))
            blocks.append(_text_block(group, rows, themes))
        else:
            blocks.append(_other_block(group, rows))
    return SurveySummary(counted.total, counted.scored, blocks, live)


def summarise(
    session: Session,
    survey: Survey,
    filters: ResultFilters,
    groups: Sequence[QuestionGroup],
    *,
    by_count: bool = False,
) -> SurveySummary:
    """The summary of the survey's responses under ``filters`` (choice bars in the options'
    order, or by count), with quotes for each free-text question."""
    wanted = filters.summary_part()
    counted = counts(session, survey, wanted, groups)
    found = summarise_counts(groups, counted, by_count=by_count, live=bool(wanted.answers))
    for block in found.blocks:
        if block.text is not None:
            top = [b.label for b in block.text.themes]
            block.text.quotes.extend(quotes(session, survey, wanted, groups, block.group, top))
    return found
