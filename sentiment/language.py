"""Language flag: is a text English (scored by an English lexicon), another language, or unknown?

Not a full identifier: it counts English function words and lexicon words against those of the
common European languages and checks the script, which is enough to flag non-English answers
rather than score them as neutral without saying so.
"""

from __future__ import annotations

import re
from collections.abc import Container

from sentiment.text import words

ENGLISH, OTHER, UNKNOWN = "english", "other", "unknown"

_TWO_LETTERS = re.compile(r"[A-Za-z][^A-Za-z]*[A-Za-z]")

_ENGLISH = frozenset(
    """
    the a an and or but is are was were be been it this that these those i you he she we they my
    your our their me him her us them not no of to in on at for with from by about as if so very too
    have has had do does did will would can could should just than then there here what when where
    why how who which all some any more most much many good bad great thanks thank please
    out up off over after before again still only also because into get got went go come came
    its it's i'm i've don't didn't doesn't isn't wasn't can't won't never always every one two
    three time day days hour hours minutes week order ordered delivery app website site page
    service staff price customer support call called email phone account payment card help work
    works worked working kept keep keeps said told asked waiting wait waited left took used new
    first last now even really being make made
    """.split()  # noqa: SIM905 - a word list reads best as words
)

# Frequent words of Spanish, French, German, Italian, Portuguese and Dutch that are not English.
_FOREIGN = frozenset(
    """
    el la los las del muy pero que y con por para una uno lo mas más está esta estoy gracias
    servicio producto le les des est et très mais avec pour une je nous vous ils sont pas du au
    était merci der das und ist nicht sehr mit ein eine ich wir sie danke aber il di che non molto
    sono della questo grazie um uma não muito obrigado com para isso mais het een niet zeer ik wij
    zijn maar dank voor
    """.split()  # noqa: SIM905 - a word list reads best as words
)


def detect(
    text: str, known_words: Container[str] = frozenset(), tokens: list[str] | None = None
) -> str:
    """'english', 'other' or 'unknown' (no letters, or too few words to tell)."""
    if text.isascii():
        if _TWO_LETTERS.search(text) is None:
            return UNKNOWN
    else:
        letters = [c for c in text if c.isalpha()]
        if len(letters) < 2:
            return UNKNOWN
        if sum(1 for c in letters if ord(c) > 0x24F) * 2 > len(letters):
            return OTHER
    if tokens is None:
        tokens = words(text)
    if not tokens:
        return UNKNOWN
    english = foreign = 0
    for token in tokens:
        if token in _FOREIGN:
            foreign += 1
        elif token in _ENGLISH or token in known_words:
            english += 1
            if english >= 4 and english >= 2 * foreign + 4:
                return ENGLISH  # plainly English: no need to read the rest of a long text
    if foreign and foreign >= english:  # "voy a la tienda": a shared "a" does not make English
        return OTHER
    if english:
        return ENGLISH if english * 5 >= len(tokens) or len(tokens) < 4 else OTHER
    return OTHER if len(tokens) >= 3 else UNKNOWN
