"""Agreement statistics over any set of calibration answers: one session's, or every session of a scorecard
version over a period (qa.calibration.pooled). Per criterion and overall, from qa.calibration.agreement.

The input is plain data, so a page, a job and a test build it the same way:

    units  = {item_id: {criterion_key: {scorer: "yes", ...}, ...}, ...}   # a unit is one calibration item
    totals = {item_id: {reviewer_id: 85.0, ...}, ...}                   # the people's total scores

A criterion that does not apply to an interaction's channel is stored as "na" by every reviewer; Ratings
counts N/A but leaves it out of alpha, so nothing here needs to know about channels.

The results are frozen dataclasses; `statistics_payload` and `statistics_from_payload` turn them into JSON
and back (the cache in qa.calibration.statistics_cache stores them), exactly: floats survive JSON.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from flask import current_app

from qa.calibration.agreement import Agreement, OverallAgreement, agreement, flagged, overall_agreement, uncertain
from qa.calibration.deviation import GoldDeviation
from qa.calibration.ratings import Ratings
from scorecards.definition import Criterion, Definition

Units = Mapping[Hashable, Mapping[str, Mapping[Hashable, str | None]]]
Totals = Mapping[Hashable, Mapping[Hashable, float | None]]


@dataclass(frozen=True)
class CriterionStatistics:
    criterion: Criterion
    result: Agreement
    flagged: bool
    uncertain: bool


@dataclass(frozen=True)
class SessionStatistics:
    criteria: list[CriterionStatistics]
    overall: OverallAgreement
    bar: float

    @property
    def flagged(self) -> list[CriterionStatistics]:
        return [row for row in self.criteria if row.flagged]


def statistics_settings() -> tuple[float, int]:
    """(the alpha bar, the bootstrap's resamples) as configured."""
    return current_app.config["CALIBRATION_ALPHA_BAR"], current_app.config["CALIBRATION_BOOTSTRAP"]


def agreement_statistics(definition: Definition, units: Units, totals: Totals, seed: int, *,
                         bar: float | None = None, bootstrap: int | None = None) -> SessionStatistics:
    """Per criterion of the definition and overall, over the units in their order (the bootstrap draws by
    position, so the same units in the same order and the same seed give the same interval)."""
    configured_bar, configured_bootstrap = statistics_settings()
    bar = configured_bar if bar is None else bar
    bootstrap = configured_bootstrap if bootstrap is None else bootstrap
    rows, ratings_list = [], []
    for _, criterion in definition.criteria():
        ratings = Ratings.for_criterion(criterion, {
            unit: {scorer: value for scorer, value in by_criterion.get(criterion.key, {}).items() if value is not None}
            for unit, by_criterion in units.items()})
        ratings_list.append(ratings)
        result = agreement(ratings, bootstrap=bootstrap, seed=seed)
        rows.append(CriterionStatistics(criterion, result, flagged(result, bar), uncertain(result, bar)))
    overall = overall_agreement(ratings_list, {unit: dict(by_rater) for unit, by_rater in totals.items()},
                                bootstrap=bootstrap, seed=seed)
    return SessionStatistics(rows, overall, bar)


def statistics_payload(statistics: SessionStatistics) -> dict[str, Any]:
    """JSON-ready: criteria by key (the definition rebuilds them), the results as their fields."""
    return {"bar": statistics.bar, "overall": asdict(statistics.overall),
            "criteria": [{"criterion": row.criterion.key, "result": asdict(row.result), "flagged": row.flagged,
                          "uncertain": row.uncertain} for row in statistics.criteria]}


def statistics_from_payload(payload: Mapping[str, Any], definition: Definition) -> SessionStatistics:
    """The statistics `statistics_payload` stored; KeyError when the payload does not fit the definition."""
    overall = dict(payload["overall"])
    overall["totals"] = Agreement(**overall["totals"])
    criteria = {criterion.key: criterion for _, criterion in definition.criteria()}
    rows = [CriterionStatistics(criteria[row["criterion"]], Agreement(**row["result"]), row["flagged"],
                                row["uncertain"]) for row in payload["criteria"]]
    if [row.criterion.key for row in rows] != [criterion.key for _, criterion in definition.criteria()]:
        raise KeyError("the stored statistics are of other criteria")
    return SessionStatistics(rows, OverallAgreement(**overall), payload["bar"])


MeanDeviation = tuple[float, str, int]   # (mean points from gold, "lenient"/"strict"/"even", interactions)


def mean_points_from_gold(per_item: Iterable[Mapping[Hashable, GoldDeviation]]) -> dict[Hashable, MeanDeviation]:
    """reviewer → their mean deviation from gold's total over the interactions with gold (and a total)."""
    points: dict[Hashable, list[float]] = {}
    for deviations in per_item:
        for reviewer, deviation in deviations.items():
            if deviation.points is not None:
                points.setdefault(reviewer, []).append(deviation.points)
    result = {}
    for reviewer, values in points.items():
        mean = sum(values) / len(values)
        result[reviewer] = (mean, "even" if abs(mean) < 1e-9 else "lenient" if mean > 0 else "strict", len(values))
    return result
