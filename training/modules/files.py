"""Stored files that follow the transaction of the row that names them.

A file written for a new row is removed again if that transaction rolls back, and a removed row's file is
deleted only once the removal is committed: neither an orphan file nor a row pointing at nothing is left.
"""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from qa.extensions import db
from qa.storage import delete_stored, store_bytes

_WRITTEN = "coaching_files_written"
_DOOMED = "coaching_files_doomed"


def store_for_row(data: bytes, folder: str, suffix: str = "") -> str:
    """store_bytes, undone if the current transaction rolls back."""
    relative = store_bytes(data, folder, suffix)
    db.session().info.setdefault(_WRITTEN, []).append(relative)
    return relative


def delete_after_commit(relative: str | None) -> None:
    if relative:
        db.session().info.setdefault(_DOOMED, []).append(relative)


@event.listens_for(Session, "after_commit")
def _settle_committed(session: Session) -> None:
    session.info.pop(_WRITTEN, None)
    for relative in session.info.pop(_DOOMED, []):
        delete_stored(relative)


@event.listens_for(Session, "after_rollback")
def _undo_rolled_back(session: Session) -> None:
    session.info.pop(_DOOMED, None)
    for relative in session.info.pop(_WRITTEN, []):
        delete_stored(relative)
