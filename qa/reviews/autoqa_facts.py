"""What an AutoQA rule reads from an interaction, and how its answer and evidence are written down.

A rule sees only active tag hits (a reviewer's manual tags count, tags a reviewer removed do not), the
utterances in timeline order, and the call metrics. Evidence points at what a reviewer can click: a
line (utterance position), a character span in its text, and the time in the recording when there is one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from scorecards.definition import NA, Criterion
from transcription.models import Interaction, Speaker, TagHit, Utterance
from transcription.tagging.rules import TagRule, parse_rules
from transcription.tagging.versions import current_rules_text

QUOTE_MAX = 60


@dataclass(frozen=True)
class Suggestion:
    value: str          # an allowed answer of the criterion: "yes", "no" or "na"
    reason: str         # one sentence for the reviewer
    evidence: list[dict] = field(default_factory=list)  # [{position, start, end, time, tag, note}]


class Facts:
    """One interaction as the rules see it; built once per suggest_answers call."""

    def __init__(self, interaction: Interaction):
        self.interaction = interaction
        self.utterances: list[Utterance] = sorted(interaction.utterances, key=lambda u: u.position)
        self.hits: list[TagHit] = sorted((hit for hit in interaction.tag_hits if hit.active),
                                         key=lambda hit: (hit.utterance.position, hit.start, hit.id or 0))

    @cached_property
    def agent_turns(self) -> list[Utterance]:
        return [u for u in self.utterances if u.speaker == Speaker.AGENT.value]

    @cached_property
    def rules(self) -> dict[str, TagRule]:
        return parse_rules(current_rules_text()).by_key()

    def needs_speakers(self, keys: tuple[str, ...]) -> bool:
        """Whether these tags can only be found once we know who said what.

        Agent and customer tags never fire on an `unknown` speaker's line (a mono call), so their absence
        there says nothing. PII tags, and tags for any speaker, are found whoever spoke."""
        return any((rule := self.rules.get(key)) is not None and rule.speaker != "any" for key in keys)

    @property
    def speakers_known(self) -> bool:
        return bool(self.agent_turns)

    def hits_of(self, keys: tuple[str, ...]) -> list[TagHit]:
        return [hit for hit in self.hits if hit.key in keys]

    def label(self, key: str) -> str:
        """The tag's label in the middle of a sentence: "greeting", "identity verification"."""
        rule = self.rules.get(key)
        text = rule.label if rule else key.split(".", 1)[-1].replace("_", " ")
        return text if text[:2].isupper() else text[:1].lower() + text[1:]

    def labels(self, keys) -> str:
        """ "greeting", "greeting or introduction", "apology, empathy or greeting"."""
        names = list(dict.fromkeys(self.label(key) for key in keys))
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]

    def agent_turn_number(self, utterance: Utterance) -> int:
        """1 for the agent's first line."""
        return next(n for n, turn in enumerate(self.agent_turns, start=1) if turn.position == utterance.position)


def hit_evidence(hit: TagHit, note: str | None = None) -> dict:
    return {"position": hit.utterance.position, "start": hit.start, "end": hit.end, "time": hit.time,
            "tag": hit.key, "note": note if note is not None else quoted(hit)}


def line_evidence(utterance: Utterance, note: str, time: float | None = None) -> dict:
    return {"position": utterance.position, "start": 0, "end": len(utterance.text),
            "time": utterance.start if time is None else time, "tag": None, "note": note}


def quoted(hit: TagHit) -> str:
    """What the tag found, as the reviewer reads it; a reviewer's tag covers the whole line."""
    if hit.source == "manual":
        return "Tagged by a reviewer"
    text = hit.utterance.text[hit.start:hit.end]
    return f"“{text if len(text) <= QUOTE_MAX else text[:QUOTE_MAX - 1] + '…'}”"


def nothing_to_check(criterion: Criterion, reason: str) -> Suggestion:
    """The answer when the rule's situation never arose: N/A, or Yes where the question has no N/A."""
    if criterion.answer_type == "yes_no_na":
        return Suggestion(NA, reason)
    return Suggestion("yes", f"{reason} Yes, as this question has no N/A.")


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")
