"""Precision, recall and F1 of a tagger on the labelled conversations, per tag and micro-averaged.

A unit is (conversation, utterance, tag): the tag found with its evidence in the right utterance.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

LABELLED = Path(__file__).with_name("labelled_conversations.json")


@dataclass
class Scores:
    true_positives: Counter
    false_positives: Counter
    false_negatives: Counter

    def precision(self, key=None) -> float:
        tp, fp = self._counts(key, self.false_positives)
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, key=None) -> float:
        tp, fn = self._counts(key, self.false_negatives)
        return tp / (tp + fn) if tp + fn else 1.0

    def f1(self, key=None) -> float:
        p, r = self.precision(key), self.recall(key)
        return 2 * p * r / (p + r) if p + r else 0.0

    def _counts(self, key, errors: Counter) -> tuple[int, int]:
        if key is None:
            return sum(self.true_positives.values()), sum(errors.values())
        return self.true_positives[key], errors[key]

    def keys(self) -> list[str]:
        return sorted(set(self.true_positives) | set(self.false_positives) | set(self.false_negatives))


def labelled_conversations() -> list[dict]:
    return json.loads(LABELLED.read_text())


def evaluate(tagger, conversations: list[dict]) -> tuple[Scores, list[str]]:
    """Scores, and one line per mistake (for reading what went wrong)."""
    tp, fp, fn = Counter(), Counter(), Counter()
    mistakes = []
    for conversation in conversations:
        utterances = [(u["speaker"], u["text"]) for u in conversation["utterances"]]
        expected = {(t["utterance"], t["key"]) for t in conversation["tags"]}
        found = {(hit.utterance, hit.key) for hit in tagger.tag_conversation(utterances)}
        for utterance, key in found & expected:
            tp[key] += 1
        for utterance, key in found - expected:
            fp[key] += 1
            mistakes.append(f"FP {key} {conversation['id']}[{utterance}]: {utterances[utterance][1]}")
        for utterance, key in expected - found:
            fn[key] += 1
            mistakes.append(f"FN {key} {conversation['id']}[{utterance}]: {utterances[utterance][1]}")
    return Scores(tp, fp, fn), mistakes
