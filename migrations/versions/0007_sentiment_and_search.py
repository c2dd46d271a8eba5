"""sentiment and the full-text search index

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 10:05:00

The index lives outside the models (see transcription/search/index.py). On SQLite it is an FTS5
table kept by triggers: a later migration that rebuilds `utterances` in batch mode ("move and
copy") drops the triggers with the old table and must create them again.
"""
import json

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

KEY = "(new.interaction_id << 20) + new.position"  # transcription.search.index.KEY_SHIFT
OLD_KEY = "(old.interaction_id << 20) + old.position"

SQLITE_INDEX = [
    # Its own copy of the terms (not external content), so a row can be found by key and checked
    # against the utterance id before it is deleted: a re-processed interaction inserts its new
    # utterances before the old ones are deleted, and they share keys.
    "CREATE VIRTUAL TABLE utterance_search USING fts5(search_terms, utterance_id UNINDEXED, "
    "tokenize='unicode61 remove_diacritics 0')",
    f"""CREATE TRIGGER utterance_search_insert AFTER INSERT ON utterances BEGIN
        INSERT OR REPLACE INTO utterance_search(rowid, search_terms, utterance_id)
        VALUES ({KEY}, new.search_terms, new.id); END""",
    f"""CREATE TRIGGER utterance_search_delete AFTER DELETE ON utterances BEGIN
        DELETE FROM utterance_search WHERE rowid = {OLD_KEY} AND utterance_id = old.id; END""",
    f"""CREATE TRIGGER utterance_search_update AFTER UPDATE OF search_terms, position, interaction_id
        ON utterances BEGIN
        DELETE FROM utterance_search WHERE rowid = {OLD_KEY} AND utterance_id = old.id;
        INSERT OR REPLACE INTO utterance_search(rowid, search_terms, utterance_id)
        VALUES ({KEY}, new.search_terms, new.id); END""",
]
POSTGRES_INDEX = [
    "ALTER TABLE utterances ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_terms)) STORED",
    "CREATE INDEX ix_utterances_search_vector ON utterances USING gin (search_vector)",
]


def upgrade():
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sentiment', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('customer_end_sentiment', sa.Double(), nullable=True))
        batch_op.create_index(batch_op.f('ix_interactions_customer_end_sentiment'), ['customer_end_sentiment'], unique=False)
    with op.batch_alter_table('utterances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sentiment', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('search_terms', sa.Text(), nullable=False, server_default=''))
    _backfill()
    for statement in SQLITE_INDEX if op.get_bind().dialect.name == 'sqlite' else POSTGRES_INDEX:
        op.execute(statement)
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("INSERT INTO utterance_search(rowid, search_terms, utterance_id) "
                   "SELECT (interaction_id << 20) + position, search_terms, id FROM utterances")


def _backfill():
    """Interactions processed before this revision get their terms and sentiment now."""
    from transcription.search.terms import index_terms
    from transcription.sentiment import speaker_arc, utterance_sentiment

    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, interaction_id, speaker, text, redactions FROM utterances "
                                "ORDER BY interaction_id, position")).all()
    scores = {}
    for utterance_id, interaction_id, speaker, text, redactions in rows:
        redactions = json.loads(redactions) if isinstance(redactions, str) else redactions
        score = utterance_sentiment(text)
        scores.setdefault(interaction_id, {}).setdefault(speaker, []).append(score)
        bind.execute(sa.text("UPDATE utterances SET search_terms = :terms, sentiment = :score WHERE id = :id"),
                     {"terms": index_terms(text, redactions or []), "score": score, "id": utterance_id})
    for interaction_id, by_speaker in scores.items():
        arcs = {speaker: speaker_arc(values) for speaker, values in by_speaker.items()}
        bind.execute(sa.text("UPDATE interactions SET sentiment = :arcs, customer_end_sentiment = :end "
                             "WHERE id = :id").bindparams(sa.bindparam("arcs", type_=sa.JSON())),
                     {"arcs": arcs, "id": interaction_id,
                      "end": arcs["customer"]["end"] if "customer" in arcs else None})


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        for name in ('utterance_search_insert', 'utterance_search_delete', 'utterance_search_update'):
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE utterance_search")
    else:
        op.execute("DROP INDEX ix_utterances_search_vector")
        op.execute("ALTER TABLE utterances DROP COLUMN search_vector")
    with op.batch_alter_table('utterances', schema=None) as batch_op:
        batch_op.drop_column('search_terms')
        batch_op.drop_column('sentiment')
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interactions_customer_end_sentiment'))
        batch_op.drop_column('customer_end_sentiment')
        batch_op.drop_column('sentiment')
