"""Pure pieces of the map: highlighting that can never emit an answer's markup, the PDF writer,
text wrapping, and the comparison test. No app or database needed."""

from __future__ import annotations

import io

import pypdf

from journeys.aggregate import CellStats
from journeys.compare import direction
from journeys.render.layout import Drawing, Line, Marker, Rect, Text, wrap
from journeys.render.metrics import text_width
from journeys.render.pdf import drawing_pdf
from surveys.results.text import highlight


def test_highlight_escapes_first_then_marks_the_scoring_words() -> None:
    out = highlight("The agent was rude & I waited on  hold.", [("rude", -2.0), ("on hold", -1.5)])
    assert out == (
        'The agent was <mark class="neg" title="lowers the score (-2.00)">rude</mark> &amp; '
        'I waited <mark class="neg" title="lowers the score (-1.50)">on  hold</mark>.'
    )


def test_highlight_never_turns_answer_text_into_markup() -> None:
    text = '<img src=x onerror=alert(1)> <a href="javascript:alert(2)">great</a> </script>'
    out = highlight(text, [("great", 3.0), ("img", -1.0), ("script", -1.0)])
    assert "<img" not in out and "<a " not in out and "</script>" not in out
    assert out.count("<mark") == 3
    assert '<mark class="pos" title="raises the score (+3.00)">great</mark>' in out


def test_highlight_does_not_split_character_references() -> None:
    # "amp" and "quot" are the names of entities the escaping creates: they must stay whole.
    out = highlight('Tom & "Jerry" amp', [("amp", -1.0), ("quot", -1.0)])
    assert out == (
        'Tom &amp; &quot;Jerry&quot; <mark class="neg" title="lowers the score (-1.00)">amp</mark>'
    )


def test_pdf_writer_produces_a_readable_page_with_escaped_text() -> None:
    drawing = Drawing(
        300,
        200,
        "Title (with) \\ slashes",
        "",
        [
            Rect(10, 10, 100, 40, fill="#b35806", stroke="#000000", stroke_width=3),
            Line([(10, 100), (200, 80)], "#0072B2", 2, "4 2"),
            Marker(50, 120, "circle", "#0072B2"),
            Text(20, 150, "Support call (phone) − pain ⚠", 12, bold=True),
        ],
    )
    reader = pypdf.PdfReader(io.BytesIO(drawing_pdf(drawing)))
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) == 300
    assert "Support call (phone) - pain !" in reader.pages[0].extract_text()
    assert reader.metadata is not None and reader.metadata.title == "Title (with) \\ slashes"


def test_wrap_keeps_lines_within_the_width_and_ends_long_text_with_an_ellipsis() -> None:
    lines = wrap("word " * 100, 100, 10, max_lines=3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(text_width(line, 10) <= 100 for line in lines)
    first = wrap("x" * 50, 60, 10, max_lines=10)[0]  # long words are cut, as long as fits
    assert text_width(first, 10) <= 60 < text_width(first + "x", 10)


def _stats(values: list[float]) -> CellStats:
    return CellStats(
        n=len(values), sum_compound=sum(values), sum_compound_sq=sum(v * v for v in values)
    )


def test_comparison_marks_only_changes_beyond_noise() -> None:
    calm = _stats([0.5, 0.4, 0.6, 0.5] * 10)
    worse = _stats([-0.5, -0.4, -0.6, -0.5] * 10)
    assert direction(calm, worse, min_answers=10) == "worse"
    assert direction(worse, calm, min_answers=10) == "better"
    assert direction(calm, _stats([0.5, 0.45, 0.55, 0.5] * 10), min_answers=10) == "steady"
    assert direction(_stats([0.5] * 3), worse, min_answers=10) == "too few answers"
    assert direction(None, worse, min_answers=10) == "new"
