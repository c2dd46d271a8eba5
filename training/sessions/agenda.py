"""A session's agenda pre-filled from its plan: plain text, one point a line, so the coach edits it as text and
both sides read it as written (it is shown escaped, never as Markdown).

It reads the plan's evidence snapshot (training.plans: `{"as_of", "threshold", "competencies": {key: {"label",
"score", "low", "high", "adjusted", "n_evaluations", "team_median", "evidence": [Evidence as dict]}}}`), not
today's profile: the session discusses why the plan was made.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from scorecards.competencies import COMPETENCIES

EVIDENCE_PER_COMPETENCY = 3   # the lowest-scoring evaluations worth talking through in one sitting
QUOTE_LIMIT = 140
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class AgendaSource:
    """What of a plan the agenda is made from (so the agenda is computed without the database)."""
    title: str
    focus: list[str]
    evidence: dict[str, Any]
    goal_competency: str | None = None
    goal_target: float | None = None
    goal_due: date | None = None
    modules_to_do: tuple[str, ...] = ()


def plan_agenda(source: AgendaSource) -> str:
    lines = [f"Plan: {_one_line(source.title)}"]
    competencies = (source.evidence or {}).get("competencies") or {}
    for key in source.focus:
        entry = competencies.get(key)
        lines.append(_competency_line(key, entry) if entry else f"{_label(key, None)}: no evidence in the plan")
        for item in _lowest((entry or {}).get("evidence") or []):
            lines.append(_evidence_line(item))
    if source.goal_competency and source.goal_target is not None:
        due = f" by {source.goal_due.isoformat()}" if source.goal_due else ""
        lines.append(f"Goal: {_label(source.goal_competency, competencies.get(source.goal_competency))} "
                     f"at least {_number(source.goal_target)}{due}")
    lines += [f"Module to do: {_one_line(title)}" for title in source.modules_to_do]
    return "\n".join(lines)


def _competency_line(key: str, entry: dict[str, Any]) -> str:
    score, n = entry.get("score"), entry.get("n_evaluations") or 0
    if score is None:
        facts = f"no score yet ({_evaluations(n)})"
    else:
        facts = f"{_number(score)} of 100 on {_evaluations(n)}"
        if entry.get("low") is not None and entry.get("high") is not None:
            facts += f", likely between {_number(entry['low'])} and {_number(entry['high'])}"
        if entry.get("adjusted") is not None:
            facts += f", {_number(entry['adjusted'])} adjusted for reviewer leniency"
    if entry.get("team_median") is not None:
        facts += f"; team median {_number(entry['team_median'])}"
    return f"{_label(key, entry)}: {facts}"


def _evidence_line(item: dict[str, Any]) -> str:
    submitted = str(item.get("submitted_at") or "")[:10]
    where = f"Evaluation {item.get('evaluation_id')} of interaction {item.get('interaction_id')}"
    if submitted:
        where += f" ({submitted})"
    line = f"{where}: \u201c{_quote(item.get('question') or item.get('criterion_key') or '')}\u201d"
    if item.get("share") is not None:
        line += f" earned {_number(100 * float(item['share']))} %"
    if item.get("moment_text"):
        at = f" at {_clock(item['moment_time'])}" if item.get("moment_time") is not None else ""
        line += f"; reviewer's comment{at}: \u201c{_quote(item['moment_text'])}\u201d"
    return line


def _lowest(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    scored = [item for item in evidence if isinstance(item, dict)]
    return sorted(scored, key=lambda item: item.get("share") if item.get("share") is not None else 1.0
                  )[:EVIDENCE_PER_COMPETENCY]


def _label(key: str, entry: dict[str, Any] | None) -> str:
    return _one_line((entry or {}).get("label") or COMPETENCIES.get(key, key))


def _evaluations(n: int) -> str:
    return f"{n} evaluation{'' if n == 1 else 's'}"


def _number(value: float) -> str:
    return f"{float(value):.0f}"


def _clock(seconds: float) -> str:
    whole = max(0, int(seconds))
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}" if whole >= 3600 else f"{whole // 60}:{whole % 60:02d}"


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", str(text)).strip()


def _quote(text: str) -> str:
    text = _one_line(text)
    return text if len(text) <= QUOTE_LIMIT else text[:QUOTE_LIMIT - 1].rstrip() + "\u2026"
