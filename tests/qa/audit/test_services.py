"""record() writes JSON-safe entries that nothing can change; list_entries filters and pages them."""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import delete, func, update

from qa.audit import AuditLogIsAppendOnly, record
from qa.audit.models import AuditEntry
from qa.audit.services import AuditFilter, changes, list_entries
from qa.extensions import db
from qa.roles import Role
from qa.timeutil import utcnow


def count() -> int:
    return db.session.scalar(db.select(func.count()).select_from(AuditEntry))


def test_record_flushes_an_entry_with_json_safe_values(app, make_user):
    lead = make_user(Role.QA_LEAD)
    when = datetime(2026, 3, 4, 5, 6, 7)
    entry = record("scorecard.version_published", "scorecard", 7, lead.id, "Published version 2",
                   before={"status": Role.REVIEWER, "at": when, "tags": {"b", "a"}},
                   after={"day": date(2026, 3, 4), "pair": (1, 2), "nested": {"at": [when]}})
    assert entry.id is not None, "flushed"
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(AuditEntry, entry.id)
    assert stored.before == {"status": "reviewer", "at": "2026-03-04T05:06:07", "tags": ["a", "b"]}
    assert stored.after == {"day": "2026-03-04", "pair": [1, 2], "nested": {"at": ["2026-03-04T05:06:07"]}}
    assert (stored.action, stored.target_type, stored.target_id, stored.actor_id) == \
        ("scorecard.version_published", "scorecard", 7, lead.id)
    assert stored.at is not None and stored.actor.name == lead.name


def test_values_the_log_cannot_store_are_refused(app):
    with pytest.raises(TypeError, match="cannot store a object"):
        record("thing.changed", "thing", 1, None, "x", after={"bad": object()})


def test_a_rolled_back_change_leaves_no_entry(app):
    record("thing.changed", "thing", 1, None, "x")
    db.session.rollback()
    assert count() == 0


def test_entries_cannot_be_changed_or_deleted_through_the_orm(app):
    entry = record("thing.changed", "thing", 1, None, "the original")
    db.session.commit()
    entry.summary = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly, match="cannot be changed"):
        db.session.flush()
    db.session.rollback()
    db.session.delete(entry)
    with pytest.raises(AuditLogIsAppendOnly, match="cannot be deleted"):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(update(AuditEntry).values(summary="bulk rewrite"))
    db.session.rollback()
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(delete(AuditEntry))
    db.session.rollback()
    assert db.session.get(AuditEntry, entry.id, populate_existing=True).summary == "the original"


def test_filters_and_keyset_pages(app, make_user):
    lead = make_user(Role.QA_LEAD)
    for number in range(5):
        record("evaluation.submitted", "evaluation", number, lead.id, f"eval {number}")
    record("evaluations_report.sent", "report", 1, None, "report sent")
    record("dispute.resolved", "dispute", 3, None, "resolved")
    old = record("evaluation.submitted", "evaluation", 99, lead.id, "last year")
    db.session.execute(db.text("UPDATE audit_entries SET at = :at WHERE id = :id"),
                       {"at": datetime(2025, 1, 1, 12), "id": old.id})  # the only way to age an entry
    db.session.commit()

    summaries = lambda rows: [row.summary for row in rows]  # noqa: E731
    rows, _ = list_entries(AuditFilter(action_prefix="evaluation", actor_id=lead.id))
    assert summaries(rows) == ["last year", "eval 4", "eval 3", "eval 2", "eval 1", "eval 0"], "newest first"
    rows, _ = list_entries(AuditFilter(action_prefix="evaluation"))
    assert len(rows) == 7
    rows, _ = list_entries(AuditFilter(action_prefix="evaluation%"))
    assert rows == [], "LIKE wildcards in the prefix are literal"
    rows, _ = list_entries(AuditFilter(action_prefix="evaluation."))
    assert len(rows) == 6, "a prefix ending in a dot leaves out evaluations_report"
    rows, _ = list_entries(AuditFilter(system_only=True))
    assert summaries(rows) == ["resolved", "report sent", f"Created {lead.name} <{lead.email}>."]
    rows, _ = list_entries(AuditFilter(target_type="evaluation", target_id=3))
    assert summaries(rows) == ["eval 3"]
    today = utcnow().date()
    rows, _ = list_entries(AuditFilter(date_from=date(2025, 1, 1), date_to=date(2025, 1, 1)))
    assert summaries(rows) == ["last year"], "date_to is inclusive"
    rows, _ = list_entries(AuditFilter(date_from=today - timedelta(days=1)))
    assert "last year" not in summaries(rows) and len(rows) == 8

    first, next_before = list_entries(AuditFilter(), limit=4)
    second, after_second = list_entries(AuditFilter(), before_id=next_before, limit=4)
    third, end = list_entries(AuditFilter(), before_id=after_second, limit=4)
    assert [len(first), len(second), len(third), end] == [4, 4, 1, None]
    assert len({row.id for row in first + second + third}) == 9


def test_changes_lists_only_fields_whose_value_differs(app):
    entry = record("user.updated", "user", 1, None, "x", before={"name": "A", "team": "Red", "active": True},
                   after={"name": "B", "team": "Red", "hire_date": "2026-01-01"})
    assert [(c.field, c.before, c.after) for c in changes(entry)] == [
        ("name", "A", "B"), ("active", True, None), ("hire_date", None, "2026-01-01")]
    created = record("tag.added", "interaction", 1, None, "x", after={"key": "agent.greeting"})
    assert [(c.field, c.before, c.after) for c in changes(created)] == [("key", None, "agent.greeting")]
