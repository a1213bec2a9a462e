"""The demo journey's cast: touchpoints with how customers feel there, and what they write.

Written by hand to read like real retail feedback. The mix is deliberately uneven: support calls
and the checkout page go badly (and support worsens over the weeks), so the demo map has pain
points to find.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DemoTouchpoint:
    """A touchpoint of the demo journey and the feedback it tends to get."""

    name: str
    channel: str
    stage: str
    volume: float  # relative share of all answers
    negative_start: float  # chance an answer is a complaint in week 1
    negative_end: float  # … and in the last week
    good: tuple[str, ...]
    meh: tuple[str, ...]
    bad: tuple[str, ...]


JOURNEY_NAME = "Northwind Electronics online store"
JOURNEY_SLUG = "northwind"

PERSONAS: tuple[tuple[str, str], ...] = (
    ("Busy parent", "Buys for the household between school runs; wants it simple and on time."),
    ("Tech enthusiast", "Researches specs in depth, buys early, expects knowledgeable staff."),
    ("Bargain hunter", "Compares prices everywhere, uses promo codes, quick to churn."),
)

# Extra chance of a complaint for a persona at a touchpoint.
PERSONA_BIAS: dict[tuple[str, str], float] = {
    ("Bargain hunter", "Checkout page"): 0.15,
    ("Bargain hunter", "Product comparison page"): 0.10,
    ("Busy parent", "Delivery tracking"): 0.15,
    ("Busy parent", "Support call"): 0.10,
    ("Tech enthusiast", "In-store demo"): -0.05,
    ("Tech enthusiast", "Live chat"): 0.10,
}

TOUCHPOINTS: tuple[DemoTouchpoint, ...] = (
    DemoTouchpoint(
        "Social media ad",
        "social",
        "Awareness",
        0.5,
        0.12,
        0.12,
        good=(
            "Saw your ad on Instagram and the deal looked great.",
            "The video ad was clear and actually made me curious.",
            "Nice ad, I liked that it showed the real price.",
        ),
        meh=("I saw an ad, not sure which one.", "The ad was fine I guess."),
        bad=(
            "The same ad followed me everywhere for weeks, really annoying.",
            "The ad showed a price that was not the real price, felt misleading.",
        ),
    ),
    DemoTouchpoint(
        "Search and landing page",
        "web",
        "Awareness",
        0.6,
        0.15,
        0.15,
        good=(
            "Found you on Google and the landing page was fast and clear.",
            "Easy to find what I was looking for from the home page.",
            "Great first impression, the site looks trustworthy.",
        ),
        meh=("The landing page was ok.", "Found the site through search."),
        bad=(
            "The page took forever to load on my phone.",
            "Search results on the site were useless, could not find the laptop I wanted.",
            "Too many pop-ups as soon as I arrived, very annoying.",
        ),
    ),
    DemoTouchpoint(
        "Product comparison page",
        "web",
        "Consideration",
        0.8,
        0.18,
        0.16,
        good=(
            "The comparison table helped me choose between two laptops, love it.",
            "Really helpful specs and honest reviews.",
            "Great filters, I found the right TV in minutes.",
        ),
        meh=(
            "Comparison page is okay but could show more specs.",
            "Did some research on the site.",
        ),
        bad=(
            "The specs on the comparison page were wrong for two models, confusing.",
            "I could not compare more than two products, frustrating.",
            "Prices changed between the listing and the comparison page. Not great.",
        ),
    ),
    DemoTouchpoint(
        "Live chat",
        "chat",
        "Consideration",
        0.6,
        0.2,
        0.2,
        good=(
            "The chat agent answered all my questions quickly, very helpful.",
            "Fast, friendly answers on live chat. Thanks Priya!",
            "Chat support knew the products well, excellent.",
        ),
        meh=("Chat was fine.", "Got an answer on chat after a short wait."),
        bad=(
            "The chat bot kept sending me links instead of answering.",
            "Waited 20 minutes in the chat queue and then it disconnected.",
            "The agent did not know anything about the product, useless.",
        ),
    ),
    DemoTouchpoint(
        "In-store demo",
        "store",
        "Consideration",
        0.5,
        0.1,
        0.1,
        good=(
            "The staff in store let me try everything, great experience.",
            "Loved the demo area, staff were knowledgeable and patient.",
            "Very helpful store assistant, no pressure at all.",
        ),
        meh=("Visited the store to look at TVs.", "Store was busy but fine."),
        bad=(
            "Nobody in the store could tell me the difference between the models.",
            "Demo units were broken or switched off, disappointing.",
        ),
    ),
    DemoTouchpoint(
        "Checkout page",
        "web",
        "Purchase",
        1.6,
        0.34,
        0.38,
        good=(
            "Checkout was quick and easy, paid with Apple Pay in seconds.",
            "Smooth checkout, love the guest option.",
            "Easy checkout and clear delivery options.",
        ),
        meh=("Checkout was okay.", "Paid by card, nothing special."),
        bad=(
            "My promo code was not accepted at checkout, so frustrating.",
            "The payment failed twice and I was charged twice on my card!",
            "Checkout kept asking me to create an account, annoying and slow.",
            "Shipping costs only appeared at the very last step, felt like a trick.",
            "Card declined error at checkout even though my bank said it was fine. Terrible.",
        ),
    ),
    DemoTouchpoint(
        "Mobile app checkout",
        "mobile_app",
        "Purchase",
        0.7,
        0.16,
        0.14,
        good=(
            "The app checkout is brilliant, two taps and done.",
            "Really smooth in the app, saved card worked perfectly.",
            "Love the app, fast and simple.",
        ),
        meh=("Used the app to pay.", "App checkout works."),
        bad=(
            "The app crashed when I tried to pay, had to start again.",
            "App logged me out at checkout and my basket was empty, annoying.",
        ),
    ),
    DemoTouchpoint(
        "Order confirmation email",
        "email",
        "Purchase",
        0.5,
        0.08,
        0.08,
        good=(
            "Got the confirmation email straight away with all the details, great.",
            "Clear order confirmation, thank you.",
        ),
        meh=("Received the confirmation email.", "Email was fine."),
        bad=("The confirmation email never arrived, I was worried the order failed.",),
    ),
    DemoTouchpoint(
        "Delivery tracking",
        "web",
        "Retention",
        1.0,
        0.25,
        0.22,
        good=(
            "Delivery arrived a day early and tracking was spot on, excellent.",
            "Loved the live tracking, knew exactly when it would arrive.",
            "Driver was friendly and careful with the parcel.",
        ),
        meh=("Parcel arrived on the expected day.", "Tracking worked."),
        bad=(
            "My delivery was delayed three times with no explanation.",
            "Tracking said delivered but nothing arrived, very stressful.",
            "The box arrived damaged and nobody answered my emails about it.",
        ),
    ),
    DemoTouchpoint(
        "Onboarding email",
        "email",
        "Retention",
        0.6,
        0.1,
        0.1,
        good=(
            "The setup guide email was genuinely useful, got my TV working in minutes.",
            "Helpful onboarding tips, nice touch.",
        ),
        meh=("Got some emails after buying.", "Onboarding emails were fine."),
        bad=(
            "Way too many emails after I bought, I unsubscribed.",
            "The setup instructions in the email were for a different model, confusing.",
        ),
    ),
    DemoTouchpoint(
        "Support call",
        "phone",
        "Retention",
        1.4,
        0.5,
        0.68,
        good=(
            "The support agent sorted my warranty claim in one call, fantastic.",
            "Very patient and helpful agent on the phone, thank you.",
            "Quick answer, friendly support team.",
        ),
        meh=("Called support about my order.", "Support call was okay."),
        bad=(
            "I was on hold for 45 minutes before anyone answered. Terrible service.",
            "Got transferred three times and had to repeat my order number every time, "
            "so frustrating.",
            "The agent promised a refund but it never came. I am really angry.",
            "Hold time was over an hour and then the call dropped. Awful.",
            "Nobody could tell me where my refund was, I feel ignored.",
            "Support kept me on hold forever and did not solve anything. Very disappointed.",
        ),
    ),
    DemoTouchpoint(
        "Review request email",
        "email",
        "Advocacy",
        0.5,
        0.1,
        0.1,
        good=(
            "Happy to leave a review, great products and service.",
            "Would definitely recommend Northwind to friends.",
        ),
        meh=("Got asked for a review.", "Might write a review later."),
        bad=("Asked for a review before the item even arrived, annoying.",),
    ),
    DemoTouchpoint(
        "Referral programme",
        "mobile_app",
        "Advocacy",
        0.4,
        0.12,
        0.12,
        good=(
            "Referred my sister and we both got a discount, love it!",
            "The referral reward is generous, already shared it with friends.",
        ),
        meh=("I know there is a referral scheme.", "Haven't used referrals yet."),
        bad=(
            "My referral credit never showed up in the app, disappointing.",
            "Referral terms are confusing, not sure what I actually get.",
        ),
    ),
)

CLOSERS_GOOD: tuple[str, ...] = ("", "", "Thanks!", "Keep it up.", "Will buy again.")
CLOSERS_BAD: tuple[str, ...] = (
    "",
    "",
    "Please fix this.",
    "Not impressed.",
    "Thinking of shopping elsewhere.",
)

# Per stage: the customer's goals, their actions, and the team that owns the stage — the lanes
# a journey map shows above the touchpoints.
STAGE_DETAILS: dict[str, tuple[str, str, str]] = {
    "Awareness": (
        "Find out who sells the product I need at a fair price.",
        "Sees ads, searches, lands on the site.",
        "Marketing",
    ),
    "Consideration": (
        "Pick the right model with confidence.",
        "Compares specs, asks on chat, tries it in store.",
        "Sales",
    ),
    "Purchase": (
        "Pay quickly and know the order went through.",
        "Checks out on the web or in the app, reads the confirmation.",
        "E-commerce",
    ),
    "Retention": (
        "Get the product on time, set it up, get help when stuck.",
        "Tracks delivery, follows setup emails, calls support.",
        "Customer support",
    ),
    "Advocacy": (
        "Share a good experience, get a reward for it.",
        "Writes a review, refers friends through the app.",
        "Marketing",
    ),
}

# The standard measure each touchpoint's survey asks besides "why": recommendation (NPS) once
# the journey is over, effort (CES) after a support call, satisfaction (CSAT) elsewhere; a
# support call also asks for a recommendation right after it (transactional NPS).
MEASURE_OF_STAGE: dict[str, str] = {"Advocacy": "nps"}
EXTRA_MEASURE: dict[str, tuple[str, ...]] = {"Support call": ("ces", "nps")}
# Measures added after the demo's first answers were drawn take their scores from a generator of
# their own, so every answer drawn before stays as it was.
LATER_MEASURES: frozenset[tuple[str, str]] = frozenset({("Support call", "nps")})
