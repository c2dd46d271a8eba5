"""Interactions in: import, audio, speech to text, redaction, tagging, metrics."""
