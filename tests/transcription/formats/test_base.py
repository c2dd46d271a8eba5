"""SpeakerLabels: which written labels and addresses mean the agent or the customer."""
from datetime import datetime

import pytest

from qa.errors import Refused
from transcription.formats.base import (FormatError, ParsedUtterance, SpeakerLabels, check_utterance_length,
                                        with_relative_starts)


@pytest.mark.parametrize("label, role", [
    ("Agent", "agent"), (" agent ", "agent"), ("REP", "agent"), ("@Support", "agent"),
    ("Customer", "customer"), ("caller", "customer"), ("@user", "customer"),
    ("Customer Service", "unknown"), ("Agent Sam", "unknown"), ("Jane Doe", "unknown"),
    ("@AmazonHelp", "unknown"), ("", "unknown"),
])
def test_role_for_matches_whole_labels_only(label, role):
    assert SpeakerLabels().role_for(label) == role


def test_role_for_uses_a_teams_own_words_and_handles():
    labels = SpeakerLabels(agent=("@AmazonHelp", "Sam"), customer=("member",))
    assert labels.role_for("amazonhelp") == "agent"
    assert labels.role_for("@AMAZONHELP") == "agent"
    assert labels.role_for("Member") == "customer"
    assert labels.role_for("Agent") == "unknown"


def test_addresses_match_exactly_or_by_whole_domain():
    labels = SpeakerLabels(agent_addresses=("lead@partner.org", "@shop.com"))
    assert labels.role_for_address("Sam@Shop.com") == "agent"
    assert labels.role_for_address("lead@partner.org") == "agent"
    assert labels.role_for_address("other@partner.org") == "customer"
    assert labels.role_for_address("jane@shop.com.evil.net") == "customer"
    assert labels.role_for("sam@shop.com") == "agent"
    assert labels.role_for("jane@example.org") == "customer"


def test_without_configured_addresses_an_address_says_nothing():
    assert SpeakerLabels().role_for_address("sam@shop.com") is None
    assert SpeakerLabels().role_for("sam@shop.com") == "unknown"


def test_format_errors_are_refusals_shown_to_users():
    assert issubclass(FormatError, Refused) and issubclass(FormatError, ValueError)


def test_an_overlong_utterance_is_refused_with_where_it_is():
    check_utterance_length("a" * 20_000, "row 2")
    with pytest.raises(FormatError, match=r"^row 2: a message of 20,001 characters is too long.*at most 20,000"):
        check_utterance_length("a" * 20_001, "row 2")


def test_relative_starts_count_from_the_earliest_absolute_time():
    utterances = [ParsedUtterance("agent", "a", sent_at=datetime(2024, 5, 1, 10, 0, 30)),
                  ParsedUtterance("customer", "b", sent_at=datetime(2024, 5, 1, 10, 0, 0), start=99.0)]
    assert [u.start for u in with_relative_starts(utterances)] == [30.0, 99.0]
    assert utterances[0].start is None   # the input is left as it was


def test_relative_starts_are_not_half_filled():
    utterances = [ParsedUtterance("agent", "a", sent_at=datetime(2024, 5, 1)), ParsedUtterance("customer", "b")]
    assert [u.start for u in with_relative_starts(utterances)] == [None, None]
