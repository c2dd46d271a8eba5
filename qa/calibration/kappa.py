"""AutoQA against people: Cohen's kappa and the confusion matrix behind it.

Each item is one criterion on one interaction where AutoQA suggested an answer and a reviewer gave
one. The observed agreement is the share of items where the two match. The expected agreement is how
often they would match by chance if each kept its own habits: for every answer, the share of items
AutoQA gave it times the share the reviewers gave it, summed over the answers. Kappa is
(observed − expected) ÷ (1 − expected): 1 when they always match, 0 when they match no more than
chance, negative when they match less. A tagger that says "yes" to everything on a criterion the agents
nearly always pass has high observed agreement and a kappa near 0; that is what kappa is for.

Kappa is symmetric in the two raters; the confusion matrix is not (rows are AutoQA, columns people).
With fewer than `minimum_items` items (default 10) there is no kappa, only a reason. When AutoQA and the
reviewers both gave one and the same answer to every item, expected agreement is 1, kappa is 0 ÷ 0,
and the reason says so.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

__all__ = ["DEFAULT_MINIMUM_ITEMS", "Kappa", "kappa"]

DEFAULT_MINIMUM_ITEMS = 10


@dataclass(frozen=True)
class Kappa:
    n: int
    categories: tuple[str, ...]
    confusion: dict[tuple[str, str], int]   # (AutoQA's answer, the reviewer's answer) → items, zeros included
    observed: float | None                  # share of items where they match, 0–1
    expected: float | None                  # share expected to match by chance, 0–1
    kappa: float | None
    reason: str | None = None


def kappa(pairs: Iterable[tuple[str, str]], categories: Sequence[str], *,
          minimum_items: int = DEFAULT_MINIMUM_ITEMS) -> Kappa:
    """Cohen's kappa over (AutoQA's answer, the reviewer's answer) pairs, each one of `categories`."""
    categories = tuple(dict.fromkeys(categories))
    pairs = [tuple(pair) for pair in pairs]   # pairs read back from JSON arrive as lists, which cannot be counted
    for autoqa, human in pairs:
        if autoqa not in categories or human not in categories:
            raise ValueError(f"({autoqa!r}, {human!r}) is not a pair of {', '.join(categories)}")
    tally = Counter(pairs)
    confusion = {(autoqa, human): tally[autoqa, human] for autoqa in categories for human in categories}
    n = len(pairs)
    if n < max(1, minimum_items):
        counted = "item has" if n == 1 else "items have"
        return Kappa(n, categories, confusion, None, None, None,
                     reason=f"Only {n} {counted} both an AutoQA answer and a reviewer's; kappa needs at least "
                            f"{minimum_items} before it means anything.")
    # Exact fractions, so that expected agreement of exactly 1 is recognised as such.
    observed = Fraction(sum(tally[category, category] for category in categories), n)
    by_autoqa = Counter(autoqa for autoqa, _ in pairs)
    by_human = Counter(human for _, human in pairs)
    expected = sum((Fraction(by_autoqa[category] * by_human[category], n * n) for category in categories),
                   Fraction(0))
    if expected == 1:
        (only,) = by_autoqa
        return Kappa(n, categories, confusion, float(observed), 1.0, None,
                     reason=f'AutoQA and the reviewers answered "{only}" on all {n} items; kappa is undefined '
                            f"(there is nothing to agree on beyond chance), agreement is 100%.")
    return Kappa(n, categories, confusion, float(observed), float(expected),
                 float((observed - expected) / (1 - expected)))
