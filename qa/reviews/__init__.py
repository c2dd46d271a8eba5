"""The review workflow: evaluations of interactions against scorecard versions, with AutoQA suggestions."""
from flask import Flask


def init_reviews(app: Flask) -> None:
    from qa.reviews import models  # noqa: F401
