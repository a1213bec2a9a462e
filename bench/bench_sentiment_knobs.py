"""Benchmark: what each customer-feedback rule family and tuning knob costs or buys, in one run.

The README's account of the two short protocol figures (VADER tweets accuracy, NYT r) rests on
these rows: the scorer as shipped, then one change at a time — a rule family of the CX lexicon
layer removed, or a knob moved — each measured on the same texts in the same process:

* VADER tweets: accuracy and macro-F1 (the protocol's three classes);
* VADER NYT editorial snippets: Pearson r;
* the CX feedback development set shipped in ``sentiment/data``: polarity accuracy.

Nothing here changes the package: every variant is built in memory and undone.

Run: ``.venv/bin/python bench/bench_sentiment_knobs.py`` (needs ``../shared/data``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sentiment  # noqa: E402
from sentiment import cx_rules, lexicon, polarity  # noqa: E402
from sentiment.training.evaluate import (  # noqa: E402
    POLARITY_CLASSES,
    VADER_SETS,
    accuracy_and_macro_f1,
    default_data_dir,
    gold_label,
    load_cx_set,
    load_vader_set,
    pearson,
)
from sentiment.vader import vader_tables  # noqa: E402


def figures() -> str:
    """Tweets accuracy / F1, NYT r and CX dev accuracy of the scorer as it stands now."""
    data = default_data_dir() / "vader"
    tweets = load_vader_set(data / VADER_SETS["vader tweets"])
    nyt = load_vader_set(data / VADER_SETS["vader nyt"])
    cx = load_cx_set("cx_feedback_dev.tsv")
    scored = sentiment.score_many([t for t, _ in tweets])
    acc, f1 = accuracy_and_macro_f1(
        [gold_label(g) for _, g in tweets], [s.label for s in scored], POLARITY_CLASSES
    )
    r = pearson(
        [s.compound for s in sentiment.score_many([t for t, _ in nyt])], [g for _, g in nyt]
    )
    cx_scored = sentiment.score_many([row[0] for row in cx])
    cx_acc, _ = accuracy_and_macro_f1(
        [row[1] for row in cx], [s.label for s in cx_scored], POLARITY_CLASSES
    )
    return f"{acc:.3f} / {f1:.3f}   {r:.3f}   {cx_acc:.3f}"


@contextmanager
def engine(change: Callable[[polarity.PolarityModel], None]) -> Iterator[None]:
    """Score with a fresh CX polarity model changed by ``change``; the shipped one after."""
    model = polarity.PolarityModel(cx=True)
    change(model)
    shipped = sentiment.model
    sentiment.model = lambda cx=True: model  # type: ignore[assignment]
    try:
        yield
    finally:
        sentiment.model = shipped  # type: ignore[assignment]


@contextmanager
def setting(module: object, name: str, value: float) -> Iterator[None]:
    """Score with ``module.name`` set to ``value`` (a fresh model), then restore it."""
    before = getattr(module, name)
    setattr(module, name, value)
    polarity.model.cache_clear()
    try:
        yield
    finally:
        setattr(module, name, before)
        polarity.model.cache_clear()


def _without_afinn(model: polarity.PolarityModel) -> None:
    for word in lexicon.afinn_words():
        if word not in lexicon.CX_WORDS:
            model.lexicon[word] = 0.0


def _without_cx_words(model: polarity.PolarityModel) -> None:
    vader, _ = vader_tables()
    afinn = lexicon.afinn_words()
    for word in lexicon.CX_WORDS:
        model.lexicon[word] = vader.get(word, afinn.get(word, 0.0))


def _please_as_vader(model: polarity.PolarityModel) -> None:
    model.lexicon["please"] = vader_tables()[0]["please"]


def _every_like_is_praise(model: polarity.PolarityModel) -> None:
    model._special = frozenset({"kind"})  # "like", "pretty", "well", names read as VADER does


def main() -> None:
    """Print one row per variant beside the shipped scorer's row."""
    if not (default_data_dir() / "vader").exists():
        raise SystemExit(f"shared data not found at {default_data_dir()}")
    print(f"{'variant':<44}{'tweets acc / F1':<18}{'NYT r':<8}{'CX dev acc'}")
    print(f"{'as shipped':<44}{figures()}")
    families: list[tuple[str, Callable[[polarity.PolarityModel], None]]] = [
        ("without the AFINN words", _without_afinn),
        ("without the CX words", _without_cx_words),
        ('"please" rated as VADER rates it', _please_as_vader),
        ('every "like"/"pretty"/"well" read as praise', _every_like_is_praise),
    ]
    for label, change in families:
        with engine(change):
            print(f"{label:<44}{figures()}")
    knobs = [
        ("turn weights 1.0 (no turning sentences)", cx_rules, "AFTER_TURN", 1.0),
        ("final-sentence weight 1.0", cx_rules, "FINAL_SENTENCE_WEIGHT", 1.0),
        ("learned dead zone 0.1 (shipped 0.3)", sentiment, "LEARNED_DEAD_ZONE", 0.1),
        ("learned dead zone 0.2", sentiment, "LEARNED_DEAD_ZONE", 0.2),
        ("neutral shrink 0.0 (shipped 0.3)", sentiment, "NEUTRAL_SHRINK", 0.0),
    ]
    for label, module, name, value in knobs:
        if name == "AFTER_TURN":
            with setting(module, name, value), setting(module, "BEFORE_TURN", 1.0):
                print(f"{label:<44}{figures()}")
            continue
        with setting(module, name, value):
            print(f"{label:<44}{figures()}")
    print("raw VADER: tweets 0.899 / 0.740, NYT r 0.503 (python -m sentiment eval)")


if __name__ == "__main__":
    main()
