"""One channel of audio → speech spans (voice activity) and timed, worded segments (faster-whisper)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
from faster_whisper import WhisperModel
from faster_whisper.transcribe import restore_speech_timestamps
from faster_whisper.vad import VadOptions, collect_chunks, get_speech_timestamps

from transcription.speech.audio import SAMPLE_RATE

# Speech is transcribed in groups of at most this much, so memory stays flat however long the call.
GROUP_SECONDS = 300
# Whisper's own rule for "this window was not speech", applied per segment after decoding.
NO_SPEECH_PROBABILITY = 0.6
LOW_AVERAGE_LOG_PROBABILITY = -1.0


@dataclass
class SttOptions:
    language: str = "en"
    beam_size: int = 1
    temperatures: tuple[float, ...] = (0.0, 0.4)
    vad_filter: bool = True


@dataclass
class ChannelTranscript:
    speech: list[list[float]] = field(default_factory=list)   # [[start, end], ...] from voice activity
    segments: list[dict] = field(default_factory=list)        # {start, end, text, words, confidence}

    def to_dict(self) -> dict:
        return asdict(self)


def transcribe_channel(model: WhisperModel, audio: np.ndarray, options: SttOptions) -> ChannelTranscript:
    # One voice-activity pass serves both the metrics and the transcription: faster-whisper's own
    # vad_filter would run it again. The steps below are the ones it takes internally.
    chunks = get_speech_timestamps(audio, VadOptions(), sampling_rate=SAMPLE_RATE)
    if not chunks:
        return ChannelTranscript()  # a silent or noise-only channel gives no text, not a hallucination
    speech = [[round(c["start"] / SAMPLE_RATE, 3), round(c["end"] / SAMPLE_RATE, 3)] for c in chunks]
    segments = []
    for group in _speech_groups(chunks) if options.vad_filter else [None]:
        segments.extend(_transcribe(model, audio, group, options))
    kept = [_segment_dict(s) for s in segments if not _looks_like_non_speech(s) and s.words]
    return ChannelTranscript(speech=speech, segments=[s for s in kept if s["text"]])


def _speech_groups(chunks: list[dict]) -> list[list[dict]]:
    """Consecutive speech chunks, at most GROUP_SECONDS of speech each; they split only at silences."""
    groups, current, length = [], [], 0
    for chunk in chunks:
        size = chunk["end"] - chunk["start"]
        if current and length + size > GROUP_SECONDS * SAMPLE_RATE:
            groups.append(current)
            current, length = [], 0
        current.append(chunk)
        length += size
    return groups + [current]


def _transcribe(model: WhisperModel, audio: np.ndarray, group: list[dict] | None, options: SttOptions):
    if group is not None:
        pieces, _ = collect_chunks(audio, group, sampling_rate=SAMPLE_RATE)
        audio = np.concatenate(pieces)
    segments, _ = model.transcribe(
        audio, language=options.language, beam_size=options.beam_size, word_timestamps=True,
        vad_filter=False, temperature=list(options.temperatures),
        # Conditioning on earlier text is how Whisper falls into repetition loops on noisy calls.
        condition_on_previous_text=False, hallucination_silence_threshold=2.0,
    )
    return restore_speech_timestamps(segments, group, SAMPLE_RATE) if group is not None else segments


def _looks_like_non_speech(segment) -> bool:
    return segment.no_speech_prob > NO_SPEECH_PROBABILITY and segment.avg_logprob < LOW_AVERAGE_LOG_PROBABILITY


def _segment_dict(segment) -> dict:
    words = [[round(float(w.start), 3), round(float(w.end), 3), w.word.strip(), round(float(w.probability), 4)]
             for w in segment.words]
    confidence = sum(w[3] for w in words) / len(words) if words else None
    return {"start": words[0][0] if words else float(segment.start),
            "end": words[-1][1] if words else float(segment.end),
            "text": segment.text.strip(), "words": words,
            "confidence": round(confidence, 4) if confidence is not None else None}
