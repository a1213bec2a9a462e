"""Benchmark: ``sentiment.score_many`` (everything on) beside raw VADER ``polarity_scores``.

Same 20,000 texts, one run, medians of several alternating repetitions so machine noise hits both
sides alike. Prints each figure beside its baseline and the issue's target:

* throughput, texts per second (target: at least 0.5x raw VADER's);
* peak resident memory of a process that imports the scorer and scores the 20,000 texts
  (target: under 200 MB);
* import + first score in a fresh interpreter (target: under 1 s).

Texts: the VADER ground-truth sets in ``../shared/data`` (tweets, movie snippets, NYT snippets),
topped up to 20,000 with SemEval restaurant sentences (or ``SENTIMENT_DATA_DIR``); synthetic
customer feedback where the data is absent.

Run: ``.venv/bin/python bench/bench_sentiment.py [--repeats 5]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N_TEXTS = 20_000
FIRST_TEXT = "The checkout page kept crashing and I was on hold for an hour."


def load_texts() -> tuple[list[str], str]:
    """20,000 texts and where they came from."""
    sys.path.insert(0, str(ROOT))
    from sentiment.training.evaluate import default_data_dir, load_semeval, vader_texts

    data = default_data_dir()
    texts = vader_texts(data)
    semeval = data / "semeval2014" / "Restaurants_Train_v2.xml"
    if semeval.exists():  # the VADER sets hold 19,995 texts; restaurant reviews top them up
        texts.extend(text for text, _ in load_semeval(semeval))
    if len(texts) >= N_TEXTS:
        return texts[:N_TEXTS], f"VADER sets + SemEval restaurants in {data}"
    return synthetic_feedback(N_TEXTS), "synthetic customer feedback (shared data absent)"


def synthetic_feedback(n: int) -> list[str]:
    """Deterministic, varied customer feedback for when the shared data is absent."""
    rng = random.Random(7)
    openers = ["", "Honestly, ", "Well ", "So ", "Update: "]
    subjects = ["the delivery", "support", "the checkout page", "the app", "my refund", "the staff",
                "the room", "our order", "the agent", "billing"]  # fmt: skip
    verdicts = ["was great", "was slow", "never arrived", "kept crashing", "was friendly and quick",
                "took forever", "was fine I guess", "charged me twice", "was really helpful",
                "left me on hold for 40 minutes"]  # fmt: skip
    closers = ["", " Thanks!", " Would not recommend.", " Will order again.", " :(", " 😡", " 👍"]
    return [
        f"{rng.choice(openers)}{rng.choice(subjects)} {rng.choice(verdicts)}.{rng.choice(closers)}"
        f" ({i})"
        for i in range(n)
    ]


def throughput(texts: list[str], repeats: int) -> tuple[float, float, float]:
    """Median texts/second of raw VADER and of score_many, measured alternately in one process,
    and the median of each pair's ratio (a pair runs back to back, so a busy spell on a shared
    machine slows both sides of it rather than one side of the comparison)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    import sentiment

    analyzer = SentimentIntensityAnalyzer()
    sentiment.score(FIRST_TEXT)  # load the model outside the timed region, as a server would
    raw_rates, our_rates = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        for text in texts:
            analyzer.polarity_scores(text)
        raw_rates.append(len(texts) / (time.perf_counter() - start))
        cold_caches()
        start = time.perf_counter()
        sentiment.score_many(texts)
        our_rates.append(len(texts) / (time.perf_counter() - start))
    ratios = [ours / raw for ours, raw in zip(our_rates, raw_rates, strict=True)]
    return statistics.median(raw_rates), statistics.median(our_rates), statistics.median(ratios)


def cold_caches() -> None:
    """Empty the scorer's memo caches, so no repetition profits from the one before."""
    from sentiment import polarity, themes

    polarity.model(True).clear_caches()
    themes.clear_caches()


_CHILD = """
import json, resource, sys, time
start = time.perf_counter()
if sys.argv[1] == "ours":
    import sentiment
    sentiment.score(sys.argv[2])
else:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    SentimentIntensityAnalyzer().polarity_scores(sys.argv[2])
first = time.perf_counter() - start
rss = None
if len(sys.argv) > 3:
    texts = json.load(open(sys.argv[3], encoding="utf-8"))
    if sys.argv[1] == "ours":
        sentiment.score_many(texts)
    else:
        analyzer = SentimentIntensityAnalyzer()
        [analyzer.polarity_scores(t) for t in texts]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
print(json.dumps({"first": first, "rss_mb": rss}))
"""


def child(which: str, texts_file: Path | None = None) -> dict[str, float]:
    """Run one fresh interpreter: import + first score, optionally the whole batch for memory."""
    args = [sys.executable, "-c", _CHILD, which, FIRST_TEXT]
    if texts_file is not None:
        args.append(str(texts_file))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(args, capture_output=True, text=True, check=True, env=env, cwd=ROOT)
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    """Print every figure beside its baseline and target."""
    parser = argparse.ArgumentParser(description="sentiment benchmark")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    texts, source = load_texts()
    print(f"texts: {len(texts)} from {source}; medians of {args.repeats} runs")

    first_ours = statistics.median(child("ours")["first"] for _ in range(args.repeats))
    first_raw = statistics.median(child("raw")["first"] for _ in range(args.repeats))

    texts_file = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench_sentiment_{os.getpid()}.json"
    texts_file.write_text(json.dumps(texts), encoding="utf-8")
    try:
        rss_ours = statistics.median(child("ours", texts_file)["rss_mb"] for _ in range(3))
        rss_raw = statistics.median(child("raw", texts_file)["rss_mb"] for _ in range(3))
    finally:
        texts_file.unlink(missing_ok=True)

    sys.path.insert(0, str(ROOT))
    raw_rate, our_rate, ratio = throughput(texts, args.repeats)

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    print(f"{'figure':<34}{'ours':>12}{'raw vader':>12}   target")
    print(f"{'throughput (texts/s)':<34}{our_rate:>12,.0f}{raw_rate:>12,.0f}"
          f"   >= 0.5x raw: {ratio:.2f}x (median pair) {verdict(ratio >= 0.5)}")  # fmt: skip
    print(f"{'peak resident memory (MB)':<34}{rss_ours:>12.1f}{rss_raw:>12.1f}"
          f"   < 200 MB: {verdict(rss_ours < 200)}")  # fmt: skip
    print(f"{'import + first score (s)':<34}{first_ours:>12.3f}{first_raw:>12.3f}"
          f"   < 1 s: {verdict(first_ours < 1.0)}")  # fmt: skip


if __name__ == "__main__":
    main()
