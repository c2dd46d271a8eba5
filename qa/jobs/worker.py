"""`callibrate worker`: Huey consumer threads plus a supervisor that keeps leases and recovers jobs."""
from __future__ import annotations

import logging
import threading

from flask import Flask

from qa.extensions import db
from qa.jobs import services
from qa.jobs.queue import queue_kind
from qa.jobs.registry import supervisor_tick

log = logging.getLogger(__name__)


def _supervise(app: Flask, worker_id: str, threads: int, stop: threading.Event) -> None:
    interval = app.config["JOB_HEARTBEAT_SECONDS"]
    queue = queue_kind(app.config["QUEUE_URL"])
    while not stop.is_set():
        with app.app_context():
            try:
                services.beat(worker_id, queue, threads)
                services.renew_leases()
                recovered = services.recover_stalled_jobs()
                if recovered:
                    log.info("Re-sent jobs %s", recovered)
                supervisor_tick.send(app)
            except Exception:  # a database hiccup must not kill the supervisor
                log.exception("Worker supervisor pass failed; trying again in %ss", interval)
                db.session.rollback()
            finally:
                db.session.remove()
        stop.wait(interval)


def run_worker(app: Flask, threads: int) -> None:
    worker_id = services.worker_identity()
    huey = app.extensions["huey"]
    consumer = huey.create_consumer(workers=threads, worker_type="thread", periodic=False,
                                    initial_delay=0.1, backoff=1.15, max_delay=2.0)
    stop = threading.Event()
    supervisor = threading.Thread(target=_supervise, args=(app, worker_id, threads, stop),
                                  name="callibrate-supervisor", daemon=True)
    supervisor.start()
    log.info("Worker %s: %d thread(s) on the %s queue", worker_id, threads, queue_kind(app.config["QUEUE_URL"]))
    try:
        consumer.run()
    finally:
        stop.set()
        supervisor.join(timeout=5)
        with app.app_context():
            services.forget_worker(worker_id)
