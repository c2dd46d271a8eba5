"""A user's own notifications: the list, opening one (marks it read) and marking all read."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from qa.access import signed_in
from qa.extensions import db
from qa.notifications import services

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.route("")
@signed_in
def index():
    notifications, next_before = services.list_notifications(
        current_user.id, before_id=request.args.get("before", type=int))
    return render_template("notifications/index.html", notifications=notifications, next_before=next_before,
                           paged=bool(request.args.get("before")))


@bp.route("/<int:notification_id>/read", methods=["POST"])
@signed_in
def open_notification(notification_id: int):
    notification = services.find_own_notification(current_user.id, notification_id)
    if notification is None:
        abort(404)
    services.mark_read(notification)
    db.session.commit()
    return redirect(notification.link or url_for("notifications.index"))


@bp.route("/read-all", methods=["POST"])
@signed_in
def read_all():
    count = services.mark_all_read(current_user.id)
    db.session.commit()
    flash(f"Marked {count} notification{'s' if count != 1 else ''} read.", "success")
    return redirect(url_for("notifications.index"))


def unread_notifications() -> dict:
    """For the top bar on every page: one COUNT on the (user_id, read_at) index."""
    if not current_user.is_authenticated:
        return {}
    return {"unread_notifications": services.unread_count(current_user.id)}
