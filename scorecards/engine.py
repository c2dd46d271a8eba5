"""How an evaluation is scored: one pure function from a scorecard version's definition and the
reviewer's answers to a score breakdown.

The method, as a QA lead would check it by hand:

1. **Each answer is a fraction of its criterion.** Yes = 1, No = 0. A scale answer counts as far up the
   scale as it sits: on 1–5, 1 is 0, 3 is 0.5 and 5 is 1. A points answer is its option's points over the
   best option's points (2 of 4 points is 0.5). N/A removes the criterion from the score altogether, and
   so does a criterion that does not apply to the interaction's channel (an e-mail-only criterion on a
   call). A question left unanswered is left out the same way, but the evaluation is then *incomplete*
   (it lists what is missing) and cannot be submitted.
2. **A section's score** is the weighted average of its criteria's fractions, as a percentage:
   Σ weight × fraction ÷ Σ weight, over the criteria that were answered and are not N/A. So N/A never
   costs the agent anything: the other criteria's weights share the section between them. A section
   whose criteria are all N/A is N/A itself.
3. **The total** is the weighted average of the sections' percentages, over the sections that are not
   N/A and not bonus: Σ section weight × section % ÷ Σ section weight. An N/A section drops out and the
   other sections share its weight. When every section is N/A there is no total.
4. **A bonus section** does not share the 100: it adds section weight × section % ÷ 100 points on top
   (a bonus section of weight 5 scored 60 % adds 3 points). The total then stops at 100, unless the
   scorecard allows going over 100.
5. **Critical criteria** fail on their lowest answer (No, the bottom of the scale, a 0-point option).
   A critical criterion of scope "section" sets its section to 0 %, whatever its other answers; the
   section still counts with its weight. A critical criterion of scope "form" fails the whole
   evaluation: the total is 0, no bonus is added, and the reason names the criterion. Bonus criteria are
   never critical.
6. **Pass or fail**: with a pass mark, an evaluation passes when it has a total, was not failed by a
   critical criterion, and the total is at least the pass mark. Without a pass mark there is no pass or
   fail.

Each criterion's `earned` and `possible` are in points of the total (its share of the 100), so the earned
points of all criteria add up to the total whenever no critical criterion failed and there is no bonus.
The arithmetic is exact (fractions); the breakdown gives floats.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

from qa.errors import Refused
from scorecards.definition import NA, Criterion, Definition, Section

HUNDRED = Fraction(100)


class InvalidAnswer(Refused):
    """An answer the definition does not accept: an unknown criterion or a value not allowed for it."""

    def __init__(self, criterion_key: str, value: Any, allowed: list[str], message: str):
        super().__init__(message)
        self.criterion_key = criterion_key
        self.value = value
        self.allowed = allowed


@dataclass(frozen=True)
class SectionScore:
    key: str
    name: str
    percent: float | None          # None when every criterion is N/A (or unanswered)
    weight: int | float
    bonus: bool
    failed_by: str | None = None   # the section-critical criterion that set it to 0 %


@dataclass(frozen=True)
class CriterionScore:
    earned: float
    possible: float
    fraction: float | None         # None when N/A or unanswered
    na: bool


@dataclass(frozen=True)
class ScoreBreakdown:
    total: float | None
    auto_fail_reason: str | None
    passed: bool | None
    complete: bool
    missing: list[str]
    bonus_points: float
    sections: list[SectionScore]
    criteria: dict[str, CriterionScore] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def fraction_of(criterion: Criterion, value: str) -> Fraction | None:
    """How much of the criterion this (allowed) answer earns, from 0 to 1; None for N/A."""
    if value == NA:
        return None
    if criterion.answer_type in ("yes_no", "yes_no_na"):
        return Fraction(1) if value == "yes" else Fraction(0)
    if criterion.answer_type == "scale":
        scale = criterion.scale
        assert scale is not None
        return Fraction(int(value) - scale.min, scale.max - scale.min)
    points = {option.key: Fraction(option.points) for option in criterion.options}
    return points[value] / max(points.values())


def check_answers(definition: Definition, answers: dict[str, str | None], channel: str | None = None) -> None:
    """InvalidAnswer for the first answer that names no criterion or is not allowed for its criterion."""
    known = {criterion.key: criterion for _, criterion in definition.criteria()}
    for key, value in answers.items():
        if key not in known:
            raise InvalidAnswer(key, value, [], f'"{key}" is not a criterion of this scorecard.')
        if value is None or value == "":
            continue
        allowed = [choice for choice, _ in definition.allowed_values(known[key])]
        if not definition.applies_to(known[key], channel) and NA not in allowed:
            allowed = [NA, *allowed]   # whatever was stored, it does not count on this channel
        if value not in allowed:
            raise InvalidAnswer(key, value, allowed, f'"{value}" is not an answer to "{known[key].question}" '
                                                     f'({key}); the answers are {", ".join(allowed)}.')


def score(definition: Definition, answers: dict[str, str | None], channel: str | None = None) -> ScoreBreakdown:
    """The breakdown for these answers (criterion key → value; None or "" is unanswered)."""
    check_answers(definition, answers, channel)
    fractions: dict[str, Fraction | None] = {}
    missing: list[str] = []
    for _, criterion in definition.criteria():
        value = answers.get(criterion.key)
        if not definition.applies_to(criterion, channel):
            fractions[criterion.key] = None
        elif value is None or value == "":
            fractions[criterion.key] = None
            missing.append(criterion.key)
        else:
            fractions[criterion.key] = fraction_of(criterion, value)

    form_failures = [criterion for _, criterion in definition.criteria()
                     if criterion.critical == "form" and fractions[criterion.key] == 0]
    percents = {section.key: _section_percent(section, fractions) for section in definition.sections}
    scored = [section for section in definition.sections
              if not section.bonus and percents[section.key][0] is not None]
    weight_scored = sum((Fraction(section.weight) for section in scored), Fraction(0))

    bonus = sum((Fraction(section.weight) * percents[section.key][0] / HUNDRED for section in definition.sections
                 if section.bonus and percents[section.key][0] is not None), Fraction(0))
    total: Fraction | None = None
    if scored:
        base = sum((Fraction(section.weight) * percents[section.key][0] for section in scored), Fraction(0))
        total = base / weight_scored + bonus
        if not definition.allow_over_100:
            total = min(total, HUNDRED)
    if form_failures:
        total, bonus = Fraction(0), Fraction(0)

    criteria_scores = {}
    for section, criterion in definition.criteria():
        possible = _possible(section, criterion, fractions, weight_scored)
        earned_fraction = fractions[criterion.key] or Fraction(0)
        if form_failures or percents[section.key][1]:
            earned_fraction = Fraction(0)
        criteria_scores[criterion.key] = CriterionScore(
            earned=float(possible * earned_fraction), possible=float(possible),
            fraction=None if fractions[criterion.key] is None else float(fractions[criterion.key]),
            na=fractions[criterion.key] is None and criterion.key not in missing)

    reason = None
    if form_failures:
        reason = "; ".join(f'Critical criterion "{criterion.question}" ({criterion.key}) was failed.'
                           for criterion in form_failures)
    passed = None
    if definition.pass_mark is not None:
        passed = total is not None and not form_failures and total >= Fraction(definition.pass_mark)
    return ScoreBreakdown(
        total=None if total is None else float(total), auto_fail_reason=reason, passed=passed,
        complete=not missing, missing=missing, bonus_points=float(bonus),
        sections=[SectionScore(key=section.key, name=section.name,
                               percent=None if percents[section.key][0] is None else float(percents[section.key][0]),
                               weight=section.weight, bonus=section.bonus, failed_by=percents[section.key][1])
                  for section in definition.sections],
        criteria=criteria_scores)


def _section_percent(section: Section, fractions: dict[str, Fraction | None]) -> tuple[Fraction | None, str | None]:
    """(section %, the section-critical criterion that failed it) — (None, None) when all N/A."""
    answered = [criterion for criterion in section.criteria if fractions[criterion.key] is not None]
    if not answered:
        return None, None
    for criterion in answered:
        if criterion.critical == "section" and fractions[criterion.key] == 0:
            return Fraction(0), criterion.key
    weight = sum((Fraction(criterion.weight) for criterion in answered), Fraction(0))
    earned = sum((Fraction(criterion.weight) * fractions[criterion.key] for criterion in answered), Fraction(0))
    return earned / weight * HUNDRED, None


def _possible(section: Section, criterion: Criterion, fractions: dict[str, Fraction | None],
              weight_scored: Fraction) -> Fraction:
    """The criterion's share of the total, in points: what it earns when answered in full."""
    if fractions[criterion.key] is None:
        return Fraction(0)
    answered = sum((Fraction(c.weight) for c in section.criteria if fractions[c.key] is not None), Fraction(0))
    share = Fraction(criterion.weight) / answered
    if section.bonus:
        return Fraction(section.weight) * share
    return Fraction(section.weight) / weight_scored * share * HUNDRED
