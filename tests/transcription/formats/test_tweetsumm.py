"""Every one of the 1,099 real TweetSumm conversations parses into its annotated turns."""
import json
from pathlib import Path

import pytest

from transcription.formats.base import SpeakerLabels
from transcription.formats.plain_text import parse_plain_text
from transcription.formats.text import clean_text

TWEETSUMM = Path(__file__).resolve().parents[4] / "shared" / "data" / "chats" / "tweetsumm.jsonl"


@pytest.fixture(scope="module")
def dialogs():
    if not TWEETSUMM.exists():
        pytest.skip(f"shared data not found at {TWEETSUMM}")
    return [json.loads(line) for line in TWEETSUMM.read_text(encoding="utf-8").splitlines()]


def test_all_conversations_parse_into_their_turns(dialogs):
    assert len(dialogs) == 1099
    mismatched = []
    for dialog in dialogs:
        [conversation] = parse_plain_text(dialog["raw_text"].encode(), SpeakerLabels())
        got = [(u.speaker, u.speaker_name.casefold(), u.text.split("\n")[0]) for u in conversation.utterances]
        # TweetSumm's turns keep only the first line of a multi-line tweet, with its trailing blanks,
        # and the parser drops zero-width joiners as it does everywhere.
        expected = [(t["speaker"], t["speaker"], clean_text(t["text"]).strip()) for t in dialog["turns"]]
        if got != expected:
            mismatched.append(dialog["dialog_id"])
    assert mismatched == []


def test_a_multi_line_tweet_keeps_all_its_lines(dialogs):
    dialog = next(d for d in dialogs if "Name: Alliyha" in d["raw_text"])
    [conversation] = parse_plain_text(dialog["raw_text"].encode(), SpeakerLabels())
    assert len(conversation.utterances) == len(dialog["turns"])
    booking = next(u for u in conversation.utterances if "Name: Alliyha" in u.text)
    assert booking.speaker == "customer"
    assert booking.text.split("\n")[:2] == ["@AirAsiaSupport Hi sha, thanks for responding. My booking number "
                                            "is: KZBCKZ", "Name: Alliyha Ashley Dacian"]
