"""The stored copy of a recording with redacted speech silenced."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from qa.storage import write_atomically
from transcription.speech.audio import SAMPLE_RATE


def muted_flac(channels: list[np.ndarray], intervals: list[tuple[float, float]], path: Path) -> None:
    """Silence every interval on every channel (a caller's digits leak into the agent's line too)."""
    samples = np.stack(channels).astype(np.float32)
    for start, end in intervals:
        samples[:, int(start * SAMPLE_RATE):int(end * SAMPLE_RATE) + 1] = 0.0
    layout = "stereo" if len(channels) == 2 else "mono"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".partial")
    with av.open(str(temporary), "w", format="flac") as container:
        stream = container.add_stream("flac", rate=SAMPLE_RATE, layout=layout)
        for offset in range(0, samples.shape[1], 4096):
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples[:, offset:offset + 4096]),
                                               format="fltp", layout=layout)
            frame.sample_rate, frame.pts, frame.time_base = SAMPLE_RATE, offset, Fraction(1, SAMPLE_RATE)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    write_atomically(path, temporary.read_bytes())
    temporary.unlink()
