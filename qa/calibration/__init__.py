"""Calibration and reviewer quality: blind sessions with gold answers, agreement statistics, leniency,
certification before live reviews, and AutoQA checked against people."""
from flask import Flask


def init_calibration(app: Flask) -> None:
    from qa.calibration import models  # noqa: F401
