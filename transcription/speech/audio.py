"""Audio files: recognise them by content, read their shape, decode them to 16 kHz channels (PyAV)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from faster_whisper import decode_audio

from qa.errors import Refused

SAMPLE_RATE = 16000
ACCEPTED = "wav (PCM, mu-law, A-law), mp3, m4a/aac, ogg/opus or flac, mono or stereo"
# Magic numbers at the start of each accepted container.
_SIGNATURES = (b"RIFF", b"ID3", b"fLaC", b"OggS", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2", b"\xff\xf1", b"\xff\xf9")


class AudioError(Refused):
    pass


def looks_like_audio(data: bytes) -> bool:
    head = data[:12]
    return head.startswith(_SIGNATURES) or head[4:8] == b"ftyp"


@dataclass(frozen=True)
class AudioInfo:
    channels: int
    sample_rate: int
    duration: float
    codec: str


def probe_audio(path: Path) -> AudioInfo:
    """Read the file's shape without decoding it all; refuse what cannot be a call recording."""
    _refuse_truncated_riff(path)
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise AudioError(f"The file has no audio stream. Accepted: {ACCEPTED}.")
            stream = container.streams.audio[0]
            duration = _declared_duration(container, stream)
            info = AudioInfo(stream.codec_context.channels, stream.codec_context.sample_rate or 0,
                             duration, stream.codec_context.name)
    except av.error.FFmpegError as error:
        raise AudioError(f"The audio cannot be read ({error.strerror or error}). Accepted: {ACCEPTED}.") from error
    if info.channels not in (1, 2):
        raise AudioError(f"The recording has {info.channels} channels; Callibrate takes mono or stereo calls.")
    return info


def _refuse_truncated_riff(path: Path) -> None:
    """FFmpeg sizes a WAV by the bytes present, so a cut-off file looks whole; its RIFF header does not."""
    with path.open("rb") as handle:
        head = handle.read(12)
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        declared = int.from_bytes(head[4:8], "little") + 8
        actual = path.stat().st_size
        if actual < declared:
            raise AudioError(f"The file is truncated: its header announces {declared:,} bytes but it has "
                             f"{actual:,}. Upload the complete recording.")


def _declared_duration(container, stream) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return 0.0


def decode_channels(path: Path, info: AudioInfo) -> list[np.ndarray]:
    """16 kHz float32 samples per channel; a file shorter than its header says is refused as truncated."""
    try:
        channels = decode_audio(str(path), sampling_rate=SAMPLE_RATE, split_stereo=info.channels == 2)
    except (av.error.FFmpegError, ValueError) as error:
        raise AudioError(f"The audio cannot be decoded ({error}). Accepted: {ACCEPTED}.") from error
    channels = list(channels) if info.channels == 2 else [channels]
    decoded = len(channels[0]) / SAMPLE_RATE
    if decoded < 0.1:
        raise AudioError("The recording holds no audio (shorter than 0.1 s).")
    if info.duration and decoded < 0.9 * info.duration - 0.5:
        raise AudioError(f"The file is truncated: its header says {info.duration:.1f} s "
                         f"but only {decoded:.1f} s could be decoded.")
    return channels


def channels_are_copies(channels: list[np.ndarray]) -> bool:
    """A mono call saved as stereo: transcribing both would double every line under two speakers.

    Two real speakers on separate channels correlate near 0; a copied (or re-encoded) channel near 1.
    """
    if len(channels) != 2:
        return False
    # Every 8th sample is plenty to tell, and keeps a long call from needing a float64 copy of both.
    left, right = (c[::8].astype(np.float64) for c in channels)
    if min(np.abs(left).max(initial=0.0), np.abs(right).max(initial=0.0)) < 0.01:
        return False
    return float(np.corrcoef(left, right)[0, 1]) > 0.98
