"""Saving and finding sampling rules. Each function flushes; the caller commits."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from qa import audit
from qa.accounts.models import Team, User
from qa.errors import Refused
from qa.extensions import db
from qa.sampling.models import SamplingRule
from qa.sampling.periods import PERIODS, next_period_start
from qa.sampling.sampler import PER_AGENT, PERCENT
from qa.sampling.services import REVIEWER_ROLES, check_scorecard
from qa.timeutil import utcnow
from scorecards.models import Scorecard
from transcription.models import Channel
from transcription.sentiment import LABELS
from transcription.tagging.versions import load_tag_keys

STRATA = (None, "channel", "tag")


@dataclass
class Population:
    """Which interactions a rule samples from; None does not filter."""

    team_id: int | None = None
    channel: str | None = None
    tag: str | None = None
    min_seconds: float | None = None
    max_seconds: float | None = None
    date_from: date | None = None
    date_to: date | None = None
    customer_end_sentiment: str | None = None

    def stored(self) -> dict:
        values = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(self).items()}
        return {k: v for k, v in values.items() if v is not None}

    @classmethod
    def from_stored(cls, stored: dict) -> Population:
        values = dict(stored or {})
        for key in ("date_from", "date_to"):
            if values.get(key):
                values[key] = date.fromisoformat(values[key])
        return cls(**values)


@dataclass
class RuleSettings:
    name: str
    scorecard_id: int
    reviewer_ids: list[int]
    population: Population = field(default_factory=Population)
    quota_kind: str = PER_AGENT
    quota: float = 2
    period: str = "week"
    stratify_by: str | None = None
    per_reviewer_cap: int | None = None
    due_days: int = 3
    scheduled: bool = True
    active: bool = True


def list_rules() -> list[SamplingRule]:
    return list(db.session.scalars(db.select(SamplingRule).order_by(SamplingRule.active.desc(), SamplingRule.name)))


def find_rule(rule_id: int) -> SamplingRule:
    rule = db.session.get(SamplingRule, rule_id)
    if rule is None:
        raise Refused(f"There is no sampling rule {rule_id}.")
    return rule


def save_rule(rule_id: int | None, settings: RuleSettings, actor_id: int | None,
              now: datetime | None = None) -> SamplingRule:
    """Create (rule_id None) or change a rule; a scheduled rule next runs when its current period ends."""
    _check(settings, rule_id)
    rule = SamplingRule(created_by_id=actor_id) if rule_id is None else find_rule(rule_id)
    before = None if rule_id is None else _snapshot(rule)
    period_changed = rule.period != settings.period
    rule.name, rule.scorecard_id = settings.name.strip(), settings.scorecard_id
    rule.population = settings.population.stored()
    rule.quota_kind, rule.quota, rule.period = settings.quota_kind, float(settings.quota), settings.period
    rule.stratify_by, rule.per_reviewer_cap = settings.stratify_by, settings.per_reviewer_cap
    rule.reviewer_ids = list(dict.fromkeys(settings.reviewer_ids))
    rule.due_days, rule.scheduled, rule.active = settings.due_days, settings.scheduled, settings.active
    if not (rule.scheduled and rule.active):
        rule.next_run_at = None
    elif rule.next_run_at is None or period_changed:
        rule.next_run_at = next_period_start(rule.period, now or utcnow())
    if rule_id is None:
        db.session.add(rule)
    db.session.flush()
    audit.record("sampling_rule.saved", "sampling_rule", rule.id, actor_id,
                 f"Sampling rule {rule.name} {'created' if before is None else 'changed'}",
                 before=before, after=_snapshot(rule))
    return rule


def _check(settings: RuleSettings, rule_id: int | None) -> None:
    name = settings.name.strip()
    if not name or len(name) > 120:
        raise Refused("Give the rule a name of at most 120 characters.")
    same_name = db.session.scalar(db.select(SamplingRule.id).where(SamplingRule.name == name))
    if same_name is not None and same_name != rule_id:
        raise Refused(f"There is already a rule named {name!r}.")
    check_scorecard(db.session.get(Scorecard, settings.scorecard_id))
    _check_quota(settings)
    check_population(settings.population)
    _check_pool(settings.reviewer_ids)


def _check_quota(settings: RuleSettings) -> None:
    if settings.quota_kind not in (PER_AGENT, PERCENT):
        raise Refused("The quota is either a number per agent or a percentage.")
    if settings.quota <= 0:
        raise Refused("The quota must be more than zero.")
    if settings.quota_kind == PERCENT and settings.quota > 100:
        raise Refused("A percentage quota is at most 100.")
    if settings.quota_kind == PER_AGENT and settings.quota != int(settings.quota):
        raise Refused("A quota per agent is a whole number of interactions.")
    if settings.period not in PERIODS:
        raise Refused("The period is a day, a week or a month.")
    if settings.stratify_by not in STRATA:
        raise Refused("Stratify by channel, by tag, or not at all.")
    if settings.per_reviewer_cap is not None and settings.per_reviewer_cap < 1:
        raise Refused("A per-reviewer cap is at least 1.")
    if settings.due_days < 0:
        raise Refused("The due date cannot be before the run.")


def check_population(population: Population) -> None:
    """Refused when a population names a team, channel, tag or feeling that does not exist, or a range runs
    backwards."""
    if population.team_id is not None and db.session.get(Team, population.team_id) is None:
        raise Refused("There is no such team.")
    if population.channel is not None and population.channel not in set(Channel):
        raise Refused(f"Unknown channel {population.channel!r}.")
    if population.tag is not None and population.tag not in load_tag_keys():
        raise Refused(f"{population.tag!r} is not a tag of the taxonomy.")
    if population.customer_end_sentiment is not None and population.customer_end_sentiment not in LABELS:
        raise Refused(f"Unknown sentiment {population.customer_end_sentiment!r}.")
    if population.date_from and population.date_to and population.date_from > population.date_to:
        raise Refused("The population's start date is after its end date.")
    low, high = population.min_seconds, population.max_seconds
    if (low is not None and low < 0) or (high is not None and high < 0):
        raise Refused("A duration cannot be negative.")
    if low is not None and high is not None and low > high:
        raise Refused("The shortest duration is longer than the longest.")


def _check_pool(reviewer_ids: list[int]) -> None:
    users = [db.session.get(User, uid) for uid in dict.fromkeys(reviewer_ids)]
    for uid, user in zip(dict.fromkeys(reviewer_ids), users):
        if user is None or not user.has_any_role(REVIEWER_ROLES):
            raise Refused(f"{user.name if user else f'User {uid}'} is not a QA reviewer or QA lead.")
    if not any(user.active for user in users):
        raise Refused("The reviewer pool needs at least one active reviewer.")


def _snapshot(rule: SamplingRule) -> dict:
    return {"name": rule.name, "active": rule.active, "scorecard_id": rule.scorecard_id,
            "population": rule.population, "quota_kind": rule.quota_kind, "quota": rule.quota,
            "period": rule.period, "stratify_by": rule.stratify_by, "reviewer_ids": rule.reviewer_ids,
            "per_reviewer_cap": rule.per_reviewer_cap, "due_days": rule.due_days, "scheduled": rule.scheduled}
