"""Callibrate: the application factory and the shell every other package builds on."""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from flask import Flask

from qa.database import engine_options, ensure_sqlite_folder, normalise_database_url
from qa.extensions import csrf, db, login_manager, migrate
from qa.settings import PROJECT_ROOT, layered_settings, resolve_instance_path
from qa.web.converters import DatabaseIdConverter
import transcription.settings  # noqa: E402,F401  (declares its settings before they are loaded)
import qa.notifications.settings  # noqa: E402,F401  (SMTP and MAIL_FROM)
import qa.disputes.settings  # noqa: E402,F401  (dispute window and who resolves)
import qa.calibration.settings  # noqa: E402,F401  (alpha bar and bootstrap resamples)
import training.settings  # noqa: E402,F401  (coaching thresholds and windows)


def create_app(test_config: dict | None = None) -> Flask:
    instance_path = resolve_instance_path(os.environ, test_config)
    app = Flask(
        __name__,
        instance_path=str(instance_path.resolve()),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.url_map.converters["int"] = DatabaseIdConverter  # before any route is added
    settings = layered_settings(instance_path, os.environ, test_config)
    app.config.from_mapping(settings)
    _derive_flask_settings(app)
    Path(app.config["STORAGE_PATH"]).mkdir(parents=True, exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)

    from qa import jobs, web
    from qa.accounts import init_accounts
    from qa.admin import init_admin
    from qa.api import init_api
    from qa.access import enforce_access_policies
    from qa.demo import init_demo
    from transcription import init_transcription
    from qa.reviews import init_reviews
    from qa.disputes import init_disputes
    from qa.calibration import init_calibration
    from scorecards import init_scorecards
    from qa.sampling import init_sampling
    from qa.audit import init_audit
    from qa.notifications import init_notifications
    from training import init_training

    init_accounts(app)
    init_admin(app)
    init_api(app)
    jobs.init_jobs(app)
    web.init_web(app)
    init_demo(app)
    init_transcription(app)
    # In this order in the navigation: the reviewer's pages first, then the lead's.
    init_reviews(app)
    init_disputes(app)
    init_calibration(app)
    init_scorecards(app)
    init_sampling(app)
    init_audit(app)
    init_notifications(app)
    init_training(app)  # last: it builds on everything above
    enforce_access_policies(app)
    return app


def _derive_flask_settings(app: Flask) -> None:
    config = app.config
    url = normalise_database_url(config["DATABASE_URL"])
    ensure_sqlite_folder(url)
    config["SQLALCHEMY_DATABASE_URI"] = url
    config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(url)
    config["MAX_CONTENT_LENGTH"] = config["MAX_UPLOAD_MB"] * 1024 * 1024
    config["SESSION_COOKIE_HTTPONLY"] = True
    config["REMEMBER_COOKIE_HTTPONLY"] = True
    config["REMEMBER_COOKIE_SECURE"] = config["SESSION_COOKIE_SECURE"]
    config["REMEMBER_COOKIE_SAMESITE"] = config["SESSION_COOKIE_SAMESITE"]
    config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=config["SESSION_HOURS"])
    config["WTF_CSRF_TIME_LIMIT"] = config["SESSION_HOURS"] * 3600
