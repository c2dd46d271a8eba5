"""Tag quality and the speed of tagging plus redaction.

Quality: precision, recall and F1 per tag and micro-averaged on tests/transcription/tagging/
labelled_conversations.json, for the held-out (even) conversations and for all of them; the rules
were tuned on the odd ones. Speed: redaction plus tagging of the 1,099 TweetSumm conversations
against bare `nlp.pipe` over the same texts with the same spaCy model, in one run (target ≤ 1.2).

Usage: .venv/bin/python bench/tagging.py
"""
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.tweetsumm import bare_pipe_seconds, tweetsumm_conversations  # noqa: E402
from tests.transcription.tagging.evaluation import evaluate, labelled_conversations  # noqa: E402
from transcription.nlp import load_nlp  # noqa: E402
from transcription.redaction.redactor import KINDS, Redactor  # noqa: E402
from transcription.tagging.engine import Tagger  # noqa: E402
from transcription.tagging.rules import load_default_rules  # noqa: E402



def quality(tagger: Tagger) -> None:
    conversations = labelled_conversations()
    held_out = [c for c in conversations if int(c["id"][1:]) % 2 == 0]
    scores, _ = evaluate(tagger, held_out)
    print(f"held-out conversations: {len(held_out)} of {len(conversations)}")
    print(f"{'tag':30}{'P':>6}{'R':>6}{'F1':>6}")
    for key in scores.keys():
        print(f"{key:30}{scores.precision(key):6.2f}{scores.recall(key):6.2f}{scores.f1(key):6.2f}")
    print(f"{'micro (held out)':30}{scores.precision():6.2f}{scores.recall():6.2f}{scores.f1():6.3f}")
    everything, _ = evaluate(tagger, conversations)
    print(f"{'micro (all)':30}{everything.precision():6.2f}{everything.recall():6.2f}{everything.f1():6.3f}")


def speed(tagger: Tagger, nlp) -> None:
    conversations = tweetsumm_conversations()
    texts = [text for conversation in conversations for _, text in conversation]
    bare = bare_pipe_seconds(nlp, conversations)
    redactor = Redactor(KINDS, nlp=nlp)
    start = time.perf_counter()
    redacted = redactor.redact_conversations(conversations)
    tagger.tag_conversations([[(speaker, r.text) for (speaker, _), r in zip(conversation, results)]
                              for conversation, results in zip(conversations, redacted)])
    ours = time.perf_counter() - start
    print(f"\nTweetSumm: {len(conversations)} conversations, {len(texts)} utterances")
    print(f"bare nlp.pipe {bare:.1f} s; redaction + tagging {ours:.1f} s; ratio {ours / bare:.2f} (target 1.2)")


def main() -> None:
    nlp = load_nlp("bundled")
    tagger = Tagger(nlp, load_default_rules())
    quality(tagger)
    speed(tagger, nlp)


if __name__ == "__main__":
    main()
