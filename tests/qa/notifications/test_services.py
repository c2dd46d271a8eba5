"""notify() makes one notification per user; a user reads and marks only their own."""
import pytest
from sqlalchemy import func

from qa.extensions import db
from qa.jobs.models import Job
from qa.notifications import notify
from qa.notifications.models import Notification
from qa.notifications.services import (find_own_notification, list_notifications, mark_all_read, mark_read,
                                       unread_count)
from qa.roles import Role


def job_count() -> int:
    return db.session.scalar(db.select(func.count()).select_from(Job))


def test_notify_makes_one_per_user_and_no_email_job_when_smtp_is_off(app, make_user):
    agent = make_user(Role.AGENT)
    lead = make_user(Role.QA_LEAD)
    made = notify([agent.id, lead.id, agent.id], "evaluation.submitted", "Your call was scored 85%", "/reviews/3")
    assert [n.user_id for n in made] == [agent.id, lead.id], "each user once"
    assert all(n.id and n.read_at is None and n.emailed_at is None for n in made), "flushed, unread"
    db.session.commit()
    assert (unread_count(agent.id), unread_count(lead.id)) == (1, 1)
    assert job_count() == 0, "no SMTP_HOST: no e-mail job"
    assert notify([], "assignment.new", "nobody", None) == []


@pytest.mark.parametrize("link", ["https://evil.example.com/", "//evil.example.com/x", "reviews/3"])
def test_links_stay_inside_the_app(app, make_user, link):
    agent = make_user(Role.AGENT)
    with pytest.raises(ValueError, match="path inside the app"):
        notify([agent.id], "assignment.new", "x", link)


def test_reading_and_marking_only_touch_the_users_own(app, make_user):
    agent = make_user(Role.AGENT)
    other = make_user(Role.AGENT, email="other@test.example.com")
    first, second = (notify([agent.id], "assignment.new", f"review {n}", None)[0] for n in (1, 2))
    [theirs] = notify([other.id], "assignment.new", "theirs", None)
    db.session.commit()

    rows, more = list_notifications(agent.id)
    assert [n.message for n in rows] == ["review 2", "review 1"] and more is None, "own only, newest first"
    assert find_own_notification(agent.id, theirs.id) is None
    assert find_own_notification(agent.id, first.id) is first

    mark_read(first)
    read_at = first.read_at
    mark_read(first)
    assert first.read_at == read_at, "reading again keeps the first time"
    assert unread_count(agent.id) == 1
    assert mark_all_read(agent.id) == 1
    db.session.commit()
    assert unread_count(agent.id) == 0 and second.read_at is not None
    assert unread_count(other.id) == 1 and db.session.get(Notification, theirs.id).read_at is None


def test_list_pages_on_the_id(app, make_user):
    agent = make_user(Role.AGENT)
    for n in range(5):
        notify([agent.id], "assignment.new", f"n{n}", None)
    page, before = list_notifications(agent.id, limit=3)
    rest, end = list_notifications(agent.id, before_id=before, limit=3)
    assert [n.message for n in page + rest] == ["n4", "n3", "n2", "n1", "n0"] and end is None
