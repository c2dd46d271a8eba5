"""Redaction quality and speed.

Quality, on the labelled cases in tests/transcription/redaction/cases.py: recall per kind (share of
expected placeholders produced, of the right kind) and the false-positive rate (share of PII-free
texts that were changed). Speed: redacting the 1,099 TweetSumm conversations against bare
`nlp.pipe` over the same texts with the same spaCy model, in one run.

Usage: .venv/bin/python bench/redaction.py
"""
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.tweetsumm import bare_pipe_seconds, tweetsumm_conversations  # noqa: E402
from tests.transcription.redaction.cases import KEPT, REDACTED  # noqa: E402
from transcription.nlp import load_nlp  # noqa: E402
from transcription.redaction.redactor import KINDS, PLACEHOLDERS, Redactor  # noqa: E402

KIND_OF = {placeholder: kind for kind, placeholder in PLACEHOLDERS.items()}
PLACEHOLDER = re.compile(r"\[[A-Z_]+\]")


def quality(redactor: Redactor) -> None:
    expected, found = Counter(), Counter()
    for text, wanted in REDACTED:
        want = Counter(KIND_OF[p] for p in PLACEHOLDER.findall(wanted))
        got = Counter(KIND_OF[p] for p in PLACEHOLDER.findall(redactor.redact_text(text).text))
        expected.update(want)
        found.update(want & got)
    changed = sum(redactor.redact_text(text).text != text for text in KEPT)
    print(f"{'kind':20}{'expected':>9}{'found':>7}{'recall':>8}")
    for kind in KINDS:
        if expected[kind]:
            print(f"{kind:20}{expected[kind]:9d}{found[kind]:7d}{found[kind] / expected[kind]:8.2f}")
    total = sum(expected.values())
    print(f"{'all':20}{total:9d}{sum(found.values()):7d}{sum(found.values()) / total:8.2f}")
    print(f"false positives: {changed} of {len(KEPT)} PII-free texts changed ({changed / len(KEPT):.1%})")


def speed(redactor: Redactor, nlp) -> None:
    conversations = tweetsumm_conversations()
    texts = [text for conversation in conversations for _, text in conversation]
    bare = bare_pipe_seconds(nlp, conversations)
    start = time.perf_counter()
    redacted = redactor.redact_conversations(conversations)
    ours = time.perf_counter() - start
    kinds = Counter(kind for results in redacted for result in results for _, _, kind in result.placeholders)
    print(f"\nTweetSumm: {len(conversations)} conversations, {len(texts)} utterances")
    print(f"bare nlp.pipe {bare:.2f} s, redaction {ours:.2f} s, ratio {ours / bare:.2f}")
    print("redactions made:", dict(kinds.most_common()))


def main() -> None:
    nlp = load_nlp("bundled")
    redactor = Redactor(KINDS, nlp=nlp)
    quality(redactor)
    speed(redactor, nlp)


if __name__ == "__main__":
    main()
