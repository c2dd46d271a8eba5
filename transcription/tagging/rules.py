"""Tag rules: what each tag of the taxonomy looks for, read from TOML and checked before use."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from qa.errors import Refused

DEFAULT_RULES = Path(__file__).with_name("default_rules.toml")
SPEAKERS = ("agent", "customer", "any")


class RuleError(Refused):
    pass


@dataclass(frozen=True)
class TagRule:
    key: str
    label: str
    speaker: str = "any"
    phrases: tuple[str, ...] = ()                 # matched on lemmas, any casing
    patterns: tuple[tuple[dict, ...], ...] = ()   # spaCy Matcher token patterns
    negatable: bool = True                        # "I don't want a refund" is not a refund request
    first_turns: int | None = None                # only in the speaker's first N utterances
    last_turns: int | None = None                 # only in the speaker's last N utterances
    description: str = ""

    @property
    def category(self) -> str:
        return self.key.split(".", 1)[0]


@dataclass
class RuleSet:
    rules: list[TagRule] = field(default_factory=list)

    def by_key(self) -> dict[str, TagRule]:
        return {rule.key: rule for rule in self.rules}


def parse_rules(text: str) -> RuleSet:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RuleError(f"The rules are not valid TOML: {error}") from error
    rules, seen = [], set()
    for number, entry in enumerate(data.get("tag", []), start=1):
        rule = _rule(entry, number)
        if rule.key in seen:
            raise RuleError(f"tag {number}: {rule.key} is defined twice.")
        seen.add(rule.key)
        rules.append(rule)
    return RuleSet(rules)


def load_default_rules() -> RuleSet:
    return parse_rules(DEFAULT_RULES.read_text())


def _rule(entry: dict, number: int) -> TagRule:
    where = f"tag {number} ({entry.get('key', 'no key')})"
    key = entry.get("key")
    if not isinstance(key, str) or "." not in key:
        raise RuleError(f"{where}: every tag needs a key like 'reason.refund'.")
    unknown = set(entry) - {"key", "label", "speaker", "phrases", "patterns", "negatable", "first_turns",
                            "last_turns", "description"}
    if unknown:
        raise RuleError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}.")
    if entry.get("speaker", "any") not in SPEAKERS:
        raise RuleError(f"{where}: speaker must be agent, customer or any.")
    phrases = entry.get("phrases", [])
    patterns = entry.get("patterns", [])
    if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
        raise RuleError(f"{where}: phrases must be a list of non-empty texts.")
    if not isinstance(patterns, list) or not all(isinstance(p, list) and p and all(isinstance(t, dict) for t in p)
                                                  for p in patterns):
        raise RuleError(f"{where}: patterns must be a list of token patterns (lists of tables).")
    if not phrases and not patterns:
        raise RuleError(f"{where}: a tag needs at least one phrase or pattern.")
    for field_name in ("first_turns", "last_turns"):
        value = entry.get(field_name)
        if value is not None and (not isinstance(value, int) or value < 1):
            raise RuleError(f"{where}: {field_name} must be a whole number of at least 1.")
    return TagRule(key=key, label=entry.get("label", key), speaker=entry.get("speaker", "any"),
                   phrases=tuple(phrases), patterns=tuple(tuple(p) for p in patterns),
                   negatable=entry.get("negatable", True), first_turns=entry.get("first_turns"),
                   last_turns=entry.get("last_turns"), description=entry.get("description", ""))
