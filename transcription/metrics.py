"""Audio metrics of a two-speaker call: talk, silence, holds, overtalk, monologues, speech rate.

Everything is computed from voice-activity spans and word timestamps, never from transcription
segment bounds: speech-to-text segments stretch over pauses and would hide silence and overtalk.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

SPEAKERS = ("agent", "customer")
# Float sums like 0.7 + 0.5 miss a threshold by ~1e-16; a timeline built to sit exactly on a
# threshold should behave as written.
_EPSILON = 1e-9


@dataclass(frozen=True)
class Span:
    """A stretch of time in seconds from the start of the recording."""
    start: float
    end: float

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"A span cannot end ({self.end}) before it starts ({self.start}).")

    @property
    def length(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class TimedWord:
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class MetricSettings:
    hold_min_seconds: float = 20.0  # no speech on either side for longer than this is a hold
    overtalk_min_seconds: float = 0.5  # shorter overlaps are back-channel ("mm-hmm"), not overtalk
    # Agent pauses shorter than this, with no customer speech in them, don't end a monologue.
    monologue_max_pause_seconds: float = 2.0

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if not value >= 0:
                raise ValueError(f"{name} must be zero or more, got {value}.")


def merge_spans(spans: list[Span]) -> list[Span]:
    """Sorted, non-overlapping spans covering the same time; touching spans join, empty ones go."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if span.length <= 0:
            continue
        if merged and span.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def interval_overlaps(a: list[Span], b: list[Span]) -> list[Span]:
    """The time covered by both a and b, as merged spans (mere touching is no overlap)."""
    a, b = merge_spans(a), merge_spans(b)
    overlaps: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i].start, b[j].start), min(a[i].end, b[j].end)
        if end > start:
            overlaps.append(Span(start, end))
        if a[i].end < b[j].end:
            i += 1
        else:
            j += 1
    return overlaps


def compute_call_metrics(duration: float, speech: dict[str, list[Span]], words: dict[str, list[TimedWord]],
                         settings: MetricSettings = MetricSettings()) -> dict[str, float | int | list | None]:
    """Metrics of one call; speech and words are keyed by "agent" and "customer" (either may be missing).

    Spans are clipped to [0, duration] and merged per speaker first. Seconds are rounded to 2
    decimals, shares to 4, words per minute to 2.

    - Holds are silences (nobody speaking) longer than hold_min_seconds *between* two pieces of
      speech: silence before the first word or after the last is ringing or hang-up, not a hold.
    - first_agent_response_seconds is how long the customer waited for the agent: 0.0 when the
      agent speaks first (or both start together, or the customer never speaks); when the
      customer speaks first, the time from the start of the customer's first speech to the start
      of the agent's first speech; None when the agent never speaks.
    - Words per minute counts the words (non-blank text) that fall at least partly inside the
      call, over that speaker's voice-activity minutes; None when the speaker's talk time rounds
      to 0.00 s (in practice: never talks).
    """
    if not (math.isfinite(duration) and duration > 0):
        raise ValueError(f"A call's duration must be a positive number of seconds, got {duration!r}.")
    _check_speakers(speech, "speech")
    _check_speakers(words, "words")
    agent = _clip(speech.get("agent", []), duration)
    customer = _clip(speech.get("customer", []), duration)
    anyone = merge_spans(agent + customer)

    agent_talk, customer_talk = _total(agent), _total(customer)
    total_talk = agent_talk + customer_talk
    silences = _gaps(anyone, duration)
    holds = [gap for gap in silences
             if gap.length > settings.hold_min_seconds + _EPSILON and 0 < gap.start and gap.end < duration]
    overtalks = [overlap for overlap in interval_overlaps(agent, customer)
                 if overlap.length >= settings.overtalk_min_seconds - _EPSILON]
    return {
        "duration_seconds": _seconds(duration),
        "agent_talk_seconds": _seconds(agent_talk),
        "customer_talk_seconds": _seconds(customer_talk),
        "agent_talk_share": _share(agent_talk, total_talk),
        "customer_talk_share": _share(customer_talk, total_talk),
        "silence_seconds": _seconds(_total(silences)),
        "silence_share": _share(_total(silences), duration),
        "longest_silence_seconds": _seconds(max((gap.length for gap in silences), default=0.0)),
        "holds": [{"start": _seconds(hold.start), "end": _seconds(hold.end)} for hold in holds],
        "hold_count": len(holds),
        "hold_seconds": _seconds(_total(holds)),
        "overtalk_count": len(overtalks),
        "overtalk_seconds": _seconds(_total(overtalks)),
        "longest_agent_monologue_seconds": _seconds(
            _longest_monologue(agent, customer, settings.monologue_max_pause_seconds)),
        "agent_words_per_minute": _words_per_minute(words.get("agent", []), agent_talk, duration),
        "customer_words_per_minute": _words_per_minute(words.get("customer", []), customer_talk, duration),
        "first_agent_response_seconds": _first_agent_response(agent, customer),
    }


def _check_speakers(by_speaker: dict, what: str) -> None:
    # An unknown speaker (say a mono "speaker_0") would otherwise be dropped and counted as silence.
    unknown = set(by_speaker) - set(SPEAKERS)
    if unknown:
        raise ValueError(f"Unknown speaker(s) in {what}: {sorted(unknown)}; expected {list(SPEAKERS)}.")


def _clip(spans: list[Span], duration: float) -> list[Span]:
    inside = [Span(max(span.start, 0.0), min(span.end, duration))
              for span in spans if span.end > 0 and span.start < duration]
    return merge_spans(inside)


def _gaps(merged: list[Span], duration: float) -> list[Span]:
    """The parts of [0, duration] that merged spans leave uncovered."""
    edges = [0.0] + [edge for span in merged for edge in (span.start, span.end)] + [duration]
    return [Span(start, end) for start, end in zip(edges[::2], edges[1::2]) if end > start]


def _longest_monologue(agent: list[Span], customer: list[Span], max_pause: float) -> float:
    longest, run_start = 0.0, None
    for previous, span in zip([None] + agent, agent):
        pause = None if previous is None else Span(previous.end, span.start)
        bridged = (pause is not None and pause.length < max_pause
                   and not interval_overlaps([pause], customer))
        if not bridged:
            run_start = span.start
        longest = max(longest, span.end - run_start)
    return longest


def _words_per_minute(words: list[TimedWord], talk_seconds: float, duration: float) -> float | None:
    # Talk that rounds to 0.00 s would give an absurd (or infinite) rate; report none, as for silence.
    if _seconds(talk_seconds) == 0:
        return None
    spoken = sum(1 for word in words if word.text.strip() and word.end > 0 and word.start < duration)
    return round(spoken / (talk_seconds / 60), 2)


def _first_agent_response(agent: list[Span], customer: list[Span]) -> float | None:
    if not agent:
        return None
    if not customer or agent[0].start <= customer[0].start:
        return 0.0
    return _seconds(agent[0].start - customer[0].start)


def _total(spans: list[Span]) -> float:
    return sum(span.length for span in spans)


def _seconds(value: float) -> float:
    return round(value, 2)


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole > 0 else None
