"""Interactions processed before the search index existed are indexed and scored by its migration."""
from flask_migrate import upgrade

from qa import create_app
from qa.extensions import db
from qa.roles import Role
from tests.support import app_config, discard_database, fresh_database_url
from transcription.models import Interaction
from transcription.queries import InteractionFilter
from transcription.search.service import search_interactions
from transcription.search.terms import parse_query


class Reviewer:
    id = 0

    def has_any_role(self, roles) -> bool:
        return Role.REVIEWER in roles


def test_the_migration_indexes_and_scores_what_was_there(tmp_path):
    url = fresh_database_url(tmp_path)
    try:
        app = create_app(app_config(url, tmp_path))
        with app.app_context():
            upgrade(revision="0006")
            db.session.execute(db.text(
                "INSERT INTO interactions (id, content_hash, channel, status, original_filename, media_kind, "
                "details, created_at) VALUES (1, 'h', 'chat', 'ready', 'old.txt', 'text', '{}', CURRENT_TIMESTAMP)"))
            db.session.execute(db.text(
                "INSERT INTO utterances (interaction_id, position, speaker, text, words, \"overlaps\", redactions) VALUES "
                "(1, 0, 'customer', 'this is awful, where is my refund', '[]', false, '[]'), "
                "(1, 1, 'agent', 'refunded now', '[]', false, '[]'), "
                "(1, 2, 'customer', 'thank you, great', '[]', false, '[]')"))
            db.session.commit()
            upgrade()
            [hit] = search_interactions(Reviewer(), parse_query("refund"), InteractionFilter()).hits
            assert hit.interaction.id == 1 and hit.match_count == 2
            interaction = db.session.get(Interaction, 1)
            assert interaction.sentiment["customer"]["start"] < 0 < interaction.customer_end_sentiment
            assert all(u.sentiment is not None for u in interaction.utterances)
            db.session.remove()
            db.engine.dispose()
    finally:
        discard_database(url)
