"""The TweetSumm conversations and the bare spaCy baseline the NLP benchmarks compare against."""
import json
import time
from pathlib import Path

TWEETSUMM = Path(__file__).resolve().parents[2] / "shared" / "data" / "chats" / "tweetsumm.jsonl"


def tweetsumm_conversations() -> list[list[tuple[str, str]]]:
    """Each conversation as (speaker, text) turns, speakers lower-cased ("agent", "customer")."""
    return [[(turn["speaker"].lower(), turn["text"]) for turn in json.loads(line)["turns"]]
            for line in TWEETSUMM.read_text().splitlines()]


def bare_pipe_seconds(nlp, conversations) -> float:
    """Plain `nlp.pipe` over every utterance, with the whole pipeline."""
    start = time.perf_counter()
    for _ in nlp.pipe(text for conversation in conversations for _, text in conversation):
        pass
    return time.perf_counter() - start
