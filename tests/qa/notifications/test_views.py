"""The top-bar count, the list of one's own notifications, opening one and marking all read."""
from sqlalchemy import event

from qa.extensions import db
from qa.notifications import notify
from qa.notifications.models import Notification
from qa.notifications.services import unread_count
from qa.roles import Role
from tests.support import csrf_token, post_form

XSS = '<img src=x onerror="alert(1)">'


def test_bell_counts_unread_and_the_list_shows_only_ones_own(client_for, make_user):
    agent = client_for(Role.AGENT)
    other = make_user(Role.AGENT, email="other@test.example.com")
    home = agent.get("/").get_data(as_text=True)
    assert 'data-testid="notification-bell"' in home and 'class="count"' not in home
    notify([agent.user.id], "evaluation.submitted", f"Scored: {XSS}", "/interactions/1")
    notify([agent.user.id], "dispute.resolved", "Your dispute was accepted", None)
    notify([other.id], "assignment.new", "someone else's news", None)
    db.session.commit()

    home = agent.get("/").get_data(as_text=True)
    assert '<span class="count">2</span>' in home and "Notifications: 2 unread" in home
    page = agent.get("/notifications").get_data(as_text=True)
    assert page.count('class="notification unread"') == 2
    assert "someone else&#39;s news" not in page and "someone else's news" not in page
    assert XSS not in page and "&lt;img src=x" in page


def test_opening_marks_read_and_follows_the_link(client_for):
    agent = client_for(Role.AGENT)
    [linked] = notify([agent.user.id], "evaluation.submitted", "Scored", "/interactions/1")
    [plain] = notify([agent.user.id], "dispute.resolved", "Resolved", None)
    db.session.commit()
    response = post_form(agent, f"/notifications/{linked.id}/read", token_from="/notifications")
    assert response.status_code == 302 and response.headers["Location"] == "/interactions/1"
    response = post_form(agent, f"/notifications/{plain.id}/read", token_from="/notifications")
    assert response.headers["Location"] == "/notifications"
    assert unread_count(agent.user.id) == 0
    page = agent.get("/notifications").get_data(as_text=True)
    assert 'class="notification unread"' not in page and "Mark all read" not in page


def test_another_users_notification_is_a_404_and_stays_unread(client_for, make_user):
    agent = client_for(Role.AGENT)
    other = make_user(Role.AGENT, email="other@test.example.com")
    [theirs] = notify([other.id], "assignment.new", "theirs", "/")
    db.session.commit()
    response = post_form(agent, f"/notifications/{theirs.id}/read", token_from="/notifications")
    assert response.status_code == 404
    assert post_form(agent, "/notifications/999999/read", token_from="/notifications").status_code == 404
    db.session.expire_all()
    assert db.session.get(Notification, theirs.id).read_at is None


def test_read_all_marks_only_ones_own_and_needs_the_csrf_token(client_for, make_user):
    agent = client_for(Role.AGENT)
    other = make_user(Role.AGENT, email="other@test.example.com")
    notify([agent.user.id, other.id], "assignment.new", "for both", None)
    db.session.commit()
    assert agent.post("/notifications/read-all").status_code == 400, "no CSRF token"
    assert unread_count(agent.user.id) == 1
    response = agent.post("/notifications/read-all", data={"csrf_token": csrf_token(agent, "/notifications")},
                          follow_redirects=True)
    assert "Marked 1 notification read." in response.get_data(as_text=True)
    assert (unread_count(agent.user.id), unread_count(other.id)) == (0, 1)


def test_the_top_bar_count_is_one_query_per_page(client_for):
    agent = client_for(Role.AGENT)
    notify([agent.user.id], "assignment.new", "one", None)
    db.session.commit()
    statements = []

    def remember(conn, cursor, statement, *args):
        statements.append(statement.lower())

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        agent.get("/")
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    assert len([s for s in statements if "count(" in s and "notifications" in s]) == 1
