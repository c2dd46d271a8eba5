"""Each reviewer's deviation from the gold answers of a calibration interaction, in points of the total.

Points come from the scorecard engine, so they mean what the score means. For the evaluation as a
whole it is the reviewer's total minus gold's total. For one criterion it is how far gold's total would
move if gold had given the reviewer's answer to that criterion and kept all its other answers: that is
the criterion's own effect, with N/A's renormalisation and critical criteria included (a missed
form-critical "no" is worth the whole score). Per-criterion points need not add up to the total's
difference, because N/A and critical criteria interact.

The sign says the direction: + the reviewer was more lenient than gold, − stricter, 0 even (the
answers differ but the score does not, e.g. under a failed form-critical criterion).
"""
from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from scorecards.definition import Definition
from scorecards.engine import score

__all__ = ["CriterionDeviation", "GoldDeviation", "deviation_from_gold"]

# Totals are floats computed from exact fractions; a difference below this is rounding, not leniency.
EVEN_WITHIN = 1e-9


@dataclass(frozen=True)
class CriterionDeviation:
    criterion: str
    answer: str | None        # the reviewer's; None when they left it unanswered
    gold: str
    points: float | None      # + = more lenient than gold; None when either version has no total
    direction: str | None     # "lenient", "strict", "even"


@dataclass(frozen=True)
class GoldDeviation:
    rater: Hashable
    n_criteria: int                           # criteria with a gold answer, all compared
    differing: tuple[CriterionDeviation, ...]
    points: float | None                      # reviewer's total − gold's total
    direction: str | None

    @property
    def n_matching(self) -> int:
        return self.n_criteria - len(self.differing)


def deviation_from_gold(definition: Definition, answers_by_rater: Mapping[Hashable, Mapping[str, str | None]],
                        gold: Mapping[str, str | None], channel: str | None = None) -> dict[Hashable, GoldDeviation]:
    """rater → how their answers differ from gold's; criteria without a gold answer are not compared."""
    gold = {key: value for key, value in gold.items() if value}
    gold_total = score(definition, gold, channel).total
    deviations = {}
    for rater, answers in answers_by_rater.items():
        differing = []
        for key, gold_value in gold.items():
            answer = answers.get(key) or None
            if answer != gold_value:
                swapped = score(definition, {**gold, key: answer}, channel).total
                points = _difference(swapped, gold_total)
                differing.append(CriterionDeviation(key, answer, gold_value, points, _direction(points)))
        points = _difference(score(definition, dict(answers), channel).total, gold_total)
        deviations[rater] = GoldDeviation(rater, len(gold), tuple(differing), points, _direction(points))
    return deviations


def _difference(total: float | None, gold_total: float | None) -> float | None:
    if total is None or gold_total is None:
        return None
    difference = total - gold_total
    return 0.0 if abs(difference) < EVEN_WITHIN else difference


def _direction(points: float | None) -> str | None:
    if points is None:
        return None
    return "even" if points == 0 else "lenient" if points > 0 else "strict"
