"""Notification routes for the access matrix (tests/qa/test_access_matrix.py)."""
from qa.notifications import notify
from qa.roles import Role
from tests.route_roles import SIGNED_IN


EXPECTED = {
    "notifications.index": SIGNED_IN,
    "notifications.open_notification": SIGNED_IN,  # another user's notification: 404
    "notifications.read_all": SIGNED_IN,
}


def targets(make_user) -> dict:
    someone = make_user(Role.REVIEWER, email="notified@test.example.com")
    [notification] = notify([someone.id], "assignment.new", "You have a new review to do", "/")
    return {"notification_id": notification.id}
