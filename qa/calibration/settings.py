"""Calibration settings, declared to the shell so they are checked at start-up.

CALIBRATION_ALPHA_BAR: a criterion whose Krippendorff's alpha falls below this is flagged as one the
reviewers do not score alike (0.667 is Krippendorff's lowest bar for tentative conclusions).
CALIBRATION_BOOTSTRAP: how many bootstrap resamples the confidence interval of alpha is drawn from.
"""
from __future__ import annotations

from typing import Any

from qa.settings import declare_settings, positive_int


def share(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        return f"must be a number from 0 to 1, not {value!r}"
    return None


declare_settings({
    "CALIBRATION_ALPHA_BAR": (0.667, share),
    "CALIBRATION_BOOTSTRAP": (1000, positive_int),
})
