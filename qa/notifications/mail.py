"""The e-mail copy of a notification, sent by a durable job so a slow or broken mail server never
holds up the change that caused it; a failure is the job's error and the job system retries it."""
from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr

from flask import current_app, url_for

from qa.accounts.models import User
from qa.extensions import db
from qa.jobs import job_handler
from qa.jobs.registry import JobContext
from qa.notifications.models import Notification
from qa.notifications.services import EMAIL_JOB
from qa.timeutil import utcnow

SUBJECT_LENGTH = 90


@job_handler(EMAIL_JOB)
def send_notification_email(job: JobContext) -> None:
    notification = db.session.get(Notification, job.target_id)
    if notification is None or notification.emailed_at is not None:
        return  # deleted with its user, or already sent by an earlier attempt
    user = db.session.get(User, notification.user_id)
    if user is None or not user.active or not user.email:
        return  # deactivated (or e-mail removed) since the notification was made
    send_message(build_message(notification, user))
    notification.emailed_at = utcnow()
    job.complete_step("sent", 100)


def build_message(notification: Notification, user: User) -> EmailMessage:
    config = current_app.config
    first_line = " ".join(notification.message.split())  # no line breaks may reach a header
    if len(first_line) > SUBJECT_LENGTH:
        first_line = first_line[:SUBJECT_LENGTH - 1] + "…"
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = user.email
    message["Subject"] = f"[{config['SITE_NAME']}] {first_line}"
    # MAIL_FROM may be "Name <address>": the id's domain is the address's.
    message["Message-ID"] = make_msgid(domain=parseaddr(config["MAIL_FROM"])[1].rpartition("@")[2] or None)
    base = config["PUBLIC_URL"].rstrip("/")
    lines = [f"Hello {user.name},", "", notification.message, ""]
    if notification.link:
        lines += [f"Open it: {base}{notification.link}", ""]
    with current_app.test_request_context(base_url=config["PUBLIC_URL"]):  # a job has no request
        inbox = url_for("notifications.index", _external=True)
    lines += [f"All your notifications: {inbox}"]
    message.set_content("\n".join(lines) + "\n")
    return message


def send_message(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=30) as server:
        if config["SMTP_STARTTLS"]:
            server.starttls(context=ssl.create_default_context())
        if config["SMTP_USERNAME"]:
            server.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
        server.send_message(message)
