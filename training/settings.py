"""Coaching settings, declared to the shell so they are checked at start-up.

COACHING_PROFILE_DAYS: how far back the competency profile's rolling scores look.
COACHING_THRESHOLD: a competency below this score (0–100) is a weakness a plan is proposed for.
COACHING_MIN_EVALUATIONS: fewer evaluations behind a competency than this is too little to act on.
COACHING_EFFECT_DAYS: the length of the before and after windows the effect of coaching is measured over.
"""
from __future__ import annotations

from typing import Any

from qa.settings import declare_settings, positive_int


def score(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        return f"must be a score from 0 to 100, not {value!r}"
    return None


declare_settings({
    "COACHING_PROFILE_DAYS": (90, positive_int),
    "COACHING_THRESHOLD": (75, score),
    "COACHING_MIN_EVALUATIONS": (5, positive_int),
    "COACHING_EFFECT_DAYS": (30, positive_int),
})
