"""Results kept in this process until something they are computed from changes.

Profiles and effects read every agent's answer rows over months (a hundred thousand rows for a hundred
agents take seconds), and the dashboard asks for them on every visit, while the numbers only change when
their inputs do. So a result is kept under a fingerprint: the sha256 of everything it is computed from.
Reading the fingerprint costs one small query over the evaluations (no answers). Each process keeps the
last few results; another worker computes its own once. An unchanged fingerprint means unchanged inputs,
so a kept result is exactly what computing again would give.
"""
from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from qa.extensions import db
from qa.reviews.models import Evaluation, EvaluationKind, EvaluationStatus

KEPT = 32
_kept: OrderedDict[str, Any] = OrderedDict()
_lock = threading.Lock()


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not part of a fingerprint")


def fingerprint(parts: dict[str, Any]) -> str:
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()


def evaluation_marks(since: datetime, until: datetime, members: set[int] | None = None) -> list[tuple]:
    """(id, agent, revision, last change) of the submitted live evaluations in [since, until): a new, rescored
    or deleted evaluation changes them (published scorecard versions never change)."""
    query = (db.select(Evaluation.id, Evaluation.agent_id, Evaluation.revision, Evaluation.updated_at)
             .where(Evaluation.kind == EvaluationKind.LIVE.value, Evaluation.status == EvaluationStatus.SUBMITTED.value,
                    Evaluation.submitted_at >= since, Evaluation.submitted_at < until)
             .order_by(Evaluation.id))
    if members is not None:
        query = query.where(Evaluation.agent_id.in_(members))
    return [tuple(row) for row in db.session.execute(query)]


def remembered(mark: str, compute: Callable[[], Any]) -> Any:
    """The result kept under `mark`, or `compute()` kept now (the oldest of more than KEPT forgotten)."""
    with _lock:
        if mark in _kept:
            _kept.move_to_end(mark)
            return _kept[mark]
    result = compute()
    with _lock:
        _kept[mark] = result
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return result


def forget_all() -> None:
    with _lock:
        _kept.clear()
