"""The audit log: append-only records of who changed what.

Every package records its changes with `record(...)`; admins and QA leads read them at /admin/audit.
"""
from flask import Flask

from qa.audit.services import AuditLogIsAppendOnly, record  # noqa: F401  (the API other packages use)


def init_audit(app: Flask) -> None:
    from qa.audit import views
    from qa.web.navigation import NavItem, add_nav_item

    app.register_blueprint(views.bp)
    app.add_template_filter(views.audit_value)
    add_nav_item(app, NavItem("Audit log", "audit.index", group="admin"))
