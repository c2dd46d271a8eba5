"""Sentiment: agreement with people on real support turns, and speed against bare VADER.

    .venv/bin/python -m bench.sentiment

Agreement: the 140 TweetSumm turns labelled blind by reading (tests/transcription/sentiment/
tweetsumm_labels.json) against transcription.sentiment's label. The domain word lists in
transcription/sentiment.py were written after reading the scorer's mistakes on the "dev" turns (each
conversation's first customer turn); the other 80 turns are held out from that. Speed: scoring every utterance of
the 1,099 TweetSumm conversations through the service against the bare
SentimentIntensityAnalyzer.polarity_scores over the same texts, in one run.
"""
import json
import time
from collections import Counter
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from bench.tweetsumm import TWEETSUMM, tweetsumm_conversations
from transcription.sentiment import LABELS, sentiment_label, utterance_sentiment

LABELLED = Path(__file__).resolve().parents[1] / "tests" / "transcription" / "sentiment" / "tweetsumm_labels.json"


def agreement() -> None:
    turns = {record["dialog_id"]: record["turns"] for record in map(json.loads, TWEETSUMM.open())}
    labels, opened = json.loads(LABELLED.read_text())["labels"], set()
    pairs = []
    for item in labels:
        part = "dev" if item["speaker"] == "customer" and item["dialog_id"] not in opened else "held-out"
        opened.add(item["dialog_id"])
        text = turns[item["dialog_id"]][item["turn"]]["text"]
        pairs.append((item["label"], sentiment_label(utterance_sentiment(text)), item["speaker"], part))
    confusion = Counter((truth, guess) for truth, guess, _, _ in pairs)
    print(f"labelled turns: {len(pairs)}  accuracy: {sum(t == g for t, g, _, _ in pairs) / len(pairs):.2f}")
    for name, index in (("customer", 2), ("agent", 2), ("dev", 3), ("held-out", 3)):
        mine = [(pair[0], pair[1]) for pair in pairs if pair[index] == name]
        print(f"  {name}: {len(mine)} turns, accuracy {sum(t == g for t, g in mine) / len(mine):.2f}")
    f1s = []
    for label in LABELS:
        tp = confusion[(label, label)]
        precision = tp / max(1, sum(confusion[(t, label)] for t in LABELS))
        recall = tp / max(1, sum(confusion[(label, g)] for g in LABELS))
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
        print(f"  {label:<8} precision {precision:.2f} recall {recall:.2f} f1 {f1s[-1]:.2f}")
    majority = Counter(truth for truth, *_ in pairs).most_common(1)[0]
    print(f"  macro f1: {sum(f1s) / len(f1s):.2f}  (always saying {majority[0]!r}: accuracy "
          f"{majority[1] / len(pairs):.2f}, macro f1 {2 * majority[1] / (len(pairs) + majority[1]) / 3:.2f})")
    print("  confusion (rows: people, columns: scorer): " + "  ".join(LABELS))
    for truth in LABELS:
        print(f"    {truth:<8} " + "  ".join(f"{confusion[(truth, guess)]:>8}" for guess in LABELS))


def speed() -> None:
    texts = [text for conversation in tweetsumm_conversations() for _, text in conversation]
    bare = SentimentIntensityAnalyzer()
    start = time.perf_counter()
    for text in texts:
        bare.polarity_scores(text)
    bare_seconds = time.perf_counter() - start
    utterance_sentiment("warm up")  # the service's analyser loads its lexicon once
    start = time.perf_counter()
    for text in texts:
        utterance_sentiment(text)
    ours = time.perf_counter() - start
    print(f"speed over {len(texts)} utterances: bare VADER {bare_seconds:.2f} s, Callibrate {ours:.2f} s, "
          f"ratio {ours / bare_seconds:.2f}, {len(texts) / ours:.0f} utterances/s")


if __name__ == "__main__":
    agreement()
    speed()
