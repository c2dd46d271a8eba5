"""The AutoQA rule vocabulary a criterion may carry, and its checks.

The rules are evaluated elsewhere (qa/reviews/autoqa.py, from an interaction's tags and metrics); this
module only makes sure a rule is one of the known ones with the parameters it needs. Tags are checked
for their shape (`category.name`), not against a taxonomy: admins may add tags.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from scorecards.validation import (DefinitionError, at, check_fields, check_list, check_number, check_text,
                                   check_whole)

TAG_PATTERN = re.compile(r"[a-z0-9_]+\.[a-z0-9_]+")
# The numeric call metrics of transcription.metrics.compute_call_metrics (checked to agree by a test):
# a misspelt metric would otherwise be "not measured" on every call and the criterion always pass.
METRICS = ("duration_seconds", "agent_talk_seconds", "customer_talk_seconds", "agent_talk_share",
           "customer_talk_share", "silence_seconds", "silence_share", "longest_silence_seconds", "hold_count",
           "hold_seconds", "overtalk_count", "overtalk_seconds", "longest_agent_monologue_seconds",
           "agent_words_per_minute", "customer_words_per_minute", "first_agent_response_seconds")

# rule → (required parameters, optional parameters)
RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "tag_present": (("tags",), ("first_agent_turns", "last_agent_turns")),
    "tag_absent": (("tags",), ()),
    "hold_etiquette": ((), ("max_hold_seconds",)),
    "verified_before_change": (("tags", "change_tags"), ()),
    "metric_at_most": (("metric", "value"), ()),
    "metric_at_least": (("metric", "value"), ()),
}


@dataclass(frozen=True)
class AutoQA:
    rule: str
    tags: tuple[str, ...] = ()
    change_tags: tuple[str, ...] = ()
    first_agent_turns: int | None = None
    last_agent_turns: int | None = None
    max_hold_seconds: int | float | None = None
    metric: str | None = None
    value: int | float | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"rule": self.rule}
        required, optional = RULES[self.rule]
        for name in required + optional:
            value = getattr(self, name)
            if value is not None:
                data[name] = list(value) if isinstance(value, tuple) else value
        return data


def parse_autoqa(data: Any, where: str) -> AutoQA:
    if not isinstance(data, dict) or "rule" not in data:
        raise DefinitionError(where, f"must be a table with a rule: one of {', '.join(RULES)}.")
    rule = data["rule"]
    if rule not in RULES:
        raise DefinitionError(at(where, "rule"), f"{rule!r} is not an AutoQA rule; use one of {', '.join(RULES)}.")
    required, optional = RULES[rule]
    check_fields(data, f"{where} ({rule})", ("rule",) + required, optional)
    fields: dict[str, Any] = {"rule": rule}
    for name in ("tags", "change_tags"):
        if name in data:
            fields[name] = _tags(data[name], at(where, name))
    for name in ("first_agent_turns", "last_agent_turns"):
        if name in data:
            fields[name] = check_whole(data[name], at(where, name), at_least=1)
    if "first_agent_turns" in fields and "last_agent_turns" in fields:
        raise DefinitionError(where, "set first_agent_turns or last_agent_turns, not both.")
    if "max_hold_seconds" in data:
        fields["max_hold_seconds"] = check_number(data["max_hold_seconds"], at(where, "max_hold_seconds"), above=0)
    if "metric" in data:
        metric = check_text(data["metric"], at(where, "metric"))
        if metric not in METRICS:
            raise DefinitionError(at(where, "metric"), f"{metric!r} is not a call metric; use one of "
                                                       f"{', '.join(METRICS)}.")
        fields["metric"] = metric
    if "value" in data:
        fields["value"] = check_number(data["value"], at(where, "value"), at_least=0)
    return AutoQA(**fields)


def _tags(value: Any, path: str) -> tuple[str, ...]:
    tags = check_list(value, path)
    if not tags:
        raise DefinitionError(path, "needs at least one tag key, like agent.greeting.")
    for tag in tags:
        if not isinstance(tag, str) or not TAG_PATTERN.fullmatch(tag):
            raise DefinitionError(path, f"{tag!r} is not a tag key; tag keys look like category.name "
                                        f"(agent.greeting, reason.refund).")
    if len(set(tags)) != len(tags):
        raise DefinitionError(path, "lists a tag twice.")
    return tuple(tags)
