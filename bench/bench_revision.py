"""Benchmark: this checkout's sentiment package beside an earlier revision's, measured in one run.

For a change to the scorer, two figures say what it bought and what it cost:

* accuracy and macro-F1 (polarity and the eight emotions) on the customer-feedback sets shipped
  in this checkout's ``sentiment/data`` — both revisions score the same texts;
* instructions per scored text under callgrind (``valgrind``, when installed): repeatable whatever
  else the machine is doing, unlike seconds. Each side is counted twice, once scoring nothing,
  and the difference is the scoring work alone.

The earlier revision's ``sentiment/`` comes out of git into a temporary folder; both sides run
in fresh interpreters with ``PYTHONHASHSEED=0``.

Run: ``.venv/bin/python bench/bench_revision.py REV [--texts 5000] [--no-callgrind]``
(e.g. ``0a748d0``, the scorer before the CX-feedback cues).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_SCORE = """
import json, sys
import sentiment
texts = json.load(open(sys.argv[1], encoding="utf-8"))
print(json.dumps([[s.label, s.emotion] for s in sentiment.score_many(texts)]))
"""

_COUNT = """
import json, sys
import sentiment
sentiment.score("warm up")
sentiment.score_many(json.load(open(sys.argv[1], encoding="utf-8")))
"""


def checkout(rev: str, into: Path) -> Path:
    """``sentiment/`` as it was at ``rev``, extracted below ``into``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "sentiment"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout  # fmt: skip
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def run(root: Path, script: str, texts_file: Path, *, under: list[str] | None = None) -> str:
    """Run ``script`` on ``texts_file`` with ``root``'s sentiment package; its standard output."""
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONHASHSEED="0")
    args = [*(under or []), sys.executable, "-c", script, str(texts_file)]
    done = subprocess.run(args, capture_output=True, text=True, check=True, env=env, cwd=root)
    return done.stdout + done.stderr


def instructions(root: Path, texts_file: Path, empty_file: Path) -> float:
    """Instructions (callgrind ``I refs``) of scoring the texts, less those of scoring none."""

    def count(path: Path) -> int:
        out = run(root, _COUNT, path, under=["valgrind", "--tool=callgrind",
                                             "--callgrind-out-file=/dev/null"])  # fmt: skip
        match = re.search(r"I\s+refs:\s+([\d,]+)", out)
        if match is None:
            raise RuntimeError(f"no instruction count in valgrind's output:\n{out[-500:]}")
        return int(match.group(1).replace(",", ""))

    return float(count(texts_file) - count(empty_file))


def main() -> None:
    """Print each figure for the earlier revision beside this checkout's."""
    sys.path.insert(0, str(ROOT))
    from sentiment.emotions import EMOTIONS
    from sentiment.training.evaluate import (
        CX_SETS,
        POLARITY_CLASSES,
        accuracy_and_macro_f1,
        load_cx_set,
    )

    parser = argparse.ArgumentParser(description="this checkout's scorer beside REV's")
    parser.add_argument("rev", help="the earlier revision (a commit, tag or branch)")
    parser.add_argument("--texts", type=int, default=5000, help="texts counted under callgrind")
    parser.add_argument("--no-callgrind", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        earlier = checkout(args.rev, folder / "earlier")
        sides = {args.rev: earlier, "this checkout": ROOT}
        print(f"{'figure':<40}" + "".join(f"{name:>16}" for name in sides))
        for name, filename in CX_SETS.items():
            rows = load_cx_set(filename)
            texts_file = folder / f"{filename}.json"
            texts_file.write_text(json.dumps([r[0] for r in rows]), encoding="utf-8")
            cells = {"polarity": [], "emotions": []}
            for root in sides.values():
                scored = json.loads(run(root, _SCORE, texts_file).splitlines()[-1])
                for figure, gold, predicted, classes in (
                    ("polarity", [r[1] for r in rows], [s[0] for s in scored], POLARITY_CLASSES),
                    ("emotions", [r[2] for r in rows], [s[1] for s in scored], EMOTIONS),
                ):
                    acc, f1 = accuracy_and_macro_f1(gold, predicted, classes)
                    cells[figure].append(f"{acc:.3f} / {f1:.3f}")
            for figure, values in cells.items():
                label = f"{name} {figure} (acc / F1)"
                print(f"{label:<40}" + "".join(f"{v:>16}" for v in values))
        if args.no_callgrind or shutil.which("valgrind") is None:
            print("instructions: skipped (valgrind not installed or --no-callgrind)")
            return
        from bench_sentiment import load_texts

        texts, source = load_texts()
        sample = folder / "sample.json"
        sample.write_text(json.dumps(texts[: args.texts]), encoding="utf-8")
        empty = folder / "empty.json"
        empty.write_text("[]", encoding="utf-8")
        counts = [instructions(root, sample, empty) / args.texts for root in sides.values()]
        label = f"instructions per text ({args.texts:,})"
        print(f"{label:<40}" + "".join(f"{c:>16,.0f}" for c in counts))
        print(f"{'ratio to ' + args.rev:<40}{1.0:>16.3f}{counts[1] / counts[0]:>16.3f}")
        print(f"texts for instructions: {source}")


if __name__ == "__main__":
    main()
