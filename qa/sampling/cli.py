"""`callibrate sampling run RULE_ID`: run a rule now, in this process, and say what it did."""
import click
from flask.cli import with_appcontext

from qa.errors import Refused
from qa.extensions import db
from qa.sampling.periods import period_start, previous_window
from qa.sampling.rules import find_rule
from qa.sampling.runs import SUMMARY_KEYS, run_assignments, run_rule
from qa.timeutil import utcnow


@click.group()
def sampling():
    """Sampling rules: pick interactions for reviewers."""


@sampling.command("run")
@click.argument("rule_id", type=int)
@click.option("--period", "which", type=click.Choice(["current", "previous"]), default="previous",
              show_default=True, help="The current period so far, or the previous whole period.")
@click.option("--seed", type=int, help="Repeat an earlier draw: the seed a run recorded.")
@with_appcontext
def run_command(rule_id, which, seed):
    """Run one rule synchronously and print its assignments and why the rest were left out."""
    now = utcnow()
    try:
        rule = find_rule(rule_id)
        start = period_start(rule.period, now) if which == "current" else previous_window(rule.period, now)[0]
        run = run_rule(rule.id, start, trigger="manual", seed=seed, now=now)
        db.session.commit()
    except Refused as refusal:
        db.session.rollback()
        raise click.ClickException(str(refusal)) from None
    click.echo(f"Run {run.id} of {rule.name}: {run.period_start:%Y-%m-%d %H:%M} to {run.period_end:%Y-%m-%d %H:%M} "
               f"UTC, seed {run.seed}")
    for assignment in run_assignments(run.id):
        agent = assignment.interaction.agent
        click.echo(f"  interaction {assignment.interaction_id} ({agent.name if agent else 'no agent'}) "
                   f"→ {assignment.reviewer.name}, due {assignment.due_at:%Y-%m-%d}")
    for key, label in SUMMARY_KEYS.items():
        click.echo(f"{run.summary.get(key, 0):>6}  {label}")
