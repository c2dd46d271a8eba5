"""Chat exports as CSV: a header row, then one message a row, many conversations per file.

    conversation_id,timestamp,speaker,message
    T-1001,2024-05-01T10:02:11Z,Agent,"Thanks for contacting us, this is Sam."
"""
from __future__ import annotations

import csv
import io
from datetime import datetime

from transcription.formats.base import (MAX_UTTERANCE_CHARS, FormatError, ParsedConversation, ParsedUtterance,
                                        SpeakerLabels, check_utterance_length, with_relative_starts)
from transcription.formats.clock import ACCEPTED_TIMES, clock_offsets, parse_moment
from transcription.formats.csv_columns import Columns, describe_accepted_columns, find_columns
from transcription.formats.text import decode_text

DELIMITERS = ",;\t|"
_SNIFF_CHARS = 8192


def parse_csv(data: bytes, labels: SpeakerLabels) -> list[ParsedConversation]:
    # Lines are not limited here: a row may be long because of other columns; the text is limited.
    text = decode_text(data, "the CSV file", max_line_chars=None)
    header, rows = _read_table(text)
    columns = find_columns(header)
    grouped: dict[str | None, list[tuple[int, ParsedUtterance, datetime | float | None]]] = {}
    for row_number, row in rows:
        _check_width(row, header, row_number)
        message = row[columns.text].strip()
        if not message:
            continue
        check_utterance_length(message, f"row {row_number}")
        conversation_id = _conversation_id(row, columns, row_number, header)
        utterance = _utterance(row, columns, labels, message)
        grouped.setdefault(conversation_id, []).append((row_number, utterance, _moment(row, columns, row_number)))
    if not grouped:
        raise FormatError("The CSV file has a header but no row with message text. "
                          "Add one row per message below the header.")
    return [_conversation(conversation_id, entries) for conversation_id, entries in grouped.items()]


def _read_table(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(header, [(row number counting the header as 1, fields)]), with blank lines left out."""
    reader, header = _reader_with_readable_header(text)
    rows = []
    row_number = 1
    try:
        for row in reader:
            row_number += 1
            if row:
                rows.append((row_number, row))
    except csv.Error as error:
        raise FormatError(f"row {row_number + 1}: {_explain(error)}") from None
    return header, rows


def _reader_with_readable_header(text: str):
    for delimiter in _delimiters_to_try(text):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        try:
            header = next(reader, [])
        except csv.Error:
            continue
        if find_columns(header).readable:
            return reader, header
    try:
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=_sniffed(text) or ","), [])
    except csv.Error as error:
        raise FormatError(f"row 1: {_explain(error)}") from None
    found = ", ".join(repr(name[:40]) for name in header[:30]) + (", ..." if len(header) > 30 else "")
    raise FormatError(f"The CSV file has no recognisable speaker and text columns (columns found: {found or 'none'}). "
                      f"The first row must name the columns. {describe_accepted_columns()}")


def _explain(error: csv.Error) -> str:
    if "field limit" in str(error):
        return (f"a field is too long ({error}). A message may have at most {MAX_UTTERANCE_CHARS:,} "
                "characters; check that every quote that opens a field is closed.")
    return (f"{error}. Fields that contain the delimiter, a quote or a line break must be enclosed in "
            'double quotes, with quotes inside doubled ("").')


def _delimiters_to_try(text: str) -> list[str]:
    sniffed = _sniffed(text)
    return ([sniffed] if sniffed else []) + [d for d in DELIMITERS if d != sniffed]


def _sniffed(text: str) -> str | None:
    try:
        return csv.Sniffer().sniff(text[:_SNIFF_CHARS], delimiters=DELIMITERS).delimiter
    except csv.Error:
        return None


def _check_width(row: list[str], header: list[str], row_number: int) -> None:
    if len(row) != len(header):
        raise FormatError(
            f"row {row_number}: {len(row)} field{'' if len(row) == 1 else 's'} where the header has {len(header)} "
            f"({', '.join(header)}). "
            "Every row needs one field per column; enclose fields that contain the delimiter in double quotes.")


def _conversation_id(row: list[str], columns: Columns, row_number: int, header: list[str]) -> str | None:
    if columns.conversation is None:
        return None
    value = row[columns.conversation].strip()
    if not value:
        raise FormatError(f"row {row_number}: no conversation id in column '{header[columns.conversation]}'. "
                          "Every row needs the id of its conversation, or leave the column out to read the "
                          "file as one conversation.")
    return value


def _utterance(row: list[str], columns: Columns, labels: SpeakerLabels, message: str) -> ParsedUtterance:
    role_value = row[columns.role].strip() if columns.role is not None else ""
    name_value = row[columns.name].strip() if columns.name is not None else ""
    speaker = labels.role_for(role_value) if role_value else "unknown"
    if speaker == "unknown" and name_value:
        speaker = labels.role_for(name_value)
    return ParsedUtterance(speaker, message, speaker_name=name_value or role_value or None)


def _moment(row: list[str], columns: Columns, row_number: int) -> datetime | float | None:
    written = " ".join(row[index].strip() for index in columns.times).strip()
    if not written:
        return None
    moment = parse_moment(written)
    if moment is None:
        raise FormatError(f"row {row_number}: the time '{written[:40]}' is not understood. "
                          f"Times may be {ACCEPTED_TIMES}.")
    return moment


def _conversation(conversation_id: str | None, entries: list) -> ParsedConversation:
    utterances = [utterance for _, utterance, _ in entries]
    timed = [(row_number, moment) for row_number, _, moment in entries if moment is not None]
    if all(isinstance(moment, datetime) for _, moment in timed):
        for utterance, (_, _, moment) in zip(utterances, entries):
            utterance.sent_at = moment
        utterances = with_relative_starts(utterances)
    elif all(isinstance(moment, float) for _, moment in timed):
        offsets = iter(clock_offsets([moment for _, moment in timed]))
        for utterance, (_, _, moment) in zip(utterances, entries):
            utterance.start = next(offsets) if moment is not None else None
    else:
        row_number = next(r for r, m in timed if isinstance(m, float) != isinstance(timed[0][1], float))
        raise FormatError(f"row {row_number}: this conversation mixes times of day without a date and full "
                          "dates. Use the same kind of time in every row.")
    sent = [u.sent_at for u in utterances if u.sent_at is not None]
    return ParsedConversation(utterances, source_id=conversation_id, started_at=min(sent, default=None))
