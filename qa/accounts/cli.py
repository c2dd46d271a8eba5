"""`callibrate users …`: manage accounts from the shell (the first admin is made here)."""
from datetime import date

import click
from flask import current_app, url_for

from qa.accounts import services
from qa.extensions import db
from qa.roles import Role


def _fail(error: Exception) -> None:
    db.session.rollback()
    raise click.ClickException(str(error))


@click.group()
def users():
    """Create and manage user accounts."""


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Full name shown in the app.")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice([r.value for r in Role]),
              help="Repeat for several roles.")
@click.option("--team", help="Team name; created if it does not exist.")
@click.option("--hire-date", type=click.DateTime(["%Y-%m-%d"]), help="YYYY-MM-DD")
@click.option("--password", help="Omit to be prompted; with --invite no password is set.")
@click.option("--invite", is_flag=True, help="Print a one-time link where the user sets a password.")
def create_user_command(email, name, roles, team, hire_date, password, invite):
    """Create a user with one or more roles."""
    if not invite and password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        team_row = None
        if team:
            team_row = services.find_team_by_name(team) or services.create_team(team)
        user = services.create_user(email, name, roles, password=None if invite else password,
                                    team_id=team_row.id if team_row else None,
                                    hire_date=hire_date.date() if isinstance(hire_date, date) else None)
        token = services.create_invitation(user.id) if invite else None
    except services.AccountError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Created {user.email} ({', '.join(r.label for r in user.sorted_roles)}).")
    if token:
        # No request here: build the link against the configured public address.
        with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
            link = url_for("accounts.accept_invitation", token=token, _external=True)
        click.echo(f"Invitation link: {link}")


@users.command("list")
def list_users_command():
    """List users, one per line: email, name, roles, team, active."""
    for user in services.list_users():
        team = user.team.name if user.team else "-"
        roles = ",".join(r.value for r in user.sorted_roles)
        click.echo(f"{user.email}\t{user.name}\t{roles}\t{team}\t{'active' if user.active else 'inactive'}")


@users.command("set-password")
@click.argument("email")
@click.password_option()
def set_password_command(email, password):
    """Reset a user's password (signs them out everywhere)."""
    user = services.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No user with e-mail {email}.")
    try:
        services.set_password(user, password)
    except services.AccountError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Password changed for {user.email}.")
