"""Disputes: an agent contests criteria of an evaluation and a resolver decides."""
from flask import Flask


def init_disputes(app: Flask) -> None:
    from qa.disputes import models, views  # noqa: F401
    from qa.disputes.settings import check_dispute_settings
    from qa.web.navigation import NavItem, add_nav_item

    check_dispute_settings(app.config)
    app.register_blueprint(views.bp)
    # The queue's own policy decides who sees it: reviewers, QA leads and admins.
    add_nav_item(app, NavItem("Disputes", "disputes.index"))
