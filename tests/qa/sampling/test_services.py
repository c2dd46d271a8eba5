"""Assigning one interaction by hand: every refusal, completion, the reviewer's open list."""
from datetime import datetime, timedelta

import pytest

from qa.audit.models import AuditEntry
from qa.errors import Refused
from qa.extensions import db
from qa.notifications.models import Notification
from qa.roles import Role
from qa.sampling.models import AssignmentStatus
from qa.sampling.services import assign_interaction, complete_assignment, open_assignments_for
from scorecards.services import retire_scorecard
from tests.qa.sampling.builders import chats, person, scorecard

WHEN = datetime(2024, 3, 4, 10)


@pytest.fixture
def world(app):
    agent = person(Role.AGENT, Role.REVIEWER)  # a reviewer too, so only self-review stops them
    return {"agent": agent, "reviewer": person(Role.REVIEWER), "card": scorecard(),
            "chat": chats(agent, [WHEN])[0]}


def test_assigning_audits_and_tells_the_reviewer(world):
    due = WHEN + timedelta(days=2)
    made = assign_interaction(world["chat"].id, world["reviewer"].id, world["card"].id, due_at=due, actor_id=None)
    db.session.commit()
    assert (made.status, made.due_at) == (AssignmentStatus.OPEN.value, due)
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "assignment.created"))
    assert entry.target_id == made.id and entry.after["reviewer_id"] == world["reviewer"].id
    [note] = db.session.scalars(db.select(Notification).where(Notification.user_id == world["reviewer"].id))
    assert note.kind == "assignment.new" and "due 2024-03-06" in note.message


@pytest.mark.parametrize("who, message", [
    ("agent", "nobody reviews their own"),
    ("trainer", "not a QA reviewer or QA lead"),
    ("inactive", "deactivated"),
])
def test_the_wrong_reviewer_is_refused(world, who, message):
    reviewer = {"agent": world["agent"], "trainer": person(Role.TRAINER),
                "inactive": person(Role.REVIEWER, active=False)}[who]
    with pytest.raises(Refused, match=message):
        assign_interaction(world["chat"].id, reviewer.id, world["card"].id)


def test_an_interaction_not_ready_is_refused(world):
    [waiting] = chats(world["agent"], [WHEN], ready=False)
    with pytest.raises(Refused, match="not ready"):
        assign_interaction(waiting.id, world["reviewer"].id, world["card"].id)


def test_the_same_open_assignment_twice_is_refused_but_after_it_is_done_it_may_be_given_again(world):
    args = (world["chat"].id, world["reviewer"].id, world["card"].id)
    first = assign_interaction(*args)
    with pytest.raises(Refused, match="already has"):
        assign_interaction(*args)
    complete_assignment(first.id)
    assert assign_interaction(*args).id != first.id


def test_a_scorecard_without_a_published_version_or_retired_is_refused(world):
    with pytest.raises(Refused, match="no published version"):
        assign_interaction(world["chat"].id, world["reviewer"].id, scorecard(publish=False).id)
    retire_scorecard(world["card"].id, None)
    with pytest.raises(Refused, match="retired"):
        assign_interaction(world["chat"].id, world["reviewer"].id, world["card"].id)


def test_completing_marks_done_once_and_the_open_list_is_by_due_date(world):
    later, sooner = chats(world["agent"], [WHEN, WHEN])
    reviewer, card = world["reviewer"], world["card"]
    undated = assign_interaction(world["chat"].id, reviewer.id, card.id)
    b = assign_interaction(later.id, reviewer.id, card.id, due_at=WHEN + timedelta(days=5))
    a = assign_interaction(sooner.id, reviewer.id, card.id, due_at=WHEN + timedelta(days=1))
    assert open_assignments_for(reviewer.id) == [a, b, undated]
    done = complete_assignment(a.id)
    completed_at = done.completed_at
    assert done.status == AssignmentStatus.DONE.value and completed_at is not None
    assert complete_assignment(a.id).completed_at == completed_at
    assert open_assignments_for(reviewer.id) == [b, undated]
