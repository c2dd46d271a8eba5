"""Real `callibrate worker` processes for tests, pointed at the test's database and queue."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.extensions import db

ROOT = Path(__file__).resolve().parents[1]
CALLIBRATE = Path(sys.executable).parent / "callibrate"


def worker_environment(app) -> dict:
    config = app.config
    env = {key: value for key, value in os.environ.items() if not key.startswith("CALLIBRATE_")}
    env.update({
        "PYTHONPATH": str(ROOT),
        "CALLIBRATE_INSTANCE_PATH": app.instance_path,
        "CALLIBRATE_DATABASE_URL": config["DATABASE_URL"],
        "CALLIBRATE_QUEUE_URL": config["QUEUE_URL"],
        "CALLIBRATE_STORAGE_PATH": config["STORAGE_PATH"],
        "CALLIBRATE_SECRET_KEY": config["SECRET_KEY"],
        "CALLIBRATE_JOB_MODULES": json.dumps(config["JOB_MODULES"]),
        "CALLIBRATE_JOB_LEASE_SECONDS": "2",
        "CALLIBRATE_JOB_HEARTBEAT_SECONDS": "1",
    })
    return env


def start_worker(app, log_path: Path) -> subprocess.Popen:
    log = log_path.open("ab")
    return subprocess.Popen([str(CALLIBRATE), "worker", "--threads", "2"], env=worker_environment(app),
                            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)


def wait_for(condition, timeout: float, what: str, log_path: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()  # see other processes' commits
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}; worker log:\n{log_path.read_text()}")
