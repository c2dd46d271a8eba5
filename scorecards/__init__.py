"""Scorecards: their definitions, versions and the scoring engine (pure functions). Knows nothing of reviews;
imports only the qa shell."""
from flask import Flask


def init_scorecards(app: Flask) -> None:
    from qa.extensions import csrf
    from qa.web.navigation import NavItem, add_nav_item
    from scorecards import api, builder_views, cli, models, views  # noqa: F401  (builder_views adds to views.bp)

    app.register_blueprint(views.bp)
    # The list's own policy decides who sees it: QA leads and admins author, reviewers read published ones.
    add_nav_item(app, NavItem("Scorecards", "scorecards.index", group="admin"))
    app.cli.add_command(cli.scorecards_group)
    app.register_blueprint(csrf.exempt(api.bp))  # bearer tokens only, never the session: no CSRF token
