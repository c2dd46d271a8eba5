"""In-app notifications, e-mailed too when SMTP is configured.

Other packages call `notify(...)`; users read their own at /notifications.
"""
from flask import Flask

from qa.notifications import settings  # noqa: F401  (declares SMTP_* and MAIL_FROM)
from qa.notifications.services import notify  # noqa: F401  (the API other packages use)


def init_notifications(app: Flask) -> None:
    from qa.notifications import mail, views  # noqa: F401  (mail registers the e-mail job)

    app.register_blueprint(views.bp)
    app.context_processor(views.unread_notifications)
