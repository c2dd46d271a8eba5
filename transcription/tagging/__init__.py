"""Auto-tagging: contact reasons, agent behaviours, customer signals and PII found, with their evidence."""
from __future__ import annotations

import threading

from flask import current_app

from transcription.tagging.engine import TagHit, Tagger
from transcription.tagging.rules import RuleSet, parse_rules

_taggers: dict[tuple, Tagger] = {}
_lock = threading.Lock()


def build_tagger(rules: RuleSet) -> Tagger:
    from transcription.nlp import load_nlp

    return Tagger(load_nlp(current_app.config["NLP_MODEL"]), rules)


def configured_tagger() -> Tagger:
    """The tagger for the rules in force; compiled once per process and rules version."""
    from transcription.tagging.versions import current_rules_text, current_version

    version = current_version()
    key = (current_app.config["NLP_MODEL"], version.id if version else None)
    with _lock:
        if key not in _taggers:
            _taggers.clear()  # rules changed: the old tagger will not be asked again
            _taggers[key] = build_tagger(parse_rules(current_rules_text()))
        return _taggers[key]


def pii_hits(placeholders_by_utterance: list[list]) -> list[TagHit]:
    """Every redaction is also a `pii.<kind>` tag, with the placeholder as its evidence."""
    return [TagHit(f"pii.{kind}", index, start, end)
            for index, placeholders in enumerate(placeholders_by_utterance) for start, end, kind in placeholders]
