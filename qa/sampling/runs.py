"""Running a rule over a period: gather the population, draw (qa.sampling.sampler), assign, record the run.

A run only flushes: its assignments, its SamplingRun row, the notifications and the audit entry land
in the caller's one commit, or none of them do.
"""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta

from qa import audit, notifications
from qa.accounts.models import User
from qa.errors import Refused
from qa.extensions import db
from qa.sampling.models import Assignment, AssignmentStatus, SamplingRule, SamplingRun
from qa.sampling.periods import period_end
from qa.sampling.sampler import Candidate, Plan, draw_sample
from qa.sampling.services import QUEUE_LINK, assign_interaction, can_review, check_scorecard, gate_reason
from qa.timeutil import utcnow
from transcription.models import Interaction, InteractionStatus, TagHit, Utterance
from transcription.queries import InteractionFilter

# What the summary counts, in the order pages and the CLI show them.
SUMMARY_KEYS = {
    "population": "in the population",
    "assigned": "assigned",
    "already_assigned": "already assigned on this scorecard",
    "not_ready": "not ready (still processing or failed)",
    "no_agent": "without an agent",
    "not_drawn": "not drawn (the quota was met)",
    "short_of_quota": "missing to fill an agent's quota",
    "no_reviewer": "drawn, but no reviewer other than the agent",
    "cap_reached": "drawn, but every reviewer was at the cap",
    "reviewers_unavailable": "reviewers in the pool who are inactive or no longer reviewers",
    "not_certified": "reviewers in the pool passed over: not certified on this scorecard",
}


def population_filter(population: dict) -> InteractionFilter:
    """The rule's stored population as the interaction list's own filter."""
    def day(value) -> date | None:
        return date.fromisoformat(value) if value else None

    return InteractionFilter(
        team_id=population.get("team_id"), channel=population.get("channel"), tag=population.get("tag"),
        min_seconds=population.get("min_seconds"), max_seconds=population.get("max_seconds"),
        date_from=day(population.get("date_from")), date_to=day(population.get("date_to")),
        customer_end_sentiment=population.get("customer_end_sentiment"))


def _population_rows(rule: SamplingRule, start: datetime, end: datetime):
    when = db.func.coalesce(Interaction.started_at, Interaction.created_at)
    assigned = db.select(Assignment.id).where(
        Assignment.interaction_id == Interaction.id, Assignment.scorecard_id == rule.scorecard_id,
        Assignment.status != AssignmentStatus.CANCELLED.value).exists()
    # The first contact reason said in the conversation is the interaction's stratum when stratifying by tag.
    reason = (db.select(TagHit.key).join(Utterance, Utterance.id == TagHit.utterance_id)
              .where(TagHit.interaction_id == Interaction.id, TagHit.key.like("reason.%"),
                     TagHit.dismissed_at.is_(None))
              .order_by(Utterance.position, TagHit.start).limit(1).correlate(Interaction).scalar_subquery())
    columns = [Interaction.id, Interaction.agent_id, Interaction.status, when.label("at"), Interaction.channel,
               assigned.label("assigned"),
               reason.label("reason") if rule.stratify_by == "tag" else db.null().label("reason")]
    query = population_filter(rule.population or {}).apply(db.select(*columns))
    return db.session.execute(query.where(when >= start, when < end).order_by(Interaction.id)).all()


def _open_load(reviewer_ids: list[int]) -> dict[int, int]:
    if not reviewer_ids:
        return {}
    rows = db.session.execute(db.select(Assignment.reviewer_id, db.func.count()).where(
        Assignment.reviewer_id.in_(reviewer_ids), Assignment.status == AssignmentStatus.OPEN.value)
        .group_by(Assignment.reviewer_id))
    return {reviewer_id: count for reviewer_id, count in rows}


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 2**31 - 1)  # fits the INTEGER column on every database


def run_rule(rule_id: int, start: datetime, *, trigger: str, run_by_id: int | None = None,
             seed: int | None = None, now: datetime | None = None) -> SamplingRun:
    """Draw and assign for the rule's period starting at `start`, up to its end or `now`, whichever is first."""
    now = now or utcnow()
    # Locking the rule's row makes two runs of one rule take turns, so neither assigns what the other did.
    rule = db.session.get(SamplingRule, rule_id, with_for_update=True)
    if rule is None:
        raise Refused(f"There is no sampling rule {rule_id}.")
    if not rule.active:
        raise Refused(f"The rule {rule.name!r} is switched off; switch it on to run it.")
    check_scorecard(rule.scorecard)
    end = min(period_end(rule.period, start), now)
    if end <= start:
        raise Refused("That period has not started yet.")
    summary: Counter = Counter({key: 0 for key in SUMMARY_KEYS})
    candidates, population, assigned_before = [], Counter(), Counter()
    for row in _population_rows(rule, start, end):
        summary["population"] += 1
        if row.agent_id is None:
            summary["no_agent"] += 1
            continue
        population[row.agent_id] += 1
        if row.assigned:
            summary["already_assigned"] += 1
            assigned_before[row.agent_id] += 1
        elif row.status != InteractionStatus.READY.value:
            summary["not_ready"] += 1
        else:
            candidates.append(Candidate(row.id, row.agent_id, row.at, row.channel, row.reason))
    pool = [user.id for user in (db.session.get(User, uid) for uid in rule.reviewer_ids) if can_review(user)]
    summary["reviewers_unavailable"] = len(set(rule.reviewer_ids)) - len(pool)
    # A reviewer gate (qa.calibration's certification) holds some back from live work on this scorecard.
    gated = {uid for uid in pool if gate_reason(db.session.get(User, uid), rule.scorecard)}
    pool = [uid for uid in pool if uid not in gated]
    summary["not_certified"] = len(gated)
    run = SamplingRun(rule_id=rule.id, period_start=start, period_end=end, trigger=trigger, run_by_id=run_by_id,
                      seed=new_seed() if seed is None else seed)
    db.session.add(run)
    db.session.flush()
    draw = draw_sample(Plan(
        candidates=candidates, window_start=start, window_end=end, quota_kind=rule.quota_kind, quota=rule.quota,
        reviewer_ids=pool, seed=run.seed, stratify_by=rule.stratify_by, per_reviewer_cap=rule.per_reviewer_cap,
        population_by_agent=dict(population), assigned_by_agent=dict(assigned_before), open_load=_open_load(pool)))
    due = now + timedelta(days=rule.due_days)
    for pick in draw.picks:
        assign_interaction(pick.interaction_id, pick.reviewer_id, rule.scorecard_id, due_at=due, actor_id=run_by_id,
                           rule_id=rule.id, run_id=run.id, notify=False)
    summary.update(draw.skipped)
    summary["assigned"] = run.assigned = len(draw.picks)
    run.summary = {key: int(summary[key]) for key in SUMMARY_KEYS}
    _tell_reviewers(rule, draw.picks, due)
    audit.record("sampling.run", "sampling_rule", rule.id, run_by_id,
                 f"Rule {rule.name} ({trigger}) assigned {run.assigned} from {start:%Y-%m-%d %H:%M} "
                 f"to {end:%Y-%m-%d %H:%M}", after={"run_id": run.id, "seed": run.seed, **run.summary})
    db.session.flush()
    return run


def _tell_reviewers(rule: SamplingRule, picks, due: datetime) -> None:
    """One notification per reviewer for the whole run, not one per interaction."""
    for reviewer_id, count in sorted(Counter(pick.reviewer_id for pick in picks).items()):
        notifications.notify([reviewer_id], "assignment.new",
                             f"{count} interaction{'s' if count != 1 else ''} to review from the rule "
                             f"{rule.name} on {rule.scorecard.name}, due {due:%Y-%m-%d}.", QUEUE_LINK)


def run_assignments(run_id: int) -> list[Assignment]:
    return list(db.session.scalars(db.select(Assignment).where(Assignment.run_id == run_id)
                                   .order_by(Assignment.reviewer_id, Assignment.id)))


def list_runs(rule_id: int, limit: int = 100) -> list[SamplingRun]:
    return list(db.session.scalars(db.select(SamplingRun).where(SamplingRun.rule_id == rule_id)
                                   .order_by(SamplingRun.id.desc()).limit(limit)))
