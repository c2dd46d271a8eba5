"""Search redacted transcripts: which interactions match, and where, newest first.

One service over two indexes (see index.py): only `_match_source` knows which database it runs on.
A phrase matches within one utterance; an interaction matches when one of its utterances holds
every phrase of the query.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import column, func, literal_column, or_, table, text
from sqlalchemy.orm import selectinload

from qa.extensions import db
from transcription.models import Interaction, Utterance
from transcription.queries import InteractionFilter, only_visible
from transcription.search.index import KEY_SHIFT
from transcription.search.terms import SearchQuery, match_spans

RESULTS_PER_PAGE = 20
COUNT_LIMIT = 1000  # beyond this the page says "more than 1,000": counting every match costs too much
SCAN_WINDOW = 500  # matching utterances read at a time while collecting a page of interactions


@dataclass
class SearchHit:
    interaction: Interaction
    matching: Utterance  # the first utterance that matches
    context: list[Utterance]  # the utterances just before and after it, and it
    highlights: dict[int, list[tuple[int, int]]]  # utterance position → spans of the query's words
    match_count: int  # how many of the interaction's utterances match


@dataclass
class SearchResults:
    hits: list[SearchHit]
    total: int  # interactions that match, counted up to COUNT_LIMIT + 1
    next_before: int | None  # pass as `before` for the next page

    @property
    def total_is_more_than(self) -> bool:
        return self.total > COUNT_LIMIT


@dataclass
class _MatchSource:
    source: Any  # the FROM clause that holds the index
    key: Any  # interaction id << KEY_SHIFT | utterance position
    interaction_id: Any
    condition: Any


def _match_source(query: SearchQuery) -> _MatchSource:
    if db.session.get_bind().dialect.name == "sqlite":
        fts = table("utterance_search", column("rowid"))
        expression = " ".join('"' + " ".join(phrase) + '"' for phrase in query.phrases)
        return _MatchSource(fts, fts.c.rowid, fts.c.rowid.op(">>")(KEY_SHIFT),
                            text("utterance_search MATCH :match").bindparams(match=expression))
    expression = " & ".join("(" + " <-> ".join(phrase) + ")" for phrase in query.phrases)
    return _MatchSource(Utterance.__table__, Utterance.interaction_id * (1 << KEY_SHIFT) + Utterance.position,
                        Utterance.interaction_id,
                        literal_column("utterances.search_vector").op("@@")(func.to_tsquery("simple", expression)))


def search_interactions(user, query: SearchQuery, filters: InteractionFilter,
                        before: int | None = None) -> SearchResults:
    """Interactions the user may see that match `query` and `filters`, with id below `before`."""
    match = _match_source(query)
    matching = filters.apply(only_visible(
        db.select(match.key, match.interaction_id)
        .select_from(match.source.join(Interaction, Interaction.id == match.interaction_id))
        .where(match.condition), user))
    total = db.session.scalar(db.select(func.count()).select_from(
        matching.with_only_columns(match.interaction_id).distinct().limit(COUNT_LIMIT + 1).subquery()))
    if before is not None:
        matching = matching.where(match.key < (before << KEY_SHIFT))
    found = _first_interactions(matching, match, RESULTS_PER_PAGE + 1)
    page = dict(list(found.items())[:RESULTS_PER_PAGE])
    return SearchResults(hits=_hits(page, query), total=total,
                         next_before=list(page)[-1] if len(found) > RESULTS_PER_PAGE else None)


def _first_interactions(matching, match: _MatchSource, wanted: int) -> dict[int, list[int]]:
    """The first `wanted` matching interactions, newest first, each with its matching positions.

    Matches are read in key order a window at a time; on SQLite the index hands them out in that
    order, so this reads a few windows, not every match. Every interaction but the last one read is
    complete: its keys all come before the next interaction's."""
    found: dict[int, list[int]] = {}
    statement = matching.order_by(match.key.desc()).limit(SCAN_WINDOW)
    window = statement
    while len(found) < wanted:
        rows = db.session.execute(window).all()
        for key, interaction_id in rows:
            found.setdefault(interaction_id, []).insert(0, key - (interaction_id << KEY_SHIFT))
        if len(rows) < SCAN_WINDOW:
            break
        window = statement.where(match.key < rows[-1][0])
    return dict(list(found.items())[:wanted])


def _hits(positions: dict[int, list[int]], query: SearchQuery) -> list[SearchHit]:
    if not positions:
        return []
    ids = list(positions)
    interactions = {i.id: i for i in db.session.scalars(
        db.select(Interaction).where(Interaction.id.in_(ids))
        .options(selectinload(Interaction.agent), selectinload(Interaction.team)))}
    lines = db.session.scalars(db.select(Utterance).where(or_(*(
        (Utterance.interaction_id == i) & Utterance.position.between(found[0] - 1, found[0] + 1)
        for i, found in positions.items() if found))).order_by(Utterance.interaction_id, Utterance.position)).all()
    hits = []
    for interaction_id in ids:
        found = positions[interaction_id]
        context = [u for u in lines if u.interaction_id == interaction_id]
        first = next((u for u in context if u.position == found[0]), None)
        if first is None:
            continue  # re-processed between the two reads
        hits.append(SearchHit(
            interaction=interactions[interaction_id], matching=first, context=context,
            highlights={u.position: match_spans(u.text, u.redactions, query) for u in context},
            match_count=len(found)))
    return hits
