"""The full-text index over utterances, kept in step by the database itself.

SQLite: an FTS5 table `utterance_search` filled by triggers on `utterances`. PostgreSQL: a generated
`tsvector` column `utterances.search_vector` with a GIN index. Both are made by migration 0007 and
are not part of the models, which is why the schema comparison leaves them out (INDEX_OBJECTS).

Each indexed utterance has a key, interaction id × 2**KEY_SHIFT + position, which FTS5 uses as its
rowid: matches then come out in interaction order, newest first, straight from the index, with the
interaction id in the key, so a page of results is read without sorting every match.
"""
from __future__ import annotations

from sqlalchemy import event

from transcription.models import Utterance
from transcription.search.terms import index_terms

KEY_SHIFT = 20  # up to a million utterances in one interaction
INDEX_OBJECTS = {"utterance_search", "search_vector", "ix_utterances_search_vector"}


def include_in_schema_comparison(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's include_object hook: leave out the index objects that the database has and the models
    do not (FTS5's shadow tables are named utterance_search_data and so on)."""
    ours = any(name == base or name.startswith(f"{base}_") for base in INDEX_OBJECTS)
    return not (ours and reflected and compare_to is None)


@event.listens_for(Utterance, "before_insert")
@event.listens_for(Utterance, "before_update")
def _keep_search_terms(mapper, connection, utterance: Utterance) -> None:
    utterance.search_terms = index_terms(utterance.text or "", utterance.redactions or [])
