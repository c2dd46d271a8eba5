"""Auto-tagging: contact reasons, agent behaviours, customer signals and PII found, with their evidence."""
from __future__ import annotations

import threading

from flask import current_app

from transcription.tagging.engine import TagHit, Tagger
from transcription.tagging.rules import load_default_rules

_taggers: dict[str, Tagger] = {}
_lock = threading.Lock()


def configured_tagger() -> Tagger:
    """One tagger per process and model: compiling the matchers costs more than tagging a call."""
    from transcription.nlp import load_nlp

    name = current_app.config["NLP_MODEL"]
    with _lock:
        if name not in _taggers:
            _taggers[name] = Tagger(load_nlp(name), load_default_rules())
        return _taggers[name]


def pii_hits(placeholders_by_utterance: list[list]) -> list[TagHit]:
    """Every redaction is also a `pii.<kind>` tag, with the placeholder as its evidence."""
    return [TagHit(f"pii.{kind}", index, start, end)
            for index, placeholders in enumerate(placeholders_by_utterance) for start, end, kind in placeholders]
