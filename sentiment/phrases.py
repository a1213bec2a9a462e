"""The customer-experience phrase cues: multi-word complaint and praise VADER's words miss.

Valences use VADER's scale (-4 .. +4), like :mod:`sentiment.lexicon`, so a phrase mixes with the
words around it under the same rules (negation, contrast). Entries are general service and product
language — waiting, broken promises, effort, billing, support, apps, food, rooms — never phrases
picked from an evaluation file. A matched phrase replaces the words inside it.
"""

from __future__ import annotations

import re

# Multi-word cues, matched on the lowercased sentence. Each is (anchors, regular expression,
# valence, the cue as a reader sees it in "reasons"). A pattern is tried only when one of its
# anchor words occurs in the sentence (every match contains one), which keeps the layer cheap.
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty)"
_SPAN = r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?)"
_WAIT = "wait waits waited waiting queue queued queuing queues line lines"
# "a few minutes", "2 mins", "30 seconds": a short stretch of time.
_FEW = rf"(?:{_NUM}|a few|a couple of)"
_SHORT_SPAN = r"(?:minutes?|mins?|seconds?|secs?)"
# How many times something had to be done again ("four times", "countless times").
_MANY = rf"(?:{_NUM}|several|multiple|many|numerous|countless|a few|so many)"
CX_PHRASES: tuple[tuple[str, str, float, str], ...] = (
    # waiting and lateness
    ("hold", r"on hold", -1.5, "on hold"),
    ("hold", rf"{_NUM}[- ]?{_SPAN}[- ](?:on )?hold", -2.0, "long hold"),
    ("hold", r"hold times?", -1.0, "hold time"),
    (_WAIT, r"(?:long|longer|endless) (?:wait|waits|queue|queues|line|lines)", -1.5, "long wait"),
    (_WAIT, rf"(?:waited|waiting|wait of|queued|queuing) (?:for )?(?:over |almost |nearly )?{_NUM}"
     rf"[- ]?{_SPAN}", -1.6, "long wait"),
    ("late delay delayed wait", rf"{_NUM}[- ]?{_SPAN} (?:late|delay|delayed|wait)", -1.8, "delay"),
    ("late", r"(?:arrived|delivered|came|showed up|running|ran|runs|was|were|is|are|been)"
     r" (?:very |so |really |always |again )?late",
     -1.5, "late"),
    ("waiting", r"still waiting", -1.8, "still waiting"),
    ("ago monday tuesday wednesday thursday friday saturday sunday week+last month+last",
     rf"(?:that|this) was (?:over |more than |nearly |almost )?(?:{_NUM}|a few"
     rf"|several) ?{_SPAN} ago|(?:that|this) was (?:last|on) (?:week|month|monday|tuesday"
     r"|wednesday|thursday|friday|saturday|sunday)", -1.8, "still waiting"),
    ("still", r"still (?:not (?:\w+ )?(?:fixed|working|resolved|sorted|arrived|received|delivered"
     r"|refunded|here|done|back|paid)|no (?:sign|word|reply|response|answer|update|refund|fix)"
     r"|hasn't|haven't|has not|have not|shows nothing|getting (?:bills|charged|emails|letters"
     r"|calls)|charging|broken|missing|down|on the roadmap)", -1.6, "still not fixed"),
    ("changed moved updated progressed",
     r"(?:hasn't|has not|haven't|have not) (?:changed|moved|updated|progressed) (?:since|in|for)",
     -1.5, "still waiting"),
    ("later", rf"(?:{_NUM}|a few|several) (?:weeks|months) later", -1.2, "took weeks"),
    ("queue line", r"\d+(?:st|nd|rd|th) in (?:the )?(?:queue|line)|(?:queue|line) (?:out|round)"
     r" the (?:door|block|corner)", -1.5, "long wait"),
    (_WAIT, rf"(?:waited|waiting|wait|queued|queuing)(?: \w+){{1,4}} for (?:over |almost |nearly "
     rf"|more than |about |at least )?{_NUM}[- ]?{_SPAN}", -1.6, "long wait"),
    ("forever ages ever day+all morning+all afternoon+all whole",
     r"(?:took|take|takes|taking) (?:me |us )?(?:forever|for ever|ages|all (?:day|morning"
     r"|afternoon)|the whole day|a whole (?:day|morning|afternoon|evening|week))", -1.8,
     "took forever"),
    ("reach+trying reach+tried reach+can't reach+couldn't reach+cannot reach+unable through",
     r"(?:trying|tried|try|can't|cannot|couldn't|could not|unable) to (?:reach|contact|get hold of"
     r"|speak to|talk to) (?:anyone|anybody|someone|somebody|a person|a human|support|you|them)"
     r"|(?:can't|cannot|couldn't|could not) get through", -1.6, "can't reach anyone"),
    ("repeat repeating explain chase chasing",
     r"(?:had|have|having|need|needed) to (?:repeat|re-explain|explain (?:it |everything )?again"
     r"|keep chasing|chase)", -1.5, "had to repeat"),
    ("times", rf"(?:had|have|having|need|needed) to (?:call|ring|phone|email|write|chase|contact"
     rf"|visit|ask|complain|go back|come back|reset|log in|raise|flag)(?: \w+){{0,4}} {_MANY} times"
     r"|(?:called|rang|phoned|emailed|wrote|contacted|chased|asked|visited|complained)"
     rf"(?: \w+){{0,3}} {_MANY} times", -1.5,
     "had to call again"),
    ("times", rf"(?:had|have|having|need|needed) to \w+(?: \w+){{0,4}} {_MANY} times", -1.5,
     "had to repeat"),
    ("third fourth fifth sixth tenth 3rd 4th 5th",
     r"(?:third|fourth|fifth|sixth|tenth|[3-9]th|3rd) (?:time|email|call|letter|complaint|message"
     r"|attempt|visit|ticket|request|chaser)", -1.3, "had to call again"),
    ("same", r"(?:for|about|with|over) the same (?:bug|issue|problem|fault|thing|question|error"
     r"|complaint)", -1.3, "same problem again"),
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
    ("took takes taking",
     rf"(?:took|takes|taking) (?:over |nearly |almost |about |more than |at least )?(?:(?:{_NUM}"
     r"|a few|several|many) ?)?(?:weeks|months)|(?:took|takes|taking) (?:over|more than)"
     rf" (?:an?|one|{_NUM}) (?:hours?|days?)", -1.2, "took weeks"),
    ("took takes taking",
     rf"(?:took|takes|taking) (?:over |nearly |almost |about |more than |at least )?{_NUM} ?(?:"
     rf"{_SPAN}) (?:just )?(?:to|before|until) (?:i |we )?(?:could )?(?:get through|reach|connect"
     r"|speak|talk|answer|be seen|was seen|were seen|be served|get served|load|hear)", -1.5,
     "long wait"),
    ("wait", r"wait times?", -0.6, "wait time"),
    ("wait", r"worth the wait", 2.0, "worth the wait"),
    # "I paid on time" tells what the customer did, not how the service did.
    ("time+on", r"(?<!paid )(?<!pay )(?<!paying )(?<!payment )(?<!payments )on time", 1.2,
     "on time"),
    ("schedule", r"ahead of schedule", 1.5, "ahead of schedule"),
    ("away+right", r"right away", 1.0, "right away"),
    ("time+no", r"in no time", 1.4, "in no time"),
    # things that did not happen
    ("never", r"never (?:arrived|came|showed|received|got|delivered|heard back|responded|replied"
     r"|gave|sent|mentioned|provided)",
     -2.2, "never arrived"),
    ("never", r"never (?:called|rang|got|wrote|emailed|phoned) (?:me |us )?back|never returned"
     r" (?:my|our) (?:calls?|emails?|messages?)", -2.0, "never called back"),
    ("response reply answer callback call follow-up follow",
     r"(?:no|zero) (?:response|reply|answer|call back|callback|follow[- ]up)", -1.8, "no response"),
    ("nobody noone no-one one+no",
     r"(?:nobody|no one|no-one|noone) (?:ever |can |could |will |would |seems to |bothered to )?"
     r"(?:call(?:s|ed)?|r[ai]ng|came|comes|answer(?:s|ed)?|tell|explain|mention(?:s|ed)?"
     r"|respond(?:s|ed)|repl(?:ies|ied)|got back|gets back|follow(?:s|ed) up|show(?:s|ed) up"
     r"|help(?:s|ed)|pick(?:s|ed) up|contact(?:s|ed)|told|tells|inform(?:s|ed)|warn(?:s|ed)"
     r"|notif(?:ies|ied)|explain(?:s|ed)|update(?:s|d)|apologi[sz](?:es|ed)|listen(?:s|ed)"
     r"|care(?:s|d)|bother(?:s|ed)|let (?:me|us) know)"
     r"|(?:nobody|no one|no-one|noone)"
     r" (?:was )?(?:at|around|available|there|answering|to help)", -1.8, "nobody called"),
    ("happened", r"never (?:happened|came through|materiali[sz]ed)", -1.6, "never happened"),
    ("delivered received arrived refunded turned paid come+not come+hasn't come+haven't"
     " come+didn't come+still come+yet",
     r"(?:wasn't|was not|weren't|were not|hasn't|has not|haven't|have not|hadn't|had not|didn't"
     r"|did not|still not|not) (?:yet )?(?:been )?(?:delivered|received|arrived|come|turned up|paid"
     r"|refunded)", -1.8, "never arrived"),
    ("ordered+not asked+not expected+not paid+not",
     r"not what (?:i|we) (?:ordered|asked for|expected|paid for)", -1.8, "not what I ordered"),
    ("barely hardly", r"(?:barely|hardly) (?:looked at|looked up|listened|acknowledged|spoke to"
     r"|explained|checked)", -1.5, "barely listened"),
    ("battery", r"battery (?:drains|dies|died|doesn't last|does not last|barely lasts)", -1.5,
     "battery drains"),
    ("show+up turn+up turned+up showed+up show+no", r"(?:didn't|did not|never|failed to|doesn't"
     r"|does not) (?:even )?(?:show(?:ed)?|turn(?:ed)?) up|no[- ]show", -2.0, "no-show"),
    ("explanation compensation apology update updates communication information notice warning"
     " help support", r"no (?:real |proper )?(?:explanation|compensation|apology|updates?"
     r"|communication|information|notice|warning|help|support)", -1.5, "no explanation"),
    ("notice warning explanation notification apology",
     r"without (?:any |prior |advance |an? )?(?:notice|warning|explanation|notification|apology)"
     rf"|with (?:only |just )?(?:a day's|a days|one day's|(?:{_NUM}|a few) days'?|a week's"
     r"|hours'|little|short|very short|no) notice", -1.3, "without notice"),
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
    ("surprises drama questions hiccups hiccup hitch stress",
     r"no (?:nasty )?(?:surprises|drama|questions asked|hiccups?|stress)|without (?:a |any )?"
     r"(?:single )?(?:hitch|hiccups?|problems?|issues?|fuss|hassle)", 1.4, "no surprises"),
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
    ("transferred passed bounced", rf"(?:transferred|passed|bounced) (?:around|between|from"
     rf"|(?:{_NUM}|several|multiple|many) times)", -1.6, "transferred around"),
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
    ("expected", r"expected (?:(?:much|a lot|a bit|way|far|so much) )?(?:more|better)", -1.5,
     "expected better"),
    ("nothing", r"thanks for nothing", -2.5, "thanks for nothing"),
    ("better cheaper",
     r"(?:there are|you can find|you could find|you can get|go) (?:much |way |far )?(?:better"
     r"|cheaper) (?:places|options|food|service|deals|prices|value|elsewhere)", -2.0,
     "better elsewhere"),
    ("elsewhere somewhere another+place",
     r"(?:go|went|going|shop|look|looking|find|try) (?:elsewhere|somewhere else|another place)",
     -1.6, "go elsewhere"),
    ("not+that", r"not (?:all )?that (?:great|good|special|impressive)", -1.5, "not that great"),
    ("best+at", r"at best", -1.0, "at best"),
    ("better+could better+room improvement improving",
     r"could (?:be|have been|do|use) (?:a lot |a bit |much |way |far |some )?(?:better"
     r"|improvement|improving)|(?:needs?|needed) (?:some |a lot of |lots of |more )?improvement"
     r"|room for improvement", -1.2, "could be better"),
    ("treat treated treating", r"(?:is this|this is|that's|is that|this was|that is) how you"
     r" (?:treat|treated) (?:your )?(?:loyal |long[- ]standing |existing |paying )?(?:customers?"
     r"|clients?|members?|patients?|guests?|me|us|people)", -2.0, "how you treat customers"),
    ("tell explain",
     r"(?:couldn't|could not|can't|cannot|didn't|did not|wouldn't|would not|won't|will not|never"
     r"|unable to) (?:even )?(?:tell|explain to) (?:me|us) (?:why|what|when|where)", -1.4,
     "no explanation"),
    ("find locate figure",
     r"(?:couldn't|could not|can't|cannot|unable to|impossible to|hard to|struggled to"
     r"|struggling to) (?:find|locate|figure out|work out)", -1.4, "couldn't find it"),
    ("needed wanted looking asked+for",
     r"(?:everything|exactly what|just what) (?:i|we) (?:needed|need|wanted|was looking for"
     r"|were looking for|asked for)", 1.6, "everything I needed"),
    ("within", rf"within (?:{_FEW} ?)?(?:minutes?|mins?|hours?|hrs?|days?)"
     r"(?! of)", 1.0, "quick turnaround"),
    ("minutes minute mins seconds secs hour hours",
     r"in (?:seconds|minutes)|in (?:just |only )?(?:under |less than )?(?:[1-9]|1[0-5]|a few"
     rf"|a couple of|one|two|three|four|five|ten|fifteen) ?{_SHORT_SPAN}|in (?:under|less than)"
     rf" (?:an|one|two|three|{_NUM}) ?(?:hours?|hrs?)|(?:took|takes|taking|in) (?:only |just )?"
     rf"(?:less than|under|no more than|barely) {_FEW} ?{_SHORT_SPAN}|(?:took|takes|taking)"
     rf" (?:only|just) {_FEW} ?{_SHORT_SPAN}", 1.4, "took minutes"),
    ("ran run running runs", r"(?:ran|run|running|runs) out of", -1.2, "ran out"),
    ("rip ripped", r"rip(?:ped)?[- ]off", -2.3, "rip-off"),
    ("script scripted", r"(?:read|reading|reads|stuck to|sticking to) (?:off |from )?"
     r"(?:a|the|their) script|scripted (?:answers?|responses?|replies)", -1.5,
     "read from a script"),
    ("providers provider suppliers supplier banks bank carriers carrier networks network insurers"
     " insurer", r"(?:switch|switching|change|changing|move|moving) (?:to (?:a |another |a new )?)?"
     r"(?:providers?|suppliers?|banks?|carriers?|networks?|insurers?)", -1.6,
     "switching provider"),
    ("advertised quoted expected promised stated described pictured",
     r"(?:higher|worse|longer|slower|smaller|weaker|pricier|more expensive) than (?:i |we )?"
     r"(?:advertised|quoted|expected|promised|stated|described|pictured)", -1.5,
     "worse than promised"),
    ("advertised quoted expected promised stated",
     r"(?:faster|quicker|cheaper|sooner|earlier|easier) than (?:i |we )?(?:advertised|quoted"
     r"|expected|promised|stated)", 1.5, "better than promised"),
    ("why", r"why (?:do|does|did|should|must) (?:i|we) (?:have|need|keep having) to", -1.2,
     "why do I have to"),
    # A question asking the service to account for itself is a complaint ("Why was I charged
    # twice?", "Why is there a service fee AND a delivery fee?"); "how do I ..." is not.
    ("why", r"^why (?:is|was|are|were|did|does|do|has|have|am|would|can't|won't|isn't|wasn't"
     r"|didn't|doesn't|don't|hasn't|haven't|aren't)", -1.0, "why"),
    ("meant supposed", r"how (?:am|are|is) (?:i|we|anyone|one|a customer) (?:meant|supposed) to",
     -1.5, "how am I meant to"),
    ("meant supposed", r"(?:was|were|is|are) (?:meant|supposed) to (?:be|arrive|come|call|ring"
     r"|get|have|take|start|open|happen)", -1.0, "broken promise"),
    ("understand", r"(?:still )?(?:don't|do not|didn't|did not|can't|cannot) understand (?:why|how"
     r"|what)", -1.0, "don't understand why"),
    ("know+what", r"(?:don't|do not|didn't) know what (?:to do|else to do)", -1.2,
     "don't know what to do"),
    ("face slap", r"(?:a )?slap in the face", -2.2, "slap in the face"),
    ("logged kicked threw thrown", r"(?:logged|kicked|threw|thrown) (?:me|us) out", -1.2,
     "logged me out"),
    ("gone vanished disappeared missing", r"(?:money|funds|cash|payment|refund) (?:is|was|has|had)"
     r" (?:just )?(?:gone|vanished|disappeared|missing)", -2.0, "money gone"),
    ("just+to", r"just to (?:change|update|cancel|get|make|check|ask|speak|talk|book|pay|close|open"
     r"|reset|log in|prove)", -1.0, "effort"),
    ("left", r"left (?:a|the) (?:hole|mess|stain|dent|scratch)|left (?:mud|rubbish|dirt)", -1.5,
     "left a mess"),
    ("past", r"(?:drove|went|walked) (?:straight |right )?past (?:me|us)", -1.8, "ignored me"),
    ("ate swallowed", r"(?:ate|swallowed) my (?:card|money|coins|ticket)", -1.5, "ate my card"),
    ("photos pictures photo picture description listing advert website",
     r"nothing like (?:the|its|their|in the) (?:photos?|pictures?|description|listing|advert"
     r"|website)", -1.8, "not as described"),
    ("hair plaster bug fly insect cockroach worm slug glass plastic bone staple band-aid",
     r"(?:found|there was|there's) (?:a|an|some) (?:\w+ )?(?:hair|plaster|bug|fly"
     r"|insect|cockroach|worm|slug|glass|plastic|bone|staple|band-aid) in (?:my|the|our)", -2.0,
     "foreign object"),
    ("wrong different", r"(?:got|received|sent|came in|arrived in|delivered) (?:me )?(?:an? |the )?"
     r"(?:wrong|different) (?:size|colou?r|item|model|product|one|order)|in a different colou?r",
     -1.8, "wrong item"),
    ("cheap plastic", r"(?:cheap|flimsy) plastic|(?:feels|felt|looks|looked) cheap", -1.5,
     "feels cheap"),
    ("till checkout cashier counter lane desk",
     r"only one (?:till|checkout|cashier|counter|lane|desk|person|member of staff|staff member)"
     r" (?:open|working|on)", -1.2, "understaffed"),
    ("english jargon options step clause",
     r"in plain english|without (?:any )?jargon|explained (?:my|the|all the) options|explained"
     r" (?:each|every) (?:step|clause)", 1.4, "explained clearly"),
    ("saves saved saving", r"(?:saves|saved|saving) (?:me |us )?(?:(?:so much|a lot of|loads of"
     r"|about|around|nearly|almost|an?) ){0,2}(?:time|money|hours?|effort|hassle)", 1.5,
     "saves time"),
    ("account+back", r"(?:money|refund|funds) (?:was|were|is|came|got) back|back in (?:my|our)"
     r" (?:account|bank)", 1.5, "money back"),
    ("without", r"(?:couldn't|could not|can't|cannot|wouldn't|would not) (?:\w+ ){0,3}without"
     r" (?:it|them|you|this|her|him)", 2.0, "couldn't do without it"),
    ("knocked took+off", r"(?:knocked|took) (?:£|\$|€)?\d+ off", 1.2, "discount"),
    ("found", r"found (?:my|our|the) (?:lost|missing)", 1.5, "found it"),
    ("waited", r"waited for (?:me|us)|(?:done|fixed|sorted|ready) (?:while|whilst) (?:i|we|you)"
     r" (?:waited|wait)", 1.2, "waited for me"),
    ("made+up", r"(?:more than )?made up for (?:it|that|this|everything)", 1.5, "made up for it"),
    ("kept", r"kept (?:me|us) (?:informed|updated|in the loop|posted)", 1.5, "kept us informed"),
    ("day+good", r"on a good day", -1.2, "at best"),
    ("bother", r"(?:don't|do not|dont) (?:even )?bother", -2.0, "don't bother"),
    ("save waste", r"save your (?:money|time|cash)|(?:don't|do not) waste your (?:money|time)",
     -2.0, "save your money"),
    ("home", r"(?:feel|felt|feeling|feels) (?:right |so |very |completely )?at home", 1.8,
     "felt at home"),
    ("circles loop", r"(?:going|go|goes|went|ran|run|running|sent|sending) (?:me |us )?(?:round"
     r"|around) in circles|in (?:a|an endless) loop", -1.6, "going round in circles"),
    ("nothing", r"nothing (?:ever )?(?:works|worked|is working|went right|goes right)", -2.0,
     "nothing works"),
    ("works worked tin", r"(?:everything|it all) (?:just |now )?(?:works|worked)|works? (?:as (?:it"
     r"|they) should|as intended|like a charm|like clockwork)|does what it says on the tin", 1.4,
     "works as it should"),
    ("working running online", r"(?:is|are|was|were|it's) (?:finally |now |back )?working again"
     r"|back (?:up and )?(?:running|working|online)", 1.2, "working again"),
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
    ("made+my made+our", r"made (?:my|our) (?:day|morning|week|year|evening|night|trip"
     r"|holiday|weekend)", 2.2, "made my day"),
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
