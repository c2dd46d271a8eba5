"""The AutoQA rules read from tags: tag_present, tag_absent and verified_before_change.

Each returns a Suggestion, or None when it cannot decide: with no agent lines (a mono call, whose speakers
are unknown) agent and customer tags are never found, so their absence proves nothing.
"""
from __future__ import annotations

from qa.reviews.autoqa_facts import (Facts, Suggestion, capitalised, hit_evidence, line_evidence,
                                     nothing_to_check, quoted, times)
from scorecards.autoqa_rules import AutoQA
from scorecards.definition import Criterion


def tag_present(criterion: Criterion, rule: AutoQA, facts: Facts) -> Suggestion | None:
    windowed = rule.first_agent_turns is not None or rule.last_agent_turns is not None
    if (windowed or facts.needs_speakers(rule.tags)) and not facts.speakers_known:
        return None
    window, where = _agent_window(rule, facts)
    hits = facts.hits_of(rule.tags)
    inside = [hit for hit in hits if window is None or hit.utterance.position in window]
    if inside:
        found = [key for key in rule.tags if any(hit.key == key for hit in inside)]
        return Suggestion("yes", f"{capitalised(facts.labels(found))} found{where}.",
                          [hit_evidence(hit) for hit in inside])
    reason = f"No {facts.labels(rule.tags)} found{where}."
    if hits:  # found, but not where the rule looks
        turns = sorted({facts.agent_turn_number(hit.utterance) for hit in hits
                        if hit.utterance.speaker == "agent"})
        if turns:
            reason = (f"No {facts.labels(rule.tags)} found{where}; only in the agent's "
                      f"turn{'s' if len(turns) > 1 else ''} {_listed(turns)}.")
        return Suggestion("no", reason, [hit_evidence(hit, f"Not{where}: {quoted(hit)}") for hit in hits])
    evidence = [] if window is None else [
        line_evidence(turn, f"Agent turn {facts.agent_turn_number(turn)}: no {facts.labels(rule.tags)}")
        for turn in facts.utterances if turn.position in window]
    return Suggestion("no", reason, evidence)


def tag_absent(criterion: Criterion, rule: AutoQA, facts: Facts) -> Suggestion | None:
    if facts.needs_speakers(rule.tags) and not facts.speakers_known:
        return None
    hits = facts.hits_of(rule.tags)
    if not hits:
        return Suggestion("yes", f"No {facts.labels(rule.tags)} found.")
    found = [key for key in rule.tags if any(hit.key == key for hit in hits)]
    return Suggestion("no", f"{capitalised(facts.labels(found))} found {times(len(hits))}.",
                      [hit_evidence(hit) for hit in hits])


def verified_before_change(criterion: Criterion, rule: AutoQA, facts: Facts) -> Suggestion | None:
    """Yes when a verification hit sits on an earlier line than the first change hit."""
    if facts.needs_speakers(rule.tags + rule.change_tags) and not facts.speakers_known:
        return None
    changes = facts.hits_of(rule.change_tags)
    if not changes:
        return nothing_to_check(criterion, f"No {facts.labels(rule.change_tags)} in this conversation, "
                                           f"so nothing needed verifying first.")
    first_change = changes[0]
    change = facts.label(first_change.key)
    verifications = facts.hits_of(rule.tags)
    before = [hit for hit in verifications if hit.utterance.position < first_change.utterance.position]
    change_evidence = hit_evidence(first_change, f"First {change}: {quoted(first_change)}")
    if before:
        return Suggestion("yes", f"{capitalised(facts.label(before[0].key))} came before the first {change}.",
                          [hit_evidence(before[0]), change_evidence])
    verify = facts.labels(rule.tags)
    article = "an" if change[:1] in "aeiou" else "a"
    reason = (f"The first {change} came before any {verify}." if verifications
              else f"No {verify} anywhere, though there was {article} {change}.")
    return Suggestion("no", reason, [change_evidence] + [
        hit_evidence(hit, f"Only after the {change}: {quoted(hit)}") for hit in verifications])


def _agent_window(rule: AutoQA, facts: Facts) -> tuple[set[int] | None, str]:
    """The positions of the agent lines the rule looks in, and how a sentence names them."""
    if rule.first_agent_turns is not None:
        count, turns, side = rule.first_agent_turns, facts.agent_turns[:rule.first_agent_turns], "first"
    elif rule.last_agent_turns is not None:
        count, turns, side = rule.last_agent_turns, facts.agent_turns[-rule.last_agent_turns:], "last"
    else:
        return None, ""
    named = " turn" if count == 1 else f" {count} turns"
    return {turn.position for turn in turns}, f" in the agent's {side}{named}"


def _listed(numbers: list[int]) -> str:
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
