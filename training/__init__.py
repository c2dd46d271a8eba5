"""Competencies, coaching and onboarding (imports scorecards and qa services)."""
