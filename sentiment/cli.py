"""Command line: ``python -m sentiment score`` (JSON lines in, scores out) and ``eval``.

``eval`` runs :mod:`sentiment.training.evaluate`, which is part of a source checkout but not of
the wheel: an installed package scores, and a checkout also measures.

The ``score`` contract is used by external evaluators, so it is exact: each input line
``{"id": ..., "text": ...}`` gives one output line ``{"id", "compound", "label", "emotion",
"emotions", "themes"}`` in input order; a malformed line gives ``{"id", "line", "error"}`` and the
batch goes on. Blank lines are skipped.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO


def score_lines(lines: Iterable[str]) -> Iterator[dict[str, object]]:
    """Turn JSON input lines into output records, one per non-blank line, in order."""
    from sentiment import score

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        ident: object = None
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("each line must be a JSON object")
            ident = record.get("id")
            text = record.get("text")
            if not isinstance(text, str):
                raise ValueError('"text" must be a string')
        except ValueError as error:  # json.JSONDecodeError is a ValueError
            yield {"id": ident, "line": number, "error": str(error)}
            continue
        result = score(text)
        yield {
            "id": ident,
            "compound": result.compound,
            "label": result.label,
            "emotion": result.emotion,
            "emotions": {e: round(w, 4) for e, w in (result.emotions or {}).items()},
            "themes": list(result.themes),
        }


def run_score(stdin: IO[bytes], stdout: IO[str]) -> int:
    """Stream stdin to stdout; undecodable bytes are replaced rather than failing the batch."""
    reader = io.TextIOWrapper(stdin, encoding="utf-8", errors="replace", newline=None)
    for record in score_lines(reader):
        stdout.write(json.dumps(record, ensure_ascii=True) + "\n")
    stdout.flush()
    return 0


def run_eval(data_dir: Path | None, stdout: IO[str]) -> int:
    """Print the data README's protocol figures, ours beside raw VADER's, from one run."""
    try:
        from sentiment.training.evaluate import default_data_dir, evaluate, format_report, scorers
    except ModuleNotFoundError as error:
        if error.name not in ("sentiment.training", "sentiment.training.evaluate"):
            raise
        stdout.write("eval needs a source checkout: the installed package has no evaluation\n")
        return 2
    data_dir = data_dir or default_data_dir()
    if not data_dir.exists():
        stdout.write(f"shared data not found at {data_dir} (set SENTIMENT_DATA_DIR or --data)\n")
        return 2
    stdout.write(format_report(evaluate(scorers(), data_dir)) + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m sentiment``."""
    parser = argparse.ArgumentParser(prog="python -m sentiment", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("score", help="score JSON lines {id, text} from stdin")
    evaluation = commands.add_parser("eval", help="protocol figures, ours beside raw VADER")
    evaluation.add_argument("--data", type=Path, default=None, help="shared data folder")
    args = parser.parse_args(argv)
    if args.command == "score":
        return run_score(sys.stdin.buffer, sys.stdout)
    return run_eval(args.data, sys.stdout)
