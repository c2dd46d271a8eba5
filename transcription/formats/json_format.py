"""Callibrate's own JSON transcript format, defined by `interaction.schema.json` beside this file.

`channel` and `agent` become the conversation's `channel` and `agent_email` fields, because ingest
samples and assigns on them; `metadata` is kept as given.
"""
from __future__ import annotations

import copy
import json
from datetime import datetime
from functools import cache
from importlib.resources import files

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from transcription.formats.base import (FormatError, ParsedConversation, ParsedUtterance, SpeakerLabels,
                                        with_relative_starts)
from transcription.formats.clock import parse_iso_datetime
from transcription.formats.json_errors import describe_validation_error
from transcription.formats.text import clean_text, decode_text

FORMAT_HINT = ('Upload one conversation {"utterances": [{"speaker": "agent", "text": "..."}]}, '
               'an array of them, or {"conversations": [...]}.')


def parse_json(data: bytes, labels: SpeakerLabels) -> list[ParsedConversation]:
    document = _load(decode_text(data, "the JSON file", max_line_chars=None))
    _validate(document)
    return [_conversation(item, path, labels) for path, item in _located_conversations(document)]


def interaction_schema() -> dict:
    """The JSON Schema, for an API that publishes it or a form that explains it."""
    return copy.deepcopy(_validator().schema)


def _load(text: str) -> object:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise FormatError(f"The JSON file is not valid JSON: {error.msg} (line {error.lineno}, column "
                          f"{error.colno}). {FORMAT_HINT}") from None
    except RecursionError:
        raise FormatError(f"The JSON file is nested too deeply to be a transcript. {FORMAT_HINT}") from None


def _reject_constant(name: str) -> float:
    raise FormatError(f"The JSON file contains {name}, which is not a JSON number. "
                      "Times must be plain numbers of seconds.")


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads((files("transcription.formats") / "interaction.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _validate(document: object) -> None:
    errors = list(_validator().iter_errors(document))
    if errors:
        more = ""
        if len(errors) > 1:
            more = f" ({len(errors) - 1} more problem{'s' if len(errors) > 2 else ''} after this one.)"
        raise FormatError(describe_validation_error(best_match(errors)) + more)


def _located_conversations(document: dict | list) -> list[tuple[str, dict]]:
    """Each conversation with its JSON path, for messages about it."""
    if isinstance(document, list):
        return [(f"$[{index}]", item) for index, item in enumerate(document)]
    if "conversations" in document:
        return [(f"$.conversations[{index}]", item) for index, item in enumerate(document["conversations"])]
    return [("$", document)]


def _conversation(item: dict, path: str, labels: SpeakerLabels) -> ParsedConversation:
    utterances = with_relative_starts([_utterance(u, f"{path}.utterances[{index}]", labels)
                                       for index, u in enumerate(item["utterances"])])
    started_at = _datetime(item, "started_at", path)
    if started_at is None:
        started_at = min((u.sent_at for u in utterances if u.sent_at is not None), default=None)
    return ParsedConversation(utterances, source_id=item.get("source_id"), started_at=started_at,
                              metadata=dict(item.get("metadata", {})), channel=item.get("channel"),
                              agent_email=item.get("agent"))


def _utterance(item: dict, path: str, labels: SpeakerLabels) -> ParsedUtterance:
    # JSON escapes such as \u200b survive decoding, so the strings are cleaned once more here.
    text = clean_text(item["text"]).strip()
    if not text:
        raise FormatError(f"{path}.text: it is blank once invisible characters are removed. "
                          "Expected the words said or written.")
    speaker_name = clean_text(item.get("speaker_name") or "").strip() or None
    speaker = item.get("speaker") or labels.role_for(speaker_name or "")
    start, end = item.get("start"), item.get("end")
    if start is not None and end is not None and end < start:
        raise FormatError(f"{path}.end: {end} is before start {start}. Expected an end at or after the start.")
    return ParsedUtterance(speaker, text, speaker_name=speaker_name, start=start, end=end,
                           sent_at=_datetime(item, "sent_at", path))


def _datetime(item: dict, field: str, path: str) -> datetime | None:
    if item.get(field) is None:
        return None
    moment = parse_iso_datetime(item[field])
    if moment is None:
        raise FormatError(f"{path}.{field}: {item[field]!r} is not a real date and time. "
                          'Expected an ISO 8601 date-time like "2024-05-01T10:02:11Z".')
    return moment
