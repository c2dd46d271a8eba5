"""Scorecards: their definitions, versions and the scoring engine (pure functions). Knows nothing of reviews;
imports only the qa shell."""
from flask import Flask


def init_scorecards(app: Flask) -> None:
    from scorecards import models  # noqa: F401
