"""`callibrate demo`: a small demo organisation a newcomer can click through.

Later packages add their own demo content by connecting to `demo_loaded`, which is sent with
the teams and users created here.
"""
from __future__ import annotations

from datetime import date, timedelta

import click
from blinker import Namespace
from flask import Flask, current_app
from flask.cli import with_appcontext

from qa.accounts import services
from qa.extensions import db
from qa.roles import Role

signals = Namespace()
demo_loaded = signals.signal("demo-loaded")

DEMO_PASSWORD = "demo-password"
DEMO_TEAMS = {
    "Care Team North": "Phone and chat support for orders, returns and billing",
    "Onboarding Cohort": "New hires in their first weeks",
}
# email, name, roles, team, days since hire
DEMO_USERS = [
    ("admin@example.com", "Ada Admin", [Role.ADMIN], None, 900),
    ("lead@example.com", "Lee Okafor", [Role.QA_LEAD, Role.REVIEWER], None, 700),
    ("reviewer@example.com", "Rita Alvarez", [Role.REVIEWER], None, 500),
    ("trainer@example.com", "Theo Brandt", [Role.TRAINER], None, 600),
    ("agent@example.com", "Alex Morgan", [Role.AGENT], "Care Team North", 400),
    ("jordan@example.com", "Jordan Lee", [Role.AGENT], "Care Team North", 250),
    ("priya@example.com", "Priya Natarajan", [Role.AGENT], "Care Team North", 120),
    ("sam@example.com", "Sam Carter", [Role.AGENT], "Onboarding Cohort", 14),
    ("maya@example.com", "Maya Rossi", [Role.AGENT], "Onboarding Cohort", 10),
]


def load_demo(today: date | None = None) -> dict:
    """Create whatever part of the demo organisation is missing; safe to run again."""
    today = today or date.today()
    teams = {name: services.find_team_by_name(name) or services.create_team(name, description)
             for name, description in DEMO_TEAMS.items()}
    users = {}
    for email, name, roles, team, days in DEMO_USERS:
        users[email] = services.find_user_by_email(email) or services.create_user(
            email, name, roles, password=DEMO_PASSWORD, team_id=teams[team].id if team else None,
            hire_date=today - timedelta(days=days))
    demo_loaded.send(current_app._get_current_object(), teams=teams, users=users)
    return {"teams": teams, "users": users}


@click.command("demo")
@with_appcontext
def demo_command():
    """Load the demo organisation and print how to sign in."""
    demo = load_demo()
    db.session.commit()
    url = current_app.config["PUBLIC_URL"]
    click.echo(f"\nDemo organisation ready: {len(demo['teams'])} teams, {len(demo['users'])} users.")
    click.echo(f"Open {url} and sign in with any of these (password: {DEMO_PASSWORD}):")
    for email, _, roles, _, _ in DEMO_USERS[:5]:
        click.echo(f"  {', '.join(r.label for r in roles):<22} {email}")
    click.echo("  (and more agents: jordan@, priya@, sam@, maya@example.com)\n")


def init_demo(app: Flask) -> None:
    app.cli.add_command(demo_command)
