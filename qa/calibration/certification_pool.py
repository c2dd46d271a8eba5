"""A certification rule's gold interactions are a pool; each attempt draws some of them.

Why: the result page of an attempt shows gold's answers where the reviewer diverged (that is how they learn),
so a retake of the very same interactions would test their memory of that page, not their judgement. The
draw therefore prefers what this reviewer has seen least in their earlier attempts on the scorecard: never
seen first, then seen fewer times, then seen longest ago; at random among equals, from a recorded seed so an
attempt's draw can be reproduced and explained.

"Seen" means drawn into an earlier attempt, whatever became of it (passed, failed or stopped): the reviewer
read and scored those interactions even when no feedback followed.

Nothing here touches the database: the caller passes the reviewer's earlier attempts.
"""
from __future__ import annotations

import random
import secrets
from dataclasses import dataclass

from qa.calibration.models import Certification, CertificationRule


def new_seed() -> int:
    return secrets.randbits(32)  # small enough for any JSON reader of the result


def draw_size(rule: CertificationRule) -> int:
    """How many interactions an attempt has: items_per_attempt, or the whole pool when it is blank."""
    pool = len(rule.gold_item_ids or [])
    return pool if rule.items_per_attempt is None else min(rule.items_per_attempt, pool)


def drawn_gold_ids(certification: Certification) -> list[int]:
    """The gold item ids an attempt was made of (result["items"] maps its own item id to gold's)."""
    return [int(gold) for gold in ((certification.result or {}).get("items") or {}).values()]


def seen_counts(pool: list[int], earlier: list[Certification]) -> dict[int, tuple[int, int]]:
    """Per pool item: (how many earlier attempts drew it, the id of the latest that did, 0 for none)."""
    seen = {item_id: (0, 0) for item_id in pool}
    for attempt in sorted(earlier, key=lambda c: c.id):
        for gold_id in drawn_gold_ids(attempt):
            if gold_id in seen:
                seen[gold_id] = (seen[gold_id][0] + 1, attempt.id)
    return seen


def draw_gold(pool: list[int], size: int, earlier: list[Certification], seed: int) -> list[int]:
    """`size` ids of the pool, least seen first (fewest attempts, then longest ago, then at random), returned
    in the pool's order so the attempt lists them as the QA lead chose them."""
    seen = seen_counts(pool, earlier)
    shuffled = list(pool)
    random.Random(seed).shuffle(shuffled)
    chosen = set(sorted(shuffled, key=lambda item_id: seen[item_id])[:size])  # a stable sort keeps the shuffle
    return [item_id for item_id in pool if item_id in chosen]


@dataclass(frozen=True)
class RetakeOutlook:
    """What a retake would hold, for the page that offers it."""
    pool: int
    draw: int
    unseen: int

    @property
    def repeats(self) -> bool:
        return self.unseen < self.draw

    @property
    def message(self) -> str:
        if self.unseen == 0:
            oldest = ", those you saw longest ago" if self.draw < self.pool else ""
            return (f"You have seen all {self.pool} gold interactions: a retake repeats interactions already "
                    f"shown in earlier attempts{oldest}.")
        new = f"{self.unseen} of the {self.pool} gold interactions {'is' if self.unseen == 1 else 'are'} new to you"
        if not self.repeats:
            return f"{new}; a retake draws {self.draw} of them."
        return (f"{new}; a retake draws them and {self.draw - self.unseen} you have seen, so it repeats "
                f"interactions already shown in earlier attempts.")


def retake_outlook(rule: CertificationRule | None, attempts: list[Certification]) -> RetakeOutlook | None:
    """None before a first attempt (nothing is repeated then) or without gold."""
    pool = list(rule.gold_item_ids or []) if rule else []
    if not pool or not attempts:
        return None
    unseen = sum(1 for count, _ in seen_counts(pool, attempts).values() if count == 0)
    return RetakeOutlook(len(pool), draw_size(rule), unseen)
