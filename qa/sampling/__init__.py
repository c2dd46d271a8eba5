"""Sampling rules and assignments: which reviewer reviews which interaction, and by when."""
from flask import Flask


def init_sampling(app: Flask) -> None:
    from qa.sampling import models  # noqa: F401
