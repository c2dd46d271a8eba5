"""Modules' effects kept in this process until something they depend on changes.

Every module's effect reads every agent's answer rows over months (a hundred thousand rows for a hundred
agents take seconds), and the dashboard and the effect page ask for them on every visit, while the numbers
only change when their inputs do. So a result is kept under a fingerprint, the sha256 of everything it is
computed from:

- the submitted live evaluations in the span the rows are read over: id, agent, revision and last change
  (a new, rescored or deleted evaluation changes it; published scorecard versions never change);
- the completions, the modules' titles, statuses and competencies, and every coaching span the comparison
  group is chosen by (plans' focus, status and dates; modules done);
- the team's members (a team filter), the window length, today's date and, per completion, the days its
  after window has to go (time closes windows; nothing else about time changes the numbers).

Reading the fingerprint costs one small query over the evaluations (no answers) and the plans. Each process
keeps the last few results; another worker computes its own once. An unchanged fingerprint means unchanged
inputs, so a kept result is exactly what computing again would give.
"""
from __future__ import annotations

import hashlib
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import Any

from qa.extensions import db
from qa.reviews.models import Evaluation, EvaluationKind, EvaluationStatus
from training.effect.effect import DAY

KEPT = 32
_kept: OrderedDict[str, Any] = OrderedDict()
_lock = threading.Lock()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not part of a fingerprint")


def evaluation_marks(since: datetime, until: datetime, members: set[int] | None) -> list[tuple]:
    query = (db.select(Evaluation.id, Evaluation.agent_id, Evaluation.revision, Evaluation.updated_at)
             .where(Evaluation.kind == EvaluationKind.LIVE.value, Evaluation.status == EvaluationStatus.SUBMITTED.value,
                    Evaluation.submitted_at >= since, Evaluation.submitted_at < until)
             .order_by(Evaluation.id))
    if members is not None:
        query = query.where(Evaluation.agent_id.in_(members))
    return [tuple(row) for row in db.session.execute(query)]


def effects_fingerprint(*, done, modules, spans, members, since, until, now: datetime, days: int) -> str:
    to_go = [max(0, math.ceil((at + days * DAY - now) / DAY)) for _, _, at in done]
    parts = {"format": 1, "days": days, "today": now.date().isoformat(), "to_go": to_go, "done": done,
             "modules": [(m.id, m.title, m.status, m.competencies) for m in modules], "spans": spans,
             "members": sorted(members) if members is not None else None,
             "evaluations": evaluation_marks(since, until, members)}
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()


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
