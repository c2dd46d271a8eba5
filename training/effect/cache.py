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

How results are kept is training.memo's (shared with the profiles).
"""
from __future__ import annotations

import math
from datetime import datetime

from training.effect.effect import DAY
from training.memo import evaluation_marks, fingerprint, forget_all, remembered  # noqa: F401  (re-exported)


def effects_fingerprint(*, done, modules, spans, members, since, until, now: datetime, days: int) -> str:
    to_go = [max(0, math.ceil((at + days * DAY - now) / DAY)) for _, _, at in done]
    return fingerprint({"format": 1, "days": days, "today": now.date().isoformat(), "to_go": to_go, "done": done,
                        "modules": [(m.id, m.title, m.status, m.competencies) for m in modules], "spans": spans,
                        "members": sorted(members) if members is not None else None,
                        "evaluations": evaluation_marks(since, until, members)})
