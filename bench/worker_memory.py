"""Peak resident memory of a real `callibrate worker` while it processes a stereo call.

Starts a worker process on a fresh embedded instance, imports the call, waits until it is ready,
and reads the worker's peak RSS (VmHWM) from /proc. Target (issue 3): under 1 GB with the default model.

Usage: .venv/bin/python bench/worker_memory.py [--repeat 4]   (--repeat 40 makes a ~20-minute call)
"""
import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from bench.stt_speed import conversation  # noqa: E402
from qa import create_app  # noqa: E402
from qa.extensions import db  # noqa: E402
from tests.transcription.recordings import encode  # noqa: E402
from transcription.imports import ImportOptions, import_file  # noqa: E402
from transcription.models import Interaction  # noqa: E402


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc status")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=4, help="how many times the five clips are used")
    repeat = parser.parse_args().repeat
    tmp = Path(tempfile.mkdtemp())
    env = {**os.environ, "CALLIBRATE_INSTANCE_PATH": str(tmp), "CALLIBRATE_SECRET_KEY": "bench-secret-key-123"}
    app = create_app({"INSTANCE_PATH": str(tmp), "SECRET_KEY": "bench-secret-key-123"})
    with app.app_context():
        upgrade()
        call = encode(tmp / "call.wav", conversation(repeat))
        worker = subprocess.Popen([str(Path(sys.executable).parent / "callibrate"), "worker"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(2)
            idle = peak_rss_mb(worker.pid)
            [result] = import_file(call.read_bytes(), "call.wav", ImportOptions())
            db.session.commit()
            while db.session.get(Interaction, result.interaction_id, populate_existing=True).status != "ready":
                db.session.rollback()
                time.sleep(0.5)
            busy = peak_rss_mb(worker.pid)
            duration = db.session.get(Interaction, result.interaction_id).duration_seconds
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=30)
    print(f"worker peak RSS: {idle:.0f} MB idle, {busy:.0f} MB after processing a {duration:.0f} s stereo call "
          f"(target < 1024 MB)")


if __name__ == "__main__":
    main()
