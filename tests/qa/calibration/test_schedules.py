"""Recurring calibration: saving a schedule, the seeded draw of a period's interactions (never a participant's
own), the job queued once per due schedule however many supervisors look, and the pages with Run now."""
import random
import threading
from datetime import datetime, timedelta

import pytest

from qa.audit.models import AuditEntry
from qa.calibration import jobs
from qa.calibration.models import CalibrationSchedule, CalibrationSession
from qa.calibration.schedules import ScheduleSettings, run_schedule, save_schedule
from qa.errors import Refused
from qa.extensions import db
from qa.jobs.models import Job, JobStatus
from qa.jobs.registry import supervisor_tick
from qa.jobs.services import run_pending_jobs
from qa.jobs.worker import _supervise
from qa.roles import Role
from qa.sampling.periods import previous_window
from qa.sampling.rules import Population
from qa.timeutil import utcnow
from tests.qa.calibration.test_views import client_of
from tests.qa.reviews.builders import make_person, published_scorecard
from tests.qa.sampling.builders import chats
from tests.support import post_form

MONDAY = datetime(2024, 3, 4)
LAST_WEEK = MONDAY - timedelta(days=7)


def calibration_jobs() -> list[Job]:
    return list(db.session.scalars(db.select(Job).where(Job.kind == jobs.RUN_JOB).order_by(Job.id)))


@pytest.fixture
def team(app):
    lead = make_person(Role.QA_LEAD)
    reviewers = [make_person(Role.REVIEWER), make_person(Role.REVIEWER)]
    return lead, reviewers, published_scorecard()


def weekly(team, **settings) -> CalibrationSchedule:
    lead, reviewers, card = team
    schedule = save_schedule(None, ScheduleSettings(settings.pop("title", "Weekly calibration"), card.id,
                                                    [r.id for r in reviewers], **settings), lead.id)
    db.session.commit()
    return schedule


def test_saving_sets_the_next_run_to_the_next_period_start(team):
    schedule = weekly(team)
    now = utcnow()
    assert schedule.next_run_at.weekday() == 0 and now < schedule.next_run_at <= now + timedelta(days=7)
    assert weekly(team, title="Off", active=False).next_run_at is None
    assert db.session.scalar(db.select(AuditEntry.action).where(
        AuditEntry.target_type == "calibration_schedule", AuditEntry.target_id == schedule.id)) \
        == "calibration_schedule.saved"


def test_a_schedule_refuses_too_few_scorers_and_people_who_cannot_score(team):
    lead, reviewers, card = team
    with pytest.raises(Refused, match="at least two scorers"):
        save_schedule(None, ScheduleSettings("One", card.id, [reviewers[0].id]), lead.id)
    agent = make_person(Role.AGENT)
    with pytest.raises(Refused, match="is not an active QA reviewer"):
        save_schedule(None, ScheduleSettings("Agent", card.id, [reviewers[0].id, agent.id]), lead.id)
    with pytest.raises(Refused, match="no such scorecard"):
        save_schedule(None, ScheduleSettings("Nothing", 999999, [r.id for r in reviewers]), lead.id)
    with pytest.raises(Refused, match="Unknown channel"):
        save_schedule(None, ScheduleSettings("Fax", card.id, [r.id for r in reviewers],
                                             population=Population(channel="fax")), lead.id)


def test_a_run_draws_the_periods_ready_interactions_with_its_seed(team):
    lead, reviewers, _ = team
    agent = make_person(Role.AGENT)
    drawable = chats(agent, [LAST_WEEK + timedelta(days=n, hours=9) for n in range(4)])
    chats(reviewers[0], [LAST_WEEK + timedelta(days=1)])           # a participant's own
    chats(agent, [MONDAY + timedelta(hours=1)])                      # this week, not last
    chats(agent, [LAST_WEEK + timedelta(days=3)], channel="email")   # outside the population
    chats(agent, [LAST_WEEK + timedelta(days=2)], ready=False)       # not ready (made last: nothing processes it)
    schedule = weekly(team, interactions_per_session=2, deadline_days=4, population=Population(channel="chat"))
    now = MONDAY + timedelta(hours=2)
    session = run_schedule(schedule.id, LAST_WEEK, trigger="schedule", seed=7, now=now)
    db.session.commit()
    expected = sorted(random.Random(7).sample([i.id for i in drawable], 2))
    assert [item.interaction_id for item in session.items] == expected
    assert {p.reviewer_id for p in session.participants} == {r.id for r in reviewers}
    assert session.schedule_id == schedule.id and session.facilitator_id == lead.id
    assert session.deadline_at == now + timedelta(days=4) and session.title == "Weekly calibration · 2024-02-26"
    assert "2 of 4 ready interactions" in session.note and "seed 7" in session.note
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "calibration_schedule.ran"))
    assert entry.after == {"seed": 7, "candidates": 4, "session_id": session.id, "interaction_ids": expected}


def test_a_period_without_interactions_makes_no_session_and_says_so(team):
    schedule = weekly(team)
    assert run_schedule(schedule.id, LAST_WEEK, trigger="schedule", now=MONDAY) is None
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "calibration_schedule.ran"))
    assert "no ready interaction" in entry.summary
    assert db.session.scalar(db.select(CalibrationSession)) is None


def due(schedule: CalibrationSchedule) -> CalibrationSchedule:
    schedule.next_run_at = MONDAY
    db.session.commit()
    return schedule


def test_a_due_schedule_is_queued_once_for_the_week_that_ended(team):
    schedule = due(weekly(team))
    now = MONDAY + timedelta(hours=1)
    assert len(jobs.enqueue_due_schedules(now)) == 1
    assert jobs.enqueue_due_schedules(now) == []
    [job] = calibration_jobs()
    assert job.target_id == schedule.id and job.payload["period_start"] == "2024-02-26T00:00:00"
    db.session.refresh(schedule)
    assert schedule.next_run_at == MONDAY + timedelta(days=7)


def test_two_passes_that_both_saw_the_schedule_due_queue_one_job(app_factory):
    first, second = app_factory(), app_factory()
    now = MONDAY + timedelta(minutes=5)
    with first.app_context():
        lead = make_person(Role.QA_LEAD)
        due(weekly((lead, [make_person(Role.REVIEWER), make_person(Role.REVIEWER)], published_scorecard())))
        stale = jobs.due_schedules(now)  # what the second pass read before the first one claimed
        assert len(stale) == 1
        assert len(jobs.enqueue_due_schedules(now)) == 1
    with second.app_context():
        original, jobs.due_schedules = jobs.due_schedules, lambda _now: stale
        try:
            assert jobs.enqueue_due_schedules(now) == []
        finally:
            jobs.due_schedules = original
        assert len(calibration_jobs()) == 1


def test_the_supervisor_queues_it_and_the_job_makes_the_session(app, team):
    agent = make_person(Role.AGENT)
    start = previous_window("week", utcnow())[0]
    drawn = chats(agent, [start + timedelta(days=1, hours=10)])
    due(weekly(team)).next_run_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    stop = threading.Event()

    def stop_after_this_pass(sender, **_):
        stop.set()

    supervisor_tick.connect(stop_after_this_pass)
    try:
        _supervise(app, "test-worker", 1, stop)
    finally:
        supervisor_tick.disconnect(stop_after_this_pass)
    assert len(calibration_jobs()) == 1
    run_pending_jobs()
    [job] = calibration_jobs()
    assert job.status == JobStatus.SUCCEEDED.value, job.error
    session = db.session.scalar(db.select(CalibrationSession))
    assert [item.interaction_id for item in session.items] == [drawn[0].id]


def test_the_pages_save_a_schedule_and_run_it_now(app, team):
    lead, reviewers, card = team
    client = client_of(app, lead)
    form = {"title": "Monthly check", "scorecard_id": card.id, "reviewer_ids": [r.id for r in reviewers],
            "interactions_per_session": 1, "period": "month", "deadline_days": 5, "active": "y"}
    bad = post_form(client, "/calibration/schedules/new", {**form, "reviewer_ids": [reviewers[0].id]},
                    token_from="/calibration/schedules/new")
    assert bad.status_code == 400 and "Choose at least two reviewers, or one reviewer and AutoQA." in bad.get_data(
        as_text=True)
    assert post_form(client, "/calibration/schedules/new", form,
                     token_from="/calibration/schedules/new").status_code == 302
    schedule = db.session.scalar(db.select(CalibrationSchedule))
    assert (schedule.period, schedule.deadline_days, schedule.include_autoqa) == ("month", 5, False)
    page = client.get(f"/calibration/schedules/{schedule.id}").get_data(as_text=True)
    assert 'value="Monthly check"' in page and "Run now" in page
    queued = post_form(client, f"/calibration/schedules/{schedule.id}/run", {"which": "current"},
                       token_from="/calibration/schedules", follow_redirects=True).get_data(as_text=True)
    assert "runs in the background" in queued and "is queued" in queued
    assert db.session.scalar(db.select(CalibrationSession)) is None  # nothing is drawn inside the request
    run_pending_jobs()
    listed = client.get("/calibration/schedules").get_data(as_text=True)
    assert "no ready interaction in the population" in listed
    chats(make_person(Role.AGENT), [utcnow() - timedelta(seconds=30)])
    post_form(client, f"/calibration/schedules/{schedule.id}/run", {"which": "current"},
              token_from="/calibration/schedules")
    run_pending_jobs()
    session = db.session.scalar(db.select(CalibrationSession))
    assert len(session.items) == 1 and session.note.startswith("Drawn at random by the schedule")
    listed = client.get("/calibration/schedules").get_data(as_text=True)
    assert f"made session {session.id}" in listed and f'href="/calibration/{session.id}"' in listed
    assert "Monthly check" in client.get("/calibration/schedules").get_data(as_text=True)


def test_run_now_refuses_a_switched_off_schedule_and_shows_a_failed_run(app, team):
    lead, reviewers, card = team
    client = client_of(app, lead)
    schedule = save_schedule(None, ScheduleSettings(
        title="Weekly", scorecard_id=card.id, reviewer_ids=[r.id for r in reviewers], population=Population(),
        interactions_per_session=1, period="week", deadline_days=3, include_autoqa=False, active=False), lead.id)
    db.session.commit()
    off = post_form(client, f"/calibration/schedules/{schedule.id}/run", {"which": "current"},
                    token_from="/calibration/schedules")
    assert off.status_code == 400 and "switched off" in off.get_data(as_text=True)
    assert db.session.scalar(db.select(Job).where(Job.kind == jobs.RUN_JOB)) is None
    schedule.active = True
    db.session.commit()
    post_form(client, f"/calibration/schedules/{schedule.id}/run", {"which": "previous"},
              token_from="/calibration/schedules")
    job = db.session.scalar(db.select(Job).where(Job.kind == jobs.RUN_JOB))
    job.max_attempts = 1
    card.retired_at = utcnow()  # the scorecard is retired between the click and the draw
    db.session.commit()
    run_pending_jobs()
    listed = client.get("/calibration/schedules").get_data(as_text=True)
    assert "failed" in listed and "is retired" in listed
