"""The AutoQA rules read from call metrics: hold_etiquette, metric_at_most and metric_at_least.

Metrics come from the two channels of a stereo call. Chats, e-mails and social conversations have none,
so a rule about them has nothing to check there. A phone call without metrics is a mono call, whose
holds and talk were never measured: there the rules make no suggestion rather than guess.
"""
from __future__ import annotations

from dataclasses import dataclass

from qa.reviews.autoqa_facts import Facts, Suggestion, hit_evidence, line_evidence, nothing_to_check
from scorecards.autoqa_rules import AutoQA
from scorecards.definition import Criterion
from transcription.models import Channel, TagHit, Utterance

HOLD_REQUEST, HOLD_THANKS = "agent.hold_request", "agent.hold_thanks"
# Word times (speech to text) and hold bounds (voice activity) are measured apart and disagree by a
# fraction of a second; a request said just as the silence starts is still before the hold.
TIME_SLACK_SECONDS = 1.0

# How a sentence names each metric; shares are stored as fractions and read as percentages.
METRIC_NAMES = {
    "duration_seconds": "call length", "agent_talk_seconds": "agent talk time",
    "customer_talk_seconds": "customer talk time", "agent_talk_share": "agent's share of the talk",
    "customer_talk_share": "customer's share of the talk", "silence_seconds": "silence",
    "silence_share": "share of silence", "longest_silence_seconds": "longest silence",
    "hold_count": "number of holds", "hold_seconds": "hold time", "overtalk_count": "number of overtalks",
    "overtalk_seconds": "overtalk time",
    "longest_agent_monologue_seconds": "longest agent monologue", "agent_words_per_minute": "agent's speech rate",
    "customer_words_per_minute": "customer's speech rate", "first_agent_response_seconds": "wait for the agent",
}


@dataclass(frozen=True)
class Hold:
    start: float
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start

    def named(self) -> str:
        return f"Hold {clock(self.start)}–{clock(self.end)} ({round(self.seconds)} s)"


def hold_etiquette(criterion: Criterion, rule: AutoQA, facts: Facts) -> Suggestion | None:
    holds = _holds(facts)
    if holds is None:
        return None
    if not holds:
        where = "call" if facts.interaction.channel == Channel.PHONE.value else facts.interaction.channel
        return nothing_to_check(criterion, f"No hold in this {where}.")
    if not facts.speakers_known:
        return None
    faults, evidence = {"request": 0, "thanks": 0, "long": 0}, []
    for hold in holds:
        before, after = _agent_line_before(hold, facts), _agent_line_after(hold, facts)
        request = _hit_in(before, HOLD_REQUEST, facts, lambda t: t <= hold.start + TIME_SLACK_SECONDS)
        thanks = _hit_in(after, HOLD_THANKS, facts, lambda t: t >= hold.end - TIME_SLACK_SECONDS)
        missing = ([] if request else ["without a hold request"]) + ([] if thanks else ["without thanks after it"])
        too_long = rule.max_hold_seconds is not None and hold.seconds > rule.max_hold_seconds
        if too_long:
            missing.append(f"longer than the {rule.max_hold_seconds:g} s limit")
        faults["request"] += not request
        faults["thanks"] += not thanks
        faults["long"] += too_long
        note = f"{hold.named()} " + (_and(missing) if missing else "— asked for first and thanked after")
        around = before or _line_before(hold, facts) or facts.utterances[0]
        evidence.append(line_evidence(around, note, time=hold.start))
        evidence += [hit_evidence(hit) for hit in (request, thanks) if hit]
    count = len(holds)
    limit = f"over the {rule.max_hold_seconds:g} s limit" if rule.max_hold_seconds is not None else ""
    if not any(faults.values()):
        what = "The hold was" if count == 1 else f"All {count} holds were"
        within = f", and none was {limit}" if limit else ""
        return Suggestion("yes", f"{what} asked for first and followed by thanks for holding{within}.", evidence)
    if count == 1:
        problems = [text for key, text in (("request", "not asked for first"),
                                           ("thanks", "not followed by thanks for holding"), ("long", limit))
                    if faults[key]]
        return Suggestion("no", f"The hold was {_and(problems)}.", evidence)
    problems = [f"{n} {'was' if n == 1 else 'were'} {text}" for n, text in (
        (faults["request"], "not asked for first"), (faults["thanks"], "not followed by thanks for holding"),
        (faults["long"], limit)) if n]
    return Suggestion("no", f"Of the {count} holds, {_and(problems)}.", evidence)


def metric_at_most(criterion: Criterion, rule: AutoQA, facts: Facts) -> Suggestion | None:
    return _compare(criterion, rule, facts, at_most=True)


def metric_at_least(criterion: Criterion, rule: AutoQA, facts: Facts) -> Suggestion | None:
    return _compare(criterion, rule, facts, at_most=False)


def _compare(criterion: Criterion, rule: AutoQA, facts: Facts, *, at_most: bool) -> Suggestion | None:
    metrics = facts.interaction.metrics
    if metrics is None:
        if facts.interaction.channel == Channel.PHONE.value:
            return None  # a mono call: nothing was measured
        return nothing_to_check(criterion, f"A {facts.interaction.channel} has no call metrics to check.")
    measured = metrics.get(rule.metric)
    if not isinstance(measured, (int, float)):
        return None  # not measurable on this call (say the agent's speech rate when the agent never spoke)
    name = METRIC_NAMES.get(rule.metric, rule.metric.replace("_", " "))
    ok = measured <= rule.value if at_most else measured >= rule.value
    bound = (("within" if ok else "over") + " the limit of" if at_most
             else ("reaching" if ok else "under") + " the minimum of")
    return Suggestion("yes" if ok else "no", f"The {name} was {_amount(rule.metric, measured)}, {bound} "
                                              f"{_amount(rule.metric, rule.value)}.")


def _holds(facts: Facts) -> list[Hold] | None:
    """The measured holds; [] when the channel has none; None when a call's holds were never measured."""
    metrics = facts.interaction.metrics
    if metrics is None or "holds" not in metrics:
        return None if facts.interaction.channel == Channel.PHONE.value else []
    holds = []
    for span in metrics["holds"]:
        start, end = (span["start"], span["end"]) if isinstance(span, dict) else span
        holds.append(Hold(float(start), float(end)))
    return sorted(holds, key=lambda hold: hold.start)


def _agent_line_before(hold: Hold, facts: Facts) -> Utterance | None:
    """The agent's last line starting before the hold: where asking to hold belongs."""
    earlier = [u for u in facts.agent_turns if u.start is not None and u.start < hold.start]
    return earlier[-1] if earlier else None


def _agent_line_after(hold: Hold, facts: Facts) -> Utterance | None:
    """The agent's first line after the hold, or running through it: where the thanks belong.

    Typed or imported lines may have a start and no end."""
    return next((u for u in facts.agent_turns
                 if (u.start is not None and u.start >= hold.end - TIME_SLACK_SECONDS)
                 or (u.end is not None and u.end > hold.end)), None)


def _line_before(hold: Hold, facts: Facts) -> Utterance | None:
    earlier = [u for u in facts.utterances if u.start is not None and u.start < hold.start]
    return earlier[-1] if earlier else None


def _hit_in(line: Utterance | None, key: str, facts: Facts, in_time) -> TagHit | None:
    """The tag's hit on that line, said at the right moment; a reviewer's tag marks the whole line, so counts."""
    if line is None:
        return None
    return next((hit for hit in facts.hits_of((key,)) if hit.utterance.position == line.position
                 and (hit.source == "manual" or hit.time is None or in_time(hit.time))), None)


def _amount(metric: str, value: float) -> str:
    if metric.endswith("_share"):
        return f"{value * 100:.0f}%"
    if metric.endswith("_seconds"):
        return f"{value:g} s" if value < 60 else f"{value:g} s ({clock(value)})"
    if metric.endswith("_per_minute"):
        return f"{value:g} words a minute"
    return f"{value:g}"


def clock(seconds: float) -> str:
    """2:05 for 125 seconds; 1:02:05 past the hour."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
