"""The answers several reviewers gave to one criterion, laid out for agreement statistics.

A `Ratings` is a table: one row per unit (an interaction), one column per rater (a reviewer), each cell
the answer string the scorecard stores ("yes", "no", "na", "1".."5", an option key) or None when that
reviewer did not answer it. It also carries the criterion's answer type, which decides the level of
measurement, and its value domain in order, which the ordinal level needs.

N/A is kept in the table and counted, but it is not a rating: it says the criterion did not apply to
the interaction, not how well the agent did. Reading it as a third category would make "yes" vs "N/A"
a disagreement about quality, so agreement statistics treat it as a missing value.
"""
from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np

from scorecards.definition import ANSWER_TYPES, NA, Criterion

__all__ = ["LEVELS", "Ratings", "value_domain"]

# Yes/no answers have no order worth measuring beyond "same or not"; scale points and point options do.
LEVELS = {"yes_no": "nominal", "yes_no_na": "nominal", "scale": "ordinal", "points": "ordinal"}


def value_domain(criterion: Criterion) -> tuple[str, ...]:
    """The answers that count as ratings, from lowest to highest (N/A is never one of them)."""
    if criterion.answer_type in ("yes_no", "yes_no_na"):
        return ("no", "yes")
    if criterion.answer_type == "scale":
        assert criterion.scale is not None
        return tuple(str(point) for point in range(criterion.scale.min, criterion.scale.max + 1))
    # sorted() is stable, so options worth the same points keep the order the scorecard lists them in.
    return tuple(option.key for option in sorted(criterion.options, key=lambda option: option.points))


@dataclass(frozen=True)
class Ratings:
    answer_type: str
    domain: tuple[str, ...]                      # the rating values, lowest first
    units: tuple[Hashable, ...]
    raters: tuple[Hashable, ...]
    cells: tuple[tuple[str | None, ...], ...]    # cells[unit][rater]; None = not answered

    def __post_init__(self) -> None:
        if self.answer_type not in ANSWER_TYPES:
            raise ValueError(f"answer type {self.answer_type!r} is not one of {', '.join(ANSWER_TYPES)}")
        if len(set(self.domain)) != len(self.domain) or NA in self.domain:
            raise ValueError(f"the value domain {self.domain!r} must list distinct answers and leave out N/A")
        if len(self.cells) != len(self.units) or any(len(row) != len(self.raters) for row in self.cells):
            raise ValueError("cells must have one row per unit and one column per rater")
        allowed = {*self.domain, NA, None}
        for unit, row in zip(self.units, self.cells):
            for rater, value in zip(self.raters, row):
                if value not in allowed:
                    raise ValueError(f"{rater!r} answered {value!r} on {unit!r}; the answers are "
                                     f"{', '.join(self.domain)} or {NA}")

    @classmethod
    def from_answers(cls, answer_type: str, domain: tuple[str, ...],
                     answers: Mapping[Hashable, Mapping[Hashable, str | None]]) -> Ratings:
        """From unit → {rater: answer}; a rater missing from a unit, None or "" is not answered."""
        units = tuple(answers)
        raters = tuple(dict.fromkeys(rater for by_rater in answers.values() for rater in by_rater))
        cells = tuple(tuple(answers[unit].get(rater) or None for rater in raters) for unit in units)
        return cls(answer_type=answer_type, domain=tuple(domain), units=units, raters=raters, cells=cells)

    @classmethod
    def for_criterion(cls, criterion: Criterion,
                      answers: Mapping[Hashable, Mapping[Hashable, str | None]]) -> Ratings:
        return cls.from_answers(criterion.answer_type, value_domain(criterion), answers)

    @property
    def level(self) -> str:
        return LEVELS[self.answer_type]

    @property
    def n_na(self) -> int:
        return sum(value == NA for row in self.cells for value in row)

    def value_counts(self) -> np.ndarray:
        """units × domain: how many raters gave each value to each unit (N/A and blanks not counted)."""
        index = {value: position for position, value in enumerate(self.domain)}
        counts = np.zeros((len(self.units), len(self.domain)), dtype=np.int64)
        for row_number, row in enumerate(self.cells):
            for value in row:
                if value in index:
                    counts[row_number, index[value]] += 1
        return counts
