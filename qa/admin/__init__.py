"""Admin pages: users, roles and teams."""
from flask import Flask


def init_admin(app: Flask) -> None:
    from qa.admin import views

    app.register_blueprint(views.bp)
