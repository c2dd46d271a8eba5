"""Disputes: an agent contests criteria of an evaluation and a resolver decides."""
from flask import Flask


def init_disputes(app: Flask) -> None:
    from qa.disputes import models  # noqa: F401
    from qa.disputes.settings import check_dispute_settings

    check_dispute_settings(app.config)
