"""Running a rule against the database: who is skipped and why, quotas across runs, one transaction."""
from collections import Counter
from datetime import datetime, timedelta

import pytest

from qa.audit.models import AuditEntry
from qa.errors import Refused
from qa.extensions import db
from qa.notifications.models import Notification
from qa.roles import Role
from qa.sampling import runs
from qa.sampling.models import Assignment, SamplingRun
from qa.sampling.rules import Population
from qa.sampling.services import QUEUE_LINK, assign_interaction
from tests.qa.sampling.builders import chats, person, rule, scorecard

WEEK = datetime(2024, 3, 4)  # a Monday
AFTER = WEEK + timedelta(days=8)


def days(*numbers: float) -> list[datetime]:
    return [WEEK + timedelta(days=n, hours=9) for n in numbers]


def assigned(run) -> list[Assignment]:
    return runs.run_assignments(run.id)


def test_a_run_skips_what_is_not_ready_already_assigned_or_agentless_and_counts_it(app):
    agent, reviewer = person(Role.AGENT), person(Role.REVIEWER)
    card = scorecard()
    ready = chats(agent, days(0, 1, 2, 3))
    chats(None, days(5))
    chats(agent, [WEEK - timedelta(days=1)])  # the week before: outside the period
    chats(agent, days(4), ready=False)  # last: importing more would process it
    assign_interaction(ready[0].id, reviewer.id, card.id)
    db.session.commit()
    run = runs.run_rule(rule(card, [reviewer], quota=2).id, WEEK, trigger="manual", now=AFTER)
    db.session.commit()
    assert run.summary == {"population": 6, "assigned": 1, "already_assigned": 1, "not_ready": 1, "no_agent": 1,
                           "not_drawn": 2, "short_of_quota": 0, "no_reviewer": 0, "cap_reached": 0,
                           "reviewers_unavailable": 0, "not_certified": 0}
    [made] = assigned(run)
    assert made.interaction_id in {i.id for i in ready[1:]}
    assert made.due_at == AFTER + timedelta(days=3) and made.rule_id == run.rule_id
    assert (run.period_start, run.period_end) == (WEEK, WEEK + timedelta(days=7))


def test_quota_per_agent_holds_across_runs_of_one_period(app):
    agents, reviewer = [person(Role.AGENT), person(Role.AGENT)], person(Role.REVIEWER)
    card = scorecard()
    for agent in agents:
        chats(agent, days(0, 1, 2, 3, 4))
    sampling_rule = rule(card, [reviewer], quota=2)
    midweek = WEEK + timedelta(days=2)
    first = runs.run_rule(sampling_rule.id, WEEK, trigger="manual", now=midweek)  # Monday and Tuesday only
    second = runs.run_rule(sampling_rule.id, WEEK, trigger="schedule", now=AFTER)
    db.session.commit()
    assert first.period_end == midweek and first.assigned == 4
    assert second.assigned == 0 and second.summary["already_assigned"] == 4
    assert Counter(a.interaction.agent_id for a in assigned(first)) == {agents[0].id: 2, agents[1].id: 2}


def test_nobody_is_given_their_own_interactions(app):
    lead_agent = person(Role.AGENT, Role.QA_LEAD)
    other, reviewer = person(Role.AGENT), person(Role.REVIEWER)
    card = scorecard()
    chats(lead_agent, days(0, 1, 2))
    chats(other, days(0, 1, 2))
    run = runs.run_rule(rule(card, [lead_agent, reviewer], quota=3).id, WEEK, trigger="manual", now=AFTER)
    made = assigned(run)
    assert len(made) == 6 and all(a.reviewer_id != a.interaction.agent_id for a in made)
    assert {a.reviewer_id for a in made if a.interaction.agent_id == lead_agent.id} == {reviewer.id}
    assert {a.reviewer_id for a in made if a.interaction.agent_id == other.id} == {lead_agent.id}  # least loaded
    with pytest.raises(Refused, match="nobody reviews their own"):
        own = next(a.interaction_id for a in made if a.interaction.agent_id == lead_agent.id)
        assign_interaction(own, lead_agent.id, scorecard().id)


def test_the_same_seed_over_the_same_interactions_picks_the_same_ones(app):
    agent, reviewer = person(Role.AGENT), person(Role.REVIEWER)
    chats(agent, days(*range(7), *[n + 0.3 for n in range(7)]))
    one, two = scorecard(), scorecard()  # two scorecards, so the first run's picks are not "already assigned"
    first = runs.run_rule(rule(one, [reviewer], quota=3).id, WEEK, trigger="manual", now=AFTER, seed=4242)
    again = runs.run_rule(rule(two, [reviewer], quota=3).id, WEEK, trigger="manual", now=AFTER, seed=4242)
    assert first.seed == again.seed == 4242
    assert [a.interaction_id for a in assigned(first)] == [a.interaction_id for a in assigned(again)]


def test_population_filter_percentage_and_stratifying_by_contact_reason(app):
    agent, reviewer = person(Role.AGENT), person(Role.REVIEWER)
    card = scorecard()
    refunds = chats(agent, days(0, 1, 2, 3), reason_words="I want a refund please.")
    bills = chats(agent, days(0.5, 1.5), reason_words="My bill is wrong.")
    chats(agent, days(0, 1), channel="email", reason_words="I want a refund please.")
    sampling_rule = rule(card, [reviewer], quota_kind="percent", quota=50, stratify_by="tag",
                         population=Population(channel="chat"))
    run = runs.run_rule(sampling_rule.id, WEEK, trigger="manual", now=AFTER)
    picked = {a.interaction_id for a in assigned(run)}
    assert run.summary["population"] == 6 and len(picked) == 3  # 50 % of the six chats
    assert len(picked & {i.id for i in refunds}) == 2 and len(picked & {i.id for i in bills}) == 1


def test_a_run_that_fails_half_way_leaves_nothing_behind(app, monkeypatch):
    agent, reviewer = person(Role.AGENT), person(Role.REVIEWER)
    card = scorecard()
    chats(agent, days(0, 1, 2, 3))
    rule_id = rule(card, [reviewer], quota=3).id
    calls = []

    def fail_on_the_second(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return assign_interaction(*args, **kwargs)

    monkeypatch.setattr(runs, "assign_interaction", fail_on_the_second)
    with pytest.raises(RuntimeError):
        runs.run_rule(rule_id, WEEK, trigger="manual", now=AFTER)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(Assignment)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(SamplingRun)) == 0
    assert not db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "sampling.run")).all()


def test_a_run_is_audited_and_each_reviewer_is_told_once(app):
    agent, reviewers = person(Role.AGENT), [person(Role.REVIEWER), person(Role.REVIEWER)]
    card = scorecard()
    chats(agent, days(0, 1, 2, 3))
    run = runs.run_rule(rule(card, reviewers, quota=4).id, WEEK, trigger="manual", now=AFTER)
    db.session.commit()
    told = Counter(n.user_id for n in db.session.scalars(db.select(Notification).where(
        Notification.kind == "assignment.new")))
    assert told == {reviewers[0].id: 1, reviewers[1].id: 1}
    [entry] = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "sampling.run"))
    assert entry.after["seed"] == run.seed and entry.after["assigned"] == 4


def test_inactive_reviewers_and_caps_are_counted_not_assigned(app):
    agent, reviewer, gone = person(Role.AGENT), person(Role.REVIEWER), person(Role.REVIEWER)
    card = scorecard()
    chats(agent, days(0, 1, 2, 3))
    sampling_rule = rule(card, [reviewer, gone], quota=4, per_reviewer_cap=3)
    gone.active = False
    db.session.commit()
    run = runs.run_rule(sampling_rule.id, WEEK, trigger="manual", now=AFTER)
    assert run.assigned == 3 and {a.reviewer_id for a in assigned(run)} == {reviewer.id}
    assert run.summary["cap_reached"] == 1 and run.summary["reviewers_unavailable"] == 1


def test_a_rule_whose_scorecard_lost_its_published_version_refuses_to_run(app):
    reviewer, card = person(Role.REVIEWER), scorecard()
    sampling_rule = rule(card, [reviewer])
    card.retired_at = AFTER
    db.session.commit()
    with pytest.raises(Refused, match="retired"):
        runs.run_rule(sampling_rule.id, WEEK, trigger="manual", now=AFTER)


def test_notifications_link_to_the_reviewers_queue(app):
    assert app.url_map.bind("localhost").match(QUEUE_LINK)[0] == "reviews.queue"
