import tomllib
from collections import Counter
from pathlib import Path

import pytest

from scorecards.engine import score
from scorecards.toml_format import definition_from_toml, definition_to_toml, load_default_scorecard

DEFAULT_RULES = Path(__file__).resolve().parents[2] / "transcription" / "tagging" / "default_rules.toml"


@pytest.fixture(scope="module")
def default():
    return load_default_scorecard()


def test_the_default_scorecard_parses_and_round_trips(default):
    name, description, definition = default
    assert name == "Customer Care Specialist" and description
    assert definition_from_toml(definition_to_toml(*default)) == default
    assert definition.pass_mark == 80 and not definition.allow_over_100
    assert sum(section.weight for section in definition.sections if not section.bonus) == 100
    assert [s.key for s in definition.sections] == ["opening", "understanding", "resolution", "communication",
                                                     "hold_transfer", "closing", "compliance", "documentation",
                                                     "extra_mile"]


def test_every_criterion_has_guidance_and_a_competency_and_the_answer_types_are_mixed(default):
    _, _, definition = default
    for _, criterion in definition.criteria():
        assert criterion.competency, criterion.key
        assert len(criterion.guidance) > 40, criterion.key
        assert criterion.question.endswith("?"), criterion.key
    types = Counter(criterion.answer_type for _, criterion in definition.criteria())
    assert types["yes_no"] + types["yes_no_na"] > types["scale"] + types["points"] and types["scale"] and types["points"]
    for _, criterion in definition.criteria():
        if criterion.scale:
            assert len(criterion.scale.labels) == criterion.scale.max - criterion.scale.min + 1, criterion.key
    critical = {criterion.key: criterion.critical for _, criterion in definition.criteria() if criterion.critical}
    assert critical == {"accurate_information": "section", "identity_verification": "form", "data_handling": "form"}


def test_its_autoqa_tags_are_tags_of_the_default_taxonomy(default):
    _, _, definition = default
    taxonomy = {tag["key"] for tag in tomllib.loads(DEFAULT_RULES.read_text())["tag"]}
    used = set()
    for _, criterion in definition.criteria():
        if criterion.autoqa:
            used |= set(criterion.autoqa.tags) | set(criterion.autoqa.change_tags)
    assert used and used <= taxonomy, used - taxonomy
    assert {"agent.greeting", "agent.introduction", "agent.identity_verification", "agent.empathy",
            "agent.further_help_offer", "agent.closing", "agent.follow_up_commitment",
            "agent.unprofessional"} <= used
    rules = {criterion.autoqa.rule for _, criterion in definition.criteria() if criterion.autoqa}
    assert {"tag_present", "tag_absent", "hold_etiquette", "verified_before_change", "metric_at_most"} <= rules


CHAT = {
    "greeting": "yes", "introduction": "no", "customer_identified": "yes",                   # 3/4 = 75 %
    "active_listening": "yes", "probing_questions": "yes", "confirmed_understanding": "na",  # 100 %
    "accurate_information": "yes", "correct_process": "minor_deviation",                    # (3 + 1.5
    "resolved_or_escalated": "escalated_correctly", "expectations_set": "yes",              #  + 3 + 1)/10 = 85 %
    "clarity": "yes", "empathy_statement": "yes", "empathy": "4", "professional_tone": "yes",
    "no_jargon": "yes",                                                                     # 7.5/8 = 93.75 %
    "warm_transfer": "na",                                      # the hold criteria are phone-only: section N/A
    "summary": "no", "further_help": "yes", "follow_up_commitment": "na", "closing": "yes",  # 2/4 = 50 %
    "identity_verification": "yes", "data_handling": "yes", "policy_followed": "na",         # 100 %
    "notes_complete": "yes", "correct_disposition": "no",                                   # 2/3
    "proactive_help": "yes",                                                                # + 5 points
}
# Hold and transfer drops out, so the other sections share 95:
BASE = (10 * 75 + 15 * 100 + 30 * 85 + 15 * 93.75 + 10 * 50 + 10 * 100 + 5 * 200 / 3) / 95


def test_a_worked_chat_evaluation(default):
    result = score(default[2], CHAT, channel="chat")
    assert result.complete and result.passed
    assert result.total == pytest.approx(BASE + 5) == pytest.approx(89.627, abs=1e-3)
    percents = {s.key: s.percent for s in result.sections}
    assert percents["hold_transfer"] is None and percents["communication"] == 93.75
    assert result.criteria["hold_etiquette"].na


def test_wrong_information_fails_resolution_and_a_data_breach_fails_everything(default):
    wrong = score(default[2], CHAT | {"accurate_information": "no"}, channel="chat")
    assert wrong.total == pytest.approx((BASE * 95 - 30 * 85) / 95 + 5) and wrong.passed is False
    breach = score(default[2], CHAT | {"data_handling": "no"}, channel="chat")
    assert breach.total == 0 and "data_handling" in breach.auto_fail_reason and breach.passed is False


def test_on_the_phone_the_hold_criteria_must_be_answered(default):
    result = score(default[2], CHAT, channel="phone")
    assert not result.complete and result.missing == ["hold_etiquette", "hold_time"]
