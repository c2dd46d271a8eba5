import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from qa.accounts.models import UserRole
from qa.extensions import db


def test_foreign_keys_are_enforced(app):
    db.session.add(UserRole(user_id=987654, role="agent"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_sqlite_runs_in_wal_mode(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("a SQLite setting")
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
