"""Migrations bring an empty database to head, and head matches the models exactly."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from qa import create_app
from qa.extensions import db
from tests.support import app_config, discard_database, fresh_database_url
from transcription.search.index import include_in_schema_comparison


def test_empty_database_to_head_matches_the_models_and_downgrades(tmp_path):
    url = fresh_database_url(tmp_path)
    try:
        app = create_app(app_config(url, tmp_path))
        with app.app_context():
            assert inspect(db.engine).get_table_names() == []
            upgrade()
            with db.engine.connect() as connection:
                context = MigrationContext.configure(connection, opts={"include_object": include_in_schema_comparison})
                differences = compare_metadata(context, db.metadata)
            assert differences == [], f"models and migrations differ: {differences}"
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            upgrade()
            assert "users" in inspect(db.engine).get_table_names()
            db.engine.dispose()
    finally:
        discard_database(url)
