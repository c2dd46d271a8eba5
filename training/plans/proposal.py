"""What the proposal job proposes for one agent, as a pure function of their competency profile and the
published modules. No database: the job (training.plans.jobs) reads, this decides, the job writes.

- **When.** Only from AgentProfile.weaknesses(): competencies scored below COACHING_THRESHOLD on at least
  COACHING_MIN_EVALUATIONS evaluations. Otherwise there is no proposal, and a `NoProposal` says why in words
  a trainer can read (no evaluations; a low score on too few evaluations; nothing below the threshold;
  everything low was dismissed lately), so a thin profile is never guessed from.
- **Focus.** Up to MAX_FOCUS weakest competencies, weakest first.
- **Goal.** The weakest competency, with the threshold as its target: reaching it is exactly what ends the
  weakness (weaknesses() asks for a score below the threshold), so the goal and the job agree on "done".
  It is due PLAN_WEEKS after the profile's last day.
- **Modules.** Published modules that cover a focus competency, ranked by how many focus competencies they
  cover, then newest published first (then highest id); each focus competency contributes its
  MODULES_PER_COMPETENCY best, and a module covering several is listed once.
- **Dismissed.** A trainer who dismissed a proposal has seen that competency: it is left out while the
  dismissal is recent (the job passes `dismissed`, the lowest score seen in recent dismissals) unless the
  score fell at least FELL_FURTHER points below it since. Plain noise between two days never re-proposes.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from scorecards.competencies import COMPETENCIES
from training.profiles.types import AgentProfile, CompetencyProfile

MAX_FOCUS = 3
MODULES_PER_COMPETENCY = 3
PLAN_WEEKS = 6
FELL_FURTHER = 5.0  # points below the score a trainer dismissed before it is proposed again


class ModuleLike(Protocol):
    id: int
    title: str
    competencies: list[str]
    published_at: datetime | None


@dataclass(frozen=True)
class Proposal:
    title: str
    focus: tuple[str, ...]
    goal_competency: str
    goal_target: float
    goal_due: date
    evidence: dict[str, Any]
    module_ids: tuple[int, ...]


@dataclass(frozen=True)
class NoProposal:
    reason: str


def propose(profile: AgentProfile, modules: Iterable[ModuleLike],
            dismissed: Mapping[str, float] | None = None) -> Proposal | NoProposal:
    """The plan to propose for the agent of `profile`, or why there is none."""
    weak = profile.weaknesses()
    if not weak:
        return NoProposal(no_weakness_reason(profile))
    dismissed = dismissed or {}
    open_weak = [c for c in weak if c.key not in dismissed or c.estimate.score <= dismissed[c.key] - FELL_FURTHER]
    if not open_weak:
        labels = ", ".join(c.label for c in weak)
        return NoProposal(f"{labels} {'is' if len(weak) == 1 else 'are'} below {profile.threshold:g}, but a trainer "
                          f"dismissed a proposal for {'it' if len(weak) == 1 else 'them'} recently and the score has "
                          f"not fallen {FELL_FURTHER:g} points further since.")
    focus = open_weak[:MAX_FOCUS]
    keys = tuple(c.key for c in focus)
    return Proposal(
        title=f"Coaching plan: {_joined([c.label for c in focus])}",
        focus=keys,
        goal_competency=keys[0],
        goal_target=float(profile.threshold),
        goal_due=profile.until + timedelta(weeks=PLAN_WEEKS),
        evidence=evidence_snapshot(profile, keys),
        module_ids=tuple(m.id for m in recommend_modules(keys, modules)),
    )


def no_weakness_reason(profile: AgentProfile) -> str:
    """Why an agent without weaknesses() gets no plan: nothing to go on, too little, or nothing low."""
    window = f"{profile.since:%Y-%m-%d} to {profile.until:%Y-%m-%d}"
    if profile.n_evaluations == 0:
        return f"No submitted evaluations from {window}: there is nothing to base a plan on."
    thin = [c for c in profile.competencies if c.estimate.score is not None and c.estimate.score < profile.threshold
            and c.estimate.n_evaluations < profile.minimum_evaluations]
    if thin:
        details = "; ".join(f"{c.label} {c.estimate.score:.0f} on {_evaluations(c.estimate.n_evaluations)}"
                            for c in sorted(thin, key=lambda c: c.estimate.score))
        return (f"Too few evaluations to propose a plan: {details}. A plan needs at least "
                f"{_evaluations(profile.minimum_evaluations)} behind a competency below {profile.threshold:g}.")
    return (f"Every competency scored from {window} is at or above {profile.threshold:g}"
            f" ({_evaluations(profile.n_evaluations)}).")


def recommend_modules(focus: tuple[str, ...], modules: Iterable[ModuleLike]) -> list[ModuleLike]:
    covering = [m for m in modules if set(m.competencies or []) & set(focus)]
    ranked = sorted(covering, reverse=True, key=lambda m: (
        len(set(m.competencies) & set(focus)), m.published_at is not None, m.published_at or datetime.min, m.id))
    chosen: list[ModuleLike] = []
    for key in focus:
        for module in [m for m in ranked if key in m.competencies][:MODULES_PER_COMPETENCY]:
            if module not in chosen:
                chosen.append(module)
    return sorted(chosen, key=ranked.index)


def evidence_snapshot(profile: AgentProfile, keys: Iterable[str]) -> dict[str, Any]:
    """The profile's numbers and evidence for `keys`, as plans store them (CoachingPlan.evidence). A key the
    profile has no score for is kept with empty numbers, so a hand-written plan still says so."""
    competencies = {}
    for key in keys:
        competency = profile.competency(key)
        competencies[key] = (_competency_entry(competency) if competency is not None else
                             {"label": COMPETENCIES.get(key, key), "score": None, "low": None, "high": None,
                              "adjusted": None, "n_evaluations": 0, "team_median": None, "evidence": []})
    return {"as_of": profile.until.isoformat(), "threshold": profile.threshold, "competencies": competencies}


def _competency_entry(competency: CompetencyProfile) -> dict[str, Any]:
    estimate = competency.estimate
    return {"label": competency.label, "score": estimate.score, "low": estimate.low, "high": estimate.high,
            "adjusted": estimate.adjusted, "n_evaluations": estimate.n_evaluations,
            "team_median": competency.team_median, "evidence": [asdict(e) for e in competency.evidence]}


def _joined(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def _evaluations(n: int) -> str:
    return f"{n} evaluation{'' if n == 1 else 's'}"
