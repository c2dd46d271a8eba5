"""Calibration sessions: set one up, let each participant score each interaction once, and decide when
the answers are revealed. Gold answers and closing are in qa.calibration.gold; what the pages show of the
answers is in qa.calibration.side_by_side. Every function flushes; the caller commits.

Who counts as a scorer: every invited reviewer, and AutoQA when it takes part and the version has criteria
it can answer. A calibration session needs two scorers, at least one of them a person (one reviewer beside
AutoQA calibrates the rules against a person); a certification session is one reviewer against gold.

Blindness: before the reveal nobody sees anyone's answers, not even the facilitator. The reveal comes when
the deadline passes or every participant has submitted every interaction, and only scores submitted by
the deadline count, so nobody can look at the others' answers and then submit their own.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.orm import selectinload

from qa import audit
from qa.accounts.models import User
from qa.calibration.models import (CalibrationItem, CalibrationParticipant, CalibrationSession, SessionKind,
                                   SessionStatus)
from qa.errors import Refused
from qa.extensions import db
from qa.notifications import notify
from qa.reviews.autoqa import suggest_answers
from qa.reviews.models import Evaluation, EvaluationStatus
from qa.reviews.services import start_calibration_evaluation
from qa.roles import Role
from qa.sampling.services import check_reviewer
from qa.timeutil import utcnow
from scorecards.definition import parse_definition
from scorecards.models import ScorecardVersion, VersionStatus
from transcription.models import Interaction, InteractionStatus

# Who runs any session and sees every session's answers once revealed (besides its facilitator).
LEADS = (Role.QA_LEAD, Role.ADMIN)
MAX_ITEMS = 50
TITLE_MAX = 200
NOTE_MAX = 2000


def session_link(session_id: int) -> str:
    # A path, not url_for: scheduled sessions are made in jobs, which have no request to build URLs from.
    return f"/calibration/{session_id}"


def find_session(session_id: int) -> CalibrationSession:
    session = db.session.get(CalibrationSession, session_id)
    if session is None:
        raise Refused(f"There is no calibration session {session_id}.")
    return session


def create_session(title: str, version_id: int, interaction_ids: Iterable[int], reviewer_ids: Iterable[int],
                   deadline_at: datetime, facilitator_id: int | None, include_autoqa: bool, note: str = "",
                   kind: str = SessionKind.CALIBRATION.value, schedule_id: int | None = None,
                   now: datetime | None = None) -> CalibrationSession:
    """A session on these interactions and this version; the participants are told, the creation audited."""
    title, note = (title or "").strip(), (note or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise Refused(f"Give the session a title of at most {TITLE_MAX} characters.")
    if len(note) > NOTE_MAX:
        raise Refused(f"The note can be at most {NOTE_MAX} characters.")
    if kind not in set(SessionKind):
        raise Refused(f"A session is a calibration or a certification, not {kind!r}.")
    if deadline_at <= (now or utcnow()):
        raise Refused("The deadline is in the past; give a time still to come.")
    version = _usable_version(version_id)
    definition = parse_definition(version.definition)
    interactions = _ready_interactions(list(dict.fromkeys(interaction_ids)))
    reviewers = [db.session.get(User, uid) or _no_user(uid) for uid in dict.fromkeys(reviewer_ids)]
    for reviewer in reviewers:
        for interaction in interactions:
            check_reviewer(reviewer, interaction)
    autoqa_scores = include_autoqa and any(c.autoqa is not None for _, c in definition.criteria())
    if include_autoqa and not autoqa_scores:
        raise Refused(f"AutoQA answers none of {version.label}'s criteria, so it cannot take part.")
    check_scorers(kind, len(reviewers), autoqa_scores)
    session = CalibrationSession(title=title, kind=kind, version=version, facilitator_id=facilitator_id,
                                 deadline_at=deadline_at, include_autoqa=bool(include_autoqa), note=note,
                                 schedule_id=schedule_id)
    for position, interaction in enumerate(interactions):
        answers = ({key: s.value for key, s in suggest_answers(definition, interaction).items()}
                   if include_autoqa else {})
        session.items.append(CalibrationItem(interaction=interaction, position=position, autoqa_answers=answers))
    session.participants = [CalibrationParticipant(reviewer_id=reviewer.id) for reviewer in reviewers]
    db.session.add(session)
    db.session.flush()
    audit.record("calibration.created", "calibration_session", session.id, facilitator_id,
                 f"Calibration session {title!r} on {version.label}: {len(interactions)} interaction(s), "
                 f"{len(reviewers)} reviewer(s){' and AutoQA' if include_autoqa else ''}",
                 after={"interaction_ids": [i.id for i in interactions], "reviewer_ids": [r.id for r in reviewers],
                        "version_id": version.id, "deadline_at": deadline_at.isoformat(),
                        "include_autoqa": bool(include_autoqa), "kind": kind})
    notify([r.id for r in reviewers], "calibration.invited",
           f"You are invited to score {len(interactions)} interaction(s) blind for the calibration session "
           f"{title!r}, by {deadline_at:%Y-%m-%d %H:%M} UTC.", session_link(session.id))
    return session


def check_scorers(kind: str, people: int, autoqa: bool) -> None:
    """`autoqa`: AutoQA takes part and the version has criteria it answers."""
    if kind == SessionKind.CERTIFICATION.value:
        if people != 1:
            raise Refused("A certification session is one reviewer scoring against gold.")
        return
    if people == 0 or people + autoqa < 2:
        raise Refused("A calibration session needs at least two scorers: two reviewers, or one reviewer "
                      "and AutoQA (on a version with AutoQA criteria).")


def _usable_version(version_id: int) -> ScorecardVersion:
    version = db.session.get(ScorecardVersion, version_id)
    if version is None:
        raise Refused(f"There is no scorecard version {version_id}.")
    if version.status == VersionStatus.RETIRED.value or version.scorecard.retired_at is not None:
        raise Refused(f"{version.label} is retired; calibrate on a published or draft version.")
    return version


def _ready_interactions(interaction_ids: list[int]) -> list[Interaction]:
    if not interaction_ids:
        raise Refused("Choose at least one interaction to calibrate on.")
    if len(interaction_ids) > MAX_ITEMS:
        raise Refused(f"A session has at most {MAX_ITEMS} interactions.")
    interactions = []
    for interaction_id in interaction_ids:
        interaction = db.session.get(Interaction, interaction_id)
        if interaction is None:
            raise Refused(f"There is no interaction {interaction_id}.")
        if interaction.status != InteractionStatus.READY.value:
            raise Refused(f"Interaction {interaction_id} is {interaction.status}; only a ready interaction "
                          f"can be calibrated on.")
        interactions.append(interaction)
    return interactions


def _no_user(user_id: int) -> User:
    raise Refused(f"There is no user {user_id}.")


def is_participant(session: CalibrationSession, user_id: int) -> bool:
    return any(p.reviewer_id == user_id for p in session.participants)


def can_manage(session: CalibrationSession, user) -> bool:
    """The facilitator, QA leads and admins record gold, close, and see every answer once revealed."""
    return user.id == session.facilitator_id or user.has_any_role(LEADS)


def can_open(session: CalibrationSession, user) -> bool:
    return can_manage(session, user) or is_participant(session, user.id)


def start_scoring(session_id: int, item_id: int, reviewer_id: int, now: datetime | None = None) -> Evaluation:
    """The participant's blind evaluation of one session interaction (their draft if they started it)."""
    session = find_session(session_id)
    item = next((i for i in session.items if i.id == item_id), None)
    if item is None:
        raise Refused(f"Interaction item {item_id} is not part of this session.")
    if not is_participant(session, reviewer_id):
        raise Refused("Only the session's participants score in it.")
    if session.status != SessionStatus.OPEN.value:
        raise Refused("This session is closed.")
    if (now or utcnow()) >= session.deadline_at:
        raise Refused("The session's deadline has passed; scores are no longer taken.")
    return start_calibration_evaluation(item.id, item.interaction_id, session.scorecard_version_id, reviewer_id)


def session_evaluations(session: CalibrationSession) -> list[Evaluation]:
    """Every participant's evaluation (draft or submitted) of the session's interactions."""
    participants = [p.reviewer_id for p in session.participants]
    return list(db.session.scalars(db.select(Evaluation).where(
        Evaluation.calibration_item_id.in_([item.id for item in session.items]),
        Evaluation.reviewer_id.in_(participants)).options(selectinload(Evaluation.answers))
        .order_by(Evaluation.id)))


def counted(session: CalibrationSession, evaluation: Evaluation) -> bool:
    """A score counts when it was submitted by the deadline (a later one might have seen the others)."""
    return (evaluation.status == EvaluationStatus.SUBMITTED.value and evaluation.submitted_at is not None
            and evaluation.submitted_at <= session.deadline_at)


def counted_evaluations(session: CalibrationSession) -> list[Evaluation]:
    return [e for e in session_evaluations(session) if counted(session, e)]


def revealed(session: CalibrationSession, now: datetime | None = None) -> bool:
    """The deadline has passed, or every participant has submitted every interaction."""
    if session.status == SessionStatus.CLOSED.value or (now or utcnow()) >= session.deadline_at:
        return True
    done = {(e.calibration_item_id, e.reviewer_id) for e in counted_evaluations(session)}
    return all((item.id, p.reviewer_id) in done for item in session.items for p in session.participants)


def list_sessions(user, *, scoring_only: bool = False) -> list[CalibrationSession]:
    """Leads see every calibration session; anyone else those they take part in or facilitate. Certification
    attempts are listed on the certification pages."""
    query = db.select(CalibrationSession).where(CalibrationSession.kind == SessionKind.CALIBRATION.value).options(
        selectinload(CalibrationSession.items), selectinload(CalibrationSession.participants),
        selectinload(CalibrationSession.version).selectinload(ScorecardVersion.scorecard))
    mine = CalibrationSession.participants.any(CalibrationParticipant.reviewer_id == user.id)
    if scoring_only or not user.has_any_role(LEADS):
        query = query.where(mine if scoring_only else (mine | (CalibrationSession.facilitator_id == user.id)))
    return list(db.session.scalars(query.order_by(CalibrationSession.status.desc(),
                                                  CalibrationSession.deadline_at.desc(), CalibrationSession.id)))


def draft_in_use(version: ScorecardVersion) -> str | None:
    """A draft that calibration sessions score on must not change or go: their scores and gold depend on it."""
    title = db.session.scalar(db.select(CalibrationSession.title).where(
        CalibrationSession.scorecard_version_id == version.id).limit(1))
    if title is None:
        return None
    return (f"The calibration session {title!r} scores on {version.label}, so this draft can no longer change "
            "or be discarded. Publish it, and calibrate drafts you still edit in a new session afterwards.")
