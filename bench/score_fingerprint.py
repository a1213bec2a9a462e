"""Fingerprint of every score: one SHA-256 over the full results of scoring a fixed set of texts.

A change meant to leave behaviour alone (a refactor, a speed-up) shows it by printing the same
fingerprint as the revision before it. The texts: every text of the shared data
(``../shared/data``: the three VADER ground-truth sets, every SemEval restaurant sentence, the
GoEmotions train and dev comments — the Ekman folder holds the same comments again) and the two
customer-feedback sets shipped in ``sentiment/data``. Each result is every field of
``TextScore`` (compound, label, emotion, emotions, intensity, per-sentence compounds, themes,
reasons, language, model), floats rounded to 6 places, one JSON line per text in input order.

With ``REV``, ``sentiment/`` as it was at that revision is taken out of git (as
``bench/bench_revision.py`` does) and scored on the same texts in the same run; both
fingerprints are printed, then "identical" or the first texts whose results differ. Both sides
run in fresh interpreters with ``PYTHONHASHSEED=0``.

``--ignore themes,model`` leaves those fields out of the comparison (a change to themes alone, or
the model version it bumps, then reads "identical"); differences are always counted per field.

Run: ``.venv/bin/python bench/score_fingerprint.py [REV] [--show 5] [--ignore FIELD,...]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from bench_revision import ROOT, checkout

# Scores the texts of argv[1] with the sentiment package on PYTHONPATH: one JSON line each.
_SCORE = """
import json, sys
import sentiment

def rounded(value):
    return round(value, 6) if isinstance(value, float) else value

texts = json.load(open(sys.argv[1], encoding="utf-8"))
out = sys.stdout
for s in sentiment.score_many(texts):
    record = [
        rounded(s.compound), s.label, s.emotion,
        {e: rounded(w) for e, w in (s.emotions or {}).items()},
        rounded(s.intensity), [rounded(c) for c in s.sentences], list(s.themes),
        [[cue, rounded(w)] for cue, w in s.reasons], s.language, s.model,
    ]
    out.write(json.dumps(record, ensure_ascii=True) + "\\n")
"""


#: The fields of each result line, in order.
FIELDS = (
    "compound", "label", "emotion", "emotions", "intensity", "sentences", "themes", "reasons",
    "language", "model",
)  # fmt: skip


def without(line: str, ignored: set[str]) -> str:
    """A result line with the ``ignored`` fields blanked."""
    if not ignored:
        return line
    record = json.loads(line)
    return json.dumps([None if f in ignored else v for f, v in zip(FIELDS, record, strict=True)])


def field_differences(before: list[str], after: list[str]) -> dict[str, int]:
    """How many results differ in each field."""
    counts = dict.fromkeys(FIELDS, 0)
    for a, b in zip(before, after, strict=True):
        if a != b:
            for field, x, y in zip(FIELDS, json.loads(a), json.loads(b), strict=True):
                counts[field] += x != y
    return counts


def shared_texts(data: Path) -> list[str]:
    """Every text of the shared data, in a fixed order (empty when the folder is absent)."""
    sys.path.insert(0, str(ROOT))
    from sentiment.training.evaluate import vader_texts

    texts = vader_texts(data)
    semeval = data / "semeval2014" / "Restaurants_Train_v2.xml"
    if semeval.exists():
        texts.extend(s.findtext("text") or "" for s in ET.parse(semeval).getroot().iter("sentence"))
    for split in ("train", "dev"):
        path = data / "goemotions" / "original" / f"{split}.tsv"
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                texts.extend(line.split("\t", 1)[0] for line in handle if line.strip())
    return texts


def cx_texts() -> list[str]:
    """The texts of the customer-feedback sets shipped in ``sentiment/data``."""
    from sentiment.training.evaluate import CX_SETS, load_cx_set

    return [row[0] for filename in CX_SETS.values() for row in load_cx_set(filename)]


def results(root: Path, texts_file: Path) -> list[str]:
    """One JSON line per text, as scored by ``root``'s sentiment package in a fresh interpreter."""
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONHASHSEED="0")
    done = subprocess.run(
        [sys.executable, "-c", _SCORE, str(texts_file)],
        capture_output=True, text=True, check=True, env=env, cwd=root,
    )  # fmt: skip
    return done.stdout.splitlines()


def fingerprint(lines: list[str]) -> str:
    """SHA-256 over the result lines, each ended by a newline."""
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def main() -> None:
    """Print this checkout's fingerprint, and REV's beside it when given."""
    parser = argparse.ArgumentParser(description="SHA-256 over every score of a fixed text set")
    parser.add_argument("rev", nargs="?", help="also fingerprint sentiment/ at this revision")
    parser.add_argument("--show", type=int, default=5, help="differing texts to print")
    parser.add_argument("--ignore", default="", help="fields left out, e.g. themes,model")
    args = parser.parse_args()
    ignored = {f for f in args.ignore.split(",") if f}
    if ignored - set(FIELDS):
        parser.error(f"--ignore takes fields of {', '.join(FIELDS)}")

    sys.path.insert(0, str(ROOT))
    from sentiment.training.evaluate import default_data_dir

    data = default_data_dir()
    texts = shared_texts(data)
    source = f"the shared data in {data} + " if texts else ""
    if not texts:
        print(f"shared data not found at {data}: only the CX sets are scored")
    texts += cx_texts()
    print(f"texts: {len(texts):,} ({source}the CX sets in sentiment/data)")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        texts_file = folder / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        sides = {"this checkout": ROOT}
        if args.rev:
            sides = {args.rev: checkout(args.rev, folder / "earlier"), **sides}
        scored = {name: results(root, texts_file) for name, root in sides.items()}

    for name, lines in scored.items():
        if len(lines) != len(texts):
            raise SystemExit(f"{name}: {len(lines)} results for {len(texts)} texts")
        print(f"{name:<16}{fingerprint(lines)}")
    if not args.rev:
        return
    before, after = scored.values()
    per_field = field_differences(before, after)
    print("differing per field: " + ", ".join(f"{f} {n:,}" for f, n in per_field.items()))
    before = [without(line, ignored) for line in before]
    after = [without(line, ignored) for line in after]
    differing = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    if not differing:
        if ignored:
            print(f"identical but for {', '.join(sorted(ignored))}: ", end="")
        print(f"identical: every one of the {len(texts):,} results")
        return
    print(f"different: {len(differing):,} of {len(texts):,} results; the first {args.show}:")
    for i in differing[: args.show]:
        print(f"  text {i}: {texts[i][:100]!r}\n    {args.rev}: {before[i]}\n    now: {after[i]}")
    sys.exit(1)


if __name__ == "__main__":
    main()
