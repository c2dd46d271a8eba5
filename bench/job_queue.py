"""What the durable job layer costs per job, against raw Huey on the same queue.

Raw Huey: enqueue a no-op task, then dequeue and execute it.
Callibrate: enqueue_job (a job row, committed, then the message), then dequeue and execute it
(atomic claim, the handler, the fenced commit of its result).

Usage: .venv/bin/python bench/job_queue.py [--jobs 500]
Set CALLIBRATE_DATABASE_URL / CALLIBRATE_QUEUE_URL to measure PostgreSQL or Redis; the bench
migrates that database and adds job rows, so point it at a scratch database.
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from qa import create_app  # noqa: E402
from qa.extensions import db  # noqa: E402
from qa.jobs import job_handler, services  # noqa: E402
from qa.jobs.models import Job  # noqa: E402


@job_handler("bench.noop")
def noop(job):
    pass


def drain(huey, count: int) -> None:
    # Exactly `count`: one more dequeue would block on Redis for its read timeout.
    for _ in range(count):
        huey.execute(huey.dequeue())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=500)
    jobs = parser.parse_args().jobs
    tmp = Path(tempfile.mkdtemp())
    app = create_app({"INSTANCE_PATH": str(tmp), "SECRET_KEY": "bench-secret-key-123",
                      "DATABASE_URL": os.environ.get("CALLIBRATE_DATABASE_URL", f"sqlite:///{tmp}/bench.db"),
                      "QUEUE_URL": os.environ.get("CALLIBRATE_QUEUE_URL", f"sqlite:///{tmp}/queue.db")})
    with app.app_context():
        upgrade()
        huey = app.extensions["huey"]
        huey.flush()
        raw_task = huey.task(name="bench.raw")(lambda: None)

        start = time.perf_counter()
        for _ in range(jobs):
            raw_task()
        raw_enqueue = time.perf_counter() - start
        start = time.perf_counter()
        drain(huey, jobs)
        raw_execute = time.perf_counter() - start

        start = time.perf_counter()
        for _ in range(jobs):
            services.enqueue_job("bench.noop")
            db.session.commit()
        ours_enqueue = time.perf_counter() - start
        start = time.perf_counter()
        drain(huey, jobs)
        ours_execute = time.perf_counter() - start
        assert db.session.scalar(db.select(db.func.count()).where(Job.status == "succeeded")) == jobs

    print(f"database {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}, queue "
          f"{app.config['QUEUE_URL'].split(':')[0]}, {jobs} no-op jobs")
    print(f"{'':24}{'raw huey':>12}{'callibrate':>12}{'ratio':>8}")
    for label, raw, ours in (("enqueue, ms/job", raw_enqueue, ours_enqueue),
                             ("execute, ms/job", raw_execute, ours_execute)):
        print(f"{label:24}{1000 * raw / jobs:12.3f}{1000 * ours / jobs:12.3f}{ours / raw:8.1f}x")
    total = ours_enqueue + ours_execute
    print(f"durable job throughput on one thread: {jobs / total:.0f} jobs/s")


if __name__ == "__main__":
    main()
