"""Calibration and reviewer quality: blind sessions with gold answers, agreement statistics, leniency,
certification before live reviews, and AutoQA checked against people."""
from flask import Flask


def init_calibration(app: Flask) -> None:
    from qa.calibration import models  # noqa: F401
    from qa.calibration.services import draft_in_use
    from scorecards.services import draft_guards

    if draft_in_use not in draft_guards:
        draft_guards.append(draft_in_use)
    from qa.calibration.views import init_session_pages
    init_session_pages(app)  # /calibration: sessions, gold answers, recurring schedules, the CSV
    from qa.calibration.certification_views import init_certification
    init_certification(app)  # /certification: rules, reviewers' standing, the gate on live reviews, grading
    from qa.calibration.quality_views import init_quality_pages
    init_quality_pages(app)  # /quality: AutoQA against people, reviewer leniency, adjusted agent scores
