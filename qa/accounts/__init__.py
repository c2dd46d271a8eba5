"""Users, teams, roles, sign-in and invitations."""
from flask import Flask

from qa.extensions import login_manager


def init_accounts(app: Flask) -> None:
    from qa.accounts import cli, services, views

    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.user_loader(services.load_session_user)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.users)
