"""Protocol figures of the data README: our scorer beside raw VADER, measured in one run.

The labelled sets live outside the package (``../shared/data`` by default, ``SENTIMENT_DATA_DIR``
overrides). Nothing here is used at scoring time, so it lives with the training scripts, outside
the wheel; it exists so that every figure in a report can be reproduced from a checkout with
``python -m sentiment eval``.
"""

from __future__ import annotations

import math
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

#: VADER ground-truth files, by the short name used in reports.
VADER_SETS = {
    "vader tweets": "tweets_GroundTruth.txt",
    "vader movies": "movieReviewSnippets_GroundTruth.txt",
    "vader nyt": "nytEditorialSnippets_GroundTruth.txt",
}

#: GoEmotions labels grouped into the product's eight customer-experience emotions (data README).
GOEMOTIONS_TO_CX = {
    "joy": "delighted", "excitement": "delighted", "admiration": "delighted", "love": "delighted",
    "approval": "satisfied", "gratitude": "satisfied", "relief": "satisfied",
    "neutral": "neutral",
    "confusion": "confused",
    "nervousness": "anxious", "fear": "anxious",
    "annoyance": "frustrated",
    "disappointment": "disappointed",
    "anger": "angry", "disgust": "angry",
}  # fmt: skip

POLARITY_CLASSES = ("positive", "neutral", "negative")

#: Customer feedback written for this project (``sentiment/data``), by report name: a
#: development set whose misreadings were studied, and a held-out set that is only measured.
CX_SETS = {
    "cx feedback dev": "cx_feedback_dev.tsv",
    "cx feedback held-out": "cx_feedback_heldout.tsv",
}


def default_data_dir() -> Path:
    """Where the shared labelled data is expected: env override, else ``../shared/data``."""
    env = os.environ.get("SENTIMENT_DATA_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "shared" / "data"  # beside the checkout


def gold_label(gold: float) -> str:
    """Three-class label of a gold rating in [-1, 1], with the protocol's +-0.05 bands."""
    if gold >= 0.05:
        return "positive"
    if gold <= -0.05:
        return "negative"
    return "neutral"


def load_vader_set(path: Path) -> list[tuple[str, float]]:
    """(text, gold in [-1, 1]) pairs of one VADER ground-truth TSV (gold = mean rating / 4)."""
    rows: list[tuple[str, float]] = []
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for line in handle:
            parts = line.rstrip("\r\n").split("\t", 2)
            if len(parts) == 3:
                rows.append((parts[2], float(parts[1]) / 4.0))
    return rows


def vader_texts(data_dir: Path) -> list[str]:
    """Every text of the VADER ground-truth sets found in ``data_dir``, set by set."""
    texts: list[str] = []
    for filename in VADER_SETS.values():
        path = data_dir / "vader" / filename
        if path.exists():
            texts.extend(text for text, _ in load_vader_set(path))
    return texts


def load_goemotions(path: Path, names: Sequence[str]) -> list[tuple[str, str]]:
    """(text, emotion) pairs of comments whose labels map to exactly one CX emotion."""
    rows: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2:
                continue
            labels = {GOEMOTIONS_TO_CX.get(names[int(i)]) for i in parts[1].split(",") if i}
            labels.discard(None)
            if len(labels) == 1:
                rows.append((parts[0], str(labels.pop())))
    return rows


def goemotion_names(data_dir: Path) -> list[str]:
    """The 28 GoEmotions label names, in id order."""
    text = (data_dir / "goemotions" / "original" / "labels.txt").read_text(encoding="utf-8")
    return text.split()


def load_semeval(path: Path) -> list[tuple[str, str]]:
    """(sentence, polarity) pairs whose aspect polarities (terms and categories) all agree."""
    rows: list[tuple[str, str]] = []
    for sentence in ET.parse(path).getroot().iter("sentence"):
        text = sentence.findtext("text") or ""
        polarities = {node.get("polarity") for node in sentence.iter() if node.get("polarity")}
        if len(polarities) == 1 and polarities <= set(POLARITY_CLASSES):
            rows.append((text, str(polarities.pop())))
    return rows


def load_cx_set(filename: str) -> list[tuple[str, str, str]]:
    """(text, label, emotion) rows of one of :data:`CX_SETS` ('#' lines are its provenance)."""
    from importlib import resources

    try:
        text = resources.files("sentiment").joinpath("data", filename).read_text("utf-8")
    except (FileNotFoundError, OSError):
        return []
    rows = []
    for line in text.splitlines():
        parts = line.split("\t")
        if line and not line.startswith("#") and len(parts) == 4:
            rows.append((parts[3], parts[0], parts[1]))
    return rows


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson correlation; 0.0 when either side has no variance."""
    n = len(xs)
    if n == 0:
        return 0.0
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else 0.0


def accuracy_and_macro_f1(
    gold: Sequence[str], predicted: Sequence[str], classes: Sequence[str]
) -> tuple[float, float]:
    """Accuracy and the unweighted mean F1 over ``classes``."""
    correct = sum(g == p for g, p in zip(gold, predicted, strict=True))
    f1s = []
    for cls in classes:
        tp = sum(g == cls and p == cls for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != cls and p == cls for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == cls and p != cls for g, p in zip(gold, predicted, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return correct / max(len(gold), 1), sum(f1s) / len(classes)


@dataclass(frozen=True, slots=True)
class Figure:
    """One row of the report: a set, a scorer, and its protocol figures (None where n/a)."""

    dataset: str
    scorer: str
    n: int
    r: float | None
    accuracy: float
    macro_f1: float


#: A scorer for evaluation: texts in, (compound, emotion) per text out.
Scorer = Callable[[Sequence[str]], list[tuple[float, str]]]


def evaluate(scorers: dict[str, Scorer], data_dir: Path | None = None) -> list[Figure]:
    """Run every protocol of the data README for every scorer; skip sets that are absent."""
    from sentiment.emotions import EMOTIONS
    from sentiment.vader import label_for

    root = data_dir or default_data_dir()
    figures: list[Figure] = []
    for name, filename in VADER_SETS.items():
        path = root / "vader" / filename
        if not path.exists():
            continue
        rows = load_vader_set(path)
        texts, gold = [t for t, _ in rows], [g for _, g in rows]
        gold_labels = [gold_label(g) for g in gold]
        for scorer_name, scorer in scorers.items():
            compounds = [c for c, _ in scorer(texts)]
            acc, f1 = accuracy_and_macro_f1(
                gold_labels, [label_for(c) for c in compounds], POLARITY_CLASSES
            )
            figures.append(Figure(name, scorer_name, len(rows), pearson(compounds, gold), acc, f1))
    semeval = root / "semeval2014" / "Restaurants_Train_v2.xml"
    if semeval.exists():
        pairs = load_semeval(semeval)
        for scorer_name, scorer in scorers.items():
            predicted = [label_for(c) for c, _ in scorer([t for t, _ in pairs])]
            acc, f1 = accuracy_and_macro_f1([g for _, g in pairs], predicted, POLARITY_CLASSES)
            figures.append(Figure("semeval restaurants", scorer_name, len(pairs), None, acc, f1))
    dev = root / "goemotions" / "original" / "dev.tsv"
    if dev.exists():
        pairs = load_goemotions(dev, goemotion_names(root))
        for scorer_name, scorer in scorers.items():
            predicted = [e for _, e in scorer([t for t, _ in pairs])]
            acc, f1 = accuracy_and_macro_f1([g for _, g in pairs], predicted, EMOTIONS)
            figures.append(Figure("goemotions dev 8 CX", scorer_name, len(pairs), None, acc, f1))
    for name, filename in CX_SETS.items():
        cx_rows = load_cx_set(filename)
        if not cx_rows:
            continue
        labels, feelings = [r[1] for r in cx_rows], [r[2] for r in cx_rows]
        for scorer_name, scorer in scorers.items():
            scored = scorer([r[0] for r in cx_rows])
            acc, f1 = accuracy_and_macro_f1(
                labels, [label_for(c) for c, _ in scored], POLARITY_CLASSES
            )
            figures.append(Figure(name, scorer_name, len(cx_rows), None, acc, f1))
            acc, f1 = accuracy_and_macro_f1(feelings, [e for _, e in scored], EMOTIONS)
            figures.append(Figure(f"{name} 8 CX", scorer_name, len(cx_rows), None, acc, f1))
    return figures


def vader_band(compound: float) -> str:
    """Raw VADER's emotion, from polarity bands alone (how the README's anchor row was made)."""
    if compound >= 0.6:
        return "delighted"
    if compound >= 0.05:
        return "satisfied"
    if compound > -0.05:
        return "neutral"
    return "frustrated"


def scorers() -> dict[str, Scorer]:
    """Our scorer and the raw VADER anchor, ready for :func:`evaluate`."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from sentiment import score_many

    analyzer = SentimentIntensityAnalyzer()

    def ours(texts: Sequence[str]) -> list[tuple[float, str]]:
        return [(s.compound, s.emotion) for s in score_many(texts)]

    def raw(texts: Sequence[str]) -> list[tuple[float, str]]:
        out = []
        for text in texts:
            compound = float(analyzer.polarity_scores(text)["compound"])
            out.append((compound, vader_band(compound)))
        return out

    return {"ours": ours, "raw vader": raw}


def format_report(figures: Sequence[Figure]) -> str:
    """A plain table: one row per set, our r / accuracy / macro-F1 beside raw VADER's."""

    def cell(f: Figure | None) -> str:
        if f is None:
            return "-"
        r = "  -  " if f.r is None else f"{f.r:.3f}"
        return f"r {r}  acc {f.accuracy:.3f}  F1 {f.macro_f1:.3f}"

    names = list(dict.fromkeys(f.dataset for f in figures))
    by_key = {(f.dataset, f.scorer): f for f in figures}
    lines = [f"{'set':<26} {'n':>6}   {'ours':<32} {'raw vader':<32}"]
    for name in names:
        ours, raw = by_key.get((name, "ours")), by_key.get((name, "raw vader"))
        either = ours or raw
        n = either.n if either is not None else 0
        lines.append(f"{name:<26} {n:>6}   {cell(ours):<32} {cell(raw):<32}")
    return "\n".join(lines)
