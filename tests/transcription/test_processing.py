"""Recordings through the real processing job: faster-whisper with the bundled model, on real speech."""
import re

import numpy as np
import pytest

from qa.extensions import db
from qa.jobs.services import run_pending_jobs
from tests.transcription.recordings import FORMATS, JFK, LIBRIVOX, STEREO_CALL, encode, place, speech
from transcription.imports import ImportOptions, import_file
from transcription.models import Interaction


def process(path, **options) -> Interaction:
    [result] = import_file(path.read_bytes(), path.name, ImportOptions(**options))
    assert result.status == "received", result.error
    db.session.commit()
    run_pending_jobs()
    return db.session.get(Interaction, result.interaction_id, populate_existing=True)


def words(text: str) -> str:
    return re.sub(r"[^a-z ]", "", text.lower())


def test_both_channels_of_a_real_stereo_call_get_their_speaker(app):
    interaction = process(STEREO_CALL)
    assert interaction.status == "ready", interaction.error
    by_speaker = {u.speaker: words(u.text) for u in interaction.utterances}
    assert "confused complaint against the wizard" in by_speaker["agent"]   # left channel
    assert "horizon seems extremely distant" in by_speaker["customer"]     # right channel
    agent = next(u for u in interaction.utterances if u.speaker == "agent")
    assert agent.words and all(w[0] <= w[1] for w in agent.words) and 0 < agent.confidence <= 1
    assert all(u.overlaps for u in interaction.utterances), "both speak at once in this file"
    assert interaction.metrics["overtalk_count"] == 1


def test_agent_on_the_right_channel_is_a_setting(app_factory):
    app = app_factory(AGENT_CHANNEL="right")
    with app.app_context():
        interaction = process(STEREO_CALL)
        assert "horizon" in words(next(u.text for u in interaction.utterances if u.speaker == "agent"))


def test_each_import_can_say_which_channel_is_the_agent(app):
    interaction = process(STEREO_CALL, agent_channel="right")
    assert interaction.agent_channel == "right"
    assert "horizon" in words(next(u.text for u in interaction.utterances if u.speaker == "agent"))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_accepted_audio_format_is_transcribed(app, tmp_path, fmt):
    suffix = FORMATS[fmt][2]
    path = encode(tmp_path / f"call{suffix}", [speech(JFK), place(11.0)], fmt)
    interaction = process(path)
    assert interaction.status == "ready", interaction.error
    assert "ask not what your country can do for you" in words(" ".join(u.text for u in interaction.utterances))
    assert {u.speaker for u in interaction.utterances} == {"agent"}, "no text from the silent customer channel"


def test_a_mono_call_keeps_its_speakers_unknown(app):
    interaction = process(LIBRIVOX[0])
    assert interaction.status == "ready" and interaction.audio_channels == 1
    assert {u.speaker for u in interaction.utterances} == {"unknown"}
    assert "leisure to consider" in words(" ".join(u.text for u in interaction.utterances))
    assert interaction.metrics is None


def test_a_stereo_file_with_two_identical_channels_is_treated_as_mono(app):
    interaction = process(JFK)  # the shared jfk.flac is stereo with the same signal on both sides
    assert interaction.status == "ready" and interaction.audio_channels == 1
    assert {u.speaker for u in interaction.utterances} == {"unknown"}
    assert words(" ".join(u.text for u in interaction.utterances)).count("ask not") == 1


@pytest.mark.parametrize("noise", [0.0, 0.05], ids=["silence", "noise"])
def test_silent_or_noise_only_recordings_give_no_text(app, tmp_path, noise):
    rng = np.random.default_rng(7)
    channels = [(rng.standard_normal(16000 * 20) * noise).astype(np.float32) for _ in range(2)]
    interaction = process(encode(tmp_path / "quiet.wav", channels))
    assert interaction.status == "ready"
    assert interaction.utterances == []
    assert interaction.metrics["silence_share"] == 1.0


@pytest.mark.parametrize("fmt", ["wav", "flac"])
def test_a_truncated_recording_is_refused_with_a_reason(app, tmp_path, fmt):
    whole = encode(tmp_path / f"whole{FORMATS[fmt][2]}", [speech(JFK)], fmt).read_bytes()
    cut = whole[: len(whole) // 3]
    [result] = import_file(cut, f"cut{FORMATS[fmt][2]}", ImportOptions())
    if result.status == "received":  # some containers only show it when decoded, in the job
        db.session.commit()
        run_pending_jobs()
        interaction = db.session.get(Interaction, result.interaction_id, populate_existing=True)
        assert interaction.status == "failed" and "truncated" in interaction.error
        assert interaction.utterances == []
    else:
        assert result.status == "failed" and "truncated" in result.error
        assert db.session.scalar(db.select(db.func.count()).select_from(Interaction)) == 0


def test_metrics_of_a_recording_with_known_timings(app, tmp_path):
    """Agent 0–~9 s; customer starts 1 s before the agent ends (overtalk); 30 s of hold; agent again."""
    agent_a, customer, agent_b = speech(LIBRIVOX[0]), speech(LIBRIVOX[1]), speech(LIBRIVOX[2])
    a_end = len(agent_a) / 16000
    c_start = a_end - 1.0
    c_end = c_start + len(customer) / 16000
    b_start = c_end + 30.0
    total = b_start + len(agent_b) / 16000 + 1.0
    path = encode(tmp_path / "timed.wav", [place(total, (0, agent_a), (b_start, agent_b)),
                                           place(total, (c_start, customer))])
    metrics = process(path).metrics
    assert metrics["hold_count"] == 1
    [hold] = metrics["holds"]
    assert hold["start"] == pytest.approx(c_end, abs=0.8) and hold["end"] == pytest.approx(b_start, abs=0.8)
    assert metrics["hold_seconds"] == pytest.approx(30.0, abs=1.5)
    assert metrics["overtalk_count"] == 1
    assert metrics["overtalk_seconds"] == pytest.approx(1.0, abs=0.6)
    assert metrics["first_agent_response_seconds"] == 0.0
    assert metrics["agent_words_per_minute"] > 100
    assert metrics["duration_seconds"] == pytest.approx(total, abs=0.1)
