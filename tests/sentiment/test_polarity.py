"""Polarity behaviours: contrast, negation, customer-experience cues, the VADER anchor."""

from __future__ import annotations

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from sentiment import score
from sentiment.polarity import PolarityModel
from sentiment.text import clean


def test_contrast_lets_what_follows_but_outweigh_what_precedes() -> None:
    praised_then_faulted = score("The food was great but the service was painfully slow.")
    faulted_then_praised = score("The service was painfully slow but the food was great.")
    assert praised_then_faulted.compound < faulted_then_praised.compound
    assert praised_then_faulted.label == "negative"
    assert faulted_then_praised.label == "positive"


def test_a_turning_sentence_outweighs_the_ones_before_it() -> None:
    turned = score("Check-in was quick and friendly. However, the room was dirty and noisy.")
    assert turned.label == "negative"


def test_negation_flips_praise_and_complaint() -> None:
    assert score("The agent was not helpful.").label == "negative"
    assert score("The agent was helpful.").label == "positive"
    assert score("Not bad at all.").compound > 0


@pytest.mark.parametrize(
    "text",
    [
        "My order was delayed again.",
        "I was on hold for 45 minutes.",
        "They charged me twice for the same order.",
        "Still waiting for my refund.",
        "The package never arrived.",
        "The app is buggy and keeps crashing.",
        "Overpriced and the food arrived cold.",
        "Support was unresponsive and unhelpful.",
        "Would not order again.",
    ],
)
def test_domain_complaints_read_negative(text: str) -> None:
    assert score(text).label == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "Delivery was prompt and the driver was polite.",
        "Checkout was seamless and intuitive.",
        "The agent went above and beyond to fix it.",
        "Arrived on time, exactly as described.",
    ],
)
def test_domain_praise_reads_positive(text: str) -> None:
    assert score(text).label == "positive"


def test_polite_complaints_are_not_mistaken_for_praise() -> None:
    sarcastic = score("Thanks for the 3-hour hold, great service.")
    assert sarcastic.label == "negative"
    assert sarcastic.emotion not in ("delighted", "satisfied")
    assert dict(sarcastic.reasons)["long hold"] < 0


def test_unmet_expectations_count_against() -> None:
    assert score("It should have been easy to cancel.").label == "negative"


def test_like_as_a_preposition_is_not_praise() -> None:
    assert score("It felt like my order was lost.").compound < score("I like my order.").compound


def test_with_the_cx_layer_off_the_rules_track_raw_vader() -> None:
    analyzer = SentimentIntensityAnalyzer()
    plain = PolarityModel(cx=False)
    texts = [
        "VADER is smart, handsome, and funny!",
        "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
        "VADER is not smart, handsome, nor funny.",
        "The book was only kind of good.",
        "At least it isn't a horrible book.",
        "Today SUX!",
        "Make sure you :) or :D today!",
        "Catch utf-8 emoji such as 💘 and 💋 and 😁",
        "Not bad at all",
        "Sentiment analysis has never been this good!",
        "Roger Dodger is one of the least compelling variations on this theme.",
        "Without a doubt, an excellent idea.",
    ]
    for text in texts:
        assert plain.score(clean(text)).compound == pytest.approx(
            analyzer.polarity_scores(text)["compound"], abs=0.02
        ), text


def test_a_wish_is_not_praise_nor_a_complaint_on_its_own() -> None:
    assert score("I wish I could visit them again.").label != "negative"
    assert score("I wish the staff had been more helpful.").label == "negative"


def test_praise_before_an_unmet_expectation_marker_still_counts() -> None:
    assert score("Thanks so much, you could have charged me more.").label == "positive"


def test_like_after_a_modal_is_the_verb() -> None:
    assert score("You'll like it.").label == "positive"


def test_long_answers_do_not_saturate_just_by_being_long() -> None:
    text = "The staff were friendly. The room was nice. The view was good. Breakfast was fine."
    many = score(text)
    assert many.label == score("The staff were friendly.").label == "positive"
    # VADER's plain sum grows with every mild word; ours estimates strength, not length.
    assert many.compound < SentimentIntensityAnalyzer().polarity_scores(text)["compound"]


@pytest.mark.parametrize(
    ("text", "label", "cue"),
    [
        ("I could not be happier with the service.", "positive", "couldn't be happier"),
        ("Couldn't be better!", "positive", "couldn't be happier"),
        ("No complaints at all.", "positive", "no complaints"),
        ("The service is a joke.", "negative", "a joke"),
        ("It left a lot to be desired.", "negative", "left much to be desired"),
        ("The place has gone downhill.", "negative", "gone downhill"),
        ("It cost a fortune.", "negative", "cost a fortune"),
        ("Not worth the money.", "negative", "not worth it"),
    ],
)
def test_idioms_whose_words_mislead_vader(text: str, label: str, cue: str) -> None:
    result = score(text)
    assert result.label == label
    # The idiom is one cue: its words do not also count on their own ("happier" negated).
    assert [c for c, _ in result.reasons] == [cue]


def test_praise_that_used_to_be_is_a_complaint() -> None:
    assert score("The app used to be great.").label == "negative"


def test_an_unmet_expectation_governs_its_own_clause_only() -> None:
    assert score("I wish the staff had been more helpful.").label == "negative"
    mixed = score("I wish it was easier, but the staff were lovely.")
    assert mixed.label == "positive"
    assert dict(mixed.reasons)["lovely"] > 0


def test_afinn_words_vader_lacks_are_scored() -> None:
    """AFINN rates "outage" and "inefficient", which VADER's lexicon lacks."""
    assert "outage" not in SentimentIntensityAnalyzer().lexicon
    result = score("Another outage, and support was inefficient.")
    assert result.label == "negative"
    assert {"outage", "inefficient"} <= {c for c, _ in result.reasons}


def test_hardly_negates() -> None:
    assert score("The staff were hardly helpful.").label == "negative"


def test_a_request_is_not_praise() -> None:
    assert score("I would like a refund.").label != "positive"
    assert score("Waited like 40 minutes for a table.").label != "positive"


def test_links_and_handles_carry_no_sentiment() -> None:
    cleaned = clean("@support see https://example.com/a?b=1 or www.example.com, mail a@b.com")
    assert "http" not in cleaned and "@support" not in cleaned and "www." not in cleaned
    assert "a@b.com" in cleaned
    assert score("https://example.com/orders/123").label == "neutral"


def test_lowercase_sentences_split_after_a_full_stop() -> None:
    from sentiment.text import split_sentences

    assert split_sentences("waited an hour. the staff was rude.") == [
        "waited an hour.",
        "the staff was rude.",
    ]
    assert len(split_sentences("wait... then it worked.")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "I called customer support about my order.",
        "I paid with a credit card.",
        "Got the welcome email this morning.",
        "Please send the invoice again.",
    ],
)
def test_touchpoint_names_and_requests_are_not_praise(text: str) -> None:
    """ "support", "credit", "welcome" and "please" are VADER praise words; here they are not."""
    raw = SentimentIntensityAnalyzer().polarity_scores(text)["compound"]
    assert raw > 0.05  # VADER reads praise into each of these
    assert score(text).label == "neutral"


def test_a_complaint_about_support_is_not_softened_by_the_word_support() -> None:
    result = score("Customer support never called back.")
    assert result.label == "negative"
    assert "support" not in dict(result.reasons)


def test_pretty_as_an_adverb_is_not_praise() -> None:
    assert score("Pretty bad experience.").label == "negative"
    assert "pretty" not in dict(score("Pretty slow checkout.").reasons)
    assert dict(score("What a pretty view.").reasons)["pretty"] > 0


def test_well_opening_a_sentence_is_a_discourse_marker() -> None:
    assert score("Well, the delivery took forever.").label == "negative"
    assert "well" not in dict(score("Well, the delivery took forever.").reasons)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The technician didn't show up.", "no-show"),
        ("I emailed them a few times about the refund.", "had to call again"),
        ("Nobody called to tell us.", "nobody called"),
        ("Flight delayed, no explanation.", "no explanation"),
        ("The price went up without notice.", "price increase"),
        ("Prices have gone up again.", "price increase"),
        ("The call dropped twice.", "call dropped"),
        ("My parcel arrived damaged.", "arrived damaged"),
        ("The checkout page timed out.", "timed out"),
        ("The app keeps crashing.", "keeps failing"),
        ("The internet has gone down again.", "outage"),
        ("It took three weeks to get a reply.", "took weeks"),
        ("Mediocre at best.", "at best"),
        ("Could be better.", "could be better"),
        ("I've been trying to reach someone for three days.", "can't reach anyone"),
        ("I had to repeat my account number four times.", "had to repeat"),
        ("Sizes run small, had to return it.", "had to return it"),
        ("Installation took all day.", "took forever"),
        ("Nobody at the front desk when we arrived.", "nobody called"),
        ("Promised a callback that never happened.", "never happened"),
        ("Not what I ordered.", "not what I ordered"),
        ("The doctor barely looked at me.", "barely listened"),
        ("Battery drains in a couple of hours.", "battery drains"),
        ("It did not meet my expectations.", "below expectations"),
        ("My flight was cancelled and nobody told me.", "nobody called"),
        ("I had to call four times to get my bill corrected.", "had to call again"),
        ("This is the third time I've called about this.", "had to call again"),
        ("Support closed my ticket without fixing anything.", "closed without a fix"),
        ("Why was I charged a late fee when I paid on time?", "extra charges"),
        ("The app no longer works on my phone.", "stopped working"),
        (
            "I've been a customer for ten years and this is how you treat me?",
            "how you treat customers",
        ),
        ("The receptionist couldn't tell us why.", "no explanation"),
        ("Nobody answers the phone at the clinic.", "nobody called"),
        ("The engineer never turned up.", "no-show"),
        ("I couldn't find the cancel button anywhere.", "couldn't find it"),
        ("Breakfast ran out of everything by 9am.", "ran out"),
        ("I was transferred five times.", "transferred around"),
        ("The council took months to fix a pothole.", "took weeks"),
        ("The renewal price is a rip off.", "rip-off"),
        ("I'll be switching providers as soon as my contract ends.", "switching provider"),
        ("Customer service just read from a script.", "read from a script"),
        ("I expected much better from a premium brand.", "expected better"),
        ("Roaming charges were way higher than advertised.", "worse than promised"),
        ("It took 45 minutes to get through.", "long wait"),
        ("I had to wait on the phone for an hour.", "long wait"),
        ("I was promised a call back. That was a week ago.", "still waiting"),
        ("Why do I have to log in every single time?", "why do I have to"),
        ("Don't bother.", "don't bother"),
        ("Save your money.", "save your money"),
        ("Your chatbot is going round in circles.", "going round in circles"),
        ("Nothing works as it should.", "nothing works"),
        ("Why is there a service fee AND a delivery fee?", "why"),
        ("How am I meant to buy clothes?", "how am I meant to"),
        ("Car was meant to be ready at 4.", "broken promise"),
        ("The 7:42 has been late every single day this week.", "late"),
        ("Rang at 8am and was 34th in the queue.", "long wait"),
        ("Moved out in January and I'm still getting bills.", "still not fixed"),
        ("Tracker hasn't changed since week 2.", "still waiting"),
        ("Fourth email.", "had to call again"),
        ("Had to raise 4 tickets for the same bug.", "same problem again"),
        ("The school changed the pickup time with a day's notice.", "without notice"),
        ("The new overdraft fee feels like a slap in the face.", "slap in the face"),
        ("The app logged me out in the middle of a payment.", "logged me out"),
        ("Now the money is gone.", "money gone"),
        ("Bus driver drove straight past me at the stop.", "ignored me"),
        ("Room looked nothing like the photos.", "not as described"),
        ("Ordered a size M, got an XL in a different colour.", "wrong item"),
        ("My benefits payment hasn't arrived.", "never arrived"),
        ("The installer left a hole in the wall.", "left a mess"),
        ("Was promised 500mb fibre, getting 40 on a good day.", "at best"),
    ],
)
def test_everyday_complaints_without_a_sentiment_word(text: str, cue: str) -> None:
    """Complaints VADER reads as neutral or praise ("at best", "could be better")."""
    result = score(text)
    assert result.label == "negative"
    assert cue in dict(result.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "No hidden fees and no hassle.",
        "Nothing to complain about.",
        "Can't fault them.",
        "Exceeded my expectations.",
        "The app just works.",
        "The pharmacist took the time to explain my prescription.",
        "The onboarding email had everything I needed.",
        "Setup took less than ten minutes.",
        "The new search is so much faster.",
        "Delivered faster than expected.",
        "The staff made my mum feel at home.",
        "Everything works as it should.",
        "The agent stayed on the line until it was sorted.",
        "Ported my number over in under an hour, no drama.",
        "Exchanged the kettle, no questions asked.",
        "In and out in ten minutes.",
        "The new reporting dashboard saves me about an hour every Monday.",
        "Bit of a learning curve, but now I couldn't run the business without it.",
        "Breakfast was basic but the location more than made up for it.",
        "The announcements kept us informed.",
        "Lift at the station is finally working again.",
        "Dr Okafor explained my options without jargon.",
        "does what it says on the tin",
        "MOT done while I waited.",
    ],
)
def test_everyday_praise_without_a_praise_word(text: str) -> None:
    assert score(text).label == "positive"


def test_a_phrase_after_but_outweighs_praise_before_it() -> None:
    """Phrase cues take part in the contrast rule like single words do."""
    result = score("The nurse was kind, but we waited two hours.")
    assert result.label == "negative"
    reasons = dict(result.reasons)
    assert reasons["long wait"] < -1.6  # raised by half after "but"
    assert 0 < reasons["kind"] < 1.5  # halved before it


@pytest.mark.parametrize(
    "text", ["Great, another outage.", "Perfect, my order is late again.", "Oh great, it crashed."]
)
def test_a_praise_word_opening_a_complaint_is_sarcastic(text: str) -> None:
    result = score(text)
    assert result.label == "negative"
    assert all(value < 0 for _, value in result.reasons)


def test_thanks_for_a_repair_stays_sincere() -> None:
    assert score("Thanks for fixing the outage so fast.").label == "positive"
    assert score("Great, they resolved the outage in minutes.").label == "positive"
    assert score("Thanks for the outage.").label == "negative"


def test_support_and_honestly_are_not_praise_in_feedback() -> None:
    assert score("Support never got back to me.").label == "negative"
    assert score("Honestly expected more.").label == "negative"
    assert score("Wish the app had a dark mode.").label != "positive"


def test_no_more_and_no_longer_negate_what_follows() -> None:
    """ "no more crashes" is praise: "no" there negates the complaint and says nothing itself."""
    assert score("No more crashes since the update.").label == "positive"
    assert score("It no longer crashes, finally.").label == "positive"
    assert score("No more waiting on hold, the callback option is brilliant.").label == "positive"
    assert score("No more free shipping, what a shame.").label == "negative"
    assert dict(score("No more crashes since the update.").reasons).get("no") is None


def test_paying_on_time_is_not_praise_of_the_service() -> None:
    assert "on time" not in dict(score("I paid on time and still got a reminder.").reasons)
    assert "on time" in dict(score("The parcel arrived on time.").reasons)


@pytest.mark.parametrize(
    "text",
    [
        "Great app but it crashes every time I open the camera.",
        "The nurse was lovely but I waited three hours to be seen.",
        "Room was clean, but the wifi kept dropping.",
        # a turning sentence is a contrast too
        "Great food, lovely staff, nice view. Unfortunately we waited an hour for the bill.",
        "The nurse was kind and the doctor was thorough. Still, I waited four hours.",
    ],
)
def test_the_learned_layer_does_not_turn_over_a_verdict_reached_by_contrast(text: str) -> None:
    """The learned heads read words without their order; the praise before "but" must not
    outvote the complaint after it."""
    result = score(text)
    assert result.label == "negative", result
    assert result.emotion not in ("delighted", "satisfied")


def test_a_return_policy_is_no_quick_turnaround() -> None:
    policy = score("Returns accepted within 30 days of purchase.")
    assert "quick turnaround" not in dict(policy.reasons)
    assert "quick turnaround" in dict(score("They replied within an hour.").reasons)


@pytest.mark.parametrize(
    "text",
    [
        "Would be nice to have a dark mode.",
        "It would help to get appointment reminders by text.",
        "Would be great if you stocked more gluten-free bread.",
        "Keyboard shortcuts would be really useful.",
    ],
)
def test_a_suggestion_is_neither_praise_nor_complaint(text: str) -> None:
    result = score(text)
    assert result.label == "neutral", result
    assert all(value <= 0 for _, value in result.reasons)


def test_an_unmet_expectation_still_counts_against_where_a_request_would_not() -> None:
    assert score("It would have been nice to be told.").label == "negative"


@pytest.mark.parametrize(
    "text",
    ["Oh wonderful, rail replacement bus again.", "Great, another system maintenance on payday."],
)
def test_a_praise_opener_before_again_or_another_is_sarcastic(text: str) -> None:
    assert score(text).label == "negative"


def test_thanks_again_and_another_great_stay_stay_sincere() -> None:
    assert score("Great, thanks again!").label == "positive"
    assert score("Wonderful, another lovely stay with you.").label == "positive"


def test_a_negator_does_not_reach_a_phrase_past_a_comma() -> None:
    result = score("Nobody knows if my credits transfer or not, been passed between 3 departments.")
    assert dict(result.reasons)["transferred around"] < 0


def test_no_more_before_a_complaint_phrase_negates_it() -> None:
    result = score("No more long waits at the counter.")
    assert dict(result.reasons)["long wait"] > 0
    assert result.label == "positive"


def test_a_bus_number_is_no_praise() -> None:
    """VADER rates "number" 0.3, which alone made a plain statement read positive."""
    assert score("I take the number 12 bus to work.").label == "neutral"


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The app is sooo slowww.", "slow"),
        ("I loooove the new menu", "love"),
        ("Greeeat!", "great"),
    ],
)
def test_a_stretched_word_reads_as_the_word_it_stretches(text: str, cue: str) -> None:
    assert cue in dict(score(text).reasons)


def test_a_stretched_booster_still_boosts() -> None:
    plain = dict(score("The app is slow.").reasons)["slow"]
    assert dict(score("The app is sooo slow.").reasons)["slow"] < plain < 0


def test_a_negator_beyond_another_sentiment_word_stays_with_that_word() -> None:
    """VADER's window let the first "don't" negate the second "care" too, back to praise."""
    result = score("Don't care, don't care about the points.")
    assert all(value < 0 for cue, value in result.reasons if cue == "care")
    assert result.label == "negative"
    assert dict(score("Not good, not bad.").reasons)["bad"] > 0  # "not bad" once, not twice
    assert score("Not very helpful.").label == "negative"  # a booster is not a sentiment word


def test_no_no_no_is_one_refusal_said_three_times() -> None:
    result = score("NO NO NO, not another price rise")
    assert result.label == "negative"
    assert dict(result.reasons)["no"] < 0


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for the awful service.",
        "Thanks for being so rude on the phone.",
        "Thanks guys for ruining my weekend.",
        "Thank you again for the terrible advice.",
    ],
)
def test_thanks_for_a_complaint_is_sarcastic(text: str) -> None:
    result = score(text)
    assert result.label == "negative", result
    assert all(value < 0 for _, value in result.reasons)


def test_thanks_beside_other_praise_stays_sincere() -> None:
    assert score("Thanks for your help with my problem.").label == "positive"
    assert score("Thanks Sarah for sorting out my refund.").label == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "Waited two hours for a table. Brilliant.",
        "Delivery was late again. Thanks for that.",
        "The app crashed during payment. Just great!",
    ],
)
def test_praise_alone_answering_a_complaint_is_a_sarcastic_retort(text: str) -> None:
    result = score(text)
    assert result.label == "negative", result
    assert result.sentences[-1] < 0


def test_praise_after_a_complaint_that_was_put_right_is_sincere() -> None:
    assert score("They fixed the fault the same day. Great!").label == "positive"
    assert score("Delivery arrived early. Great!").sentences[-1] > 0
    assert score("The food was cold. Otherwise great.").sentences[-1] > 0


def test_less_of_a_thing_is_its_opposite() -> None:
    """VADER's "less" only dampens, so "less friendly" still read as praise."""
    assert score("Staff were less friendly than last year.").label == "negative"
    assert score("Fewer delays since the new timetable.").label == "positive"
    assert score("The update reduced the crashes a lot.").label == "positive"
