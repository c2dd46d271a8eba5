"""Sentiment for the pages: a word for a score, and the points of the per-speaker line."""
from __future__ import annotations

from transcription.models import Interaction
from transcription.sentiment import sentiment_label

WIDTH, HEIGHT = 1000, 60


def feeling(score: float | None) -> str:
    """-0.71 → 'negative (-0.71)'; None → '—'."""
    return "—" if score is None else f"{sentiment_label(score)} ({score:+.2f})"


def sentiment_lines(interaction: Interaction) -> dict[str, str]:
    """SVG polyline points per speaker: x is the time of the turn (or its place in a chat), y the score
    from +1 at the top to -1 at the bottom."""
    utterances = [u for u in interaction.utterances if u.sentiment is not None]
    if not utterances:
        return {}
    timed = interaction.duration_seconds and all(u.start is not None for u in utterances)
    span = interaction.duration_seconds if timed else max(len(interaction.utterances) - 1, 1)
    lines: dict[str, list[str]] = {}
    for utterance in utterances:
        x = (utterance.start if timed else utterance.position) / span * WIDTH
        y = (1 - utterance.sentiment) / 2 * HEIGHT
        lines.setdefault(utterance.speaker, []).append(f"{x:.1f},{y:.1f}")
    return {speaker: " ".join(points) for speaker, points in lines.items()}
