"""The calibration.statistics job warms a revealed session's statistics: queued by the score that reveals it
and by the workers' supervisor once a deadline has passed, never twice while one is pending; after it the
facilitator's page reads the cache and computes nothing."""
import threading
import time
from datetime import timedelta

import pytest

from qa.calibration import statistics_cache, statistics_jobs
from qa.calibration.models import SessionKind
from qa.calibration.services import create_session
from qa.calibration.statistics_jobs import (SESSION_JOB, enqueue_due_warmups, enqueue_session_statistics,
                                           sessions_to_warm)
from qa.extensions import db
from qa.jobs.models import Job, JobStatus
from qa.jobs.registry import supervisor_tick
from qa.jobs.services import run_pending_jobs
from qa.jobs.worker import _supervise
from qa.roles import Role
from qa.timeutil import utcnow
from tests.qa.calibration.session_builders import score_all, score_item, session_scene
from tests.qa.reviews.builders import make_person, published_scorecard, ready_chat
from tests.support import login


SECONDS_TO_DEADLINE = 3


def warm_jobs() -> list[Job]:
    return list(db.session.scalars(db.select(Job).where(Job.kind == SESSION_JOB).order_by(Job.id)))


def no_more_computing(monkeypatch):
    def refuse(board):
        raise AssertionError("the statistics were computed although the job had stored them")
    monkeypatch.setattr(statistics_cache, "session_statistics", refuse)


def test_the_revealing_score_queues_the_warm_up_once(app, monkeypatch):
    scene = session_scene(interactions=3)
    a, b = scene.reviewers
    score_all(scene.session, a)
    score_item(scene.session, b, 0)
    score_item(scene.session, b, 1)
    assert warm_jobs() == []                      # still blind: nothing to compute
    score_item(scene.session, b, 2)               # the last score reveals the session
    [job] = warm_jobs()
    assert (job.target_type, job.target_id, job.status) == ("calibration_session", scene.session.id, "queued")
    assert enqueue_session_statistics(scene.session.id) is None   # pending: not queued again
    run_pending_jobs()
    db.session.refresh(job)
    assert job.status == JobStatus.SUCCEEDED.value, job.error
    no_more_computing(monkeypatch)
    client = app.test_client()
    assert login(client, scene.lead.email).status_code == 302
    page = client.get(f"/calibration/{scene.session.id}")
    assert page.status_code == 200 and 'data-testid="statistics"' in page.get_data(as_text=True)


def test_a_late_score_queues_nothing(app, monkeypatch):
    scene = session_scene(interactions=1)
    score_item(scene.session, scene.reviewers[0], 0)
    draft = score_item(scene.session, scene.reviewers[1], 0, submit=False)
    from qa.reviews import services as reviews
    monkeypatch.setattr(reviews, "utcnow", lambda: scene.session.deadline_at + timedelta(minutes=1))
    reviews.submit_evaluation(draft.id, scene.reviewers[1].id)
    db.session.commit()
    assert warm_jobs() == []


def test_certification_attempts_are_not_warmed(app):
    reviewer, lead = make_person(Role.REVIEWER), make_person(Role.QA_LEAD)
    card = published_scorecard()
    session = create_session("Attempt", card.versions[0].id, [ready_chat(None).id], [reviewer.id],
                             utcnow() + timedelta(days=1), lead.id, False, kind=SessionKind.CERTIFICATION.value)
    db.session.commit()
    score_all(session, reviewer)
    assert warm_jobs() == []


@pytest.fixture
def past_deadline(app):
    """A session B never scored, whose deadline (a few seconds after it was made) has passed."""
    scene = session_scene(interactions=2, deadline_days=SECONDS_TO_DEADLINE / 86400)
    score_all(scene.session, scene.reviewers[0])
    time.sleep(max(0.0, (scene.session.deadline_at - utcnow()).total_seconds()) + 0.05)
    return scene, utcnow()


def test_the_supervisor_warms_a_session_whose_deadline_passed(app, past_deadline, monkeypatch):
    scene, later = past_deadline
    assert sessions_to_warm(scene.session.deadline_at - timedelta(seconds=1)) == []   # before the deadline: blind
    assert sessions_to_warm(later) == [scene.session.id]
    stop = threading.Event()

    def stop_after_this_pass(sender, **_):
        stop.set()

    supervisor_tick.connect(stop_after_this_pass)
    try:
        _supervise(app, "test-worker", 1, stop)
        [job] = warm_jobs()
        stop.clear()
        _supervise(app, "test-worker", 1, stop)   # a second pass while the job waits queues nothing
    finally:
        supervisor_tick.disconnect(stop_after_this_pass)
    assert warm_jobs() == [job]
    run_pending_jobs()
    db.session.refresh(job)
    assert job.status == JobStatus.SUCCEEDED.value, job.error
    # Stored after the deadline: no more warm-ups, however often the supervisor looks.
    assert sessions_to_warm(later) == [] and enqueue_due_warmups(later) == []
    no_more_computing(monkeypatch)
    from qa.calibration.side_by_side import side_by_side
    board = side_by_side(scene.session, scene.lead, now=later)
    assert statistics_cache.board_statistics(board).overall is not None


def test_a_warm_up_that_failed_is_not_queued_again_by_every_pass(app, past_deadline, monkeypatch):
    scene, later = past_deadline

    def broken(board):
        raise RuntimeError("the bootstrap fell over")

    monkeypatch.setattr(statistics_cache, "session_statistics", broken)
    assert len(enqueue_due_warmups(later)) == 1
    run_pending_jobs()
    [job] = warm_jobs()
    assert job.status == JobStatus.FAILED.value and "the bootstrap fell over" in job.error
    assert enqueue_due_warmups(later) == [] and enqueue_due_warmups(later + timedelta(hours=1)) == []


def test_sessions_long_past_their_deadline_are_left_to_the_page(app, past_deadline):
    scene, later = past_deadline
    assert sessions_to_warm(later + statistics_jobs.WARM_WITHIN) == []
