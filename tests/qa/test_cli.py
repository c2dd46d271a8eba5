"""The `callibrate` commands, run through Flask's CLI runner against the test database."""
from qa.accounts import services
from qa.demo import DEMO_PASSWORD, DEMO_USERS
from qa.extensions import db
from qa.roles import Role
from tests.support import login


def test_users_create_with_password_and_team(app):
    result = app.test_cli_runner().invoke(args=[
        "users", "create", "cli@test.example.com", "--name", "Cli User", "--role", "reviewer", "--role", "qa_lead",
        "--team", "Night Shift", "--hire-date", "2026-10-01", "--password", "cli-password-123"])
    assert result.exit_code == 0, result.output
    user = services.find_user_by_email("cli@test.example.com")
    assert user.roles == {Role.REVIEWER, Role.QA_LEAD} and user.team.name == "Night Shift"
    assert login(app.test_client(), user.email, "cli-password-123").status_code == 302


def test_users_create_invite_prints_a_link(app):
    result = app.test_cli_runner().invoke(args=["users", "create", "inv@test.example.com", "--name", "Inv",
                                                "--role", "agent", "--invite"])
    assert result.exit_code == 0, result.output
    assert "Invitation link: http://127.0.0.1:5000/invitation/" in result.output


def test_users_create_refuses_bad_input_cleanly(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "bad", "--name", "B", "--role", "agent", "--password", "x" * 12])
    assert result.exit_code != 0 and "not a valid e-mail" in result.output
    result = runner.invoke(args=["users", "create", "ok@test.example.com", "--name", "B", "--role", "agent",
                                 "--password", "short"])
    assert result.exit_code != 0 and "at least 10 characters" in result.output
    assert services.find_user_by_email("ok@test.example.com") is None
    result = runner.invoke(args=["users", "create", "ok@test.example.com", "--name", "B", "--role", "king"])
    assert result.exit_code == 2


def test_demo_creates_one_user_per_role_and_can_run_twice(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert runner.invoke(args=["demo"]).exit_code == 0
    db.session.expire_all()
    users = services.list_users()
    assert len(users) == len(DEMO_USERS)
    assert set().union(*(u.roles for u in users)) == set(Role)
    for email, *_ in DEMO_USERS[:5]:
        assert email in first.output
        assert login(app.test_client(), email, DEMO_PASSWORD).status_code == 302


def test_jobs_commands_list_and_run_pending(app):
    from qa.jobs import services as jobs
    job = jobs.enqueue_job("test.two_steps")
    db.session.commit()
    runner = app.test_cli_runner()
    assert f"{job.id}\ttest.two_steps\tqueued" in runner.invoke(args=["jobs", "list"]).output
    assert "Ran 1 job(s)." in runner.invoke(args=["jobs", "run-pending"]).output
    assert "succeeded" in runner.invoke(args=["jobs", "list", "--status", "succeeded"]).output
