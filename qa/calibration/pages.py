"""What the calibration pages read: a participant's own interactions with where they are, everyone's
progress (counts only, never answers), the choices of the new-session form, and the session page's
revealed part through side_by_side, which decides who may see which answers."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import selectinload

from qa.accounts.models import User
from qa.calibration.agreement_forms import default_period
from qa.calibration.gold import missing_gold
from qa.calibration.models import CalibrationItem, CalibrationSession, Certification, SessionKind, SessionStatus
from qa.calibration.services import LEADS, can_manage, counted, is_participant, revealed, session_evaluations
from qa.calibration.side_by_side import SessionStatistics, SideBySide, mean_deviations, side_by_side
from qa.calibration.statistics_cache import board_statistics
from qa.errors import Refused
from qa.extensions import db
from qa.reviews.models import Evaluation, EvaluationStatus
from qa.timeutil import utcnow
from scorecards.models import Scorecard, ScorecardVersion, VersionStatus
from transcription.models import Interaction, InteractionStatus

RECENT_INTERACTIONS = 30


@dataclass(frozen=True)
class MyItem:
    item: CalibrationItem
    evaluation: Evaluation | None
    state: str  # "todo", "draft", "scored", "late" (submitted after the deadline: not counted)


@dataclass(frozen=True)
class Progress:
    reviewer: User
    scored: int
    of: int


@dataclass
class SessionPage:
    session: CalibrationSession
    is_revealed: bool
    manager: bool
    participant: bool
    scoring_open: bool
    my_items: list[MyItem]
    progress: list[Progress]
    board: SideBySide | None = None
    hidden_reason: str | None = None
    statistics: SessionStatistics | None = None
    deviations: dict[int, tuple] = field(default_factory=dict)
    missing: dict[int, list[str]] = field(default_factory=dict)
    marks: dict[str, dict] = field(default_factory=dict)  # criterion key → its alpha chart's x positions
    pooled: dict[str, str] | None = None  # the pooled agreement page's query for this session's version, for leads


def session_page(session: CalibrationSession, user, now: datetime | None = None) -> SessionPage:
    now = now or utcnow()
    evaluations = session_evaluations(session)
    participant = is_participant(session, user.id)
    page = SessionPage(
        session=session, is_revealed=revealed(session, now), manager=can_manage(session, user),
        participant=participant,
        scoring_open=session.status == SessionStatus.OPEN.value and now < session.deadline_at,
        my_items=_my_items(session, evaluations, user.id) if participant else [],
        progress=_progress(session, evaluations))
    if page.is_revealed:
        try:
            page.board = side_by_side(session, user, now)
        except Refused as refusal:
            page.hidden_reason = str(refusal)
    if page.board is not None and page.manager:
        # Usually warmed by the calibration.statistics job at the reveal; on a miss computed and stored now
        # (flushed: the view commits), at most 50 interactions' worth.
        page.statistics = board_statistics(page.board)
        page.deviations = mean_deviations(page.board)
        page.missing = missing_gold(session, page.board.definition)
        page.marks = statistics_marks(page.statistics)
        if user.has_any_role(LEADS) and session.kind == SessionKind.CALIBRATION.value:
            page.pooled = pooled_args(session)
    return page


def pooled_args(session: CalibrationSession) -> dict[str, str]:
    """The version's sessions over the DEFAULT_DAYS up to this one's deadline, this one included."""
    date_from, date_to = default_period(session.deadline_at.date())
    return {"version": str(session.scorecard_version_id), "from": date_from.isoformat(), "to": date_to.isoformat()}


CHART_WIDTH = 200


def statistics_marks(statistics: SessionStatistics) -> dict[str, dict]:
    """criterion key → its alpha chart's x positions."""
    return {row.criterion.key: alpha_marks(row.result.alpha, row.result.ci_low, row.result.ci_high, statistics.bar)
            for row in statistics.criteria}


def alpha_marks(alpha: float | None, low: float | None, high: float | None, bar: float) -> dict:
    """x positions on a 0–200 chart of alpha from −1 to 1: the estimate, its interval, the bar and zero."""
    def x(value):
        return None if value is None else round((max(-1.0, min(1.0, value)) + 1) / 2 * CHART_WIDTH, 1)

    return {"alpha": x(alpha), "low": x(low), "high": x(high), "bar": x(bar), "zero": x(0.0)}


def _my_items(session, evaluations, user_id) -> list[MyItem]:
    mine = {e.calibration_item_id: e for e in evaluations if e.reviewer_id == user_id}
    items = []
    for item in session.items:
        evaluation = mine.get(item.id)
        if evaluation is None:
            state = "todo"
        elif evaluation.status == EvaluationStatus.DRAFT.value:
            state = "draft"
        else:
            state = "scored" if counted(session, evaluation) else "late"
        items.append(MyItem(item, evaluation, state))
    return items


def _progress(session, evaluations) -> list[Progress]:
    done: dict[int, int] = {}
    for evaluation in evaluations:
        if counted(session, evaluation):
            done[evaluation.reviewer_id] = done.get(evaluation.reviewer_id, 0) + 1
    return [Progress(p.reviewer, done.get(p.reviewer_id, 0), len(session.items))
            for p in sorted(session.participants, key=lambda p: p.reviewer.name)]


def choosable_versions() -> list[ScorecardVersion]:
    """Published and draft versions of scorecards still in use: calibrating a draft checks it before it is live."""
    return list(db.session.scalars(
        db.select(ScorecardVersion).join(Scorecard).where(
            Scorecard.retired_at.is_(None),
            ScorecardVersion.status.in_([VersionStatus.PUBLISHED.value, VersionStatus.DRAFT.value]))
        .options(selectinload(ScorecardVersion.scorecard))
        .order_by(Scorecard.name, ScorecardVersion.number.desc())))


def recent_ready_interactions(limit: int = RECENT_INTERACTIONS) -> list[Interaction]:
    when = db.func.coalesce(Interaction.started_at, Interaction.created_at)
    return list(db.session.scalars(
        db.select(Interaction).where(Interaction.status == InteractionStatus.READY.value)
        .options(selectinload(Interaction.agent)).order_by(when.desc(), Interaction.id.desc()).limit(limit)))


def item_session(item_id: int) -> CalibrationSession | None:
    item = db.session.get(CalibrationItem, item_id)
    return item.session if item else None


def certification_of(session: CalibrationSession) -> Certification | None:
    if session.kind != SessionKind.CERTIFICATION.value:
        return None
    return db.session.scalar(db.select(Certification).where(Certification.session_id == session.id))
