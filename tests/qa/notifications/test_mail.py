"""With SMTP configured, each notification is e-mailed by a job after commit, to a real local server."""
import pytest
from sqlalchemy import func

from qa.accounts import services as accounts
from qa.extensions import db
from qa.jobs.models import Job, JobStatus
from qa.jobs.services import retry_job, run_pending_jobs
from qa.notifications import notify
from qa.notifications.models import Notification
from qa.roles import Role
from tests.qa.notifications.smtp_server import LocalSmtpServer, closed_port

CREDENTIALS = ("mailer", "s3cret-pass")


@pytest.fixture
def smtp_server():
    server = LocalSmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_settings(smtp_server):
    return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp_server.port, "SMTP_STARTTLS": False,
            "MAIL_FROM": "Callcentre QA <qa@callcentre.example.com>", "PUBLIC_URL": "https://qa.callcentre.example.com/"}


@pytest.fixture
def app(app_factory, mail_settings):
    """Replaces the suite's app: this module's app sends mail to the local server."""
    app = app_factory(**mail_settings)
    with app.app_context():
        yield app


def email_jobs() -> list[Job]:
    return list(db.session.scalars(db.select(Job).where(Job.kind == "notifications.email").order_by(Job.id)))


def test_the_message_goes_out_after_commit_with_text_and_absolute_link(app, make_user, smtp_server):
    agent = make_user(Role.AGENT, email="sam@callcentre.example.com", name="Sam Agent")
    [notification] = notify([agent.id], "evaluation.submitted", "Your call of 3 May was scored 85%.",
                            "/interactions/42")
    huey = app.extensions["huey"]
    assert huey.pending_count() == 0, "not queued before the creating transaction commits"
    db.session.commit()
    assert huey.pending_count() == 1
    assert run_pending_jobs() == 1

    [(recipients, message)] = smtp_server.inbox.messages
    assert recipients == ["sam@callcentre.example.com"]
    assert message["From"] == "Callcentre QA <qa@callcentre.example.com>" and message["To"] == "sam@callcentre.example.com"
    assert message["Subject"] == "[Callibrate] Your call of 3 May was scored 85%."
    assert message["Message-ID"].endswith("@callcentre.example.com>")
    body = message.get_content()
    assert "Hello Sam Agent," in body and "Your call of 3 May was scored 85%." in body
    assert "https://qa.callcentre.example.com/interactions/42" in body
    assert "https://qa.callcentre.example.com/notifications" in body
    db.session.expire_all()
    assert db.session.get(Notification, notification.id).emailed_at is not None
    assert db.session.get(Notification, notification.id).read_at is None, "e-mailing is not reading"


def test_a_rolled_back_notification_sends_nothing(app, make_user, smtp_server):
    agent = make_user(Role.AGENT)
    notify([agent.id], "assignment.new", "never committed", None)
    db.session.rollback()
    assert run_pending_jobs() == 0 and smtp_server.inbox.messages == []


def test_inactive_users_are_skipped_when_notified_and_when_sent(app, make_user, smtp_server):
    admin = make_user(Role.ADMIN)
    gone = make_user(Role.AGENT, email="gone@test.example.com")
    later = make_user(Role.AGENT, email="later@test.example.com")
    accounts.set_user_active(gone.id, False, admin.id)
    notify([gone.id, later.id], "assignment.new", "New review", None)
    assert len(email_jobs()) == 1, "no job for a deactivated user"
    accounts.set_user_active(later.id, False, admin.id)  # deactivated before the job runs
    db.session.commit()
    run_pending_jobs()
    assert smtp_server.inbox.messages == []
    assert [job.status for job in email_jobs()] == [JobStatus.SUCCEEDED]


def test_a_line_break_in_the_text_cannot_add_headers(app, make_user, smtp_server):
    agent = make_user(Role.AGENT)
    notify([agent.id], "dispute.opened", "Dispute\nBcc: victim@example.com " + "x" * 200, None)
    db.session.commit()
    run_pending_jobs()
    [(recipients, message)] = smtp_server.inbox.messages
    assert recipients == [agent.email] and message["Bcc"] is None
    assert message["Subject"].startswith("[Callibrate] Dispute Bcc: victim@example.com x")
    assert len(message["Subject"]) < 110 and message["Subject"].endswith("…")


@pytest.mark.parametrize("mail_settings", [{"SMTP_HOST": "127.0.0.1", "SMTP_PORT": closed_port()}])
def test_a_mail_failure_is_the_jobs_error_and_a_retry_sends_it(app, make_user, mail_settings):
    agent = make_user(Role.AGENT)
    [notification] = notify([agent.id], "assignment.new", "New review", "/")
    db.session.commit()
    run_pending_jobs()
    [job] = email_jobs()
    assert job.status == JobStatus.FAILED and "ConnectionRefusedError" in job.error
    assert db.session.get(Notification, notification.id).emailed_at is None

    server = LocalSmtpServer()
    server.start()
    try:
        app.config.update(SMTP_PORT=server.port, SMTP_STARTTLS=False)
        retry_job(job.id)
        db.session.commit()
        run_pending_jobs()
    finally:
        server.stop()
    assert len(server.inbox.messages) == 1
    db.session.expire_all()
    assert db.session.get(Notification, notification.id).emailed_at is not None


def test_starttls_is_required_when_configured(app, make_user, smtp_server):
    app.config["SMTP_STARTTLS"] = True  # the local server offers no STARTTLS: never fall back to plain text
    agent = make_user(Role.AGENT)
    notify([agent.id], "assignment.new", "New review", None)
    db.session.commit()
    run_pending_jobs()
    [job] = email_jobs()
    assert job.status == JobStatus.FAILED and "STARTTLS" in job.error
    assert smtp_server.inbox.messages == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_signs_in_with_the_configured_credentials(app, make_user):
    server = LocalSmtpServer(credentials=CREDENTIALS)
    server.start()
    try:
        app.config.update(SMTP_PORT=server.port, SMTP_USERNAME=CREDENTIALS[0], SMTP_PASSWORD=CREDENTIALS[1])
        agent = make_user(Role.AGENT)
        notify([agent.id], "assignment.new", "New review", None)
        db.session.commit()
        run_pending_jobs()
        assert len(server.inbox.messages) == 1
        app.config["SMTP_PASSWORD"] = "wrong"
        notify([agent.id], "assignment.new", "Another", None)
        db.session.commit()
        run_pending_jobs()
    finally:
        server.stop()
    assert len(server.inbox.messages) == 1
    assert email_jobs()[-1].status == JobStatus.FAILED and "SMTPAuthenticationError" in email_jobs()[-1].error


def test_settings_are_checked(app_factory):
    from qa.settings import SettingError

    with pytest.raises(SettingError, match="SMTP_PORT"):
        app_factory(SMTP_PORT="25")
    with pytest.raises(SettingError, match="SMTP_STARTTLS"):
        app_factory(SMTP_STARTTLS="yes")
