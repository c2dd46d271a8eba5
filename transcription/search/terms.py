"""Words → search terms, the one normalisation both the index and the query go through.

SQLite's FTS5 and PostgreSQL stem and fold differently (Porter against Snowball, stop words or
none, accents kept or dropped). So neither does it: Python lower-cases, folds accents and stems
every word with the Snowball English stemmer, the index stores those terms, and both databases
only split them on spaces (FTS5 `unicode61`, PostgreSQL's `simple` configuration). The same
terms go in and the same terms are asked for, so both return the same matches.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from qa.errors import Refused

WORD = re.compile(r"[^\W_]+")
PHRASE_OR_WORD = re.compile(r'"([^"]*)"|([^\s"]+)')
MAX_QUERY_TERMS = 12


@lru_cache(maxsize=1)
def _stemmer():
    return Stemmer.Stemmer("english")


def _fold(word: str) -> str:
    if word.isascii():
        return word.lower()
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def term_spans(text: str, skip=()) -> list[tuple[int, int, str]]:
    """(start, end, term) for every word of `text` outside the `skip` spans (redaction placeholders)."""
    words = [m for m in WORD.finditer(text) if not any(s <= m.start() < e for s, e, *_ in skip)]
    stems = _stemmer().stemWords([_fold(m.group()) for m in words])
    return [(m.start(), m.end(), stem) for m, stem in zip(words, stems) if stem]


def index_terms(text: str, redactions=()) -> str:
    """What the search index holds for an utterance: its terms, in order, separated by spaces.

    Placeholders are left out, so searching "card number" does not find every redacted card."""
    return " ".join(term for _, _, term in term_spans(text, redactions))


@dataclass(frozen=True)
class SearchQuery:
    """Every phrase must occur in one utterance; a phrase is one or more adjacent terms."""

    phrases: tuple[tuple[str, ...], ...]

    @property
    def terms(self) -> set[str]:
        return {term for phrase in self.phrases for term in phrase}


def parse_query(text: str) -> SearchQuery:
    """Words and "quoted phrases"; anything that is not a word (operators, punctuation) is ignored."""
    phrases = []
    for quoted, bare in PHRASE_OR_WORD.findall(text or ""):
        terms = tuple(term for _, _, term in term_spans(quoted or bare))
        if quoted:
            phrases.append(terms)
        else:
            phrases.extend((term,) for term in terms)
    phrases = [p for p in dict.fromkeys(phrases) if p]
    if sum(len(p) for p in phrases) > MAX_QUERY_TERMS:
        raise Refused(f"Search for at most {MAX_QUERY_TERMS} words at a time.")
    return SearchQuery(tuple(phrases))


def match_spans(text: str, redactions, query: SearchQuery) -> list[tuple[int, int]]:
    """Where the query's terms sit in `text`, for highlighting (each word of a phrase on its own)."""
    return [(start, end) for start, end, term in term_spans(text, redactions) if term in query.terms]
