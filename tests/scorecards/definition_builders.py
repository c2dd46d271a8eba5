"""Small builders for scorecard definition JSON, so each test shows only what it is about."""
from __future__ import annotations

from typing import Any


def criterion(key: str, answer_type: str = "yes_no", weight: float = 1, **extra: Any) -> dict:
    data = {"key": key, "question": f"Did the agent do {key}?", "answer_type": answer_type, "weight": weight}
    if answer_type == "scale":
        data["scale"] = {"min": 1, "max": 5}
    if answer_type == "points":
        data["options"] = [{"key": "full", "label": "Fully", "points": 2},
                           {"key": "partial", "label": "Partly", "points": 1},
                           {"key": "none", "label": "Not at all", "points": 0}]
    return data | extra


def section(key: str, *criteria: dict, weight: float = 1, **extra: Any) -> dict:
    return {"key": key, "name": key.replace("_", " ").capitalize(), "weight": weight,
            "criteria": list(criteria) or [criterion(f"{key}_check")]} | extra


def definition(*sections: dict, **extra: Any) -> dict:
    return {"sections": list(sections) or [section("main")]} | extra


def worked_example(**extra: Any) -> dict:
    """The example the engine tests compute by hand (see test_engine.py)."""
    return definition(
        section("opening", criterion("greeting"), criterion("introduction", "yes_no_na"), weight=20),
        section("resolution", criterion("accurate", weight=3, critical="section"),
                criterion("empathy", "scale", weight=1), criterion("process", "points", weight=2), weight=50),
        section("compliance", criterion("verification", critical="form"), weight=30),
        section("extra_mile", criterion("went_beyond"), weight=5, bonus=True),
        pass_mark=80, **extra)
