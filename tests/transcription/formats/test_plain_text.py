"""Plain-text chat logs: labels, times, continuation lines and their mistakes."""
import pytest

from transcription.formats.base import FormatError, ParsedUtterance, SpeakerLabels
from transcription.formats.plain_text import parse_plain_text

LABELS = SpeakerLabels()


def parse(text: str) -> list[ParsedUtterance]:
    [conversation] = parse_plain_text(text.encode(), LABELS)
    return conversation.utterances


def test_timed_chat_with_a_multi_line_message():
    utterances = parse(
        "[10:02:11] Agent: Thanks for contacting Acme, this is Sam.\n"
        "[10:02:30] Customer: Hi Sam, my order never arrived.\n"
        "It was order 1234.\n"
        "\n"
        "[10:03] Agent: Let me check that for you.\n")
    assert utterances == [
        ParsedUtterance("agent", "Thanks for contacting Acme, this is Sam.", "Agent", start=0.0),
        ParsedUtterance("customer", "Hi Sam, my order never arrived.\nIt was order 1234.", "Customer", start=19.0),
        ParsedUtterance("agent", "Let me check that for you.", "Agent", start=49.0),
    ]


@pytest.mark.parametrize("line, start", [
    ("[10:02:11] Agent: a", 0.0), ("(10:02:11) Agent: a", 0.0), ("10:02:11 Agent: a", 0.0),
    ("10:02:11 - Agent: a", 0.0), ("[10:02] Agent: a", -11.0), ("10:02 Agent: a", -11.0),
])
def test_every_time_style(line, start):
    utterances = parse(f"[10:02:11] Customer: first\n{line}\n")
    assert (utterances[1].speaker, utterances[1].text, utterances[1].start) == ("agent", "a", start)


def test_call_offsets_and_passing_midnight():
    utterances = parse("(23:59:50) Caller: hello?\n(00:00:05) Rep: Hello, you are through to billing.\n")
    assert [(u.speaker, u.start) for u in utterances] == [("customer", 0.0), ("agent", 15.0)]


def test_any_name_is_a_label_and_the_role_comes_from_the_labels():
    utterances = parse("@BrandSupport: How can we help?\nJane Doe:\tMy card was charged twice.\n"
                       "Agent (Sam): Sorry about that.\n")
    assert [(u.speaker, u.speaker_name, u.text) for u in utterances] == [
        ("unknown", "@BrandSupport", "How can we help?"),
        ("unknown", "Jane Doe", "My card was charged twice."),
        ("unknown", "Agent (Sam)", "Sorry about that."),
    ]
    [conversation] = parse_plain_text(b"@BrandSupport: hi\nJane: hello\n",
                                      SpeakerLabels(agent=("@brandsupport",), customer=("jane",)))
    assert [u.speaker for u in conversation.utterances] == ["agent", "customer"]


def test_untimed_lines_and_urls_are_not_labels():
    utterances = parse("Agent: See https://acme.example/help\nhttps://acme.example/returns\n"
                       "Hi, one question: why?\n")
    assert len(utterances) == 1
    assert utterances[0].text == "See https://acme.example/help\nhttps://acme.example/returns\nHi, one question: why?"


def test_a_tab_separated_log_keeps_its_style():
    utterances = parse("\tCustomer:\tMy booking is wrong\nName: Alliyha Dacian\nBirthdate: Nov. 9\n"
                       "\tAgent:\tThanks, fixed.\n")
    assert [(u.speaker, u.text) for u in utterances] == [
        ("customer", "My booking is wrong\nName: Alliyha Dacian\nBirthdate: Nov. 9"), ("agent", "Thanks, fixed.")]


def test_a_timed_log_keeps_its_style():
    utterances = parse("[10:00] Customer: My details:\nName: Jane\n10:30 suits me\n[10:01] Agent: Noted.\n")
    assert [u.text for u in utterances] == ["My details:\nName: Jane\n10:30 suits me", "Noted."]


def test_text_before_any_label_is_refused():
    with pytest.raises(FormatError) as caught:
        parse("\nhello there\nAgent: hi\n")
    assert str(caught.value) == (
        "line 2: no speaker label. Each line must start with a label such as 'Agent:' or 'Customer:', "
        "optionally after a time like [10:02:11]; lines without a label continue the message above.")


def test_a_bracketed_time_without_a_label_is_refused():
    with pytest.raises(FormatError, match=r"^line 2: a time but no speaker label\. Each line must start"):
        parse("[10:00] Agent: hi\n[10:01] are you there?\n")


def test_an_impossible_time_is_refused():
    with pytest.raises(FormatError, match=r"^line 1: '25:61' is not a time of day\. Times are written like"):
        parse("[25:61] Agent: hi\n")


def test_labels_without_text_are_refused():
    with pytest.raises(FormatError, match="has speaker labels but no message text"):
        parse("Agent:\nCustomer:   \n")


def test_a_message_over_the_limit_is_refused_at_its_first_line():
    many_lines = "\n".join(["y" * 1000] * 25)
    with pytest.raises(FormatError, match=r"^line 2: a message of 2\d,\d{3} characters is too long"):
        parse(f"Agent: hi\nCustomer: {many_lines}\n")
