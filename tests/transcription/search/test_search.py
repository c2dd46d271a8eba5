"""Search over redacted transcripts, through the real import and processing job.

The whole suite runs on SQLite (FTS5) and again on PostgreSQL (tsvector): the same expected table
below holds on both, which is the check that both databases return the same results.
"""
import pytest

from qa.extensions import db
from qa.roles import Role
from tests.transcription.conversations import chat
from transcription.models import Interaction, TagHit
from transcription.queries import InteractionFilter
from transcription.search import service
from transcription.search.service import search_interactions
from transcription.search.terms import parse_query

CORPUS = {
    "kettle": ["Customer: I want a refund for my broken kettle", "Agent: I can refund that today"],
    "late": ["Customer: my parcel is late again, this is terrible", "Agent: sorry, it ships tomorrow"],
    "cancel": ["Customer: please cancel my subscription", "Agent: done, it is cancelled",
               "Customer: thanks, that was great"],
    "kettle_order": ["Customer: the kettle broken on arrival, I refunded nothing yet", "Agent: noted"],
    "card": ["Customer: my card is 4111 1111 1111 1111", "Agent: thank you, card noted"],
    "cafe": ["Customer: my café crème order is missing", "Agent: I will check"],
}
EXPECTED = [
    ("refund", {"kettle", "kettle_order"}),  # stems: refund, refunded
    ("refunds", {"kettle", "kettle_order"}),
    ('"broken kettle"', {"kettle"}),  # adjacent, in this order
    ("kettle broken", {"kettle", "kettle_order"}),  # both words in one utterance, any order
    ("refund tomorrow", set()),  # never in one utterance
    ("cancelled", {"cancel"}),
    ("cafe", {"cafe"}),  # accents folded on both sides
    ("CAFÉ ORDER", {"cafe"}),
    ("\"creme order\"", {"cafe"}),
    ("4111", set()),  # redacted before it was stored
    ("card number", set()),  # the placeholder is not text
    ("card", {"card"}),  # the customer's own word is
    ("zebra", set()),
]


@pytest.fixture
def corpus(app):
    return {name: chat(*lines).id for name, lines in CORPUS.items()}


@pytest.fixture
def staff(make_user):
    return make_user(Role.REVIEWER)


def found(user, text: str, filters: InteractionFilter | None = None, **kwargs) -> list[int]:
    results = search_interactions(user, parse_query(text), filters or InteractionFilter(), **kwargs)
    return [hit.interaction.id for hit in results.hits]


@pytest.mark.parametrize("text, names", EXPECTED)
def test_words_phrases_stems_and_redactions(corpus, staff, text, names):
    assert set(found(staff, text)) == {corpus[name] for name in names}


def test_results_are_newest_first_with_the_first_matching_line_in_context(corpus, staff):
    [newest, older] = search_interactions(staff, parse_query("kettle"), InteractionFilter()).hits
    assert (newest.interaction.id, older.interaction.id) == (corpus["kettle_order"], corpus["kettle"])
    assert older.matching.position == 0 and [u.position for u in older.context] == [0, 1]
    assert older.match_count == 1
    [hit] = search_interactions(staff, parse_query("cancel"), InteractionFilter()).hits
    assert hit.match_count == 2 and hit.matching.position == 0 and [u.position for u in hit.context] == [0, 1]
    line = hit.context[1]
    assert [line.text[s:e] for s, e in hit.highlights[1]] == ["cancelled"]


def test_filters_narrow_the_matches(corpus, staff, make_user):
    agent = make_user(Role.AGENT)
    mine = chat("Customer: refund please, I am furious", "Agent: refund issued", agent_id=agent.id)
    assert found(staff, "refund", InteractionFilter(agent_id=agent.id)) == [mine.id]
    assert corpus["kettle"] in found(staff, "refund", InteractionFilter(tag="reason.refund"))
    assert found(staff, "refund", InteractionFilter(customer_end_sentiment="negative")) == \
        [mine.id, corpus["kettle_order"], corpus["kettle"]], "furious, broken, broken"
    assert found(staff, "refund", InteractionFilter(customer_end_sentiment="neutral")) == []
    assert found(staff, "cancel", InteractionFilter(customer_end_sentiment="positive")) == [corpus["cancel"]]
    assert found(staff, "cancel", InteractionFilter(customer_end_sentiment="negative")) == []
    assert found(staff, "refund", InteractionFilter(channel="email")) == []


def test_a_removed_tag_no_longer_matches_its_filter(corpus, staff):
    hits = db.session.scalars(db.select(TagHit).where(TagHit.interaction_id == corpus["kettle"],
                                                      TagHit.key == "reason.refund")).all()
    assert hits
    for hit in hits:
        hit.dismissed_at = db.func.now()
    db.session.commit()
    assert corpus["kettle"] not in found(staff, "refund", InteractionFilter(tag="reason.refund"))


def test_metric_ranges_are_in_the_units_people_use(corpus, staff):
    interaction = db.session.get(Interaction, corpus["late"])
    interaction.metrics = {"hold_seconds": 150.0, "silence_share": 0.3}
    db.session.commit()
    assert found(staff, "parcel", InteractionFilter(metric="hold_seconds", metric_min=2)) == [corpus["late"]]
    assert found(staff, "parcel", InteractionFilter(metric="hold_seconds", metric_min=3)) == []
    assert found(staff, "parcel", InteractionFilter(metric="silence_share", metric_max=25)) == []
    assert found(staff, "refund", InteractionFilter(metric="hold_seconds", metric_min=0)) == [], \
        "chats have no call metrics, so no metric range holds them"


def test_agents_find_only_their_own_interactions(corpus, make_user):
    agent = make_user(Role.AGENT)
    mine = chat("Customer: refund my kettle", "Agent: ok", agent_id=agent.id)
    assert found(agent, "kettle") == [mine.id]


def test_pages_follow_on_without_repeats_and_the_count_is_capped(app, staff, monkeypatch):
    ids = [chat(f"Customer: refund number {n}", "Agent: refund done").id for n in range(7)]
    monkeypatch.setattr(service, "RESULTS_PER_PAGE", 3)
    monkeypatch.setattr(service, "SCAN_WINDOW", 2)  # pages are gathered across several windows
    monkeypatch.setattr(service, "COUNT_LIMIT", 5)
    seen, before = [], None
    while True:
        results = search_interactions(staff, parse_query("refund"), InteractionFilter(), before=before)
        assert results.total == 6 and results.total_is_more_than
        seen += [hit.interaction.id for hit in results.hits]
        if results.next_before is None:
            break
        before = results.next_before
    assert seen == sorted(ids, reverse=True)


def test_the_index_follows_reprocessing_and_deletion(corpus, staff):
    interaction = db.session.get(Interaction, corpus["kettle"])
    interaction.utterances = []
    db.session.commit()
    assert corpus["kettle"] not in found(staff, "kettle")
    db.session.delete(db.session.get(Interaction, corpus["late"]))
    db.session.commit()
    assert found(staff, "parcel") == []
    assert found(staff, "cancel") == [corpus["cancel"]]
