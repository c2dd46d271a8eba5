"""Apply tag rules to a conversation with spaCy matchers, honouring speaker, position and negation."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import Matcher, PhraseMatcher

from transcription.tagging.rules import RuleError, RuleSet, TagRule

NEGATIONS = {"not", "n't", "no", "never", "dont", "don't", "didnt", "didn't", "doesnt", "doesn't", "cant", "can't",
             "wont", "won't", "isnt", "isn't", "nothing", "without", "nor", "neither"}
NEGATION_WINDOW = 4  # tokens before a match that can negate it ("i don't really want a refund")
# Matching needs lemmas only: leaving out the parser and the entity recogniser makes tagging about
# three times faster, which keeps redaction plus tagging near the cost of one plain spaCy pass.
UNUSED_COMPONENTS = ("parser", "ner")


@dataclass(frozen=True)
class TagHit:
    key: str
    utterance: int
    start: int  # character span in the utterance's text
    end: int
    source: str = "rule"


class Tagger:
    def __init__(self, nlp, rules: RuleSet):
        self.nlp = nlp
        self.rules = rules.by_key()
        self.phrases = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.patterns = Matcher(nlp.vocab, validate=True)
        phrase_docs = {rule.key: list(nlp.pipe(p.lower() for p in rule.phrases)) for rule in rules.rules}
        for rule in rules.rules:
            if phrase_docs[rule.key]:
                self.phrases.add(rule.key, phrase_docs[rule.key])
            for number, pattern in enumerate(rule.patterns, start=1):
                try:
                    self.patterns.add(rule.key, [list(pattern)])
                except (ValueError, KeyError) as error:
                    raise RuleError(f"{rule.key}, pattern {number}: {error}") from error

    def tag_conversation(self, utterances: list[tuple[str, str]]) -> list[TagHit]:
        """`utterances` are (speaker, text); speech-to-text output is lower-cased so both read alike."""
        return self.tag_conversations([utterances])[0]

    def tag_conversations(self, conversations: list[list[tuple[str, str]]]) -> list[list[TagHit]]:
        """Many conversations through one spaCy stream: batching is most of spaCy's speed."""
        texts = (text.lower() for utterances in conversations for _, text in utterances)
        docs = iter(self.nlp.pipe(texts, disable=UNUSED_COMPONENTS))
        return [self._tag(utterances, [next(docs) for _ in utterances]) for utterances in conversations]

    def _tag(self, utterances: list[tuple[str, str]], docs: list) -> list[TagHit]:
        turn_numbers = _turn_numbers([speaker for speaker, _ in utterances])
        hits: set[TagHit] = set()
        matchers = [matcher for matcher in (self.phrases, self.patterns) if len(matcher)]
        for index, doc in enumerate(docs):
            speaker = utterances[index][0]
            for match_id, start, end in [match for matcher in matchers for match in matcher(doc)]:
                rule = self.rules[self.nlp.vocab.strings[match_id]]
                if self._applies(rule, speaker, turn_numbers[index]) and not (rule.negatable and _negated(doc, start)):
                    span = doc[start:end]
                    hits.add(TagHit(rule.key, index, span.start_char, span.end_char))
        return _first_per_utterance(hits)

    @staticmethod
    def _applies(rule: TagRule, speaker: str, turn: tuple[int, int]) -> bool:
        number, from_end = turn
        return (rule.speaker in ("any", speaker)
                and (rule.first_turns is None or number < rule.first_turns)
                and (rule.last_turns is None or from_end < rule.last_turns))


def _turn_numbers(speakers: list[str]) -> list[tuple[int, int]]:
    """For each utterance: its number among its speaker's utterances, counted from the start and the end."""
    totals: dict[str, int] = {}
    for speaker in speakers:
        totals[speaker] = totals.get(speaker, 0) + 1
    seen: dict[str, int] = {}
    numbers = []
    for speaker in speakers:
        number = seen.get(speaker, 0)
        seen[speaker] = number + 1
        numbers.append((number, totals[speaker] - number - 1))
    return numbers


def _negated(doc, start: int) -> bool:
    window = doc[max(0, start - NEGATION_WINDOW):start]
    return any(token.lower_ in NEGATIONS for token in window)


def _first_per_utterance(hits: set[TagHit]) -> list[TagHit]:
    """One hit per tag and utterance (the earliest), so evidence is not counted twice."""
    first: dict[tuple[str, int], TagHit] = {}
    for hit in sorted(hits, key=lambda h: (h.utterance, h.start)):
        first.setdefault((hit.key, hit.utterance), hit)
    return sorted(first.values(), key=lambda h: (h.utterance, h.start, h.key))
