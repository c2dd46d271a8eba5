"""Redact a conversation: find PII spans in every utterance and replace them with typed placeholders.

Card numbers are found across a speaker's consecutive utterances ("four one one one" … "one one one
one …" after the agent's "mm-hmm"), because callers read them out in pieces.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from transcription.redaction import detectors
from transcription.redaction.digits import DigitRun, Piece, digit_runs, luhn_valid

PLACEHOLDERS = {
    "card_number": "[CARD_NUMBER]", "card_security_code": "[CARD_SECURITY_CODE]", "card_expiry": "[CARD_EXPIRY]",
    "ssn": "[SSN]", "account_number": "[ACCOUNT_NUMBER]", "phone": "[PHONE]", "date_of_birth": "[DATE_OF_BIRTH]",
    "email": "[EMAIL]", "address": "[ADDRESS]", "person_name": "[PERSON_NAME]",
}
KINDS = tuple(PLACEHOLDERS)  # also the order of precedence when two detections overlap
ALWAYS = frozenset({"card_number"})
# spaCy's small model calls some interjections names on lowercase speech-to-text output.
NOT_NAMES = frozenset("mm mhm hmm uh um huh yeah yep okay ok hi hello hey thanks thank bye sir madam ma'am".split())
SEPARATOR_ONLY = re.compile(r"^[\s,.\-–/]*$")
FILLER = re.compile(r"^(?:[\s,.\-]|\b(?:um+|uh+|er+|erm|ah+|hmm+|and|then|okay|ok|yeah|yes|sorry|so|it's|that's|"
                    r"is|the|rest|next|last|digits?|numbers?)\b)*$", re.I)


@dataclass
class RedactedText:
    text: str
    original_spans: list[tuple[int, int, str]] = field(default_factory=list)  # in the text before redaction
    placeholders: list[tuple[int, int, str]] = field(default_factory=list)    # in the redacted text


class Redactor:
    def __init__(self, kinds, account_patterns=(), nlp=None):
        self.kinds = frozenset(kinds) | ALWAYS
        self.account_patterns = [re.compile(p) for p in account_patterns]
        self.nlp = nlp if self.kinds & {"person_name", "address"} else None

    def redact_conversation(self, utterances: list[tuple[str, str]]) -> list[RedactedText]:
        """`utterances` are (speaker, text) in order; returns the redacted text of each."""
        return self.redact_conversations([utterances])[0]

    def redact_conversations(self, conversations: list[list[tuple[str, str]]]) -> list[list[RedactedText]]:
        """Many conversations with one spaCy stream for the names: batching is most of spaCy's speed."""
        entities: list[list] = [[] for _ in conversations]
        if self.nlp is not None:
            # Names need the entity recogniser and part-of-speech tags, not the parser or lemmas.
            texts = (text for utterances in conversations for _, text in utterances)
            docs = iter(self.nlp.pipe(texts, disable=("parser", "lemmatizer")))
            entities = [[self._entity_spans(next(docs)) for _ in utterances] for utterances in conversations]
        return [self._redact(utterances, found) for utterances, found in zip(conversations, entities)]

    def _redact(self, utterances: list[tuple[str, str]], entity_spans: list[list]) -> list[RedactedText]:
        runs = [digit_runs(text) for _, text in utterances]
        spans = [self._spans(text, utterance_runs) for (_, text), utterance_runs in zip(utterances, runs)]
        cards = _card_pieces(utterances, runs)
        for index, start, end in cards:
            spans[index].append((start, end, "card_number"))
        for index, span in _details_after_cards(utterances, runs, {index for index, _, _ in cards}):
            spans[index].append(span)
        for index, found in enumerate(entity_spans):
            spans[index].extend(found)
        return [_apply(text, [s for s in found if s[2] in self.kinds])
                for (_, text), found in zip(utterances, spans)]

    def redact_text(self, text: str) -> RedactedText:
        return self.redact_conversation([("unknown", text)])[0]

    def _spans(self, text: str, runs: list[DigitRun]) -> list[tuple[int, int, str]]:
        return [*detectors.find_emails(text), *detectors.find_ssns(text, runs), *detectors.find_phones(text, runs),
                *detectors.find_card_details(text, runs), *detectors.find_dates_of_birth(text),
                *detectors.find_account_numbers(text, runs, self.account_patterns),
                *detectors.find_addresses(text)]

    @staticmethod
    def _entity_spans(doc) -> list[tuple[int, int, str]]:
        found = []
        for entity in doc.ents:
            words = {w.lower().strip(".,!?") for w in re.split(r"[\s\-]+", entity.text)}
            # A name has a proper noun in it: this keeps "expiry date" or "mm-hmm" from being taken for one.
            if entity.label_ == "PERSON" and any(token.pos_ == "PROPN" for token in entity) \
                    and any(len(w) > 1 for w in words - NOT_NAMES):
                found.append((entity.start_char, entity.end_char, "person_name"))
        return found


def _card_pieces(utterances, runs) -> list[tuple[int, int, int]]:
    """(utterance index, start, end) of every digit piece that belongs to a Luhn-valid card number."""
    found = []
    for chain in _chains(utterances, runs):
        found.extend(_luhn_stretch(chain))
    return found


# How many of the card reader's next utterances may hold the security code and expiry date.
CARD_DETAILS_WINDOW = 4
WRITTEN_EXPIRY = re.compile(r"\b(?:0?[1-9]|1[0-2])\s*/\s*(?:\d{2}|20\d{2})\b")


def _details_after_cards(utterances, runs, card_utterances: set[int]):
    """Short digit runs the card's reader says soon after it: its security code or expiry date."""
    for card_index in sorted(card_utterances):
        speaker = utterances[card_index][0]
        following = [i for i in range(card_index, len(utterances)) if utterances[i][0] == speaker]
        for index in following[:CARD_DETAILS_WINDOW + 1]:
            text = utterances[index][1]
            for match in WRITTEN_EXPIRY.finditer(text):
                yield index, (match.start(), match.end(), "card_expiry")
            for run in runs[index]:
                raw = text[run.start:run.end]
                if len(run.digits) in (3, 4) and not re.search(r"[.:/$£€%]", raw):
                    kind = "card_expiry" if _reads_as_month_year(run.digits) else "card_security_code"
                    yield index, (run.start, run.end, kind)


def _reads_as_month_year(digits: str) -> bool:
    return len(digits) == 4 and 1 <= int(digits[:2]) <= 12 and int(digits[2:]) >= 20


def _chains(utterances, runs) -> list[list[tuple[int, Piece]]]:
    """Digit runs joined across filler words, and across a speaker's consecutive utterances."""
    chains: list[list[tuple[int, Piece]]] = []
    open_chain: dict[str, list[tuple[int, Piece]]] = {}
    for index, ((speaker, text), utterance_runs) in enumerate(zip(utterances, runs)):
        chain = open_chain.get(speaker)
        position = 0
        for run in utterance_runs:
            if chain is None or not FILLER.match(text[position:run.start]):
                chain = []
                chains.append(chain)
            chain.extend((index, piece) for piece in run.pieces)
            position = run.end
        open_chain[speaker] = chain if utterance_runs and FILLER.match(text[position:]) else None
    return chains


# How card numbers are grouped when typed: 4-4-4-4 (and shorter last groups), Amex 4-6-5, Diners 4-6-4.
CARD_GROUPS = re.compile(r"^(?:4,)*[1-4]$|^(?:4,)+4,[1-4]$|^4,6,[45]$")


def _grouped_like_a_card(pieces: list[Piece]) -> bool:
    """Typed digits in groups must be grouped like a card ("408-1929729-8238743" is an order number)."""
    if len(pieces) == 1 or not all(piece.written for piece in pieces):
        return True
    return bool(CARD_GROUPS.match(",".join(str(len(piece.digits)) for piece in pieces)))


# Card lengths by how common they are: a 16-digit card followed by a spoken security code must not
# be read as one 18-digit number that happens to pass the checksum.
CARD_LENGTHS = (16, 15, 19, 14, 13, 18, 17)


def _luhn_stretch(chain: list[tuple[int, Piece]]) -> list[tuple[int, int, int]]:
    found, first = [], 0
    while first < len(chain):
        ends: dict[int, int] = {}  # digit count → last piece, for stretches starting at `first`
        digits = ""
        for last in range(first, len(chain)):
            digits += chain[last][1].digits
            if len(digits) > 19:
                break
            if len(digits) >= 13 and luhn_valid(digits) \
                    and _grouped_like_a_card([piece for _, piece in chain[first:last + 1]]):
                ends.setdefault(len(digits), last)
        best = next((ends[length] for length in CARD_LENGTHS if length in ends), None)
        if best is None:
            first += 1
            continue
        found.extend((index, piece.start, piece.end) for index, piece in chain[first:best + 1])
        first = best + 1
    return found


def _by_precedence(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Where detections overlap, the kind earlier in KINDS keeps its exact bounds (a card over a phone,
    an e-mail over a name the model drew too wide)."""
    accepted: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (KINDS.index(s[2]), s[0] - s[1])):
        if all(span[1] <= other[0] or span[0] >= other[1] for other in accepted):
            accepted.append(span)
    return sorted(accepted)


def _merge_neighbours(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Neighbouring pieces of one kind become one placeholder: "4111 1111 …" is one card."""
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in spans:
        joins = FILLER if kind == "card_number" else SEPARATOR_ONLY  # "four one one one um one one …"
        if merged and merged[-1][2] == kind and joins.match(text[merged[-1][1]:start]):
            merged[-1] = (merged[-1][0], end, kind)
        else:
            merged.append((start, end, kind))
    return merged


def _apply(text: str, spans: list[tuple[int, int, str]]) -> RedactedText:
    pieces, placeholders, cursor, length = [], [], 0, 0
    chosen = _merge_neighbours(text, _by_precedence(spans))
    for start, end, kind in chosen:
        pieces.append(text[cursor:start])
        length += start - cursor
        placeholder = PLACEHOLDERS[kind]
        placeholders.append((length, length + len(placeholder), kind))
        pieces.append(placeholder)
        length += len(placeholder)
        cursor = end
    pieces.append(text[cursor:])
    return RedactedText("".join(pieces), chosen, placeholders)
