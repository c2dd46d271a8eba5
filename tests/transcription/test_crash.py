"""A worker killed in the middle of transcribing a call: another worker finishes it, once."""
import signal

import numpy as np
import pytest

from qa.extensions import db
from qa.jobs.models import Job
from tests.transcription.recordings import LIBRIVOX, encode, speech
from tests.workers import start_worker, wait_for
from transcription.imports import ImportOptions, import_file
from transcription.models import Interaction

pytestmark = [pytest.mark.slow, pytest.mark.queue]


def test_a_worker_killed_mid_transcription_is_finished_once_by_another(app, tmp_path):
    clips = [speech(path) for path in LIBRIVOX]
    agent = np.concatenate(clips * 4)             # long enough to catch the customer channel mid-way
    customer = np.concatenate(list(reversed(clips)) * 4)
    call = encode(tmp_path / "long.wav", [agent, customer])
    [result] = import_file(call.read_bytes(), "long.wav", ImportOptions())
    db.session.commit()
    interaction = db.session.get(Interaction, result.interaction_id)
    job_id = interaction.job_id
    log = tmp_path / "worker.log"

    first = start_worker(app, log)
    try:
        def transcribing_the_customer():
            job = db.session.get(Job, job_id, populate_existing=True)
            return job.steps_done == ["transcribe-channel-0"] and "customer" in job.step

        wait_for(transcribing_the_customer, 240, "the customer channel to be under way", log)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        first.kill()
    job = db.session.get(Job, job_id, populate_existing=True)
    assert job.status == "running" and "customer" in job.step

    second = start_worker(app, log)
    try:
        wait_for(lambda: db.session.get(Interaction, interaction.id, populate_existing=True).status == "ready",
                 240, "the second worker to finish", log)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)

    job = db.session.get(Job, job_id, populate_existing=True)
    assert job.attempts == 2 and job.steps_done == ["transcribe-channel-0", "transcribe-channel-1", "store"]
    interaction = db.session.get(Interaction, interaction.id, populate_existing=True)
    positions = [u.position for u in interaction.utterances]
    assert positions == list(range(len(positions))), "each line stored once, in order"
    agent_text = " ".join(u.text.lower() for u in interaction.utterances if u.speaker == "agent")
    assert agent_text.count("leisure to consider") == 4, "the agent channel's four repeats, no more"
