"""Audio decoding, the speech model and per-channel transcription."""
