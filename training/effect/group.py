"""A module's effect across the agents who did it, against agents who were not coached then (the method is in
training.effect.effect's docstring: "Across agents" and "The comparison group")."""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import fmean, stdev

from training.effect.effect import (DAY, MINIMUM, AgentEffect, Interval, ScoreSeries, interval, mean_interval,
                                    measure_agent, no_number)


@dataclass(frozen=True)
class Completion:
    """A coached agent and when the coaching happened."""
    agent_id: int
    pivot: datetime


@dataclass(frozen=True)
class CoachedAgent:
    effect: AgentEffect
    comparison: Interval   # the mean change of agents not coached over the same windows (n: those agents)

    @property
    def change(self) -> float | None:
        """The plain after − before difference of means (no interval needed for the across-agents mean)."""
        e = self.effect
        if e.in_progress or e.before.n < MINIMUM or e.after.n < MINIMUM:
            return None
        return e.after.mean - e.before.mean

    @property
    def did(self) -> float | None:
        if self.change is None or self.comparison.estimate is None:
            return None
        return self.change - self.comparison.estimate


@dataclass(frozen=True)
class GroupEffect:
    agents: tuple[CoachedAgent, ...]
    effect: Interval       # mean of the coached agents' changes, over agents
    comparison: Interval   # mean change of the comparison agents over the coached agents' windows
    did: Interval          # difference in differences
    n_comparison_agents: int

    @property
    def n_in_progress(self) -> int:
        return sum(1 for a in self.agents if a.effect.in_progress)

    @property
    def n_too_few(self) -> int:
        return sum(1 for a in self.agents if not a.effect.in_progress and a.change is None)


def coached_during(spans: Sequence[tuple[datetime, datetime]], start: datetime, end: datetime) -> bool:
    return any(first <= end and last >= start for first, last in spans)


def across_agents(completions: Iterable[Completion], series: Mapping[int, ScoreSeries],
                  coached_spans: Mapping[int, Sequence[tuple[datetime, datetime]]], days: int,
                  now: datetime) -> GroupEffect:
    """The effect across coached agents and against agents not coached over the same windows.

    `series`: every agent's scores on the targeted competencies, coached or not; `coached_spans`: per agent, the
    (start, end) times they were being coached on those competencies (the completions themselves count too). An
    agent coached more than once counts
    once, from their first pivot: later ones would measure them again, not another agent."""
    first: dict[int, Completion] = {}
    spans = {agent_id: list(agent_spans) for agent_id, agent_spans in coached_spans.items()}
    for completion in sorted(completions, key=lambda c: c.pivot):
        first.setdefault(completion.agent_id, completion)
        spans.setdefault(completion.agent_id, []).append((completion.pivot, completion.pivot))
    empty = ScoreSeries(())
    coached, used = [], set()
    for completion in first.values():
        effect = measure_agent(series.get(completion.agent_id, empty), completion.pivot, days, now,
                               completion.agent_id)
        agent = CoachedAgent(effect, no_number("The after window is not over yet."))
        if not effect.in_progress:
            changes = _uncoached_changes(completion, series, spans, days)
            agent = CoachedAgent(effect, _comparison(list(changes.values())))
            if agent.comparison.estimate is not None and agent.change is not None:
                used.update(changes)
        coached.append(agent)
    changes = [agent.change for agent in coached if agent.change is not None]
    paired = [agent for agent in coached if agent.did is not None]
    return GroupEffect(tuple(coached), mean_interval(changes), _mean_comparison(paired), _did(paired), len(used))


def _uncoached_changes(completion: Completion, series: Mapping[int, ScoreSeries],
                       coached_spans: Mapping[int, Sequence[tuple[datetime, datetime]]], days: int
                       ) -> dict[int, float]:
    """Every other agent's change over this completion's windows, unless they were being coached then."""
    start, end = completion.pivot - days * DAY, completion.pivot + days * DAY
    changes = {}
    for other, scores in series.items():
        if other == completion.agent_id or coached_during(coached_spans.get(other, ()), start, end):
            continue
        change = scores.change(completion.pivot, days)
        if change is not None:
            changes[other] = change
    return changes


def _comparison(changes: list[float]) -> Interval:
    n = len(changes)
    if n < MINIMUM:
        return no_number(f"Too few agents to compare with: {n} not coached then had {MINIMUM} evaluations in "
                         f"both windows; at least {MINIMUM} are needed.", n)
    se = stdev(changes) / math.sqrt(n)
    if se == 0:
        return Interval(fmean(changes), fmean(changes), fmean(changes), n=n, df=n - 1, se=0.0)
    return interval(fmean(changes), se, n - 1, n)


def _mean_comparison(paired: list[CoachedAgent]) -> Interval:
    if not paired:
        return no_number("No coached agent has a comparison group yet.")
    se = fmean(agent.comparison.se for agent in paired)
    df = min(agent.comparison.n for agent in paired) - 1
    estimate = fmean(agent.comparison.estimate for agent in paired)
    if se == 0:
        return Interval(estimate, estimate, estimate, n=len(paired), df=df, se=0.0)
    return interval(estimate, se, df, len(paired))


def _did(paired: list[CoachedAgent]) -> Interval:
    n = len(paired)
    if n < MINIMUM:
        return no_number(f"Too few coached agents with a comparison group: {n}; at least {MINIMUM} are needed.", n)
    se_coached = stdev(agent.change for agent in paired) / math.sqrt(n)
    se_comparison = fmean(agent.comparison.se for agent in paired)
    se = math.hypot(se_coached, se_comparison)
    if se == 0:
        return no_number("Every coached and comparison agent changed by the same amount, so there is no spread "
                         "to judge the difference against.", n)
    smallest = min(agent.comparison.n for agent in paired)
    df = se ** 4 / (se_coached ** 4 / (n - 1) + se_comparison ** 4 / (smallest - 1))
    return interval(fmean(agent.did for agent in paired), se, df, n)
