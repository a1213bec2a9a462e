"""Build ``sentiment/data/afinn_words.tsv``: AFINN-165 words that VADER's lexicon lacks.

Source: AFINN-en-165 by Finn Årup Nielsen (2009-2015), Open Database License (ODbL) 1.0, as
shipped in the ``afinn`` package on PyPI (``afinn/data/AFINN-en-165.txt`` in its sdist). AFINN
rates 3,382 English words -5..+5 from everyday online writing; about 650 of them (``outage``,
``inefficient``, ``unhygienic``, ``exquisite``...) are missing from VADER, and feedback uses
many of them. They join the lexicon layer below the hand-written CX words.

Scale: AFINN's integers are mapped onto VADER's -4..+4 by the least-squares slope (through zero)
over the words both lexicons rate, computed here and written in the file's header.

Run: ``python -m sentiment.training.build_lexicon [--afinn FILE] [--out FILE]``. Without
``--afinn`` the script fetches the sdist with ``pip download afinn==0.1 --no-binary :all:``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentimentIntensityAnalyzer

from sentiment.lexicon import AFINN_FILE, CX_WORDS

AFINN_MEMBER = "afinn/data/AFINN-en-165.txt"

# Words whose usual sense in feedback describes rather than judges ("a big order", "gold
# tier", "prices rose"), or names a thing ("Avengers"); AFINN rates them all the same.
NOT_EVALUATIVE = frozenset(
    """
    avenge avenged avenger avengers avenges avenging big comic dropped evergreen evergreening
    evergreens gold gray growths jesus laughting leading memoriam reigning rise rises rose
    settlement settlements unravel
    """.split()  # noqa: SIM905 - a word list reads best as words
)


def fetch_afinn(workdir: Path) -> str:
    """The AFINN-en-165 text, read from the ``afinn`` sdist downloaded from PyPI."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "afinn==0.1", "--no-deps",
         "--no-binary", ":all:", "-d", str(workdir)],
        check=True,
    )  # fmt: skip
    archive = next(workdir.glob("afinn-*.tar.gz"))
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if member.name.endswith(AFINN_MEMBER):
                handle = tar.extractfile(member)
                assert handle is not None
                return handle.read().decode("utf-8")
    raise SystemExit(f"{AFINN_MEMBER} not found in {archive}")


def parse_afinn(text: str) -> dict[str, int]:
    """AFINN's ``word<TAB>score`` lines as a dict (phrases included)."""
    rated: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        word, _, value = line.rpartition("\t")
        if not word:
            raise SystemExit(f"AFINN line {number}: expected 'word<TAB>score', got {line!r}")
        rated[word.strip().lower()] = int(value)
    return rated


def build(afinn: dict[str, int]) -> tuple[float, dict[str, float], int]:
    """The scale onto VADER, the scaled new words, and how many words fixed the scale."""
    vader = SentimentIntensityAnalyzer().lexicon
    shared = [(score, vader[word]) for word, score in afinn.items() if word in vader]
    slope = sum(a * v for a, v in shared) / sum(a * a for a, _ in shared)
    new = {
        word: round(score * slope, 2)
        for word, score in sorted(afinn.items())
        if " " not in word
        and word not in vader
        and word not in CX_WORDS
        and word not in BOOSTER_DICT
        and word not in NOT_EVALUATIVE
    }
    return slope, new, len(shared)


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry: fetch or read AFINN, write the words file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--afinn", type=Path, help="AFINN-en-165.txt (default: fetch from PyPI)")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent.parent / "data" / AFINN_FILE
    )
    args = parser.parse_args(argv)
    if args.afinn is not None:
        text = args.afinn.read_text(encoding="utf-8")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            text = fetch_afinn(Path(tmp))
    slope, words, shared = build(parse_afinn(text))
    header = [
        "# AFINN-en-165 words absent from VADER's lexicon, on VADER's scale.",
        "# Source: AFINN by Finn Arup Nielsen, https://github.com/fnielsen/afinn (PyPI 'afinn'"
        " 0.1, afinn/data/AFINN-en-165.txt).",
        "# Licence: Open Database License (ODbL) 1.0; this file is a derived database under it.",
        f"# Scale: valence = AFINN score x {slope:.4f} (least squares over {shared} shared words).",
        "# Rebuild: python -m sentiment.training.build_lexicon",
    ]
    body = [f"{word}\t{value}" for word, value in words.items()]
    args.out.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(words)} words, scale {slope:.4f} over {shared} shared words")


if __name__ == "__main__":
    main()
