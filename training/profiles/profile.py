"""An agent's competency profile: rolling scores per competency and criterion from live evaluations, with
how many evaluations stand behind each, their 95 % interval, a leniency-adjusted score, the team's median, a
monthly trend and the answers behind a weakness. This docstring is the method the profile page explains.

**Window.** The COACHING_PROFILE_DAYS days up to and including `as_of` (default: today, UTC), over the rows of
training.scores.answer_rows: answered, applicable, non-N/A criteria with a competency of submitted live
evaluations (calibration and certification scores never count).

**Score.** Per evaluation and competency: the weight-averaged share of the competency's answered criteria,
× 100 (Σ weight × share ÷ Σ weight). The competency's score is the mean of those per-evaluation scores, so
each evaluation counts once: a scorecard with four empathy criteria does not outweigh one with a single
empathy criterion. A criterion's score is the same over the evaluations that answered it (its share × 100).

**Interval.** mean ± t(0.975, n − 1) × sd ÷ √n (sd the sample standard deviation of the per-evaluation
scores), clipped to 0–100; none with fewer than two evaluations. With fewer than COACHING_MIN_EVALUATIONS
the score is still shown, with a reason saying it is too little to act on; AgentProfile.weaknesses() (what
plans are proposed from) only takes competencies with at least that many.

**Team median.** The median of the competency (or criterion) scores, in the same window, of the active
agents of the agent's team (User.team_id) who have at least COACHING_MIN_EVALUATIONS evaluations on it, the
agent included; none, with the reason, when fewer than three such agents.

**Trend.** The mean per-evaluation score and its count per calendar month inside the window (the first and
last months may be partial); months without evaluations have no point.

**Leniency-adjusted score.** For each competency, qa.calibration.leniency.estimate_leniency (whose docstring
is the model: score = agent level + reviewer effect + noise, reviewer effects shrunk by n ÷ (n + 5)) is fitted
over every agent's per-evaluation scores on it in the window; the adjusted score is the model's mean of
(score − the reviewer's effect) for this agent, clipped to 0–100. It is None, with the model's reason, when
the reviewers' work does not overlap (a single reviewer, or no agent seen by two), so that a number beside
the raw one always means an adjustment was made.

**Evidence.** Per competency, the agent's answers that earned least (share below 1, lowest first, newest
first among equals, at most five), each with the reviewer's first timestamped moment on that criterion.

Everyone's rows in the window are read with one query (the whole team is needed for the median and all
reviewers for leniency anyway), plus one for the agents' teams and one for the moments.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app

from qa.accounts.models import User, UserRole
from qa.extensions import db
from qa.reviews.models import EvaluationMoment
from qa.roles import Role
from qa.timeutil import end_of_day, utcnow
from scorecards.competencies import COMPETENCIES
from training.profiles import arithmetic
from training.profiles.arithmetic import EvaluationScore
from training.profiles.types import AgentProfile, CompetencyProfile, CriterionProfile
from training.memo import evaluation_marks, fingerprint, remembered
from training.scores import AnswerRow, answer_rows

TEAM_MINIMUM_AGENTS = 3


@dataclass(frozen=True)
class Window:
    since: date    # first day, inclusive
    until: date    # last day, inclusive
    days: int

    @property
    def start(self) -> datetime:
        return datetime.combine(self.since, time.min)

    @property
    def end(self) -> datetime:
        return end_of_day(self.until)


def profile_window(as_of: date | None = None) -> Window:
    days = current_app.config["COACHING_PROFILE_DAYS"]
    until = as_of or utcnow().date()
    return Window(until - timedelta(days=days - 1), until, days)


def agent_profile(agent_id: int, *, as_of: date | None = None) -> AgentProfile:
    return agent_profiles([agent_id], as_of=as_of)[agent_id]


def agent_profiles(agent_ids: Iterable[int], *, as_of: date | None = None) -> dict[int, AgentProfile]:
    """Each agent's profile by the method in this module's docstring, from one read of the window's rows."""
    agent_ids = list(dict.fromkeys(agent_ids))
    window = profile_window(as_of)
    teams = _agent_teams()
    # Grouping every agent's rows and fitting leniency costs seconds; it is kept until an evaluation in the
    # window, a team's membership or the settings change (training.memo). Moments are read on every call.
    mark = fingerprint({
        "format": 1, "since": window.since, "until": window.until, "threshold": current_app.config["COACHING_THRESHOLD"],
        "minimum": current_app.config["COACHING_MIN_EVALUATIONS"], "teams": sorted(teams[0].items(), key=str),
        "members": sorted((team, sorted(agents)) for team, agents in teams[1].items()), "evaluations": evaluation_marks(window.start, window.end)})
    computation = remembered(f"profiles:{mark}", lambda: _Computation(
        window, answer_rows(since=window.start, until=window.end), teams))
    return computation.profiles(agent_ids)


def _agent_teams() -> tuple[dict[int, int | None], dict[int, list[int]]]:
    """(agent → their team, team → its active agents) over every user holding the agent role."""
    team_of, members = {}, defaultdict(list)
    query = (db.select(User.id, User.team_id, User.active).join(UserRole, UserRole.user_id == User.id)
             .where(UserRole.role == Role.AGENT.value))
    for user_id, team_id, active in db.session.execute(query):
        team_of[user_id] = team_id
        if active and team_id is not None:
            members[team_id].append(user_id)
    return team_of, members


def _first_moments(keys: set[tuple[int, str]]) -> dict[tuple[int, str], tuple[int, float | None, str]]:
    """(evaluation, criterion) → the reviewer's first timestamped moment on it: (position, time, text)."""
    if not keys:
        return {}
    query = (db.select(EvaluationMoment.evaluation_id, EvaluationMoment.criterion_key, EvaluationMoment.position,
                       EvaluationMoment.time, EvaluationMoment.text)
             .where(EvaluationMoment.evaluation_id.in_({evaluation for evaluation, _ in keys}),
                    EvaluationMoment.criterion_key.is_not(None))
             .order_by(EvaluationMoment.created_at, EvaluationMoment.id))
    found: dict[tuple[int, str], tuple[int, float | None, str]] = {}
    for evaluation_id, key, position, moment_time, text in db.session.execute(query):
        if (evaluation_id, key) in keys:
            found.setdefault((evaluation_id, key), (position, moment_time, text))
    return found


class _Computation:
    """Everything grouped once over all agents' rows, then read per requested agent."""

    def __init__(self, window: Window, rows: list[AnswerRow], teams) -> None:
        self.window = window
        self.threshold = float(current_app.config["COACHING_THRESHOLD"])
        self.minimum = current_app.config["COACHING_MIN_EVALUATIONS"]
        self.team_of, self.members = teams
        self.scores: dict[tuple[int, str], list[EvaluationScore]] = defaultdict(list)      # (agent, competency)
        by_competency: dict[str, list[EvaluationScore]] = defaultdict(list)
        for item in arithmetic.evaluation_scores(rows):
            self.scores[item.agent_id, item.competency].append(item)
            by_competency[item.competency].append(item)
        self.answers: dict[tuple[int, str], list[AnswerRow]] = defaultdict(list)          # (agent, competency)
        self.criterion_scores: dict[tuple[str, str], dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
        self.evaluations: dict[int, set[int]] = defaultdict(set)
        for row in rows:
            self.answers[row.agent_id, row.competency].append(row)
            self.criterion_scores[row.competency, row.criterion_key][row.agent_id].append(100.0 * row.share)
            self.evaluations[row.agent_id].add(row.evaluation_id)
        self.adjusted = {key: arithmetic.adjusted_scores(items) for key, items in by_competency.items()}
        self.competency_scores = {key: {agent: [item.score for item in self.scores[agent, key]]
                                        for agent in {item.agent_id for item in items}}
                                  for key, items in by_competency.items()}
        # (team, (competency, criterion key or None for the competency itself)) → (median, why none)
        self._medians: dict[tuple[int, tuple[str, str | None]], tuple[float | None, str | None]] = {}

    def profiles(self, agent_ids: list[int]) -> dict[int, AgentProfile]:
        evidence = {(agent, key): arithmetic.lowest_answers(self.answers.get((agent, key), ()))
                    for agent in agent_ids for key in COMPETENCIES}
        moments = _first_moments({(row.evaluation_id, row.criterion_key) for rows in evidence.values() for row in rows})
        return {agent: AgentProfile(
            agent_id=agent, since=self.window.since, until=self.window.until, threshold=self.threshold,
            minimum_evaluations=self.minimum, n_evaluations=len(self.evaluations.get(agent, ())),
            competencies=tuple(self._competency(agent, key, [arithmetic.evidence_of(row, moments.get(
                (row.evaluation_id, row.criterion_key))) for row in evidence[agent, key]]) for key in COMPETENCIES))
            for agent in agent_ids}

    def _competency(self, agent: int, key: str, evidence: list) -> CompetencyProfile:
        scores = self.scores.get((agent, key), [])
        adjusted, adjusted_reason = self.adjusted.get(key, ({}, None))
        nothing = f"No live evaluation in the {self.window.days} days to {self.window.until:%d %b %Y} scored this."
        if scores and agent not in adjusted and adjusted_reason is None:
            adjusted_reason = "None of these evaluations has a reviewer to adjust for."
        estimate = arithmetic.estimate([item.score for item in scores], len(self.answers.get((agent, key), ())),
                                       self.minimum, adjusted=adjusted.get(agent) if scores else None,
                                       adjusted_reason=adjusted_reason if scores else None, nothing=nothing)
        median, median_reason = self._team_median(agent, (key, None), self.competency_scores.get(key, {}))
        return CompetencyProfile(key=key, label=COMPETENCIES[key], estimate=estimate, team_median=median,
                                 trend=arithmetic.monthly_trend(scores), criteria=self._criteria(agent, key),
                                 evidence=tuple(evidence), team_reason=median_reason)

    def _criteria(self, agent: int, competency: str) -> tuple[CriterionProfile, ...]:
        questions: dict[str, str] = {}
        for row in self.answers.get((agent, competency), ()):
            questions[row.criterion_key] = row.question     # oldest first: the newest wording wins
        criteria = []
        for key, question in questions.items():
            by_agent = self.criterion_scores[competency, key]
            values = by_agent[agent]
            median, _ = self._team_median(agent, (competency, key), by_agent)
            criteria.append(CriterionProfile(key, question, arithmetic.estimate(values, len(values), self.minimum),
                                             median))
        return tuple(sorted(criteria, key=lambda criterion: criterion.estimate.score))  # weakest first

    def _team_median(self, agent: int, key: tuple[str, str | None],
                     scores_by_agent: dict[int, list[float]]) -> tuple[float | None, str | None]:
        team = self.team_of.get(agent)
        if team is None:
            return None, "This agent is in no team, so there is no team to compare with."
        if (team, key) not in self._medians:
            self._medians[team, key] = arithmetic.team_median(scores_by_agent, self.members.get(team, ()),
                                                              self.minimum, TEAM_MINIMUM_AGENTS)
        return self._medians[team, key]

