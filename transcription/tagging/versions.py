"""The tag rules in force: the newest saved version, or the default file the repository ships."""
from __future__ import annotations

from collections import Counter

from qa.extensions import db
from transcription.models import TagRuleVersion, Utterance
from transcription.tagging.rules import DEFAULT_RULES, RuleSet, parse_rules

# A rule that fires on more than this share of sample utterances probably matches almost anything.
BROAD_SHARE = 0.5
SAMPLE_SIZE = 300


def current_version() -> TagRuleVersion | None:
    return db.session.scalar(db.select(TagRuleVersion).order_by(TagRuleVersion.id.desc()).limit(1))


def current_rules_text() -> str:
    version = current_version()
    return version.rules if version else DEFAULT_RULES.read_text()


def save_rules(text: str, user_id: int | None, note: str = "") -> TagRuleVersion:
    """Check the rules (TOML, fields and every spaCy pattern) and keep them as the newest version."""
    from transcription.tagging import build_tagger

    build_tagger(parse_rules(text))  # raises RuleError naming the tag and pattern at fault
    version = TagRuleVersion(rules=text, note=note.strip()[:200], created_by_id=user_id)
    db.session.add(version)
    db.session.flush()
    return version


def history(limit: int = 20) -> list[TagRuleVersion]:
    return list(db.session.scalars(db.select(TagRuleVersion).order_by(TagRuleVersion.id.desc()).limit(limit)))


def broad_rule_warnings(tagger, rules: RuleSet) -> list[str]:
    """Rules that fire on most of a sample of stored utterances (or on a built-in sample)."""
    texts = list(db.session.scalars(db.select(Utterance.text).order_by(Utterance.id.desc()).limit(SAMPLE_SIZE)))
    if len(texts) < 20:
        texts = BUILT_IN_SAMPLE
    fired = Counter()
    one_line_conversations = [[(speaker, text)] for text in texts for speaker in ("agent", "customer")]
    for hits in tagger.tag_conversations(one_line_conversations):  # one spaCy stream, not 600 calls
        fired.update({hit.key for hit in hits})
    return [f"{key} fires on {fired[key]} of {len(texts)} sample utterances: check that it is not too broad."
            for key in sorted(fired) if fired[key] / len(texts) > BROAD_SHARE and key in rules.by_key()]


BUILT_IN_SAMPLE = [
    "Thanks for calling, how can I help?", "I was charged twice this month.", "Where is my parcel?",
    "Can I return these boots?", "My app keeps crashing.", "I need to update my address.",
    "Does this come in blue?", "I want to cancel my subscription.", "Let me look into that for you.",
    "Is there anything else I can help with?", "Have a lovely day.", "That is ridiculous.",
    "I will speak to my lawyer.", "Can I talk to a manager?", "You have been so helpful.",
    "The order number is 58213.", "It arrived yesterday.", "Okay, thank you.", "Yes please.", "No, that's all.",
]


def load_tag_keys() -> set[str]:
    """The taxonomy's keys under the rules in force, plus the pii.* kinds redaction reports."""
    from transcription.redaction.redactor import KINDS

    return {rule.key for rule in parse_rules(current_rules_text()).rules} | {f"pii.{kind}" for kind in KINDS}
