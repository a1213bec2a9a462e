"""The summary's charts as SVG drawn on the server: horizontal bars and a weekly NPS line.

No script, no CDN: inline SVG the page embeds, readable without JavaScript. Colours are the
journey map's, safe for red–green colour blindness: orange (low, negative) to purple (high,
positive) for scales and sentiment, Okabe–Ito blue for choices and emotions; every bar also
carries its number and share as text, and each chart has a title, a description and a table
beside it on the page. All text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from surveys.results.summary import Bar, QuestionSummary, TrendPoint

# Orange (0) … neutral grey (3) … purple (6): the map's sentiment bands (app.css --neg3…--pos3).
TONES: tuple[str, ...] = (
    "#b35806",
    "#e08214",
    "#fdb863",
    "#bdbdbd",
    "#b2abd2",
    "#8073ac",
    "#542788",
)
PLAIN = "#0072B2"  # Okabe–Ito blue
INK, MUTED, GRID = "#1b1f24", "#555d66", "#d0d5db"
ROW, LABEL_W, BAR_W, VALUE_W = 24, 190, 300, 110


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(bars: Sequence[Bar], *, title: str, ident: str) -> str:
    """Horizontal bars, one per answer, each labelled with its count and share."""
    height = ROW * max(1, len(bars)) + 8
    width = LABEL_W + BAR_W + VALUE_W
    widest = max((b.share for b in bars), default=0.0) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" role="img"'
        f' aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">'
        + escape("; ".join(f"{b.label}: {b.count} ({b.share:.0%})" for b in bars))
        + "</desc>",
    ]
    for i, bar in enumerate(bars):
        y = 4 + i * ROW
        length = 0 if not bar.count else max(2.0, bar.share / widest * BAR_W)
        colour = TONES[bar.tone] if bar.tone is not None else PLAIN
        parts += [
            f'<text x="{LABEL_W - 8}" y="{y + 15}" text-anchor="end" font-size="12"'
            f' fill="{INK}">{escape(_clip(bar.label, 30))}</text>',
            f'<rect x="{LABEL_W}" y="{y + 3}" width="{length:.1f}" height="{ROW - 8}"'
            f' fill="{colour}" stroke="{INK}" stroke-width="0.5"/>',
            f'<text x="{LABEL_W + length + 6:.1f}" y="{y + 15}" font-size="12"'
            f' fill="{INK}">{bar.count:,} · {bar.share:.0%}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def stacked_bar(bars: Sequence[Bar], *, title: str, ident: str) -> str:
    """One bar split into the shares of ``bars`` (the sentiment mix), each part named."""
    width, height = LABEL_W + BAR_W + VALUE_W, 54
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" role="img"'
        f' aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">'
        + escape("; ".join(f"{b.label}: {b.count} ({b.share:.0%})" for b in bars))
        + "</desc>",
    ]
    x = 0.0
    total_w = width - 2
    for bar in bars:
        w = bar.share * total_w
        colour = TONES[bar.tone] if bar.tone is not None else PLAIN
        if w > 0:
            parts.append(
                f'<rect x="{x + 1:.1f}" y="2" width="{w:.1f}" height="22" fill="{colour}"'
                f' stroke="#fff" stroke-width="1"/>'
            )
            if w > 60:
                text_colour = "#fff" if bar.tone in (0, 6) else INK
                parts.append(
                    f'<text x="{x + 6:.1f}" y="17" font-size="12" fill="{text_colour}">'
                    f"{escape(bar.label)} {bar.share:.0%}</text>"
                )
        x += w
    legend_x = 0
    for bar in bars:
        colour = TONES[bar.tone] if bar.tone is not None else PLAIN
        parts += [
            f'<rect x="{legend_x}" y="34" width="12" height="12" fill="{colour}"/>',
            f'<text x="{legend_x + 16}" y="45" font-size="12" fill="{INK}">'
            f"{escape(bar.label)} {bar.count:,} ({bar.share:.0%})</text>",
        ]
        legend_x += 180
    parts.append("</svg>")
    return "".join(parts)


def trend_chart(points: Sequence[TrendPoint], *, title: str, ident: str) -> str:
    """NPS by week on −100…100, a point per week with its answer count beside it."""
    width, height, left, top, plot_h = 620, 200, 44, 12, 150
    step = (width - left - 30) / max(1, len(points) - 1)

    def y_of(value: float) -> float:
        return top + (100 - value) / 200 * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" role="img"'
        f' aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">'
        + escape(
            "; ".join(
                f"week of {p.week.isoformat()}: {p.value:+.0f} ({p.n} answers)" for p in points
            )
        )
        + "</desc>",
    ]
    for tick in (-100, -50, 0, 50, 100):
        y = y_of(tick)
        dash = "" if tick == 0 else ' stroke-dasharray="3 3"'
        parts += [
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}"'
            f' stroke="{GRID}"{dash}/>',
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11"'
            f' fill="{MUTED}">{tick:+d}</text>',
        ]
    coords = [(left + i * step, y_of(p.value)) for i, p in enumerate(points)]
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{TONES[6]}" stroke-width="2"/>'
        )
    for (x, y), point in zip(coords, points, strict=True):
        colour = TONES[0] if point.value < 0 else TONES[6]
        parts += [
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>',
            f'<text x="{x:.1f}" y="{height - 20}" text-anchor="middle" font-size="10"'
            f' fill="{MUTED}">{point.week.strftime("%d %b")}</text>',
            f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" font-size="10"'
            f' fill="{INK}">{point.value:+.0f}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def block_charts(block: QuestionSummary, ident: str) -> dict[str, str]:
    """The charts of one summary block, by name: ``bars`` (distribution or options),
    ``trend`` (NPS by week), ``sentiment``, ``emotions`` and ``themes`` (free text)."""
    prompt = block.group.prompt
    charts: dict[str, str] = {}
    if block.bars:
        charts["bars"] = bar_chart(block.bars, title=f"Answers to “{prompt}”", ident=f"{ident}-b")
    if len(block.trend) > 1:
        charts["trend"] = trend_chart(
            block.trend, title=f"NPS by week: {prompt}", ident=f"{ident}-t"
        )
    if block.text is not None:
        text = block.text
        charts["sentiment"] = stacked_bar(
            text.sentiments, title=f"Sentiment of the comments on “{prompt}”", ident=f"{ident}-s"
        )
        if text.emotions:
            charts["emotions"] = bar_chart(
                text.emotions, title=f"Emotions in the comments on “{prompt}”", ident=f"{ident}-e"
            )
        if text.themes:
            charts["themes"] = bar_chart(
                text.themes, title=f"Top themes in the comments on “{prompt}”", ident=f"{ident}-h"
            )
    return charts
