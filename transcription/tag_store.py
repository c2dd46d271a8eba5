"""Tag an interaction's stored (redacted) utterances and keep the hits with their evidence.

Reviewers' edits are kept apart: re-tagging replaces only the rules' hits, keeps manual tags, and
keeps a removed tag removed.
"""
from __future__ import annotations

from qa.audit import record
from qa.errors import Refused
from qa.extensions import db
from qa.timeutil import utcnow
from transcription.models import Interaction, TagHit
from transcription.tagging import configured_tagger, pii_hits


def tag_interaction(interaction: Interaction, tagger=None) -> None:
    """`tagger` lets a batch reuse one; by default the tagger for the rules in force."""
    utterances = interaction.utterances
    found = (tagger or configured_tagger()).tag_conversation([(u.speaker, u.text) for u in utterances])
    found += pii_hits([u.redactions or [] for u in utterances])
    previous = [hit for hit in interaction.tag_hits if hit.source != "manual"]
    dismissed = {(hit.key, hit.utterance.position): hit for hit in previous if not hit.active}
    fresh = []
    for hit in found:
        utterance = utterances[hit.utterance]
        earlier = dismissed.get((hit.key, utterance.position))
        fresh.append(TagHit(key=hit.key, utterance=utterance, start=hit.start, end=hit.end,
                            time=_time_of(utterance, hit.start), source=hit.source,
                            dismissed_by_id=earlier.dismissed_by_id if earlier else None,
                            dismissed_at=earlier.dismissed_at if earlier else None))
    interaction.tag_hits = [hit for hit in interaction.tag_hits if hit.source == "manual"] + fresh


def add_manual_tag(interaction: Interaction, key: str, position: int, user_id: int) -> TagHit:
    utterance = next((u for u in interaction.utterances if u.position == position), None)
    if utterance is None:
        raise Refused(f"Interaction {interaction.id} has no line {position}.")
    if "." not in key or len(key) > 60:
        raise Refused("Choose a tag from the taxonomy.")
    hit = TagHit(key=key, utterance=utterance, start=0, end=len(utterance.text), time=utterance.start,
                 source="manual", created_by_id=user_id)
    interaction.tag_hits.append(hit)
    db.session.flush()
    record("tag.added", "interaction", interaction.id, user_id, f"Added tag {key} on line {position}.",
           after={"key": key, "line": position})
    return hit


def remove_tag(interaction: Interaction, hit_id: int, user_id: int) -> TagHit:
    hit = next((h for h in interaction.tag_hits if h.id == hit_id), None)
    if hit is None or not hit.active:
        raise Refused("That tag is not on this interaction.")
    hit.dismissed_by_id, hit.dismissed_at = user_id, utcnow()
    db.session.flush()
    line = hit.utterance.position
    record("tag.removed", "interaction", interaction.id, user_id, f"Removed tag {hit.key} from line {line}.",
           before={"key": hit.key, "line": line, "source": hit.source})
    return hit


def _time_of(utterance, char: int) -> float | None:
    """The start of the word holding the hit; its words are the utterance text joined by spaces."""
    position = 0
    for word in utterance.words or []:
        if position + len(word[2]) >= char:
            return word[0]
        position += len(word[2]) + 1
    return utterance.start
