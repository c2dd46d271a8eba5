"""Durable background jobs: a row per job, Huey to carry job ids, a worker that recovers crashes."""
import importlib

from flask import Flask

from qa.jobs.queue import register_queue
from qa.jobs.registry import job_handler  # noqa: F401  (the decorator other packages use)
from qa.settings import SettingError


def init_jobs(app: Flask) -> None:
    from qa.jobs import cli, models, views  # noqa: F401
    from qa.jobs.services import execute_job

    register_queue(app, execute_job)
    for module in app.config["JOB_MODULES"]:
        try:
            importlib.import_module(module)
        except ImportError as error:
            raise SettingError("JOB_MODULES", f"cannot import {module!r}: {error}") from error
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.worker_command)
    app.cli.add_command(cli.jobs)
