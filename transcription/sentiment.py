"""How each side felt: a VADER score per utterance, and per speaker the start, the end and the trend.

VADER (Hutto and Gilbert, 2014) is a lexicon with rules for negation, intensifiers, capitals and
punctuation, made for short informal text; it runs offline and its lexicon ships in the wheel. It
reads feeling from words, so a complaint told without any ("my parcel has not arrived") scores
neutral: bench/sentiment.py measures how often it agrees with people on real support turns.
"""
from __future__ import annotations

import math
from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from transcription.models import Interaction, Speaker

# In a support conversation these words are the form of a request, not a feeling: "please help",
# "contact support", "it looks like". VADER scores them as positive, which turns complaints positive.
REQUEST_WORDS = ("please", "help", "support", "like", "hello", "hi", "hey", "kindly", "assist", "ok", "okay")
# Words of the trade that tell of a problem and that VADER's general lexicon lacks, with valences on its
# scale (-4 to 4), set from their meaning, beside its own "delay" (-1.3) and "stuck" (-1.0).
COMPLAINT_WORDS = {"waiting": -1.0, "waited": -1.0, "outage": -1.5, "overcharged": -2.0, "unresolved": -1.5,
                   "useless": -2.0, "garbage": -2.5, "still": -0.5, "again": -0.5}

# The thresholds VADER's authors recommend for its compound score. Each label's condition works on a
# float and on a SQL column alike, so the list filter (transcription.queries) uses the same bounds.
POSITIVE_FROM = 0.05
NEGATIVE_TO = -0.05
LABEL_CONDITIONS = {
    "negative": lambda score: score <= NEGATIVE_TO,
    "neutral": lambda score: (score > NEGATIVE_TO) & (score < POSITIVE_FROM),
    "positive": lambda score: score >= POSITIVE_FROM,
}
LABELS = tuple(LABEL_CONDITIONS)


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    analyzer = SentimentIntensityAnalyzer()  # reads its lexicon files once
    for word in REQUEST_WORDS:
        analyzer.lexicon.pop(word, None)
    analyzer.lexicon.update(COMPLAINT_WORDS)
    return analyzer


def utterance_sentiment(text: str) -> float:
    """VADER's compound score, from -1 (most negative) to 1 (most positive)."""
    return round(_analyzer().polarity_scores(text)["compound"], 3)


def sentiment_label(score: float | None) -> str | None:
    if score is None:
        return None
    return next(label for label, holds in LABEL_CONDITIONS.items() if holds(score))


def speaker_arc(scores: list[float]) -> dict | None:
    """Start and end are the means of a speaker's first and last third of turns (at least one each),
    so one curt "ok" does not decide how a conversation ended; trend is end minus start."""
    if not scores:
        return None
    third = math.ceil(len(scores) / 3)
    start, end = sum(scores[:third]) / third, sum(scores[-third:]) / third
    return {"start": round(start, 3), "end": round(end, 3), "trend": round(end - start, 3),
            "mean": round(sum(scores) / len(scores), 3), "count": len(scores)}


def score_interaction(interaction: Interaction) -> None:
    """Score every utterance and summarise each speaker; call again after speakers change."""
    by_speaker: dict[str, list[float]] = {}
    for utterance in interaction.utterances:
        utterance.sentiment = utterance_sentiment(utterance.text)
        by_speaker.setdefault(utterance.speaker, []).append(utterance.sentiment)
    interaction.sentiment = {speaker: speaker_arc(scores) for speaker, scores in by_speaker.items()}
    customer = interaction.sentiment.get(Speaker.CUSTOMER.value)
    interaction.customer_end_sentiment = customer["end"] if customer else None
