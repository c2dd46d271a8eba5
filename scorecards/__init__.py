"""Scorecards and the scoring engine (pure functions)."""
