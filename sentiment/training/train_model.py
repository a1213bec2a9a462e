"""Train the shipped model file ``sentiment/data/cx_model.json.gz`` from GoEmotions.

Data: GoEmotions (Demszky et al., 2020; Apache-2.0), the ``train`` split of
``goemotions/original/train.tsv`` as redistributed by monologg/GoEmotions-pytorch. Only the train
split is read; the dev split stays for evaluation. Two softmax heads are fitted over the features
of :func:`sentiment.emotions.features`:

* ``emotion`` — comments whose labels map onto exactly one of the eight CX emotions (mapping in
  the data README and :data:`sentiment.training.evaluate.GOEMOTIONS_TO_CX`);
* ``polarity`` — comments whose labels are all positive, all negative, or neutral.

Deterministic: fixed hash split and seeded shuffles, so the same data gives the same bytes.
Run: ``python -m sentiment.training.train_model [--data DIR] [--out FILE]``
(``SENTIMENT_DATA_DIR`` also sets the data folder).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from sentiment.emotions import EMOTIONS, MODEL_FILE, POLARITIES, features
from sentiment.polarity import model as polarity_model
from sentiment.text import clean
from sentiment.training.evaluate import GOEMOTIONS_TO_CX, accuracy_and_macro_f1, default_data_dir

POSITIVE = frozenset(
    """
    admiration amusement approval caring excitement gratitude joy love optimism pride relief
    """.split()  # noqa: SIM905 - a word list reads best as words
)
NEGATIVE = frozenset(
    """
    anger annoyance disappointment disapproval disgust embarrassment fear grief nervousness remorse
    sadness
    """.split()  # noqa: SIM905 - a word list reads best as words
)

MIN_COUNT = 3  # features seen in fewer training comments carry noise, not signal
EPOCHS = 8
LEARNING_RATE = 0.2
L2 = 1e-5
VERSION = "ge-lr.14"

Example = tuple[frozenset[str], int, str]  # features, class index, comment id


def read_train(data_dir: Path) -> list[tuple[str, list[str], str]]:
    """(text, GoEmotions label names, comment id) for every train comment."""
    names = (data_dir / "goemotions" / "original" / "labels.txt").read_text().split()
    rows = []
    with (data_dir / "goemotions" / "original" / "train.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[1]:
                rows.append((parts[0], [names[int(i)] for i in parts[1].split(",")], parts[2]))
    return rows


def emotion_target(labels: Sequence[str]) -> str | None:
    """The CX emotion of a comment, or None when its labels map to none or to several."""
    mapped = {GOEMOTIONS_TO_CX[label] for label in labels if label in GOEMOTIONS_TO_CX}
    return mapped.pop() if len(mapped) == 1 else None


def polarity_target(labels: Sequence[str]) -> str | None:
    """Positive / negative / neutral when a comment's labels agree, else None."""
    found = set(labels)
    if found <= POSITIVE:
        return "positive"
    if found <= NEGATIVE:
        return "negative"
    if found == {"neutral"}:
        return "neutral"
    return None


def held_out(comment_id: str) -> bool:
    """A fixed tenth of train, used only to set each class's bias for macro-F1."""
    return hashlib.md5(comment_id.encode()).digest()[0] < 26


def train_head(
    examples: list[Example], classes: Sequence[str], *, balanced: bool = True
) -> tuple[list[float], dict[str, list[float]]]:
    """Multinomial logistic regression by SGD; ``balanced`` weighs classes by inverse frequency."""
    k = len(classes)
    counts = Counter(y for _, y, _ in examples)
    class_weight = [len(examples) / (k * max(counts[i], 1)) if balanced else 1.0 for i in range(k)]
    bias = [0.0] * k
    weights: dict[str, list[float]] = {}
    order = list(range(len(examples)))
    rng = random.Random(13)
    step = 0
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        lr = LEARNING_RATE / (1 + epoch)
        for idx in order:
            feats, y, _ = examples[idx]
            rows = [weights.setdefault(f, [0.0] * k) for f in feats]
            scores = list(bias)
            for row in rows:
                for i in range(k):
                    scores[i] += row[i]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            scale = lr * class_weight[y]
            grads = [scale * ((1.0 if i == y else 0.0) - e / total) for i, e in enumerate(exps)]
            for i in range(k):
                bias[i] += grads[i]
            for row in rows:
                for i in range(k):
                    row[i] += grads[i] - lr * L2 * row[i]
            step += 1
    return bias, weights


def tune_bias(
    bias: list[float], weights: dict[str, list[float]], held: list[Example], classes: Sequence[str]
) -> list[float]:
    """Shift each class's bias (coordinate search) to maximise macro-F1 on the held-out tenth."""
    k = len(classes)
    base = []
    for feats, _, _ in held:
        scores = [0.0] * k
        for f in feats:
            row = weights.get(f)
            if row:
                for i in range(k):
                    scores[i] += row[i]
        base.append(scores)
    gold = [classes[y] for _, y, _ in held]

    def macro(b: list[float]) -> float:
        predicted = [classes[max(range(k), key=lambda i: s[i] + b[i])] for s in base]
        return accuracy_and_macro_f1(gold, predicted, classes)[1]

    best = list(bias)
    best_f1 = macro(best)
    for _ in range(3):
        for i in range(k):
            for delta in (-1.0, -0.5, -0.25, 0.25, 0.5, 1.0):
                trial = list(best)
                trial[i] += delta
                f1 = macro(trial)
                if f1 > best_f1 + 1e-6:
                    best, best_f1 = trial, f1
    print(f"  held-out macro-F1 {best_f1:.3f}")
    return best


def export(
    bias: list[float], weights: dict[str, list[float]], classes: Sequence[str]
) -> dict[str, object]:
    """A head as JSON: weights rounded, near-zero rows dropped to keep the file small."""
    table = {}
    for feat in sorted(weights):
        row = [round(w, 3) for w in weights[feat]]
        if max(abs(w) for w in row) >= 0.02:
            table[feat] = row
    return {"classes": list(classes), "bias": [round(b, 4) for b in bias], "weights": table}


def build(data_dir: Path) -> dict[str, object]:
    """Train both heads and return the model document."""
    polarity = polarity_model(True)
    rows = read_train(data_dir)
    featured = []
    doc_freq: Counter[str] = Counter()
    for text, labels, cid in rows:
        cleaned = clean(text)
        scored = polarity.score(cleaned)
        cues = tuple(c for c, _ in scored.reasons if " " in c)
        feats = features(cleaned, scored.compound, cues, hedged=scored.hedged)
        featured.append((feats, labels, cid))
        if not held_out(cid):
            doc_freq.update(feats)
    keep = {f for f, n in doc_freq.items() if n >= MIN_COUNT}
    heads: dict[str, object] = {"version": VERSION}
    # The polarity head is blended with the lexicon's verdict, so it must not learn to echo it:
    # without the lexicon-verdict features it learns what the words say on their own.
    for name, classes, target, allowed in (
        ("emotion", EMOTIONS, emotion_target, keep),
        ("polarity", POLARITIES, polarity_target, {f for f in keep if not f.startswith("__")}),
    ):
        train: list[Example] = []
        held: list[Example] = []
        for feats, labels, cid in featured:
            label = target(labels)
            if label is None:
                continue
            example = (frozenset(f for f in feats if f in allowed), classes.index(label), cid)
            (held if held_out(cid) else train).append(example)
        print(f"{name}: {len(train)} train, {len(held)} held out, {len(keep)} features")
        if name == "emotion":
            # The emotion head picks a class: balanced, with biases set for macro-F1.
            bias, weights = train_head(train, classes)
            bias = tune_bias(bias, weights, held, classes)
        else:
            # The polarity head's probabilities are blended with the lexicon, so they must stay
            # calibrated: no class weights and no bias shifts (both would tilt every blend
            # towards the rarer classes). On the held-out tenth this also scores better.
            bias, weights = train_head(train, classes, balanced=False)
        heads[name] = export(bias, weights, classes)
    return heads


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry: train and write the model file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent.parent / "data" / MODEL_FILE
    )
    args = parser.parse_args(argv)
    document = build(args.data)
    payload = json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the gzip header, and so the file, byte-identical across runs.
    args.out.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
