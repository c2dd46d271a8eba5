"""The review workflow: evaluations of interactions against scorecard versions, with AutoQA suggestions."""
from flask import Flask


def init_reviews(app: Flask) -> None:
    from flask_login import current_user

    from qa.reviews import models  # noqa: F401
    from qa.reviews import views
    from qa.reviews.review_page import review_start_for
    from qa.web.navigation import NavItem, add_nav_item

    app.register_blueprint(views.bp)
    add_nav_item(app, NavItem("Reviews", "reviews.queue"))
    # The interaction page's "Review this interaction" form (templates/reviews/_start_on_interaction.html).
    app.context_processor(lambda: {"review_start_for": lambda interaction: review_start_for(current_user, interaction)})
