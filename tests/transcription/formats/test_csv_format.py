"""CSV exports: column names, grouping by conversation, times, and malformed rows."""
from datetime import datetime

import pytest

from transcription.formats.base import FormatError, ParsedUtterance, SpeakerLabels
from transcription.formats.csv_format import parse_csv

LABELS = SpeakerLabels()

HELPDESK_EXPORT = b'''Ticket ID,Created At,Sender,Role,Message Text
T-1001,2024-05-01T10:02:11Z,Sam,agent,"Thanks for contacting Acme, this is Sam."
T-1002,2024-05-01 11:00:00,Priya,customer,Do you ship to Canada?
T-1001,2024-05-01T12:02:41+02:00,Jane,customer,"My ""express"" parcel is late,
and the tracking page is blank."
T-1001,2024-05-01T10:03:00Z,Sam,agent,
T-1002,1714561260,Lee,agent,We do!
'''


def test_helpdesk_export_grouped_by_ticket_in_file_order():
    tickets = parse_csv(HELPDESK_EXPORT, LABELS)
    assert [(t.source_id, t.started_at) for t in tickets] == [
        ("T-1001", datetime(2024, 5, 1, 10, 2, 11)), ("T-1002", datetime(2024, 5, 1, 11, 0))]
    assert tickets[0].utterances == [
        ParsedUtterance("agent", "Thanks for contacting Acme, this is Sam.", "Sam", start=0.0,
                        sent_at=datetime(2024, 5, 1, 10, 2, 11)),
        ParsedUtterance("customer", 'My "express" parcel is late,\nand the tracking page is blank.', "Jane",
                        start=30.0, sent_at=datetime(2024, 5, 1, 10, 2, 41)),
    ]
    assert [(u.speaker, u.speaker_name, u.start) for u in tickets[1].utterances] == [
        ("customer", "Priya", 0.0), ("agent", "Lee", 60.0)]


def test_no_id_column_is_one_conversation_with_clock_times_past_midnight():
    data = b"time;speaker;text\n23:59:50;Agent;Still there?\n00:00:10;Customer;Yes, sorry!\n"
    [conversation] = parse_csv(data, LABELS)
    assert conversation.source_id is None and conversation.started_at is None
    assert conversation.utterances == [ParsedUtterance("agent", "Still there?", "Agent", start=0.0),
                                       ParsedUtterance("customer", "Yes, sorry!", "Customer", start=20.0)]


def test_tab_separated_with_separate_date_and_time_and_agent_addresses():
    data = (b"Date\tTime\tFrom\tBody\n2024-01-01\t23:59:50\tsam@shop.com\tHappy new year!\n"
            b"2024-01-02\t00:00:10\tjane@example.org\tThanks, you too\n")
    [conversation] = parse_csv(data, SpeakerLabels(agent_addresses=("@shop.com",)))
    assert [(u.speaker, u.speaker_name, u.sent_at, u.start) for u in conversation.utterances] == [
        ("agent", "sam@shop.com", datetime(2024, 1, 1, 23, 59, 50), 0.0),
        ("customer", "jane@example.org", datetime(2024, 1, 2, 0, 0, 10), 20.0)]


def test_unrecognised_speaker_names_stay_unknown():
    [conversation] = parse_csv(b"author,content\n@AcmeHelp,hi\n,anonymous note\n", LABELS)
    assert [(u.speaker, u.speaker_name) for u in conversation.utterances] == [
        ("unknown", "@AcmeHelp"), ("unknown", None)]


def test_a_csv_without_recognisable_columns_lists_what_it_found_and_accepts():
    with pytest.raises(FormatError) as caught:
        parse_csv(b"when,who said it,words\n10:00,Agent,hi\n", LABELS)
    message = str(caught.value)
    assert message.startswith("The CSV file has no recognisable speaker and text columns "
                              "(columns found: 'when', 'who said it', 'words'). The first row must name the columns.")
    assert "Speaker columns: speaker, sender, author, from, participant" in message
    assert "Text columns: text, message, body, content" in message


def test_a_row_with_the_wrong_number_of_fields_is_refused_by_number():
    with pytest.raises(FormatError) as caught:
        parse_csv(b"speaker,text\nAgent,hi\nCustomer,hello, is anyone there\n", LABELS)
    assert str(caught.value) == ("row 3: 3 fields where the header has 2 (speaker, text). Every row needs one "
                                 "field per column; enclose fields that contain the delimiter in double quotes.")


def test_an_unclosed_quote_is_refused_by_row():
    with pytest.raises(FormatError, match=r'^row 3: unexpected end of data\. Fields that contain the delimiter'):
        parse_csv(b'speaker,text\nAgent,hi\nCustomer,"hello\n', LABELS)


def test_a_bad_time_is_refused_by_row():
    with pytest.raises(FormatError, match=r"^row 2: the time 'next tuesday' is not understood\. Times may be ISO 8601"):
        parse_csv(b"timestamp,speaker,text\nnext tuesday,Agent,hi\n", LABELS)


def test_mixing_dates_and_bare_times_is_refused():
    with pytest.raises(FormatError, match=r"^row 3: this conversation mixes times of day"):
        parse_csv(b"timestamp,speaker,text\n2024-05-01 10:00:00,Agent,hi\n10:01:00,Customer,yo\n", LABELS)


def test_a_missing_conversation_id_is_refused():
    with pytest.raises(FormatError, match=r"^row 3: no conversation id in column 'chat_id'"):
        parse_csv(b"chat_id,speaker,text\nC1,Agent,hi\n,Customer,hello\n", LABELS)


def test_only_empty_messages_is_refused():
    with pytest.raises(FormatError, match="has a header but no row with message text"):
        parse_csv(b"speaker,text\nAgent,\nCustomer,  \n", LABELS)


def test_a_five_megabyte_field_is_refused_quickly():
    with pytest.raises(FormatError, match=r"^row 2: a field is too long"):
        parse_csv(b"speaker,text\nAgent," + b"x" * 5_000_000 + b"\n", LABELS)
    with pytest.raises(FormatError, match=r"^row 2: a message of 20,001 characters is too long"):
        parse_csv(b"speaker,text\nAgent," + b"x" * 20_001 + b"\n", LABELS)
