"""Job kinds used by the tests; loaded in apps and workers through the JOB_MODULES setting."""
import time

from qa.accounts.services import create_team
from qa.jobs import job_handler


@job_handler("test.two_steps")
def two_steps(job):
    """Creates one team per step; on its first attempt it can sleep mid-way so a test can kill it."""
    if job.needs("first"):
        create_team(f"job-{job.job_id}-first")
        job.complete_step("first", 50)
    if job.needs("second"):
        job.progress(60, "sleeping")
        if job.attempt == 1:
            time.sleep(job.payload.get("sleep_first_attempt", 0))
        create_team(f"job-{job.job_id}-second")
        job.complete_step("second", 100)


@job_handler("test.fails_after_write")
def fails_after_write(job):
    create_team(f"job-{job.job_id}-must-not-survive")
    raise RuntimeError("the disk is on fire")
