"""AutoQA: suggested answers for a scorecard's yes/no criteria, from an interaction's tags and metrics.

A suggestion is only a starting point the reviewer confirms or changes, so a rule that cannot decide
(no lines at all, or a mono call whose speakers are unknown) makes none rather than guess. The rules
are the vocabulary of scorecards.autoqa_rules; each lives in autoqa_tag_rules or autoqa_call_rules.
"""
from __future__ import annotations

from qa.reviews.autoqa_call_rules import hold_etiquette, metric_at_least, metric_at_most
from qa.reviews.autoqa_facts import Facts, Suggestion
from qa.reviews.autoqa_tag_rules import tag_absent, tag_present, verified_before_change
from scorecards.definition import Definition
from transcription.models import Interaction

__all__ = ["Suggestion", "suggest_answers"]

RULES = {
    "tag_present": tag_present,
    "tag_absent": tag_absent,
    "hold_etiquette": hold_etiquette,
    "verified_before_change": verified_before_change,
    "metric_at_most": metric_at_most,
    "metric_at_least": metric_at_least,
}


def suggest_answers(definition: Definition, interaction: Interaction) -> dict[str, Suggestion]:
    """criterion key → Suggestion, for the criteria with an AutoQA rule that can decide on this interaction.

    A criterion that does not apply to the interaction's channel gets none: its answer is N/A anyway."""
    criteria = [criterion for _, criterion in definition.criteria()
                if criterion.autoqa is not None and definition.applies_to(criterion, interaction.channel)]
    if not criteria or not interaction.utterances:
        return {}
    facts = Facts(interaction)
    suggestions = {}
    for criterion in criteria:
        suggestion = RULES[criterion.autoqa.rule](criterion, criterion.autoqa, facts)
        if suggestion is not None:
            suggestions[criterion.key] = suggestion
    return suggestions
