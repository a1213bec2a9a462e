"""Themes: the normalised key phrases a text is about ("hold time", "refund", "checkout page").

Runs of content words (stop words and sentiment words break a run) become candidate phrases; a
small customer-experience map, matched on Porter stems, folds variants onto one name ("refunds",
"money back" -> "refund"); other runs keep their head noun (with the noun before it, if any),
singularised. A theme names a thing: a head that is a bare verb, a gerund, an adjective or an
adverb ("asking", "thinking", "solve", "explain", "quickly") is no theme. Which words those are
comes from WordNet 3.0, shipped as ``data/pos_lexicon.tsv.gz`` (built by
``sentiment/training/build_pos_lexicon.py``, which says how); the stop-word list is written
here because NLTK's stopwords corpus needs a download.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

from nltk.stem.porter import PorterStemmer

from sentiment.text import words

MAX_THEMES = 5

STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been before
    being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
    don't down during each even ever every few for from further get gets getting got had hadn't has
    hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how
    how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's like lot lots me
    more most much must mustn't my myself no nor not now of off on once one only or other ought our
    ours ourselves out over own really same shan't she she'd she'll she's should shouldn't so some
    such than that that's the their theirs them themselves then there there's these they they'd
    they'll they're they've this those though through thing things to too under until up upon us
    very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's
    which while who who's whom why why's will with won't would wouldn't yet you you'd you'll you're
    you've your yours yourself yourselves im ive dont didnt cant wont isnt wasnt doesnt thats youre
    theyre ill still well back also go going went gone come came make made take took say said tell
    told know knew think thought want wanted need needed try tried use used way time day days today
    yesterday tomorrow week weeks month months year years hour hours minute minutes again ever
    times
    already yes ok okay please thanks thank lol oh hi hey yeah maybe anyway actually literally
    definitely probably someone something anything everything nothing everyone anyone nobody people
    guy guys keep keeps kept another first second third fourth fifth last next without within
    whether many several multiple numerous various
    """.split()  # noqa: SIM905 - a word list reads best as words
)

# Customer-experience themes, keyed by the Porter stem of a word or of a two-word phrase.
_THEME_BY_STEM: dict[str, str] = {
    "hold": "hold time", "on hold": "hold time", "hold time": "hold time",
    "wait": "wait time", "wait time": "wait time", "queue": "wait time", "line": "wait time",
    "refund": "refund", "money back": "refund", "reimburs": "refund",
    "charg": "billing", "bill": "billing", "invoic": "billing", "overcharg": "billing",
    "payment": "payment", "pai": "payment", "pay": "payment", "card": "payment",
    "price": "price", "cost": "price", "fee": "fees", "expens": "price", "pricei": "price",
    "overpr": "price", "valu": "value",
    "deliveri": "delivery", "ship": "delivery", "courier": "delivery", "packag": "delivery",
    "parcel": "delivery", "order": "order", "checkout": "checkout page",
    "checkout page": "checkout page", "cart": "checkout page", "basket": "checkout page",
    "app": "app", "websit": "website", "site": "website", "login": "login", "log in": "login",
    "password": "login", "account": "account", "subscript": "subscription",
    "staff": "staff", "employe": "staff", "waiter": "staff", "waitress": "staff",
    "server": "staff", "agent": "support agent", "rep": "support agent",
    "repres": "support agent", "support": "customer support", "custom servic": "customer service",
    "servic": "service", "manag": "manager", "call": "phone call", "phone": "phone",
    "email": "email", "chat": "live chat", "food": "food", "meal": "food", "dish": "food",
    "menu": "menu", "drink": "drinks", "room": "room", "bed": "room", "clean": "cleanliness",
    "dirti": "cleanliness", "flight": "flight", "seat": "seating", "gate": "gate",
    "baggag": "baggage", "luggag": "baggage", "qualiti": "quality", "product": "product",
    "instal": "installation", "setup": "installation", "return": "returns",
    "exchang": "returns", "warranti": "warranty", "park": "parking", "locat": "location",
    "ambianc": "ambience", "atmospher": "ambience", "music": "ambience", "nois": "noise",
}  # fmt: skip

_DIGITS = frozenset("0123456789")
_stemmer = PorterStemmer()
# Porter only rewrites endings, so a word that starts no theme key's first four letters (three
# for short keys) cannot map to a theme: such words skip the stemmer, which costs ~50 us a word.
_KEY_PARTS = {part for key in _THEME_BY_STEM for part in key.split()}
_PREFIXES = frozenset(part[:4] for part in _KEY_PARTS if len(part) >= 4)
_SHORT_PREFIXES = frozenset(part for part in _KEY_PARTS if len(part) < 4)


# Memos of stems and of run themes: dicts emptied when full, cheaper than an LRU's bookkeeping.
_STEMS: dict[str, str] = {}
_RUNS: dict[tuple[str, ...], tuple[str, ...]] = {}
_MAX_MEMO = 50_000


def clear_caches() -> None:
    """Forget memoised stems and run themes (benchmarks measure a cold scorer)."""
    _STEMS.clear()
    _RUNS.clear()


def stem(word: str) -> str:
    """Porter stem of a word, cached (stemming is the costly part of theme extraction)."""
    root = _STEMS.get(word)
    if root is None:
        if len(_STEMS) >= _MAX_MEMO:
            _STEMS.clear()
        root = _STEMS[word] = str(_stemmer.stem(word))
    return root


def _load_lexicon() -> dict[str, str]:
    """Word → part-of-speech class (see build_pos_lexicon): the words that cannot name a theme
    alone, and irregular plurals and verb forms."""
    path = Path(__file__).resolve().parent / "data" / "pos_lexicon.tsv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return dict(line.rstrip("\n").split("\t", 1) for line in handle if not line.startswith("#"))


_LEXICON = _load_lexicon()
_VERB_CLASSES = frozenset("Vvn")  # classes of words that are (also) verbs
# Verbs that WordNet counts mostly as nouns but feedback uses as verbs ("it doesn't work"), and
# counts and adverbs of frequency: no theme, by hand.
_NOT_NOUNS = frozenset(
    """
    work works look looks help helps fix fixes sort sorts set sets show shows stop stops
    answer answers try tries might may shall twice thrice once never always sometimes two three
    four five six seven eight nine ten few
    """.split()  # noqa: SIM905 - a word list reads best as words
)
# "-ing" words that name a service or a thing in customer feedback (the CX map already folds
# shipping, billing, pricing, packaging, parking and seating onto their themes).
DOMAIN_GERUNDS = frozenset(
    """
    booking onboarding tracking streaming messaging scheduling banking marketing advertising
    catering dining boarding housing clothing lighting heating plumbing wiring landing
    """.split()  # noqa: SIM905 - a word list reads best as words
)


def _gerund_bases(word: str) -> tuple[str, ...]:
    """The verbs an "-ing" word may come from: ask-ing, solv(e)-ing, shop(p)-ing."""
    stem = word[:-3]
    bases = [stem, stem + "e"]
    if len(stem) > 2 and stem[-1] == stem[-2]:
        bases.append(stem[:-1])
    return tuple(bases)


def _inflection_bases(word: str) -> tuple[str, ...]:
    """The lemmas a regular "-s", "-es", "-ed" or "-d" form may come from."""
    if word.endswith("ed"):
        stem = word[:-2]
        doubled = (stem[:-1],) if len(stem) > 2 and stem[-1] == stem[-2] else ()
        return (stem, word[:-1], *doubled)
    if word.endswith("es"):
        return (word[:-2], word[:-1])
    if word.endswith("s") and not word.endswith("ss"):
        return (word[:-1],)
    return ()


def is_gerund(word: str) -> bool:
    """True for an "-ing" form of a verb that is no noun in its own right ("asking",
    "thinking"; not "meeting", "evening", nor a domain term such as "booking")."""
    if len(word) <= 5 or not word.endswith("ing") or word in DOMAIN_GERUNDS:
        return False
    if _LEXICON.get(word) == "N":
        return False
    return any(_LEXICON.get(base, "") in _VERB_CLASSES for base in _gerund_bases(word))


def names_a_thing(word: str) -> bool:
    """True when ``word`` can head a theme: a noun, not a bare verb, gerund, adjective or adverb,
    nor a word mostly used as one ("call", "let"; the CX map still knows "phone call")."""
    if word in _NOT_NOUNS or is_gerund(word):
        return False
    kind = _LEXICON.get(word)
    if kind is None:
        for base in _inflection_bases(word):
            if _LEXICON.get(base) in ("V", "v"):
                return False  # "asks", "solved", "calls"
        return not (len(word) > 4 and word.endswith(("ed", "ly")))
    if kind[0] == "=":  # an irregular plural ("children")
        return True
    # "thought", "went"; "solve", "rude"; "call", "let"
    return not (kind[0] == ">" or kind in ("V", "A", "v", "a"))


def _not_a_noun(word: str) -> bool:
    """A word that ends a phrase but is not what the phrase is about (a verb or an adverb)."""
    return not names_a_thing(word)


def _singular(word: str) -> str:
    """The singular of a plural noun ("issues" → "issue", "boxes" → "box", "children" → "child")."""
    kind = _LEXICON.get(word, "")
    if kind.startswith("="):
        return kind[1:]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=8192)  # a map's summaries ask again for the same few phrases
def theme_key(phrase: str) -> str:
    """What two spellings of one theme share: the Porter stems of its words ("deliveries" and
    "delivery", "promo codes" and "promo code"), for merging counts across answers."""
    return " ".join(stem(w) for w in phrase.split())


@lru_cache(maxsize=4)
def _breakers(sentiment_words: frozenset[str]) -> frozenset[str]:
    return STOP_WORDS | sentiment_words


def extract(
    text: str, sentiment_words: frozenset[str] = frozenset(), tokens: list[str] | None = None
) -> tuple[str, ...]:
    """Key phrases of a cleaned text, most mentioned first (at most MAX_THEMES).

    ``sentiment_words`` end a phrase like stop words do ("slow delivery" is about delivery).
    """
    breakers, digits = _breakers(sentiment_words), _DIGITS  # locals: once per word of every text
    runs: list[tuple[str, ...]] = []
    run: list[str] = []
    for word in words(text) if tokens is None else tokens:
        if word in breakers or word[0] in digits or not 1 < len(word) < 25:
            if word == "back" and run and run[-1] == "money":  # "money back" is a refund
                run.append(word)
                continue
            if run:
                runs.append(tuple(run[-3:]))
                run = []
        else:
            run.append(word)
    if run:
        runs.append(tuple(run[-3:]))
    found: dict[str, int] = {}
    for phrase in runs:
        known = _RUNS.get(phrase)
        if known is None:
            if len(_RUNS) >= _MAX_MEMO:
                _RUNS.clear()
            known = _RUNS[phrase] = _themes_of_run(phrase)
        for theme in known:
            found[theme] = found.get(theme, 0) + 1
    if len(found) <= 1:
        return tuple(found)
    # Most mentioned first; sorted() stays stable under reverse=True, so ties keep first-seen order.
    ranked = sorted(found, key=found.__getitem__, reverse=True)
    return tuple(ranked[:MAX_THEMES])


def _themes_of_run(run: tuple[str, ...]) -> tuple[str, ...]:
    """Map one run of content words onto CX themes, else keep it as a (singular) phrase."""
    # Only a word passing the cheap prefix test can stem onto a theme key (stemming costs ~50 us);
    # most runs have none, and skip the stemming pass altogether.
    for word in run:
        if word[:4] in _PREFIXES or word[:3] in _SHORT_PREFIXES:
            themes = _mapped_themes(run)
            if themes:
                return tuple(themes)
            break
    # An unknown run: the head noun is usually last ("checkout page", "battery life"). Without a
    # tagger (its model needs a download) trailing verbs, gerunds, adverbs and counts are no
    # topic ("nobody answered", "charged twice", "the screen cracked" → "screen").
    n = len(run)  # the run is run[:n]: trimmed by index, without building shorter tuples
    while n and not _heads(run, n):
        n -= 1
    if n and len(run[n - 1]) > 2:
        head = _singular(run[n - 1])
        # A verb, adverb or adjective before the head noun is no part of its name ("kept
        # timing"); a noun before it is ("promo code", "battery life").
        if n > 1 and len(run[n - 2]) > 2 and names_a_thing(run[n - 2]):
            return (f"{run[n - 2]} {head}",)
        return (head,)
    return ()


def _heads(run: tuple[str, ...], n: int) -> bool:
    """True when ``run[n - 1]`` can head the run's theme: it names a thing, and is not a word
    that is also a verb straight after an adverb ("codes never work")."""
    word = run[n - 1]
    before = run[n - 2] if n > 1 else None
    if before is None:
        return names_a_thing(word)
    if _LEXICON.get(word) == "n" and (before in _NOT_NOUNS or _LEXICON.get(before) == "A"):
        return False
    return names_a_thing(word)


def _mapped_themes(run: tuple[str, ...]) -> list[str]:
    """The CX themes a run's words (or adjacent pairs, matched first) stem onto, in run order."""
    themes: list[str] = []
    n = len(run)
    maps = [w[:4] in _PREFIXES or w[:3] in _SHORT_PREFIXES for w in run]
    i = 0
    while i < n:
        if maps[i]:
            root = stem(run[i])
            if i + 1 < n and maps[i + 1]:
                pair = f"{root} {stem(run[i + 1])}"
                if pair in _THEME_BY_STEM:
                    themes.append(_THEME_BY_STEM[pair])
                    i += 2
                    continue
            if root in _THEME_BY_STEM:
                themes.append(_THEME_BY_STEM[root])
        i += 1
    return themes
