"""Agreement pooled over every calibration session of a scorecard version whose deadline falls in a period.

One session is often one to three interactions, too few for alpha (it needs five); pooled over a month of
sessions the same statistics mean something. What is pooled:
- calibration sessions only, never certification attempts (one reviewer against gold, not reviewers
  against each other);
- revealed sessions only: a session still blind in the period is counted on the page and left out, or
  its statistics would tell something of answers nobody may see yet;
- counted scores only (submitted by the session's deadline), people only: AutoQA's agreement with people
  is the quality page's (/quality);
- each calibration item is one unit, so the same interaction in two sessions is two units (other scorers).

`pool_basis` reads what the statistics depend on without the answers (cheap, on every page load: it gives
the fingerprint); `compute_pooled` loads the answers and computes, which takes seconds for hundreds of
interactions and so runs in a job (qa.calibration.statistics_jobs).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import selectinload

from qa.calibration.deviation import deviation_from_gold
from qa.calibration.models import CalibrationItem, CalibrationSession, SessionKind, SessionStatus
from qa.calibration.services import counted
from qa.calibration.statistics import (MeanDeviation, SessionStatistics, agreement_statistics, mean_points_from_gold,
                                       statistics_from_payload, statistics_payload, statistics_settings)
from qa.calibration.statistics_cache import FORMAT, definition_mark, evaluation_marks, fingerprint
from qa.extensions import db
from qa.reviews.models import Evaluation, EvaluationAnswer
from qa.timeutil import utcnow
from scorecards.definition import Definition, parse_definition
from scorecards.models import Scorecard, ScorecardVersion

# Answer rows are read for this many evaluations at a time (an IN list every database takes).
ANSWER_BATCH = 500


@dataclass
class PoolBasis:
    version: ScorecardVersion
    date_from: date
    date_to: date
    sessions: list[CalibrationSession]    # revealed calibration sessions, oldest deadline first
    withheld: int                         # sessions in the period still blind: left out
    evaluations: list[Evaluation]         # the counted scores of `sessions` (answers not loaded)
    key: str
    fingerprint: str

    @property
    def n_interactions(self) -> int:
        return sum(len(session.items) for session in self.sessions)

    @property
    def reviewer_ids(self) -> list[int]:
        return sorted({e.reviewer_id for e in self.evaluations if e.reviewer_id is not None})

    @property
    def seed(self) -> int:
        return self.version.id  # the same version and period show the same interval on every reload


@dataclass(frozen=True)
class PooledReport:
    statistics: SessionStatistics
    deviations: dict[int, MeanDeviation]   # reviewer id → mean points from gold over the items with gold


def report_key(version_id: int, date_from: date, date_to: date) -> str:
    return f"version:{version_id}:{date_from.isoformat()}:{date_to.isoformat()}"


def versions_with_sessions() -> list[ScorecardVersion]:
    """Versions some calibration session scored on, retired ones too: their history still counts."""
    used = db.select(CalibrationSession.scorecard_version_id).where(
        CalibrationSession.kind == SessionKind.CALIBRATION.value)
    return list(db.session.scalars(
        db.select(ScorecardVersion).join(Scorecard).where(ScorecardVersion.id.in_(used))
        .options(selectinload(ScorecardVersion.scorecard)).order_by(Scorecard.name, ScorecardVersion.number.desc())))


def pool_basis(version: ScorecardVersion, date_from: date, date_to: date, now: datetime | None = None) -> PoolBasis:
    """The sessions and counted scores the pooled statistics of this version and period are made of."""
    now = now or utcnow()
    in_period = db.session.scalars(
        db.select(CalibrationSession).where(
            CalibrationSession.kind == SessionKind.CALIBRATION.value,
            CalibrationSession.scorecard_version_id == version.id,
            CalibrationSession.deadline_at >= datetime.combine(date_from, time()),
            CalibrationSession.deadline_at < datetime.combine(date_to + timedelta(days=1), time()))
        .options(selectinload(CalibrationSession.items).selectinload(CalibrationItem.gold),
                 selectinload(CalibrationSession.items).selectinload(CalibrationItem.interaction),
                 selectinload(CalibrationSession.participants))
        .order_by(CalibrationSession.deadline_at, CalibrationSession.id)).all()
    by_item = _evaluations_by_item([s.id for s in in_period])
    sessions, evaluations = [], []
    for session in in_period:
        people = {p.reviewer_id for p in session.participants}
        scores = [e for item in session.items for e in by_item.get(item.id, [])
                  if e.reviewer_id in people and counted(session, e)]
        if _revealed(session, scores, now):
            sessions.append(session)
            evaluations.extend(scores)
    bar, bootstrap = statistics_settings()
    gold = [[g.id, item.id, g.criterion_key, g.value, g.set_at] for s in sessions for item in s.items
            for g in item.gold]
    mark = fingerprint({"format": FORMAT, "version": version.id, "definition": definition_mark(version.definition),
                        "bar": bar, "bootstrap": bootstrap, "seed": version.id,
                        "sessions": [[s.id, s.deadline_at, [item.id for item in s.items]] for s in sessions],
                        "evaluations": evaluation_marks(evaluations), "gold": gold})
    return PoolBasis(version, date_from, date_to, sessions, len(in_period) - len(sessions), evaluations,
                     report_key(version.id, date_from, date_to), mark)


def _evaluations_by_item(session_ids: list[int]) -> dict[int, list[Evaluation]]:
    if not session_ids:
        return {}
    rows = db.session.scalars(db.select(Evaluation).join(CalibrationItem, CalibrationItem.id ==
                                                          Evaluation.calibration_item_id)
                              .where(CalibrationItem.session_id.in_(session_ids)).order_by(Evaluation.id))
    grouped: dict[int, list[Evaluation]] = {}
    for evaluation in rows:
        grouped.setdefault(evaluation.calibration_item_id, []).append(evaluation)
    return grouped


def _revealed(session: CalibrationSession, scores: list[Evaluation], now: datetime) -> bool:
    # qa.calibration.services.revealed, over the scores already read.
    if session.status == SessionStatus.CLOSED.value or now >= session.deadline_at:
        return True
    done = {(e.calibration_item_id, e.reviewer_id) for e in scores}
    return all((item.id, p.reviewer_id) in done for item in session.items for p in session.participants)


def pooled_answers(evaluations: list[Evaluation]) -> dict[int, dict[int, dict[str, str | None]]]:
    """item id → reviewer id → criterion key → answer, for these evaluations."""
    item_of = {e.id: (e.calibration_item_id, e.reviewer_id) for e in evaluations}
    ids = list(item_of)
    answers: dict[int, dict[int, dict[str, str | None]]] = {}
    for start in range(0, len(ids), ANSWER_BATCH):
        batch = ids[start:start + ANSWER_BATCH]
        for evaluation_id, key, value in db.session.execute(
                db.select(EvaluationAnswer.evaluation_id, EvaluationAnswer.criterion_key, EvaluationAnswer.value)
                .where(EvaluationAnswer.evaluation_id.in_(batch))):
            item_id, reviewer_id = item_of[evaluation_id]
            answers.setdefault(item_id, {}).setdefault(reviewer_id, {})[key] = value
    return answers


def compute_pooled(basis: PoolBasis) -> PooledReport:
    """The statistics over every unit of the basis and each reviewer's mean deviation from gold."""
    definition = parse_definition(basis.version.definition)
    answers = pooled_answers(basis.evaluations)
    items = [item for session in basis.sessions for item in session.items]
    units = {item.id: _by_criterion(answers.get(item.id, {})) for item in items}
    totals: dict[int, dict[int, float | None]] = {item.id: {} for item in items}
    for evaluation in basis.evaluations:
        totals[evaluation.calibration_item_id][evaluation.reviewer_id] = evaluation.score
    statistics = agreement_statistics(definition, units, totals, seed=basis.seed)
    deviations = [deviation_from_gold(definition, answers.get(item.id, {}),
                                      {g.criterion_key: g.value for g in item.gold}, item.interaction.channel)
                  for item in items if item.gold]
    return PooledReport(statistics, mean_points_from_gold(deviations))


def _by_criterion(by_reviewer: dict[int, dict[str, str | None]]) -> dict[str, dict[int, str | None]]:
    pivot: dict[str, dict[int, str | None]] = {}
    for reviewer_id, answers in by_reviewer.items():
        for key, value in answers.items():
            pivot.setdefault(key, {})[reviewer_id] = value
    return pivot


def report_payload(report: PooledReport) -> dict[str, Any]:
    return {"statistics": statistics_payload(report.statistics),
            "deviations": {str(reviewer): list(mean) for reviewer, mean in report.deviations.items()}}


def report_from_payload(payload: dict[str, Any], definition: Definition) -> PooledReport:
    return PooledReport(statistics_from_payload(payload["statistics"], definition),
                        {int(reviewer): tuple(mean) for reviewer, mean in payload["deviations"].items()})
