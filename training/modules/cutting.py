"""Cutting a stretch out of a stored recording: PyAV decodes [start, end], mixes the channels to one, and
encodes it as a small Ogg/Opus file (16 kHz mono, about 24 kbit/s: 5 minutes are under 1 MB)."""
from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from qa.errors import Refused

CLIP_RATE = 16000
CLIP_SUFFIX = ".ogg"
CLIP_MEDIA_TYPE = "audio/ogg"
_BITRATE = 24000


def cut_audio(source: Path, start: float, end: float) -> bytes:
    """The recording's [start, end] seconds as an Ogg/Opus file's bytes."""
    samples = _decode_range(source, start, end)
    if len(samples) < CLIP_RATE * (end - start) - CLIP_RATE * 0.05:
        raise Refused(f"The recording ends at {len(samples) / CLIP_RATE + start:.1f} s, before the clip does "
                      f"({end:.1f} s).")
    return _encode_opus(samples)


def _decode_range(source: Path, start: float, end: float) -> np.ndarray:
    """Mono float32 samples at CLIP_RATE from `start` to `end`. FLAC and PCM files (every muted, redacted copy
    is FLAC) are sought near the start and trimmed by the decoded frames' timestamps, which are exact for them;
    other codecs are decoded from the beginning, as processing did, because their timestamps after a seek can
    be off by the encoder's delay (70 ms for MP3)."""
    try:
        with av.open(str(source)) as container:
            stream = container.streams.audio[0]
            seeked = start > 1 and stream.time_base is not None and _exact_seek(stream.codec_context.name)
            if seeked:
                container.seek(int(start / stream.time_base), stream=stream)  # lands at or before `start`
            resampler = av.AudioResampler(format="fltp", layout=stream.codec_context.layout.name, rate=CLIP_RATE)
            pieces, begins_at, decoded, wanted = [], None, 0, int(round((end - start) * CLIP_RATE))
            for frame in container.decode(stream):
                if begins_at is None:
                    begins_at = float(frame.pts * frame.time_base) if seeked and frame.pts is not None else 0.0
                    if begins_at > start:  # a seek that overshot: start again from the beginning
                        return _decode_range_from_beginning(source, start, end)
                for out in resampler.resample(frame):
                    pieces.append(out.to_ndarray())
                    decoded += out.samples
                if decoded >= (end - begins_at + 1) * CLIP_RATE:  # a second to spare for the resampler's delay
                    break
            for out in resampler.resample(None):
                pieces.append(out.to_ndarray())
    except av.error.FFmpegError as error:
        raise Refused(f"The recording cannot be read to cut the clip ({error.strerror or error}).") from error
    if not pieces:
        return np.zeros(0, dtype=np.float32)
    # Agent and customer on one channel at their own loudness (each channel of a call is one speaker, so they
    # add up only where they talk over each other, and only that is clipped).
    mono = np.clip(np.concatenate(pieces, axis=1).sum(axis=0, dtype=np.float32), -1.0, 1.0)
    first = int(round((start - (begins_at or 0.0)) * CLIP_RATE))
    return np.ascontiguousarray(mono[first:first + wanted])


def _exact_seek(codec: str) -> bool:
    return codec == "flac" or codec.startswith("pcm_")


def _decode_range_from_beginning(source: Path, start: float, end: float) -> np.ndarray:
    return _decode_range(source, 0.0, end)[int(round(start * CLIP_RATE)):]


def _encode_opus(samples: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=CLIP_RATE, layout="mono")
        stream.codec_context.bit_rate = _BITRATE
        frame_size = stream.codec_context.frame_size or 320
        for offset in range(0, len(samples), frame_size):
            chunk = np.ascontiguousarray(samples[offset:offset + frame_size]).reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(chunk, format="flt", layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = CLIP_RATE, offset, Fraction(1, CLIP_RATE)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()
