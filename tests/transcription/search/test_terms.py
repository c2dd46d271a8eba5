"""The one normalisation that the index and the query share."""
import pytest

from qa.errors import Refused
from transcription.search.terms import index_terms, match_spans, parse_query


def test_index_terms_are_stemmed_folded_and_skip_placeholders():
    text = "Refunds for the Café, card [CARD_NUMBER] cancelled"
    start = text.index("[")
    assert index_terms(text, [[start, start + len("[CARD_NUMBER]"), "card_number"]]) == \
        "refund for the cafe card cancel"


def test_queries_take_words_and_quoted_phrases_and_ignore_operators():
    query = parse_query('refunding "Broken  kettle" OR -late* (NOT)')
    assert query.phrases == (("refund",), ("broken", "kettl"), ("or",), ("late",), ("not",))
    assert parse_query('"" ?!').phrases == ()
    assert parse_query("refund refunds").phrases == (("refund",),)


def test_too_many_words_are_refused_with_the_reason():
    with pytest.raises(Refused, match="at most 12 words"):
        parse_query(" ".join(f"word{n}" for n in range(13)))


def test_highlights_mark_every_word_of_the_query_but_not_placeholders():
    text = "I was charged twice, [PERSON] charged me"
    spans = match_spans(text, [[21, 29, "person"]], parse_query("charge person"))
    assert [text[s:e] for s, e in spans] == ["charged", "charged"]
