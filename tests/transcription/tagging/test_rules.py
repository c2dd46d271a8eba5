import pytest

from transcription.nlp import load_nlp
from transcription.tagging.engine import Tagger
from transcription.tagging.rules import RuleError, load_default_rules, parse_rules

TAXONOMY = {
    "reason": ["billing", "refund", "return_exchange", "order_status", "technical_issue", "account_update",
               "product_info", "cancellation"],
    "agent": ["greeting", "introduction", "identity_verification", "empathy", "apology", "hold_request",
              "hold_thanks", "escalation", "follow_up_commitment", "further_help_offer", "closing", "unprofessional"],
    "customer": ["frustration", "churn_risk", "legal_threat", "supervisor_request", "praise"],
}


def test_the_default_rules_cover_the_taxonomy_keys_exactly():
    keys = {rule.key for rule in load_default_rules().rules}
    assert keys == {f"{category}.{name}" for category, names in TAXONOMY.items() for name in names}


@pytest.mark.parametrize("toml, message", [
    ('[[tag]]\nkey = "reason.x"\nphrases = ["a"]\nspeaker = "bot"', "speaker must be"),
    ('[[tag]]\nkey = "reason.x"', "at least one phrase or pattern"),
    ('[[tag]]\nkey = "nodot"\nphrases = ["a"]', "key like"),
    ('[[tag]]\nkey = "reason.x"\nphrases = ["a"]\ncolour = "red"', "unknown field"),
    ('[[tag]]\nkey = "reason.x"\nphrases = ["a"]\n[[tag]]\nkey = "reason.x"\nphrases = ["b"]', "defined twice"),
    ('[[tag]\nkey = ', "not valid TOML"),
    ('[[tag]]\nkey = "reason.x"\nphrases = ["a"]\nfirst_turns = 0', "first_turns"),
])
def test_bad_rules_are_refused_with_the_reason(toml, message):
    with pytest.raises(RuleError, match=message):
        parse_rules(toml)


def test_an_invalid_token_pattern_is_refused_naming_the_rule_and_pattern():
    rules = parse_rules('[[tag]]\nkey = "reason.x"\npatterns = [[{LOWER = "a"}], [{NOT_AN_ATTR = "b"}]]')
    with pytest.raises(RuleError, match=r"reason\.x, pattern 2"):
        Tagger(load_nlp(), rules)


@pytest.fixture(scope="module")
def tagger():
    return Tagger(load_nlp(), load_default_rules())


def test_negation_and_speaker_scope(tagger):
    conversation = [("customer", "sorry, my mistake, I don't want a refund"), ("agent", "no problem at all"),
                    ("agent", "let me look at your order"), ("customer", "hello? are you there"),
                    ("agent", "hello again")]
    keys = {(hit.utterance, hit.key) for hit in tagger.tag_conversation(conversation)}
    assert (0, "reason.refund") not in keys, "negated"
    assert (0, "agent.apology") not in keys, "the customer apologised, not the agent"
    assert (3, "agent.greeting") not in keys, "the customer said hello"
    assert (4, "agent.greeting") not in keys, "not in the agent's first two turns"


def test_hits_carry_their_evidence_span(tagger):
    [hit] = [h for h in tagger.tag_conversation([("customer", "I want my money back now")]) if h.key == "reason.refund"]
    assert "I want my money back now"[hit.start:hit.end] == "money back" and hit.source == "rule"
