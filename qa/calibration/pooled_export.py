"""The answers behind the pooled agreement page as CSV: one row per session × interaction × criterion ×
reviewer, with the gold answer and whether the answer matches it.

Exactly what the statistics pool (qa.calibration.pooled): revealed calibration sessions, counted scores,
people only. Rows are written as they are read, a session at a time, with formulas defused
(qa.web.csv_stream); the generator reads the database, so the view streams it with the request's context.
"""
from __future__ import annotations

from collections.abc import Iterator

from qa.accounts.models import User
from qa.calibration.pooled import PoolBasis, pooled_answers
from qa.extensions import db
from qa.web.csv_stream import stream_csv
from scorecards.definition import parse_definition

HEADER = ("session_id", "session", "deadline", "interaction", "criterion", "question", "reviewer", "answer", "gold",
          "matches_gold")


def answer_rows(basis: PoolBasis) -> Iterator[tuple]:
    definition = parse_definition(basis.version.definition)
    criteria = [criterion for _, criterion in definition.criteria()]
    names = dict(db.session.execute(db.select(User.id, User.name).where(User.id.in_(basis.reviewer_ids))).all())
    for session in basis.sessions:
        item_ids = {item.id for item in session.items}
        # One session's answers at a time, so a long period never sits in memory whole.
        answers = pooled_answers([e for e in basis.evaluations if e.calibration_item_id in item_ids])
        deadline = session.deadline_at.isoformat(timespec="minutes")
        for item in session.items:
            by_reviewer = answers.get(item.id, {})
            reviewers = sorted(by_reviewer, key=lambda reviewer_id: (names.get(reviewer_id, ""), reviewer_id))
            gold = {g.criterion_key: g.value for g in item.gold}
            for criterion in criteria:
                for reviewer_id in reviewers:
                    answer, agreed = by_reviewer[reviewer_id].get(criterion.key), gold.get(criterion.key)
                    matches = "" if agreed is None or answer is None else ("yes" if answer == agreed else "no")
                    yield (session.id, session.title, deadline, item.interaction_id, criterion.key,
                           criterion.question, names.get(reviewer_id, ""), answer or "", agreed or "", matches)


def pooled_answers_csv(basis: PoolBasis) -> Iterator[str]:
    """The CSV text in pieces: the header, then a piece per few hundred rows."""
    return stream_csv(HEADER, answer_rows(basis), 500)
