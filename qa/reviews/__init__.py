"""The review workflow: evaluations of interactions against scorecard versions, with AutoQA suggestions."""
from flask import Flask


def init_reviews(app: Flask) -> None:
    from flask_login import current_user

    from qa.demo import demo_loaded
    from qa.reviews import models, views  # noqa: F401
    from qa.reviews.demo import load_demo_reviews
    from qa.reviews.evaluation_views import init_evaluation_pages
    from qa.reviews.review_page import review_start_for
    from qa.web.navigation import NavItem, add_nav_item

    app.register_blueprint(views.bp)
    add_nav_item(app, NavItem("Reviews", "reviews.queue"))
    # The interaction page's "Review this interaction" form (templates/reviews/_start_on_interaction.html).
    app.context_processor(lambda: {"review_start_for": lambda interaction: review_start_for(current_user, interaction)})
    init_evaluation_pages(app)  # /evaluations and /api/v1/evaluations
    demo_loaded.connect(load_demo_reviews)  # after transcription's receiver: it reviews the demo chats
