"""Real recordings for tests: the shared human speech, placed on channels at known times, encoded by PyAV."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from transcription.speech.audio import SAMPLE_RATE

SPEECH = Path(__file__).resolve().parents[3] / "shared" / "data" / "speech"
STEREO_CALL = SPEECH / "faster_whisper" / "stereo_diarization.wav"
JFK = SPEECH / "faster_whisper" / "jfk.flac"
LIBRIVOX = sorted((SPEECH / "librivox").glob("*.wav"))

# container, codec, file suffix
FORMATS = {
    "wav": ("wav", "pcm_s16le", ".wav"),
    "wav-mulaw-8k": ("wav", "pcm_mulaw", ".wav"),
    "wav-alaw-8k": ("wav", "pcm_alaw", ".wav"),
    "mp3": ("mp3", "libmp3lame", ".mp3"),
    "m4a": ("ipod", "aac", ".m4a"),
    "ogg-opus": ("ogg", "libopus", ".ogg"),
    "flac": ("flac", "flac", ".flac"),
}


def speech(path: Path) -> np.ndarray:
    from faster_whisper import decode_audio
    return decode_audio(str(path), sampling_rate=SAMPLE_RATE)


def place(total_seconds: float, *pieces: tuple[float, np.ndarray]) -> np.ndarray:
    """A channel of silence with each (start_second, samples) piece laid in."""
    channel = np.zeros(int(total_seconds * SAMPLE_RATE), dtype=np.float32)
    for start, samples in pieces:
        at = int(start * SAMPLE_RATE)
        channel[at:at + len(samples)] += samples[: len(channel) - at]
    return channel


def encode(path: Path, channels: list[np.ndarray], fmt: str = "wav", rate: int = SAMPLE_RATE) -> Path:
    container_name, codec, _ = FORMATS[fmt]
    if fmt in ("wav-mulaw-8k", "wav-alaw-8k"):
        rate = 8000
    if codec == "libopus":
        rate = 48000
    layout = "stereo" if len(channels) == 2 else "mono"
    samples = np.stack([_resample(c, rate) for c in channels]).astype(np.float32)
    with av.open(str(path), "w", format=container_name) as container:
        stream = container.add_stream(codec, rate=rate, layout=layout)
        frame_size = stream.codec_context.frame_size or 1024
        for offset in range(0, samples.shape[1], frame_size):
            chunk = np.ascontiguousarray(samples[:, offset:offset + frame_size])
            frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout=layout)
            frame.sample_rate, frame.pts, frame.time_base = rate, offset, Fraction(1, rate)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path


def _resample(channel: np.ndarray, rate: int) -> np.ndarray:
    if rate == SAMPLE_RATE:
        return channel
    positions = np.arange(0, len(channel), SAMPLE_RATE / rate)
    return np.interp(positions, np.arange(len(channel)), channel).astype(np.float32)
