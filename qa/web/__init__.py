"""The web shell: layout, navigation, home pages, error pages and security headers."""
from flask import Flask

from qa.web.errors import register_error_handlers
from qa.web.navigation import NavItem, add_nav_item, nav_for_current_user

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; style-src 'self'; "
    "script-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def init_web(app: Flask) -> None:
    from qa.roles import Role
    from qa.web import filters, views

    app.register_blueprint(views.bp)
    register_error_handlers(app)
    app.after_request(_security_headers)
    app.add_template_filter(filters.clock)
    app.add_template_filter(filters.duration)
    app.add_template_filter(filters.marked)
    app.context_processor(lambda: {"navigation": nav_for_current_user(), "Role": Role,
                                   "site_name": app.config["SITE_NAME"]})
    add_nav_item(app, NavItem("Home", "web.home"))
    add_nav_item(app, NavItem("People", "web.people"))
    add_nav_item(app, NavItem("Users", "admin.users", group="admin"))
    add_nav_item(app, NavItem("Teams", "admin.teams", group="admin"))
    add_nav_item(app, NavItem("Jobs", "jobs.index", group="admin"))
