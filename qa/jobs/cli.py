import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from qa.jobs import services
from qa.jobs.worker import run_worker


@click.command("worker")
@click.option("--threads", type=click.IntRange(1, 64), help="Job threads (default: WORKER_THREADS).")
def worker_command(threads):
    """Run background jobs until stopped (Ctrl+C)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    run_worker(current_app._get_current_object(), threads or current_app.config["WORKER_THREADS"])


@click.group()
def jobs():
    """Inspect and run background jobs."""


@jobs.command("list")
@click.option("--status", type=click.Choice(["queued", "running", "succeeded", "failed"]))
@with_appcontext
def list_jobs_command(status):
    """One line per job: id, kind, status, progress, step."""
    for job in services.list_jobs(status):
        click.echo(f"{job.id}\t{job.kind}\t{job.status}\t{job.progress}%\t{job.step}")


@jobs.command("run-pending")
@with_appcontext
def run_pending_command():
    """Run every queued job in this process, without a worker."""
    click.echo(f"Ran {services.run_pending_jobs()} job(s).")
