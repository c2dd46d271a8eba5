"""An interaction's call metrics, from its stored voice activity and the words of its timeline."""
from __future__ import annotations

from flask import current_app

from transcription.metrics import MetricSettings, Span, TimedWord, compute_call_metrics
from transcription.models import Interaction, Speaker

SIDES = (Speaker.AGENT.value, Speaker.CUSTOMER.value)


def measure_call(interaction: Interaction) -> dict | None:
    """None for mono calls and chats: without separate channels there is no per-side talk to measure."""
    activity = interaction.voice_activity or {}
    if not interaction.duration_seconds or set(activity) != set(SIDES):
        return None
    words = {side: [] for side in SIDES}
    for utterance in interaction.utterances:
        if utterance.speaker in words:
            words[utterance.speaker].extend(TimedWord(w[0], w[1], w[2]) for w in utterance.words)
    config = current_app.config
    return compute_call_metrics(
        interaction.duration_seconds,
        {side: [Span(start, end) for start, end in activity[side]] for side in SIDES},
        words,
        MetricSettings(hold_min_seconds=config["HOLD_MIN_SECONDS"],
                       overtalk_min_seconds=config["OVERTALK_MIN_SECONDS"]))
