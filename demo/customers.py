"""Who answered: the demo's customers, each answering several touchpoints over the weeks.

The demo's answers are drawn touchpoint by touchpoint; this module then says which customer gave
each, so the map can follow customers across touchpoints. Each customer has a disposition (how
their experience with the shop tends to go); an answer goes to a customer whose disposition fits
its mood, and a recommendation at the Advocacy stage to a customer who has been through Retention
before — so a bad support call tends to be followed by a low NPS, as it is in real shops. Every
answer keeps the words and scores it was drawn with; only the customer id is added.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

CUSTOMER_FIELD = "customer_id"
ANSWERS_PER_CUSTOMER = 5  # on average
ANONYMOUS_SHARE = 0.15  # answers given without a customer id (a link shared on social media…)
# Where a mood's answer lands on the disposition scale (0 unhappy – 1 happy), and how loosely.
MOOD_CENTRE: dict[str, float] = {"bad": 0.3, "meh": 0.5, "good": 0.65}
SPREAD = 0.22
NEAREST = 6  # an answer goes to one of the customers nearest its point on the scale


@dataclass(frozen=True, slots=True)
class Drawn:
    """What assigning needs of one drawn answer."""

    created: datetime
    stage: str
    mood: str


class _Pool:
    """Customers sorted by disposition, to pick one near a point on the scale."""

    def __init__(self) -> None:
        self.entries: list[tuple[float, int]] = []

    def add(self, disposition: float, customer: int) -> None:
        bisect.insort(self.entries, (disposition, customer))

    def near(self, rng: random.Random, point: float) -> int:
        at = bisect.bisect_left(self.entries, (point, -1))
        low, high = max(0, at - NEAREST // 2), min(len(self.entries), at + NEAREST // 2)
        return rng.choice(self.entries[low:high] or self.entries)[1]


def assign_customers(
    drawn: Sequence[Drawn], *, seed: int, retention: str = "Retention", advocacy: str = "Advocacy"
) -> list[str | None]:
    """A customer id (``NW-0042``) for each drawn answer, or None for an anonymous one."""
    rng = random.Random(seed)
    count = max(1, len(drawn) // ANSWERS_PER_CUSTOMER)
    everyone, retained = _Pool(), _Pool()
    disposition = [rng.random() for _ in range(count)]
    for customer, d in enumerate(disposition):
        everyone.add(d, customer)
    seen_retention: set[int] = set()
    ids: list[str | None] = [None] * len(drawn)
    for index in sorted(range(len(drawn)), key=lambda i: drawn[i].created):
        answer = drawn[index]
        if rng.random() < ANONYMOUS_SHARE:
            continue
        point = min(1.0, max(0.0, rng.gauss(MOOD_CENTRE[answer.mood], SPREAD)))
        pool = retained if answer.stage == advocacy and retained.entries else everyone
        customer = pool.near(rng, point)
        if answer.stage == retention and customer not in seen_retention:
            seen_retention.add(customer)
            retained.add(disposition[customer], customer)
        ids[index] = f"NW-{customer + 1:04d}"
    return ids
