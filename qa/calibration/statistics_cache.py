"""Agreement statistics computed once and kept in `agreement_cache`, so no page waits for a bootstrap twice.

A row is a key ("session:12", "version:3:2026-11-01:2026-11-30"), the statistics as JSON, and a fingerprint:
the sha256 of everything the statistics depend on. For a session that is its counted evaluations (ids,
who scored which item, revision, submitted and updated times, total), AutoQA's answers when AutoQA takes
part, the version's definition, the alpha bar, the bootstrap's resamples and the seed. A new counted score,
a rescore (which moves revision and updated_at), a changed setting or a new FORMAT gives another
fingerprint, and a stale row is computed again; an unchanged one is read back as it was stored.

Two requests or workers computing the same key at once both write; the write is one upsert (INSERT … ON
CONFLICT DO UPDATE on SQLite and PostgreSQL), so neither fails and the row ends up whole. Writes flush with
the caller's transaction; the caller commits.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

from qa.calibration.models import AgreementCache
from qa.calibration.side_by_side import SideBySide, session_statistics
from qa.calibration.statistics import (SessionStatistics, statistics_from_payload, statistics_payload,
                                       statistics_settings)
from qa.extensions import db
from qa.reviews.models import Evaluation
from qa.timeutil import utcnow

# Bump when the payload's shape or the way statistics are computed changes: every stored row goes stale.
FORMAT = 1
UPSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def session_key(session_id: int) -> str:
    return f"session:{session_id}"


def fingerprint(parts: Any) -> str:
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not part of a fingerprint")


def evaluation_marks(evaluations: Iterable[Evaluation]) -> list[list]:
    """What of each counted evaluation the statistics depend on, in id order."""
    return [[e.id, e.calibration_item_id, e.reviewer_id, e.revision, e.submitted_at, e.updated_at, e.score]
            for e in sorted(evaluations, key=lambda e: e.id)]


def definition_mark(definition: dict) -> str:
    return fingerprint(definition)


def cached_payload(key: str, wanted: str) -> dict | None:
    """The stored payload when its fingerprint is `wanted`; None when missing or stale."""
    # Columns, not the ORM object: an upsert in this transaction does not refresh an object already loaded.
    row = db.session.execute(db.select(AgreementCache.fingerprint, AgreementCache.payload)
                             .where(AgreementCache.key == key)).first()
    return row.payload if row is not None and row.fingerprint == wanted else None


def store_payload(key: str, mark: str, payload: dict, now: datetime | None = None) -> None:
    """Insert or replace the row of `key`, in one statement whoever else writes it at the same time."""
    dialect = db.session.get_bind().dialect.name
    if dialect not in UPSERTS:
        raise RuntimeError(f"The agreement cache upserts on SQLite and PostgreSQL, not on {dialect}.")
    statement = UPSERTS[dialect](AgreementCache).values(key=key, fingerprint=mark, payload=payload,
                                                        computed_at=now or utcnow())
    db.session.execute(statement.on_conflict_do_update(
        index_elements=[AgreementCache.key],
        set_={"fingerprint": statement.excluded.fingerprint, "payload": statement.excluded.payload,
              "computed_at": statement.excluded.computed_at}))


def session_fingerprint(board: SideBySide) -> str:
    session = board.session
    bar, bootstrap = statistics_settings()
    items = [[item.id, item.autoqa_answers if session.include_autoqa else None] for item in session.items]
    return fingerprint({"format": FORMAT, "session": session.id, "version": session.scorecard_version_id,
                        "definition": definition_mark(session.version.definition), "bar": bar,
                        "bootstrap": bootstrap, "seed": session.id, "autoqa": session.include_autoqa,
                        "items": items, "evaluations": evaluation_marks(board.evaluations)})


def board_statistics(board: SideBySide) -> SessionStatistics:
    """The session's statistics from the cache when fresh; otherwise computed now and stored (flushed).

    Only a board of every item of the session (a facilitator's) is the session's: a partial one is computed
    and not stored."""
    if [item.item.id for item in board.items] != [item.id for item in board.session.items]:
        return session_statistics(board)
    key, mark = session_key(board.session.id), session_fingerprint(board)
    payload = cached_payload(key, mark)
    if payload is not None:
        try:
            return statistics_from_payload(payload, board.definition)
        except (KeyError, TypeError):
            pass  # a row of another shape: compute it again
    statistics = session_statistics(board)
    store_payload(key, mark, statistics_payload(statistics))
    return statistics


def session_cache_fresh(board: SideBySide) -> bool:
    return cached_payload(session_key(board.session.id), session_fingerprint(board)) is not None
