"""Build ``sentiment/data/pos_lexicon.tsv.gz``: which English words cannot name a theme.

Themes must name things ("refund", "hold time"), never a bare verb or an adjective ("asking",
"solve", "explain"). Without a tagger (NLTK's needs a download) the theme extractor looks each
head word up in this small lexicon, built once from **WordNet 3.0** (Princeton University;
the WordNet 3.0 licence: use, copying, modification and distribution for any purpose without
fee, keeping its copyright notice — written into the file's header below). The database files
come from Debian's ``wordnet-base`` package (``apt-get install wordnet-base`` puts them in
``/usr/share/wordnet``); nothing is downloaded at run time.

Each line is ``word<TAB>class``:

* ``V`` — a verb with no noun sense ("solve", "explain"); ``A`` — an adjective or adverb with
  neither ("rude", "quickly");
* ``v`` / ``a`` — has a noun sense, but SemCor (WordNet's sense-tagged corpus, ``cntlist.rev``)
  uses it at least twice as often as a verb / an adjective or adverb ("call", "let");
* ``n`` — mostly a noun, but also a verb: its "-ing" form is a gerund ("shop" → "shopping");
* ``N`` — an "-ing" word SemCor tags as a noun at least 20 times, a noun in its own right
  ("meeting", "building", "evening"), unlike a gerund ("thinking": 11, "asking": 0);
* ``=lemma`` — an irregular plural and its singular, from ``noun.exc`` ("children" → "child");
* ``>lemma`` — an irregular verb form and its lemma, from ``verb.exc`` ("thought" → "think"),
  unless it is a noun SemCor uses at least half as often as the verb ("found" is no "find").

A word not listed is taken as a noun (most are; unknown words are mostly names of products).

Run: ``.venv/bin/python -m sentiment.training.build_pos_lexicon [--wordnet /usr/share/wordnet]``
"""

from __future__ import annotations

import argparse
import gzip
import re
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "pos_lexicon.tsv.gz"
WORD = re.compile(r"^[a-z]+$")  # single lowercase words: what the theme extractor looks up
# Verbs, adjectives or adverbs used at least this many times as often as nouns are "v" / "a".
DOMINANCE = 2.0
LEXICALISED = 20  # SemCor noun tags that make an "-ing" word a noun in its own right
# SemCor's sense-key types: 1 noun, 2 verb, 3 adjective, 4 adverb, 5 adjective satellite.
_TYPES = {"1": "n", "2": "v", "3": "a", "4": "a", "5": "a"}

HEADER = """\
# Which words cannot name a theme, from WordNet 3.0; built by build_pos_lexicon.py in
# sentiment/training. The WordNet 3.0 licence, as it requires on all copies:
#
# This software and database is being provided to you, the LICENSEE, by Princeton University
# under the following license. By obtaining, using and/or copying this software and database,
# you agree that you have read, understood, and will comply with these terms and conditions.:
#
# Permission to use, copy, modify and distribute this software and database and its
# documentation for any purpose and without fee or royalty is hereby granted, provided that you
# agree to comply with the following copyright notice and statements, including the disclaimer,
# and that the same appear on ALL copies of the software, database and documentation, including
# modifications that you make for internal use or for distribution.
#
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
#
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION,
# PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANT- ABILITY OR FITNESS
# FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE, DATABASE OR
# DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER
# RIGHTS.
#
# The name of Princeton University or Princeton may not be used in advertising or publicity
# pertaining to distribution of the software and/or database. Title to copyright in this
# software, database and any associated documentation shall at all times remain with
# Princeton University and LICENSEE agrees to preserve same.
#
# Modified: only single words are kept, each with a class derived from the database files.
"""


def _lemmas(path: Path) -> set[str]:
    """The single-word lemmas of a WordNet index file."""
    out = set()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith(" "):  # the licence header
                continue
            lemma = line.split(" ", 1)[0]
            if WORD.match(lemma):
                out.add(lemma)
    return out


def _tag_counts(path: Path) -> Counter[tuple[str, str]]:
    """How often SemCor tags each lemma as a noun ("n"), a verb ("v") or an adjective or adverb
    ("a")."""
    counts: Counter[tuple[str, str]] = Counter()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            key, _sense, count = line.split()
            lemma, rest = key.split("%", 1)
            if WORD.match(lemma):
                counts[lemma, _TYPES[rest[0]]] += int(count)
    return counts


def _exceptions(path: Path) -> dict[str, str]:
    """An exception file's inflected forms and their (first) lemma."""
    out: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            form, lemma, *_ = line.split()
            if WORD.match(form) and WORD.match(lemma) and form != lemma:
                out.setdefault(form, lemma)
    return out


def build(wordnet: Path) -> dict[str, str]:
    """The lexicon's entries, word → class."""
    nouns = _lemmas(wordnet / "index.noun")
    verbs = _lemmas(wordnet / "index.verb")
    modifiers = _lemmas(wordnet / "index.adj") | _lemmas(wordnet / "index.adv")
    counts = _tag_counts(wordnet / "cntlist.rev")
    entries: dict[str, str] = {}
    for word in sorted(verbs | modifiers):
        verb = word in verbs
        if word not in nouns:
            entries[word] = "V" if verb else "A"
            continue
        other = counts[word, "v"] + counts[word, "a"]
        if other >= DOMINANCE * max(1, counts[word, "n"]):
            entries[word] = "v" if verb else "a"
        elif verb:
            entries[word] = "n"
    for word in sorted(nouns):
        if word.endswith("ing") and counts[word, "n"] >= LEXICALISED:
            entries[word] = "N"
    for form, lemma in _exceptions(wordnet / "noun.exc").items():
        entries.setdefault(form, f"={lemma}")
    for form, lemma in _exceptions(wordnet / "verb.exc").items():
        # A form that is also a noun ("saw", "felt", "left") counts as the verb when SemCor
        # uses its verb far more often than the noun.
        verb_first = counts[lemma, "v"] >= DOMINANCE * max(1, counts[form, "n"])
        if entries.get(form) in (None, "n") and (form not in nouns or verb_first):
            entries[form] = f">{lemma}"
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    args = parser.parse_args()
    entries = build(args.wordnet)
    body = "".join(f"{word}\t{kind}\n" for word, kind in sorted(entries.items()))
    # mtime=0: the same WordNet gives the same bytes, so a rebuild shows no spurious change.
    with gzip.GzipFile(OUT, "wb", mtime=0) as handle:
        handle.write((HEADER + body).encode("utf-8"))
    kinds = Counter(kind[0] for kind in entries.values())
    print(f"{OUT.name}: {len(entries):,} words ({dict(kinds)}), {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
