"""Speed: the whole processing job for a stereo call against bare faster-whisper on the same channels.

The call is real speech (the LibriVox clips) in alternating turns with a 25 s hold, clean 16 kHz
and as 8 kHz mu-law telephony. Both paths use the same loaded model and the same settings
(language, beam size, temperatures, voice-activity filter, word timestamps); model loading is
outside both timings. Targets (issue 3): job ≤ 1.15 × bare; real-time factor ≤ 0.15 (16 kHz)
and ≤ 0.25 (8 kHz) on 2 cores.

Usage: .venv/bin/python bench/stt_speed.py [--repeat 2]
"""
import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from faster_whisper import decode_audio  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from qa import create_app  # noqa: E402
from qa.extensions import db  # noqa: E402
from qa.jobs.services import execute_job  # noqa: E402
from tests.transcription.recordings import LIBRIVOX, encode, speech  # noqa: E402
from transcription.imports import ImportOptions, import_file  # noqa: E402
from transcription.models import Interaction  # noqa: E402
from transcription.processing import speech_model, stt_options  # noqa: E402


def conversation(repeat: int) -> list[np.ndarray]:
    """Agent and customer take turns with 0.6 s gaps; a 25 s hold in the middle."""
    agent, customer = [], []
    clips = [speech(path) for path in LIBRIVOX] * repeat
    for number, clip in enumerate(clips):
        speaking, silent = (agent, customer) if number % 2 == 0 else (customer, agent)
        gap = np.zeros(int(0.6 * 16000), dtype=np.float32)
        speaking.extend([clip, gap])
        silent.append(np.zeros(len(clip) + len(gap), dtype=np.float32))
        if number == len(clips) // 2:
            hold = np.zeros(25 * 16000, dtype=np.float32)
            agent.append(hold), customer.append(hold)
    return [np.concatenate(agent), np.concatenate(customer)]


def bare_seconds(path: Path) -> float:
    """faster-whisper alone, decoding with its own decode_audio, with the job's settings."""
    model, options = speech_model(), stt_options()
    start = time.perf_counter()
    for channel in decode_audio(str(path), split_stereo=True):
        segments, _ = model.transcribe(channel, language=options.language, beam_size=options.beam_size,
                                       word_timestamps=True, vad_filter=options.vad_filter,
                                       temperature=list(options.temperatures), condition_on_previous_text=False)
        list(segments)
    return time.perf_counter() - start


def job_seconds(path: Path) -> tuple[float, float]:
    [result] = import_file(path.read_bytes(), path.name, ImportOptions())
    db.session.commit()
    interaction = db.session.get(Interaction, result.interaction_id)
    start = time.perf_counter()
    assert execute_job(interaction.job_id)
    elapsed = time.perf_counter() - start
    interaction = db.session.get(Interaction, result.interaction_id, populate_existing=True)
    assert interaction.status == "ready", interaction.error
    return elapsed, interaction.duration_seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2, help="how many times the five clips are used")
    repeat = parser.parse_args().repeat
    tmp = Path(tempfile.mkdtemp())
    app = create_app({"INSTANCE_PATH": str(tmp), "SECRET_KEY": "bench-secret-key-123"})
    with app.app_context():
        upgrade()
        speech_model()  # load once, outside both timings
        channels = conversation(repeat)
        print(f"{'call':22}{'seconds':>9}{'bare s':>9}{'job s':>9}{'job/bare':>10}{'RTF':>7}{'target':>8}")
        for name, fmt, target in (("clean 16 kHz wav", "wav", 0.15), ("8 kHz mu-law wav", "wav-mulaw-8k", 0.25)):
            path = encode(tmp / f"{fmt}.wav", channels, fmt)
            bare = bare_seconds(path)
            job, duration = job_seconds(path)
            print(f"{name:22}{duration:9.1f}{bare:9.2f}{job:9.2f}{job / bare:10.2f}{job / duration:7.3f}{target:8.2f}")


if __name__ == "__main__":
    main()
