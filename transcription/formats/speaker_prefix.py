"""The `Name:` that starts a line of a chat log or a subtitle cue."""
from __future__ import annotations

import re
from typing import NamedTuple

# A label is one to four words of name-like characters (letters in any script, digits, @ . _ - ' ( )
# # & +), so "Jane Doe:", "@AmazonHelp:" and "Agent (Sam):" are labels while "Hi, quick question:"
# and "https://..." are not. The colon must be followed by blank space or the end of the line.
_WORD = r"[\w@.'’()#&+\-]+"
_PREFIX = re.compile(rf"\s*(?P<label>{_WORD}(?: {_WORD}){{0,3}}) *:(?P<separator>[ \t]+|$)(?P<rest>.*)", re.S)
MAX_LABEL_CHARS = 60


class SpeakerPrefix(NamedTuple):
    label: str
    tab_separated: bool      # "Agent:\ttext", the style of exports such as TweetSumm
    text: str


def split_speaker_prefix(line: str) -> SpeakerPrefix | None:
    match = _PREFIX.match(line)
    if not match or len(match["label"]) > MAX_LABEL_CHARS:
        return None
    return SpeakerPrefix(match["label"], match["separator"].startswith("\t"), match["rest"])
