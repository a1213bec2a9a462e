"""Themes: the normalised key phrases a text is about ("hold time", "refund", "checkout page").

Runs of content words (stop words and sentiment words break a run) become candidate phrases; a
small customer-experience map, matched on Porter stems, folds variants onto one name ("refunds",
"money back" -> "refund"); other runs are kept as they are, singularised. The stop-word list is
written here because NLTK's stopwords corpus needs a download.
"""

from __future__ import annotations

from collections.abc import Container
from functools import lru_cache

from nltk.stem.porter import PorterStemmer

from sentiment.text import words

MAX_THEMES = 5

STOP_WORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
don't down during each even ever every few for from further get gets getting got had hadn't has
hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how
how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's like lot lots me more
most much must mustn't my myself no nor not now of off on once one only or other ought our ours
ourselves out over own really same shan't she she'd she'll she's should shouldn't so some such
than that that's the their theirs them themselves then there there's these they they'd they'll
they're they've this those though through thing things to too under until up upon us very was
wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while
who who's whom why why's will with won't would wouldn't yet you you'd you'll you're you've your
yours yourself yourselves im ive dont didnt cant wont isnt wasnt doesnt thats youre theyre ill
still well back also go going went gone come came make made take took say said tell told know
knew think thought want wanted need needed try tried use used way time day days today yesterday
tomorrow week weeks month months year years hour hours minute minutes again ever already yes ok
okay please thanks thank lol oh hi hey yeah maybe anyway actually literally definitely probably
someone something anything everything nothing everyone anyone nobody people guy guys
""".split())  # fmt: skip

# Customer-experience themes, keyed by the Porter stem of a word or of a two-word phrase.
_THEME_BY_STEM: dict[str, str] = {
    "hold": "hold time", "on hold": "hold time", "hold time": "hold time",
    "wait": "wait time", "wait time": "wait time", "queue": "wait time", "line": "wait time",
    "refund": "refund", "money back": "refund", "reimburs": "refund",
    "charg": "billing", "bill": "billing", "invoic": "billing", "overcharg": "billing",
    "payment": "payment", "pai": "payment", "card": "payment",
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
    "servic": "service", "manag": "manager", "call": "phone call", "phone": "phone call",
    "email": "email", "chat": "live chat", "food": "food", "meal": "food", "dish": "food",
    "menu": "menu", "drink": "drinks", "room": "room", "bed": "room", "clean": "cleanliness",
    "dirti": "cleanliness", "flight": "flight", "seat": "seating", "gate": "gate",
    "baggag": "baggage", "luggag": "baggage", "qualiti": "quality", "product": "product",
    "instal": "installation", "setup": "installation", "return": "returns",
    "exchang": "returns", "warranti": "warranty", "park": "parking", "locat": "location",
    "ambianc": "ambience", "atmospher": "ambience", "music": "ambience", "nois": "noise",
}  # fmt: skip

_stemmer = PorterStemmer()
# Porter only rewrites endings, so a word whose first three letters start no theme key cannot map
# to a theme: such words skip the (costly) stemmer.
_PREFIXES = frozenset(part[:3] for key in _THEME_BY_STEM for part in key.split())


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Porter stem of a word, cached (stemming is the costly part of theme extraction)."""
    return str(_stemmer.stem(word))


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def extract(
    text: str, sentiment_words: Container[str] = frozenset(), tokens: list[str] | None = None
) -> tuple[str, ...]:
    """Key phrases of a cleaned text, most mentioned first (at most MAX_THEMES)."""
    runs: list[list[str]] = []
    run: list[str] = []
    for word in words(text) if tokens is None else tokens:
        if word in STOP_WORDS or word in sentiment_words or not _is_content(word):
            if run:
                runs.append(run)
                run = []
        else:
            run.append(word)
    if run:
        runs.append(run)
    found: dict[str, int] = {}
    for run in runs:
        for theme in _themes_of_run(tuple(run[-3:])):
            found[theme] = found.get(theme, 0) + 1
    if len(found) <= 1:
        return tuple(found)
    ranked = sorted(found, key=lambda t: -found[t])
    return tuple(ranked[:MAX_THEMES])


def _is_content(word: str) -> bool:
    return 2 <= len(word) <= 24 and not word[0].isdigit()


@lru_cache(maxsize=20_000)
def _themes_of_run(run: tuple[str, ...]) -> tuple[str, ...]:
    """Map one run of content words onto CX themes, else keep it as a (singular) phrase."""
    stems = [stem(w) if w[:3] in _PREFIXES else w for w in run]
    themes: list[str] = []
    i = 0
    while i < len(run):
        pair = " ".join(stems[i : i + 2]) if i + 1 < len(run) else ""
        if pair in _THEME_BY_STEM:
            themes.append(_THEME_BY_STEM[pair])
            i += 2
        elif stems[i] in _THEME_BY_STEM:
            themes.append(_THEME_BY_STEM[stems[i]])
            i += 1
        else:
            i += 1
    if themes:
        return tuple(themes)
    # An unknown run: the head noun is usually last ("checkout page", "battery life").
    tail = [w for w in run if len(w) > 2][-2:]
    if tail:
        return (" ".join([*tail[:-1], _singular(tail[-1])]),)
    return ()
