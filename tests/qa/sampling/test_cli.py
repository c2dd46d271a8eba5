"""`callibrate sampling run`: a rule run in this process, its assignments and skips printed."""
from datetime import timedelta

import pytest

from qa.extensions import db
from qa.roles import Role
from qa.sampling.models import SamplingRun
from qa.timeutil import utcnow
from tests.qa.sampling.builders import chats, person, rule, scorecard


def test_run_prints_what_it_assigned_and_why_the_rest_was_left_out(app):
    if utcnow().day == 1 and utcnow().hour == 0 and utcnow().minute < 2:
        pytest.skip("the chats would straddle two months")
    agent, reviewer = person(Role.AGENT, name="Ann Agent"), person(Role.REVIEWER, name="Rita Reviewer")
    saved = rule(scorecard(), [reviewer], period="month", quota=1)
    chats(agent, [utcnow() - timedelta(seconds=s) for s in (5, 10)])
    chats(agent, [utcnow() - timedelta(seconds=1)], ready=False)
    result = app.test_cli_runner().invoke(args=["sampling", "run", str(saved.id), "--period", "current"])
    assert result.exit_code == 0, result.output
    [run] = db.session.scalars(db.select(SamplingRun))
    assert f"seed {run.seed}" in result.output
    assert "(Ann Agent) → Rita Reviewer" in result.output
    assert "     1  not drawn (the quota was met)" in result.output
    assert "     1  not ready (still processing or failed)" in result.output


def test_run_with_a_recorded_seed_repeats_it_and_a_bad_rule_is_a_clean_error(app):
    saved = rule(scorecard(), [person(Role.REVIEWER)])
    runner = app.test_cli_runner()
    result = runner.invoke(args=["sampling", "run", str(saved.id), "--seed", "777"])
    assert result.exit_code == 0, result.output
    assert "seed 777" in result.output
    missing = runner.invoke(args=["sampling", "run", "9999"])
    assert missing.exit_code == 1 and "There is no sampling rule 9999" in missing.output
