"""How the effect of coaching is measured: the method the effect pages show, as pure functions.

**What is measured.** The targeted criteria are those whose competency the coaching was about (a plan's focus
competencies; a module's competencies). Each live evaluation gets one score on them: the weight-averaged
share its answers earned on the targeted criteria, × 100 (`evaluation_scores`, from
`training.scores.answer_rows`). Evaluations that answer none of them do not count.

**The windows.** The pivot is when coaching happened: a plan's `assigned_at`, a module's `completed_at`.
With W = COACHING_EFFECT_DAYS the *before* window is [pivot − W, pivot) and the *after* window
(pivot, pivot + W]: the same length on either side, an evaluation exactly at the pivot in neither. While
pivot + W is still to come the after window is *in progress*: its numbers so far are shown, marked as
partial, with the days to go.

**One agent.** The difference is mean(after) − mean(before) with a 95 % Welch interval, which does not
assume the two windows vary alike:

    se = √(s₁²/n₁ + s₂²/n₂)
    df = se⁴ / ((s₁²/n₁)²/(n₁ − 1) + (s₂²/n₂)²/(n₂ − 1))          (Welch–Satterthwaite)
    difference ± t(0.975, df) · se

With fewer than 3 evaluations in a window, or scores that do not vary at all within either window, there is
a reason instead of a number: too little to tell a change from luck.

**Across agents** (a module's effect). Each coached agent's difference counts once (their first completion
of the module), and only once their after window is over; the estimate is the mean of those differences with
a t interval over agents (df = agents − 1), again needing at least 3 agents.

**The comparison group.** Agents are picked for coaching because their scores were low, and a low stretch of
scores tends to be followed by a better one whatever happens (regression to the mean; also new products,
seasons, a scorecard's change). So the coached agents' improvement alone overstates what coaching did. For
each coached agent, every agent who was *not* coached on those competencies in the same before and after
windows (no assigned plan on them, no module on them done, over that time) gives their own change over the
very same calendar windows; their mean is what would have happened anyway. The *difference in differences*
is mean(coached agents' changes) − mean(their comparison changes). Its standard error combines the coached
agents' spread, s/√n, with the comparison means' standard errors, averaged over the coached agents (which
assumes comparison means of different windows move together, so it is never too narrow); df by
Welch–Satterthwaite, the comparison side's from its smallest group. When every coached agent shares one
window this is exactly Welch's interval between the coached agents' changes and the comparison agents'.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import fmean, stdev

from training.effect.tdist import t_quantile

MINIMUM = 3          # evaluations in each window; coached agents; comparison agents per window
CONFIDENCE = 0.95
DAY = timedelta(days=1)


@dataclass(frozen=True)
class EvaluationCompetencies:
    """One evaluation's answers per competency: (Σ weight × share, Σ weight)."""
    evaluation_id: int
    agent_id: int
    submitted_at: datetime
    weighted: Mapping[str, tuple[float, float]]


@dataclass(frozen=True)
class EvaluationScore:
    evaluation_id: int
    agent_id: int
    submitted_at: datetime
    score: float         # 0–100 on the targeted criteria


def by_evaluation(rows: Iterable) -> list[EvaluationCompetencies]:
    """Answer rows (training.scores.AnswerRow) summed per evaluation and competency, oldest first."""
    sums: dict[int, dict[str, list[float]]] = {}
    heads: dict[int, tuple[int, datetime]] = {}
    for row in rows:  # a hundred thousand rows on a page: no object made per row that is not needed
        weighted = sums.get(row.evaluation_id)
        if weighted is None:
            weighted = sums[row.evaluation_id] = {}
            heads[row.evaluation_id] = (row.agent_id, row.submitted_at)
        pair = weighted.get(row.competency)
        if pair is None:
            weighted[row.competency] = [row.weight * row.share, row.weight]
        else:
            pair[0] += row.weight * row.share
            pair[1] += row.weight
    made = [EvaluationCompetencies(evaluation_id, *heads[evaluation_id],
                                   {key: (pair[0], pair[1]) for key, pair in weighted.items()})
            for evaluation_id, weighted in sums.items()]
    return sorted(made, key=lambda e: (e.submitted_at, e.evaluation_id))


def targeted_scores(evaluations: Iterable[EvaluationCompetencies], competencies: Iterable[str]
                    ) -> list[EvaluationScore]:
    """Each evaluation's weight-averaged score (0–100) on these competencies' criteria; none if it has none."""
    targeted = set(competencies)
    scores = []
    for evaluation in evaluations:
        earned = possible = 0.0
        for key in targeted & evaluation.weighted.keys():
            part, weight = evaluation.weighted[key]
            earned, possible = earned + part, possible + weight
        if possible > 0:
            scores.append(EvaluationScore(evaluation.evaluation_id, evaluation.agent_id, evaluation.submitted_at,
                                          100.0 * earned / possible))
    return scores


def evaluation_scores(rows: Iterable, competencies: Iterable[str]) -> list[EvaluationScore]:
    return targeted_scores(by_evaluation(rows), competencies)


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    scores: tuple[float, ...]

    @property
    def n(self) -> int:
        return len(self.scores)

    @property
    def mean(self) -> float | None:
        return fmean(self.scores) if self.scores else None

    @property
    def sd(self) -> float | None:
        return stdev(self.scores) if len(self.scores) > 1 else None


@dataclass(frozen=True)
class Interval:
    """An estimate with its 95 % interval, or a reason and no number. `n`: evaluations or agents behind it."""
    estimate: float | None
    low: float | None = None
    high: float | None = None
    n: int = 0
    df: float | None = None
    se: float | None = None
    reason: str | None = None


def no_number(reason: str, n: int = 0) -> Interval:
    return Interval(None, n=n, reason=reason)


def interval(estimate: float, se: float, df: float, n: int) -> Interval:
    half = t_quantile(1 - (1 - CONFIDENCE) / 2, df) * se
    return Interval(estimate, estimate - half, estimate + half, n=n, df=df, se=se)


def welch_difference(before: Sequence[float], after: Sequence[float]) -> Interval:
    """mean(after) − mean(before) with its Welch interval; a reason when either side is too small or flat."""
    n1, n2 = len(before), len(after)
    if n1 < MINIMUM or n2 < MINIMUM:
        return no_number(f"Too few evaluations to measure: {n1} before and {n2} after; at least {MINIMUM} are "
                         "needed in each window.", n1 + n2)
    v1, v2 = stdev(before) ** 2 / n1, stdev(after) ** 2 / n2
    if v1 + v2 == 0:
        return no_number("Every evaluation scored the same within each window, so there is no spread to judge "
                         "the change against.", n1 + n2)
    df = (v1 + v2) ** 2 / (v1 ** 2 / (n1 - 1) + v2 ** 2 / (n2 - 1))
    return interval(fmean(after) - fmean(before), math.sqrt(v1 + v2), df, n1 + n2)


def mean_interval(values: Sequence[float], what: str = "agents") -> Interval:
    """The mean with a t interval (df = n − 1)."""
    n = len(values)
    if n < MINIMUM:
        return no_number(f"Too few {what} to measure: {n}; at least {MINIMUM} are needed.", n)
    spread = stdev(values)
    if spread == 0:
        return no_number(f"Every one of the {n} {what} changed by the same amount, so there is no spread to "
                         "judge it against.", n)
    return interval(fmean(values), spread / math.sqrt(n), n - 1, n)


@dataclass(frozen=True)
class AgentEffect:
    agent_id: int
    pivot: datetime
    window_days: int
    before: Window
    after: Window           # while in progress: up to now
    difference: Interval    # partial while in progress
    days_to_go: int         # 0 once the after window is over

    @property
    def after_ends(self) -> datetime:
        return self.pivot + self.window_days * DAY

    @property
    def in_progress(self) -> bool:
        return self.days_to_go > 0

    @property
    def measured(self) -> bool:
        return not self.in_progress and self.difference.estimate is not None


class ScoreSeries:
    """One agent's scores by time, for quick windows: sorted times and running sums."""

    def __init__(self, scores: Iterable[EvaluationScore]):
        ordered = sorted(scores, key=lambda s: (s.submitted_at, s.evaluation_id))
        self.times = [s.submitted_at for s in ordered]
        self.values = [s.score for s in ordered]
        self.sums = [0.0]
        for value in self.values:
            self.sums.append(self.sums[-1] + value)

    def before(self, pivot: datetime, days: int) -> tuple[int, int]:
        return bisect_left(self.times, pivot - days * DAY), bisect_left(self.times, pivot)

    def after(self, pivot: datetime, until: datetime) -> tuple[int, int]:
        return bisect_right(self.times, pivot), bisect_right(self.times, until)

    def mean(self, span: tuple[int, int]) -> float:
        first, last = span
        return (self.sums[last] - self.sums[first]) / (last - first)

    def change(self, pivot: datetime, days: int) -> float | None:
        """mean(after) − mean(before) over complete windows, None with fewer than MINIMUM on either side."""
        before, after = self.before(pivot, days), self.after(pivot, pivot + days * DAY)
        if before[1] - before[0] < MINIMUM or after[1] - after[0] < MINIMUM:
            return None
        return self.mean(after) - self.mean(before)


def measure_agent(scores: Iterable[EvaluationScore] | ScoreSeries, pivot: datetime, days: int, now: datetime,
                  agent_id: int = 0) -> AgentEffect:
    """One agent's before and after windows around the pivot and the difference between them."""
    series = scores if isinstance(scores, ScoreSeries) else ScoreSeries(scores)
    end = pivot + days * DAY
    seen_until = min(end, now)
    first, last = series.before(pivot, days)
    before = Window(pivot - days * DAY, pivot, tuple(series.values[first:last]))
    first, last = series.after(pivot, seen_until)
    after = Window(pivot, seen_until, tuple(series.values[first:last]))
    days_to_go = 0 if now >= end else math.ceil((end - now) / DAY)
    return AgentEffect(agent_id, pivot, days, before, after, welch_difference(before.scores, after.scores),
                       days_to_go)


def scores_by_agent(scores: Iterable[EvaluationScore]) -> dict[int, ScoreSeries]:
    grouped: dict[int, list[EvaluationScore]] = defaultdict(list)
    for score in scores:
        grouped[score.agent_id].append(score)
    return {agent_id: ScoreSeries(agent_scores) for agent_id, agent_scores in grouped.items()}
