"""Tag an interaction's stored (redacted) utterances and keep the hits with their evidence."""
from __future__ import annotations

from transcription.models import Interaction, TagHit
from transcription.tagging import configured_tagger, pii_hits


def tag_interaction(interaction: Interaction) -> None:
    utterances = interaction.utterances
    found = configured_tagger().tag_conversation([(u.speaker, u.text) for u in utterances])
    found += pii_hits([u.redactions or [] for u in utterances])
    interaction.tag_hits = [
        TagHit(key=hit.key, utterance=utterances[hit.utterance], start=hit.start, end=hit.end,
               time=_time_of(utterances[hit.utterance], hit.start), source=hit.source)
        for hit in found]


def _time_of(utterance, char: int) -> float | None:
    """The start of the word holding the hit; its words are the utterance text joined by spaces."""
    position = 0
    for word in utterance.words or []:
        if position + len(word[2]) >= char:
            return word[0]
        position += len(word[2]) + 1
    return utterance.start
