"""The customer-experience lexicon layer: complaint and praise cues VADER's lexicon lacks.

Valences use VADER's scale (-4 .. +4) so the cues mix with its words under the same rules
(negation, boosters, contrast). Entries are general service and product language — delivery,
waiting, billing, support, apps, food, rooms — never phrases picked from an evaluation file.
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
    "scratched": -1.0, "dented": -1.0, "painless": 1.8,
    # In feedback "support" names a touchpoint ("Support never got back to me"), and "honestly"
    # opens a verdict without being one ("Honestly expected more"); VADER rates both as praise.
    "support": 0.0, "honestly": 0.0,
    # A promise in feedback is mostly one that was broken ("promised a callback that never
    # happened"): the word itself is no praise.
    "promised": 0.0, "promise": 0.0,
}  # fmt: skip

# Multi-word cues, matched on the lowercased sentence. Each is (anchors, regular expression,
# valence, the cue as a reader sees it in "reasons"). A pattern is tried only when one of its
# anchor words occurs in the sentence (every match contains one), which keeps the layer cheap.
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty)"
_SPAN = r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?)"
_WAIT = "wait waits waited waiting queue queued queuing queues line lines"
CX_PHRASES: tuple[tuple[str, str, float, str], ...] = (
    # waiting and lateness
    ("hold", r"on hold", -1.5, "on hold"),
    ("hold", rf"{_NUM}[- ]?{_SPAN}[- ](?:on )?hold", -2.0, "long hold"),
    ("hold", r"hold times?", -1.0, "hold time"),
    (_WAIT, r"(?:long|longer|endless) (?:wait|waits|queue|queues|line|lines)", -1.5, "long wait"),
    (_WAIT, rf"(?:waited|waiting|wait of|queued|queuing) (?:for )?(?:over |almost |nearly )?{_NUM}"
     rf"[- ]?{_SPAN}", -1.6, "long wait"),
    ("late delay delayed wait", rf"{_NUM}[- ]?{_SPAN} (?:late|delay|delayed|wait)", -1.8, "delay"),
    ("late", r"(?:arrived|delivered|came|showed up|running|was|were|is|are) (?:very |so |really"
     r" |always |again )?late",
     -1.5, "late"),
    ("waiting", r"still waiting", -1.8, "still waiting"),
    ("forever ages ever day+all morning+all afternoon+all",
     r"(?:took|take|takes|taking) (?:forever|for ever|ages|all (?:day|morning|afternoon)"
     r"|the whole day)", -1.8, "took forever"),
    ("reach+trying reach+tried reach+can't reach+couldn't reach+cannot reach+unable through",
     r"(?:trying|tried|try|can't|cannot|couldn't|could not|unable) to (?:reach|contact|get hold of"
     r"|speak to|talk to) (?:anyone|anybody|someone|somebody|a person|a human|support|you|them)"
     r"|(?:can't|cannot|couldn't|could not) get through", -1.6, "can't reach anyone"),
    ("repeat repeating explain chase chasing",
     r"(?:had|have|having|need|needed) to (?:repeat|re-explain|explain (?:it |everything )?again"
     r"|keep chasing|chase)", -1.5, "had to repeat"),
    ("times", rf"(?:had|have|having|need|needed) to (?:call|ring|phone|email|write|chase|contact"
     rf"|visit|ask|complain|go back|come back|explain|reset|log in)(?: \w+){{0,3}} (?:{_NUM}"
     rf"|several|multiple|many|numerous|countless|a few|so many) times|(?:called|rang|phoned"
     rf"|emailed|wrote|contacted|chased|asked|visited|complained)(?: \w+){{0,2}} (?:{_NUM}"
     rf"|several|multiple|many|numerous|countless|so many) times", -1.5, "had to call again"),
    ("time+second time+third time+fourth time+fifth time+sixth time+tenth",
     r"(?:second|third|fourth|fifth|sixth|tenth) time (?:i've|i have|we've|we have|i'm|i am|i|we)"
     r" (?:called|rung|rang|phoned|emailed|written|wrote|contacted|asked|complained|reported"
     r"|had to)", -1.5, "had to call again"),
    ("without", r"without (?:even )?(?:fixing|resolving|solving|answering|addressing|reading"
     r"|looking (?:at|into)|checking|investigating|helping|replying|responding|a (?:fix"
     r"|resolution|reply|response)|an answer|any (?:help|answer|reply|response|resolution))",
     -1.6, "closed without a fix"),
    ("return+had return+have send+back complain",
     r"(?:had|have|having) to (?:return it|return them|send (?:it|them) back|complain)", -1.2,
     "had to return it"),
    ("weeks months hour hours day days",
     rf"(?:took|takes|taking) (?:over |nearly |almost |about |more than |at least )?(?:{_NUM}|a few"
     r"|several|many) ?(?:weeks|months)|(?:took|takes|taking) (?:over|more than) (?:an?|one|"
     rf"{_NUM}) (?:hours?|days?)", -1.2, "took weeks"),
    ("wait", r"wait times?", -0.6, "wait time"),
    ("wait", r"worth the wait", 2.0, "worth the wait"),
    # "I paid on time" tells what the customer did, not how the service did.
    ("time+on", r"(?<!paid )(?<!pay )(?<!paying )(?<!payment )(?<!payments )on time", 1.2,
     "on time"),
    ("schedule", r"ahead of schedule", 1.5, "ahead of schedule"),
    ("away+right", r"right away", 1.0, "right away"),
    ("time+no", r"in no time", 1.4, "in no time"),
    # things that did not happen
    ("never", r"never (?:arrived|came|showed|received|got|delivered|heard back|responded|replied)",
     -2.2, "never arrived"),
    ("never", r"never (?:called|rang|got|wrote|emailed|phoned) (?:me |us )?back|never returned"
     r" (?:my|our) (?:calls?|emails?|messages?)", -2.0, "never called back"),
    ("response reply answer callback call follow-up follow",
     r"(?:no|zero) (?:response|reply|answer|call back|callback|follow[- ]up)", -1.8, "no response"),
    ("nobody noone no-one one+no",
     r"(?:nobody|no one|no-one|noone) (?:ever )?(?:called|rang|came|answered|responded|replied"
     r"|got back|followed up|showed up|helped|picked up|contacted|told|informed|warned|notified"
     r"|explained|updated|apologi[sz]ed|listened|cared|bothered|let (?:me|us) know)"
     r"|(?:nobody|no one|no-one|noone)"
     r" (?:was )?(?:at|around|available|there|answering|to help)", -1.8, "nobody called"),
    ("happened", r"never (?:happened|came through|materiali[sz]ed)", -1.6, "never happened"),
    ("ordered+not asked+not expected+not paid+not",
     r"not what (?:i|we) (?:ordered|asked for|expected|paid for)", -1.8, "not what I ordered"),
    ("barely hardly", r"(?:barely|hardly) (?:looked at|listened|acknowledged|spoke to|explained"
     r"|checked)", -1.5, "barely listened"),
    ("battery", r"battery (?:drains|dies|died|doesn't last|does not last|barely lasts)", -1.5,
     "battery drains"),
    ("show+up turn+up show+no", r"(?:didn't|did not|never|failed to|doesn't|does not) (?:even )?"
     r"(?:show|turn) up|no[- ]show", -2.0, "no-show"),
    ("explanation compensation apology update updates communication information notice warning"
     " help support", r"no (?:real |proper )?(?:explanation|compensation|apology|updates?"
     r"|communication|information|notice|warning|help|support)", -1.5, "no explanation"),
    ("notice warning explanation notification apology",
     r"without (?:any |prior |advance |an? )?(?:notice|warning|explanation|notification|apology)",
     -1.3, "without notice"),
    ("dropped disconnected dead cut+off",
     r"(?:call|line|chat|connection) (?:was |got |keeps |kept )?(?:dropped|disconnected|cut off"
     r"|went dead)|(?:dropped|disconnected|cut off) (?:the |my |our )?(?:call|chat)", -1.8,
     "call dropped"),
    ("damaged broken smashed crushed dented soaked wet opened torn leaking defective faulty",
     r"(?:arrived|came|delivered|turned up|showed up) (?:completely |badly |all |already )?"
     r"(?:damaged|broken|smashed|crushed|dented|soaked|wet|opened|torn|leaking|defective|faulty)",
     -2.0, "arrived damaged"),
    ("timed timing times+out time+out", r"(?:time|times|timed|timing) out", -1.5, "timed out"),
    ("keeps kept keep",
     r"(?:keeps|kept|keep) (?:on )?(?:crashing|freezing|failing|breaking|dropping|disconnecting"
     r"|glitching|lagging|timing out|(?:logging|kicking|throwing) (?:me|us) out)", -1.5,
     "keeps failing"),
    ("down+internet down+wifi down+wi-fi down+broadband down+site down+website down+app"
     " down+server down+servers down+network down+system down+service down+connection"
     " down+platform down+portal",
     r"(?:internet|wifi|wi-fi|broadband|site|website|app|server|servers|network|system|service"
     r"|connection|platform|portal) (?:(?:has|have|had|keeps?|kept) )?(?:is|was|were|are|been"
     r"|gone|going|goes|go|went) down", -1.8, "outage"),
    ("work", r"(?:doesn't|does not|didn't|did not|don't|do not|won't|will not|isn't|is not|wasn't)"
     r" work", -1.9, "does not work"),
    ("working longer", r"(?:not|stopped|stop) working|no longer (?:works?|working|loads?|opens?"
     r"|connects?|charges?|syncs?|turns on|responds?|starts?)", -1.9, "stopped working"),
    ("apart", r"fell apart", -2.0, "fell apart"),
    ("stock sold", r"(?:out of stock|sold out)", -1.0, "out of stock"),
    # billing
    ("twice double again", r"(?:charged|billed) (?:me )?(?:twice|double|two times|again)", -2.2,
     "charged twice"),
    ("double", r"double[- ](?:charged|billed|charge)", -2.2, "charged twice"),
    ("hidden", r"hidden (?:fees?|charges?|costs?)", -2.0, "hidden fees"),
    ("fee fees charge charges",
     r"(?:extra|surprise|unexpected|late|cancellation|unauthori[sz]ed|additional) (?:fees?"
     r"|charges?)", -1.5,
     "extra charges"),
    ("refund", r"no refund", -1.8, "no refund"),
    ("fee fees charge charges commission catch hassle fuss queue queues",
     r"no (?:hidden |extra |additional |booking |transfer |delivery |service )?(?:fees?|charges?"
     r"|commission|catch|hassle|fuss|queues?)", 1.2, "no fees"),
    ("price prices fee fees bill rate rates cost costs premium premiums subscription increase"
     " increases hike hikes",
     r"(?:price|prices|fees?|bill|rates?|costs?|premiums?|subscription) (?:has |have |had |keeps? "
     r"|kept |just )?(?:gone up|went up|goes up|going up|go up|risen|rose|increased|doubled"
     r"|jumped|skyrocketed)|(?:price|fee|rate) (?:increases?|hikes?)|(?:raised|hiked|increased"
     r"|doubled) (?:the |their |our |my |its )?(?:prices?|fees?|rates?)", -1.2,
     "price increase"),
    ("priced", r"over priced", -1.8, "overpriced"),
    # being passed around
    ("hung", r"hung up", -1.8, "hung up"),
    ("transferred passed bounced", r"(?:transferred|passed|bounced) (?:around|between|from)", -1.6,
     "transferred around"),
    ("runaround run-around run", r"run[- ]?around", -1.8, "runaround"),
    # verdicts: coming back, recommending, comparing
    ("again", r"never again", -2.2, "never again"),
    ("back returning return recommend again",
     r"(?:won't|will not|wouldn't|would not|never) (?:be (?:back|returning|coming back)|return"
     r"|come back|go back|order again|buy again|use (?:them|it|this) again|recommend"
     r"|(?:go|come|visit|eat|stay|shop) (?:here |there )?again)", -2.2,
     "won't return"),
    ("back return again",
     r"(?:will|would|we'll|i'll|definitely|can't wait to) (?:be back|come back|return|go back"
     r"|order again|buy again)", 1.6, "will return"),
    ("beyond mile", r"(?:above and beyond|extra mile)", 2.4, "above and beyond"),
    ("expectations expectation",
     r"(?:exceeded|exceeds|exceed|surpassed|beyond) (?:my |our |all |all of my |all our )?"
     r"expectations?", 2.4, "exceeded expectations"),
    ("expectations expectation",
     r"(?:below|didn't meet|did not meet|fell short of|failed to meet|doesn't meet|does not meet)"
     r" (?:my |our |any |the )?expectations?", -1.8, "below expectations"),
    ("works+just works+simply", r"(?:just|simply) works", 1.5, "just works"),
    ("time+took time+take time+taking time+takes",
     r"(?:took|take|takes|taking) (?:the )?time to (?:explain|listen|help|answer|understand"
     r"|walk (?:me|us) through)", 1.8, "took the time"),
    ("life+customer keeper", r"(?:customer for life|a keeper)", 2.0, "customer for life"),
    ("star stars", r"(?:five|5) stars?", 2.0, "five stars"),
    ("star stars", r"(?:one|1|zero|0) stars?", -2.0, "one star"),
    ("described advertised expected promised", r"as (?:described|advertised|expected|promised)",
     0.8, "as described"),
    ("waste", r"waste of (?:time|money)", -1.2, "waste of money"),
    ("expected", r"expected (?:more|better)", -1.5, "expected better"),
    ("nothing", r"thanks for nothing", -2.5, "thanks for nothing"),
    ("better cheaper",
     r"(?:there are|you can find|you could find|you can get|go) (?:much |way |far )?(?:better"
     r"|cheaper) (?:places|options|food|service|deals|prices|value|elsewhere)", -2.0,
     "better elsewhere"),
    ("elsewhere somewhere another+place",
     r"(?:go|went|going|shop|look|looking|find|try) (?:elsewhere|somewhere else|another place)",
     -1.6, "go elsewhere"),
    ("that+not", r"not (?:all )?that (?:great|good|special|impressive)", -1.5, "not that great"),
    ("best+at", r"at best", -1.0, "at best"),
    ("better+could better+room improvement improving",
     r"could (?:be|have been|do|use) (?:a lot |a bit |much |way |far |some )?(?:better"
     r"|improvement|improving)|(?:needs?|needed) (?:some |a lot of |lots of |more )?improvement"
     r"|room for improvement", -1.2, "could be better"),
    # idioms whose words mislead VADER ("couldn't be happier" negates "happier")
    ("happier couldn't cannot can't could+not could+never",
     r"(?:could not|couldn't|cannot|can't|could never) (?:be|have been|ask for) (?:any |much )?"
     r"(?:happier|better|more (?:pleased|happy|satisfied|helpful))", 2.6, "couldn't be happier"),
    ("complaints complaint complain fault",
     r"(?:no|zero|not (?:a|one|any)) (?:single )?complaints?|(?:can't|cannot|can not) complain"
     r"|nothing to complain about|(?:can't|cannot|couldn't|could not) fault", 1.5,
     "no complaints"),
    ("problem problems issue issues", r"(?:no|not a|not any|zero) (?:problems?|issues?)"
     r"(?: at all| whatsoever)?", 1.0, "no problems"),
    ("desired", r"(?:left|leaves|leave|leaving) (?:a lot|a great deal|much|something|plenty)"
     r" to be desired", -2.0, "left much to be desired"),
    ("downhill", r"(?:gone|went|going|goes|go) downhill", -2.0, "gone downhill"),
    ("used", r"not (?:what|as good as) (?:it|they|she|he) used to be", -1.8,
     "not what it used to be"),
    ("special+nothing write+home rave+nothing",
     r"nothing (?:special|to write home about|to rave about)", -1.3, "nothing special"),
    ("joke", r"(?:is|was|are|were|'s|a) (?:an? )?(?:complete |total |absolute |bad |sick |"
     r"running )?joke", -2.0, "a joke"),
    ("fortune arm leg", r"(?:cost|costs|costing|paid|pay|paying|spent|spend|shell out|charge|"
     r"charged|charges) (?:us |me |you )?(?:a |an )?(?:small |absolute )?(?:fortune|arm and a leg)",
     -1.5, "cost a fortune"),
    ("pay+get", r"(?:you )?get what you pay for", -1.0, "get what you pay for"),
    ("miss+hit", r"hit (?:or|and|n) miss", -1.2, "hit or miss"),
    ("worth+not", r"not (?:really |even )?worth (?:it|the (?:money|price|cost|wait|hype|trip|time)"
     r"|a penny|the effort)", -1.8, "not worth it"),
    ("notch", r"top[- ]notch", 2.2, "top notch"),
    ("plus bonus", r"(?:a|an added|a big|a huge|a real|a definite|another|bonus) (?:plus|bonus)",
     1.4, "a plus"),
    ("steal", r"(?:a|an absolute|such a|what a) steal", 1.8, "a steal"),
    ("spot+on", r"spot on", 1.6, "spot on"),
    ("none+second", r"second to none", 2.5, "second to none"),
    ("ball", r"dropped the ball", -1.8, "dropped the ball"),
    ("short+fell short+falls short+fall short+falling", r"(?:fell|falls|fall|falling) short",
     -1.6, "fell short"),
    ("down+let down+lets down+letting",
     r"(?:let|lets|letting) (?:me|us|you|them|him|her|everyone|customers) down", -1.8,
     "let down"),
    ("moon", r"over the moon", 2.5, "over the moon"),
    ("blown", r"blown away", 2.4, "blown away"),
    ("saver lifesaver life-saver", r"(?:life[- ]?saver|saved the day)", 2.2, "lifesaver"),
    ("way+out", r"(?:went|go|goes|going) out of (?:their|his|her|my|your|the) way", 2.0,
     "went out of their way"),
    ("backwards", r"bent over backwards", 2.0, "went out of their way"),
    ("day+made", r"made (?:my|our) day", 2.2, "made my day"),
    ("pain", r"(?:a|such a|real|total) pain(?: in the (?:neck|ass|butt|backside))?", -1.8,
     "a pain"),
    ("nickel", r"nickel[- ]and[- ]dim(?:e|ed|ing)", -1.8, "nickel and dimed"),
    ("hype fuss",
     r"(?:don't|didn't|do not|did not) (?:get|understand|see) (?:the|all the|what the)"
     r" (?:hype|fuss)", -1.5, "not worth the hype"),
    ("recommend", r"(?:can't|cannot|couldn't) recommend (?:\w+ ){0,3}(?:enough|more highly"
     r"|highly enough)", 3.0, "can't recommend enough"),
    ("too", r"too (?:many|much|long|slow|late|loud|small|big|expensive|pricey|salty|sweet|greasy"
     r"|hot|cold|busy|complicated|heavy|short|noisy|dark|crowded|few|little|hard|difficult"
     r"|confusing)", -1.0, "too much"),
    ("only+thing only+part only+point only+bit",
     r"the only (?:good|decent|positive|redeeming|nice) (?:thing|part|point|bit)", -2.5,
     "the only good thing"),
    ("order", r"(?:wrong order|got (?:my |our |the )?order wrong|mixed up (?:my |our |the )?order)",
     -1.8, "wrong order"),
    ("portion portions", r"(?:small|tiny|skimpy|meager|meagre) portions?", -1.2, "small portions"),
    ("portion portions", r"portions? (?:were|was|are|is) (?:very |really |so |too )?(?:small|tiny)",
     -1.2, "small portions"),
    ("portion portions", r"(?:generous|large|huge|big|hearty) portions?", 1.5, "generous portions"),
    ("penny buck", r"(?:worth every penny|bang for (?:the|your|my) buck)", 2.2,
     "worth every penny"),
    ("must must-try", r"(?:a must|must[- ]try|must[- ]have|must[- ]visit)", 1.6, "a must"),
    ("melt melts melted", r"melt(?:s|ed)? in (?:your|my|the) mouth", 2.0, "melts in the mouth"),
    ("thumbs", r"thumbs down", -1.5, "thumbs down"),
    ("thumbs", r"thumbs up", 1.5, "thumbs up"),
    # food temperature
    ("cold", r"(?:was|were|arrived|served|came out|came) (?:stone |ice |luke)?cold", -1.4,
     "served cold"),
)  # fmt: skip


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
    share+button
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
     "hardly", "scarcely"}
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
    r"could've|would've)\b|\bsupposed to\b|\bi wish\b|\bif only\b|\bexpected (?:more|better)\b"
    r"|\bused to be\b|^wish\b"
)
COUNTERFACTUAL_SCALAR = -0.5
#: Words one of which every COUNTERFACTUAL match contains.
COUNTERFACTUAL_ANCHORS = frozenset(
    """
    should could would might should've could've would've supposed wish if expected used
    """.split()  # noqa: SIM905 - a word list reads best as words
)

#: Contrast inside a sentence: what follows outweighs what went before (VADER's rule for "but").
CONTRAST_WORDS = frozenset({"but", "however"})

#: Sentence openers that turn the story: this sentence and the rest outweigh what came before.
CONTRAST_OPENERS = frozenset({"but", "however", "unfortunately", "sadly", "yet", "still"})

# Praise that turns sarcastic when it thanks a customer for a complaint ("thanks for the 3-hour
# hold, great service"): with a complaint cue in the same sentence, these count against.
SARCASM_OPENERS = re.compile(
    r"\b(?:thanks|thank you|thx|ty) (?:so much |a lot |very much )?for\b"
    r"|\b(?:love|loved|loving|enjoy|enjoyed) (?:being|waiting|sitting|getting|paying|having to)\b"
)

# A praise word alone before a comma, opening a sentence that then complains ("Great, another
# outage", "Perfect, my order is late again"): matched on the raw lowercased sentence, since
# the comma is the tell. Any negative cue in the sentence makes it sarcastic.
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


#: A phrase cue as the scorer uses it: the compiled pattern, its valence, its label, and the
#: other words a sentence must contain before the pattern is worth searching for.
PhraseCue = tuple[re.Pattern[str], float, str, frozenset[str]]


def phrase_index() -> dict[str, list[PhraseCue]]:
    """Each anchor word mapped to the compiled phrase cues it can start a search for.

    An anchor written ``word+other`` is filed under ``word`` and tried only when ``other``
    occurs too: common words ("that", "worth", "day") would otherwise send a third of all
    sentences through regular-expression searches that cannot match.
    """
    index: dict[str, list[PhraseCue]] = {}
    for anchors, regex, valence, label in CX_PHRASES:
        compiled = re.compile(rf"(?<![\w'])(?:{regex})(?![\w'])")
        for anchor in anchors.split():
            word, *also = anchor.split("+")
            index.setdefault(word, []).append((compiled, valence, label, frozenset(also)))
    return index


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
