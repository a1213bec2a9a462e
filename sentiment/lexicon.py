"""The customer-experience lexicon layer: words VADER lacks or misreads, and reading rules.

Valences use VADER's scale (-4 .. +4) so the cues mix with its words under the same rules
(negation, boosters, contrast). Entries are general service and product language — delivery,
waiting, billing, support, apps, food, rooms — never words picked from an evaluation file.
Besides words: names that are no opinion ("customer support"), the markers of unmet expectations,
requests, contrast and sarcasm, and the emotion word families. Multi-word cues live in
:mod:`sentiment.phrases`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

#: General-purpose words from AFINN that VADER lacks (built by
#: ``sentiment/training/build_lexicon.py``, which says where they come from).
AFINN_FILE = "afinn_words.tsv"

#: Single words, added to VADER's lexicon (overriding where VADER rates a word differently).
CX_WORDS: dict[str, float] = {
    # waiting, lateness, speed
    "delays": -1.2, "overdue": -1.0, "slow": -1.2, "slower": -1.0, "slowest": -1.4,
    "waited": -0.7, "laggy": -1.5, "prompt": 1.3, "promptly": 1.4, "speedy": 1.5, "quick": 0.9,
    "quickly": 0.8, "fast": 0.9, "efficiently": 1.6, "on-time": 1.2, "timely": 1.3,
    # broken things and errors
    "buggy": -1.7, "glitchy": -1.6, "glitch": -1.2, "glitches": -1.3, "crashes": -1.5,
    "crashed": -1.6, "crashing": -1.6, "incorrect": -1.3, "unusable": -2.2, "unreliable": -1.8,
    "inaccurate": -1.4, "inconsistent": -1.0, "outdated": -1.0, "malfunctioning": -1.8,
    "canceled": -1.0, "reliable": 1.6, "accurate": 1.1, "seamless": 2.0, "seamlessly": 2.0,
    "flawlessly": 2.3, "smooth": 1.3, "smoothly": 1.3,
    # money
    "overcharged": -2.2, "overpriced": -1.8, "pricey": -0.6, "expensive": -0.7, "refund": -0.5,
    "ripoff": -2.3, "rip-off": -2.3, "gouging": -2.0, "affordable": 1.4, "reasonable": 0.9,
    "reasonably": 0.8, "value": 0.8,
    # people and support
    "unresponsive": -1.8, "unhelpful": -1.9, "unanswered": -1.4, "dismissive": -1.6,
    "condescending": -2.0, "knowledgeable": 1.8, "knowledgable": 1.8, "attentive": 1.9,
    "polite": 1.7, "professional": 1.3, "accommodating": 1.8, "responsive": 1.5,
    # effort and usability
    "complicated": -0.8, "cumbersome": -1.3, "clunky": -1.3, "tedious": -1.6, "hassle": -1.5,
    "nightmare": -2.5, "confusing": -1.2, "intuitive": 1.6, "effortless": 1.8, "convenient": 1.4,
    "hassle-free": 2.0, "user-friendly": 1.8, "straightforward": 1.0,
    # quality in general
    "wastes": -1.8, "generic": -0.8, "overhyped": -1.5, "over-hyped": -1.5,
    "over-priced": -1.8, "under-cooked": -1.6, "over-cooked": -1.4,
    # hospitality: food, rooms and service at the table
    "forgot": -1.0, "inattentive": -1.8, "burnt": -1.5, "rubbery": -1.5, "tender": 1.0,
    "juicy": 1.3, "crispy": 0.8, "authentic": 1.2, "homemade": 0.9,
    # words of VADER's emoji descriptions that its lexicon lacks ("😡" reads "pouting face")
    "pouting": -1.8,
    # "please" marks a request ("please fix the app"), which is no praise
    "please": 0.0,
    # frequent misspellings in customer feedback
    "disapointed": -2.1, "dissapointed": -2.1, "disapointing": -2.2, "dissapointing": -2.2,
    "terible": -2.1, "horible": -2.5, "aweful": -2.0, "recomend": 1.5, "reccomend": 1.5,
    "mediocre": -1.8, "subpar": -1.8, "sub-par": -1.8, "lackluster": -1.6, "underwhelming": -1.7,
    "overrated": -1.5, "average": -0.3, "decent": 0.9, "forgettable": -1.3, "pointless": -1.6,
    "sloppy": -1.6, "shoddy": -2.0, "flimsy": -1.3, "cheaply": -1.1, "poorly": -1.8,
    "tiresome": -1.6, "bland": -1.3, "predictable": -0.7, "formulaic": -1.2, "clumsy": -1.3,
    "lifeless": -1.6, "incoherent": -1.6, "unfunny": -1.8, "overlong": -1.2, "contrived": -1.2,
    # food, rooms and places
    "tasty": 2.2, "flavorful": 2.0, "flavourful": 2.0, "stale": -1.5, "soggy": -1.4,
    "greasy": -1.0, "undercooked": -1.6, "overcooked": -1.4, "lukewarm": -1.0, "inedible": -2.6,
    "tasteless": -1.8, "flavorless": -1.6, "filthy": -2.4, "smelly": -1.6, "cramped": -1.0,
    "spotless": 2.0, "tidy": 1.2, "cozy": 1.7, "cosy": 1.7,
    # general praise and complaint words of reviews that neither VADER nor AFINN rates
    "exceptional": 2.6, "impeccable": 2.8, "phenomenal": 2.9, "stellar": 2.6, "immaculate": 2.2,
    "pristine": 1.8, "priceless": 2.2, "meticulous": 1.6, "thorough": 1.4, "personable": 1.8,
    "sturdy": 1.3, "well-made": 1.8, "sleek": 1.3, "snappy": 1.0, "roomy": 1.2,
    "inexpensive": 1.0, "apologetic": 0.6, "musty": -1.4, "moldy": -2.0, "mouldy": -2.0,
    "shabby": -1.6, "run-down": -1.5, "inoperable": -1.8, "froze": -1.2, "negligent": -2.0,
    "patronizing": -1.9, "patronising": -1.9, "untrustworthy": -2.2, "underwhelmed": -1.6,
    "unreasonable": -1.5, "rushed": -0.8, "lengthy": -0.5, "refreshing": 1.8, "drawback": -1.2,
    "drawbacks": -1.2, "upside": 1.0, "perk": 1.2, "perks": 1.2, "rave": 1.8, "raves": 1.8,
    "underrated": 1.2, "oily": -0.8, "chewy": -0.6, "crisp": 0.8, "creamy": 0.8,
    "transparent": 1.2, "fixed": 0.8, "soaked": -1.0, "impossible": -1.2, "cracked": -1.3,
    "scratched": -1.0, "dented": -1.0, "painless": 1.8, "faster": 1.0, "quicker": 1.0,
    "patchy": -1.2, "spotty": -1.0, "sorted": 1.0, "paywall": -1.0, "helped": 1.3,
    "listened": 1.0, "simple": 0.8, "discount": 0.8, "stained": -1.2, "chasing": -1.0,
    "instantly": 1.0, "legend": 1.5, "legends": 1.5,
    # VADER rates "number" 0.3, enough to make "I take the number 12 bus" read positive
    "number": 0.0,
    # In feedback "support" names a touchpoint ("Support never got back to me"), and "honestly"
    # opens a verdict without being one ("Honestly expected more"); VADER rates both as praise.
    "support": 0.0, "honestly": 0.0,
    # A promise in feedback is mostly one that was broken ("promised a callback that never
    # happened"): the word itself is no praise.
    "promised": 0.0, "promise": 0.0,
}  # fmt: skip


@lru_cache(maxsize=1)
def afinn_words() -> dict[str, float]:
    """AFINN's words that VADER's lexicon lacks, on VADER's scale (empty if the file is absent).

    They sit between VADER's lexicon and :data:`CX_WORDS`: broad everyday opinion words
    ("outage", "inefficient", "exquisite") that VADER never rated.
    """
    try:
        text = resources.files("sentiment").joinpath("data", AFINN_FILE).read_text("utf-8")
    except (FileNotFoundError, OSError):
        return {}
    rated: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, _, value = line.partition("\t")
            rated[word] = float(value)
    return rated


# Sentiment words that are part of a name in customer feedback: "customer support", "credit
# card", "help desk", "welcome email", "best regards". VADER reads the praise word ("support",
# "credit", "help", "welcome", "best") as praise; in these pairs it names a touchpoint or closes a
# letter, so it counts for nothing ("Customer care never called back" is not partly praise).
NAME_COMPOUNDS = frozenset(
    pair.replace("+", " ")
    for pair in """
    customer+support tech+support technical+support product+support it+support live+support
    support+team support+agent support+agents support+staff support+ticket support+tickets
    support+line support+chat support+desk support+center support+centre support+email
    support+call support+calls support+page support+site support+portal support+person
    support+rep support+reps customer+care care+team care+line care+agent care+center
    health+care skin+care help+desk help+center help+centre help+line help+page help+section
    help+article help+articles help+docs help+button help+menu help+chat credit+card
    credit+cards store+credit credit+check credit+score credit+limit credit+union gift+card
    gift+cards gift+certificate gift+voucher gift+wrap gift+wrapping welcome+email
    welcome+pack welcome+call welcome+message welcome+screen welcome+page welcome+letter
    welcome+kit free+trial free+plan free+version free+tier toll+free rewards+program
    rewards+programme reward+points rewards+card rewards+app loyalty+rewards security+code
    security+question security+questions security+deposit security+check security+team
    social+security safety+deposit interest+rate interest+rates interest+charge
    interest+charges third+party party+size best+regards best+wishes best+before kind+regards
    warm+regards dear+sir dear+madam dear+team dear+customer dear+all share+price share+prices
    share+button smart+meter smart+meters smart+tv smart+phone smart+card entertainment+screen
    entertainment+system entertainment+systems benefits+payment benefit+payment benefits+claim
    benefits+office flu+jab flu+shot flu+vaccine flu+vaccination blood+pressure
    """.split()  # noqa: SIM905 - a word list reads best as words
)

#: Every word that occurs in a :data:`NAME_COMPOUNDS` pair (a cheap test before the pair test).
NAME_WORDS = frozenset(word for pair in NAME_COMPOUNDS for word in pair.split())

# "pretty" before another sentiment word is an adverb ("pretty bad", "pretty decent"), not
# praise; VADER rates it as "beautiful" every time. Before these common non-lexicon words too.
PRETTY_ADVERB_BEFORE = frozenset(
    """
    much sure slow quick fast long late early expensive cheap standard average basic simple
    quiet loud busy empty full small big large hot cold dry salty spicy far close new old high
    low soon quickly slowly often rare rarely similar typical normal bland
    """.split()  # noqa: SIM905 - a word list reads best as words
)

#: Words that negate the next few words, beyond VADER's own list.
EXTRA_NEGATORS = frozenset(
    {"lack", "lacks", "lacked", "lacking", "no-one", "noone", "nobody", "neither", "nor",
     # VADER lists these as dampeners, but "hardly helpful" is not helpful at all.
     "hardly", "scarcely",
     # Less of a thing is its opposite: "fewer delays" is praise, "less friendly than before"
     # a complaint (VADER: "less" only dampens, so that still read as praise).
     "less", "fewer", "reduce", "reduced", "reduces", "reducing", "decrease", "decreased",
     "decreases", "decreasing", "eliminate", "eliminated", "eliminates", "eliminating",
     "minimise", "minimised", "minimises", "minimize", "minimized", "minimizes"}
)  # fmt: skip

# "like" is often a preposition or a filler ("felt like forever", "looks like my order was
# lost", "it was like talking to a wall", "waited like 20 minutes"); VADER rates every "like"
# as praise. After these words, or before a number, it is not the verb and says nothing; after
# "would" it asks for something ("I would like a refund") rather than praising.
LIKE_NOT_VERB_CONTEXT = frozenset(
    """
    look looks looked looking feel feels felt feeling seem seems seemed sound sounds sounded
    smell smells smelled taste tastes tasted act acts acted treat treats treated just more much
    nothing something anything exactly was is were are be been being it's that's i'm would i'd
    we'd
    """.split()  # noqa: SIM905 - a word list reads best as words
)

# Unmet expectations: praise after these ("should have been easy", "I wish it was better")
# describes what did not happen, so it counts against.
COUNTERFACTUAL = re.compile(
    r"\b(?:should|could|would|might) (?:have|'ve) (?:been|had|made|given)\b|\b(?:should've|"
    r"could've|would've)\b|\b(?:supposed|meant) to\b|\bi wish\b|\bif only\b"
    r"|\bexpected (?:(?:much|a lot|a bit|way|far|so much) )?(?:more|better)\b"
    r"|\bused to be\b|^wish\b"
)
COUNTERFACTUAL_SCALAR = -0.5
#: Words one of which every COUNTERFACTUAL match contains.
COUNTERFACTUAL_ANCHORS = frozenset(
    """
    should could would might should've could've would've supposed meant wish if expected used
    """.split()  # noqa: SIM905 - a word list reads best as words
)

# Suggestions: praise inside a request ("Would be nice to have a dark mode", "It would help if
# the app showed outages") describes something that does not exist yet. It is no praise and no
# complaint, so it counts for nothing (an unmet expectation, above, counts against).
#: The praise words a request asks for ("would be nice", "would be really useful").
_REQUESTED = """
    nice great good helpful useful handy lovely better ideal awesome amazing brilliant cool
    fantastic wonderful perfect easier appreciate appreciated
    """.split()  # noqa: SIM905 - a word list reads best as words
REQUEST = re.compile(
    r"\b(?:would|it'd|that'd|i'd|we'd) (?:be |have |really |also |so )?(?:(?:really|so|very|super"
    rf"|even|much) )?(?:{'|'.join(_REQUESTED)})\b"
    r"|\b(?:would|it'd) (?:really |also |so )?help\b"
    r"|\b(?:would|i'd|we'd) (?:really )?love (?:it if|to see|to have|to get|to be able|more|some)\b"
)
REQUEST_SCALAR = 0.0
#: Words one of which every REQUEST match contains.
REQUEST_ANCHORS = frozenset({"would", "it'd", "that'd", "i'd", "we'd"})

#: Contrast inside a sentence: what follows outweighs what went before (VADER's rule for "but").
CONTRAST_WORDS = frozenset({"but", "however"})

#: Sentence openers that turn the story: this sentence and the rest outweigh what came before.
CONTRAST_OPENERS = frozenset({"but", "however", "unfortunately", "sadly", "yet", "still"})

# Praise that turns sarcastic when it thanks a customer for a complaint ("thanks for the 3-hour
# hold, great service"): with a complaint cue in the same sentence, these count against.
SARCASM_OPENERS = re.compile(
    r"\b(?:thanks|thank you|thx|ty) (?:so much |a lot |very much |again |\w+ )?for\b"
    r"|\b(?:love|loved|loving|enjoy|enjoyed) (?:being|waiting|sitting|getting|paying|having to)\b"
)

#: The praise words of SARCASM_OPENERS: when they are the sentence's only praise, any complaint
#: word makes the thanks sarcastic ("Thanks for being so rude"); with praise besides, it is
#: sincere ("Thanks for your help with my problem").
SARCASM_OPENER_WORDS = frozenset(
    "thanks thank thx ty love loved loving enjoy enjoyed".split()  # noqa: SIM905
)

#: The words of a retort: a sentence of praise alone ("Great.", "Just brilliant!", "Thanks for
#: that.") after a sentence that only complained is sarcastic ("Forgot my phone at home. Great.").
RETORT_WORDS = frozenset(
    """
    great wonderful fantastic brilliant awesome perfect nice lovely terrific superb excellent
    marvellous marvelous splendid yay cheers thanks thank you for that oh just so how well done
    job really
    """.split()  # noqa: SIM905 - a word list reads best as words
)
#: Most words a retort has.
RETORT_LENGTH = 4

# A praise word alone before a comma, opening a sentence that then complains ("Great, another
# outage", "Perfect, my order is late again"): matched on the raw lowercased sentence, since
# the comma is the tell. Any negative cue in the sentence makes it sarcastic.
# After such an opener, "again" or "another" is the tell even without a complaint word ("Oh
# wonderful, rail replacement bus again"), unless the sentence praises or thanks further.
SARCASTIC_REPEAT = frozenset({"again", "another"})
SARCASTIC_EXCLAMATION = re.compile(
    r"[\"'(]*(?:oh )?(?:great|wonderful|fantastic|brilliant|awesome|perfect|nice|lovely|terrific"
    r"|superb)(?: job| work| stuff)?,"
)


# Repairs: thanks for fixing a complaint is sincere ("thanks for fixing the outage so fast").
REPAIR_WORDS = frozenset(
    """
    fix fixed fixing resolve resolved resolving sort sorted sorting solve solved solving handle
    handled handling dealt dealing address addressed addressing correct corrected correcting
    replace replaced replacing refund refunded refunding apologise apologised apologising
    apologize apologized apologizing explain explained explaining restore restored restoring
    """.split()  # noqa: SIM905 - a word list reads best as words
)

#: Words one of which every SARCASM_OPENERS or SARCASTIC_EXCLAMATION match contains.
SARCASM_ANCHORS = frozenset(
    """
    thanks thank thx ty love loved loving enjoy enjoyed great wonderful fantastic brilliant awesome
    perfect nice lovely terrific superb
    """.split()  # noqa: SIM905 - a word list reads best as words
)


# Emotion word families. Each family becomes one model feature ("__emotion angry"), so a rare word
# ("livid") borrows the weight its family earns from common ones ("angry") in training.
EMOTION_WORDS: dict[str, str] = {
    word: emotion
    for emotion, family in {
        "delighted": "delighted thrilled love loved loving adore amazing awesome fantastic "
        "wonderful excellent outstanding superb brilliant incredible excited exciting impressed "
        "perfect",
        "satisfied": "satisfied thanks thank thankful grateful appreciate appreciated fine good "
        "helpful pleased relieved solved resolved sorted works worked okay ok",
        "confused": "confused confusing unclear understand puzzled lost baffled explain why how "
        "what huh clarify",
        "anxious": "worried worry worrying anxious nervous scared afraid fear concerned concern "
        "stressed stressful panic uneasy uncertain",
        "frustrated": "frustrated frustrating annoying annoyed annoyance irritating irritated ugh "
        "again still hassle tedious struggling stuck",
        "disappointed": "disappointed disappointing disappointment letdown expected hoped sadly "
        "unfortunately underwhelming mediocre meh shame pity",
        "angry": "angry furious outraged outrageous livid fuming mad rage hate hated disgusting "
        "disgusted unacceptable ridiculous pathetic scam rude appalling",
    }.items()
    for word in family.split()
}
