"""Recurring calibration: a schedule draws interactions at random from a population every period and makes
a session of them. Every function flushes; the caller (view, job) commits.

A run covers one period (the one that just ended, when scheduled): the ready interactions in the
population that started in it and whose agent is none of the participants. The draw is
`random.Random(seed)` over the candidates in id order, and the seed is written in the session's note and
the audit entry, so a run can be drawn again by hand and checked.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from qa import audit
from qa.accounts.models import User
from qa.calibration.models import CalibrationSchedule, CalibrationSession
from qa.calibration.services import MAX_ITEMS, TITLE_MAX, check_scorers, create_session
from qa.errors import Refused
from qa.extensions import db
from qa.sampling.periods import PERIODS, next_period_start, period_end
from qa.sampling.rules import Population, check_population
from qa.sampling.runs import new_seed, population_filter
from qa.sampling.services import can_review, check_scorecard
from qa.timeutil import utcnow
from scorecards.definition import parse_definition
from scorecards.models import Scorecard
from scorecards.services import published_version
from transcription.models import Interaction, InteractionStatus


@dataclass
class ScheduleSettings:
    title: str
    scorecard_id: int
    reviewer_ids: list[int]
    population: Population = field(default_factory=Population)
    interactions_per_session: int = 3
    period: str = "week"
    deadline_days: int = 3
    include_autoqa: bool = True
    active: bool = True


def list_schedules() -> list[CalibrationSchedule]:
    return list(db.session.scalars(db.select(CalibrationSchedule)
                                   .order_by(CalibrationSchedule.active.desc(), CalibrationSchedule.title)))


def find_schedule(schedule_id: int) -> CalibrationSchedule:
    schedule = db.session.get(CalibrationSchedule, schedule_id)
    if schedule is None:
        raise Refused(f"There is no calibration schedule {schedule_id}.")
    return schedule


def save_schedule(schedule_id: int | None, settings: ScheduleSettings, actor_id: int | None,
                  now: datetime | None = None) -> CalibrationSchedule:
    """Create (schedule_id None) or change a schedule; an active one next runs when its current period ends."""
    _check(settings)
    schedule = CalibrationSchedule(facilitator_id=actor_id) if schedule_id is None else find_schedule(schedule_id)
    before = None if schedule_id is None else _snapshot(schedule)
    period_changed = schedule.period != settings.period
    schedule.title, schedule.scorecard_id = settings.title.strip(), settings.scorecard_id
    schedule.population = settings.population.stored()
    schedule.reviewer_ids = list(dict.fromkeys(settings.reviewer_ids))
    schedule.interactions_per_session, schedule.period = settings.interactions_per_session, settings.period
    schedule.deadline_days, schedule.include_autoqa = settings.deadline_days, settings.include_autoqa
    schedule.active = settings.active
    if not schedule.active:
        schedule.next_run_at = None
    elif schedule.next_run_at is None or period_changed:
        schedule.next_run_at = next_period_start(schedule.period, now or utcnow())
    if schedule_id is None:
        db.session.add(schedule)
    db.session.flush()
    audit.record("calibration_schedule.saved", "calibration_schedule", schedule.id, actor_id,
                 f"Calibration schedule {schedule.title} {'created' if before is None else 'changed'}",
                 before=before, after=_snapshot(schedule))
    return schedule


def _check(settings: ScheduleSettings) -> None:
    title = settings.title.strip()
    if not title or len(title) > TITLE_MAX:
        raise Refused(f"Give the schedule a title of at most {TITLE_MAX} characters.")
    scorecard = check_scorecard(db.session.get(Scorecard, settings.scorecard_id))
    if settings.period not in PERIODS:
        raise Refused("The period is a day, a week or a month.")
    if not 1 <= settings.interactions_per_session <= MAX_ITEMS:
        raise Refused(f"A session has from 1 to {MAX_ITEMS} interactions.")
    if settings.deadline_days < 1:
        raise Refused("The participants need at least a day to score.")
    for uid in dict.fromkeys(settings.reviewer_ids):
        user = db.session.get(User, uid)
        if not can_review(user):
            raise Refused(f"{user.name if user else f'User {uid}'} is not an active QA reviewer or QA lead.")
    definition = parse_definition(published_version(scorecard.id).definition)
    autoqa = settings.include_autoqa and any(c.autoqa is not None for _, c in definition.criteria())
    check_scorers("calibration", len(set(settings.reviewer_ids)), autoqa)
    check_population(settings.population)




def candidates(schedule: CalibrationSchedule, participant_ids: list[int], start: datetime,
               end: datetime) -> list[int]:
    """Ready interactions of the population that started in [start, end), none a participant's own."""
    when = db.func.coalesce(Interaction.started_at, Interaction.created_at)
    query = population_filter(schedule.population or {}).apply(db.select(Interaction.id)).where(
        Interaction.status == InteractionStatus.READY.value, when >= start, when < end,
        Interaction.agent_id.is_(None) | Interaction.agent_id.not_in(participant_ids or [0]))
    return list(db.session.scalars(query.order_by(Interaction.id)))


def run_schedule(schedule_id: int, start: datetime, *, trigger: str, run_by_id: int | None = None,
                 seed: int | None = None, now: datetime | None = None) -> CalibrationSession | None:
    """Draw the period's interactions and make the session; None (audited) when the period had none."""
    now = now or utcnow()
    # Locking the row makes two runs of one schedule take turns.
    schedule = db.session.get(CalibrationSchedule, schedule_id, with_for_update=True)
    if schedule is None:
        raise Refused(f"There is no calibration schedule {schedule_id}.")
    scorecard = check_scorecard(schedule.scorecard)
    version = published_version(scorecard.id)
    end = min(period_end(schedule.period, start), now)
    participants = [uid for uid in dict.fromkeys(schedule.reviewer_ids) if can_review(db.session.get(User, uid))]
    pool = candidates(schedule, participants, start, end)
    seed = new_seed() if seed is None else seed
    picked = sorted(random.Random(seed).sample(pool, min(schedule.interactions_per_session, len(pool))))
    window = f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} UTC"
    if not picked:
        audit.record("calibration_schedule.ran", "calibration_schedule", schedule.id, run_by_id,
                     f"Schedule {schedule.title} ({trigger}): no ready interaction in the population from {window}",
                     after={"seed": seed, "candidates": 0, "session_id": None})
        return None
    autoqa = schedule.include_autoqa and any(
        c.autoqa is not None for _, c in parse_definition(version.definition).criteria())
    note = (f"Drawn at random by the schedule {schedule.title!r} ({trigger}): {len(picked)} of {len(pool)} ready "
            f"interactions from {window}, seed {seed}.")
    session = create_session(f"{schedule.title} · {start:%Y-%m-%d}"[:TITLE_MAX], version.id, picked, participants,
                             now + timedelta(days=schedule.deadline_days), schedule.facilitator_id, autoqa,
                             note=note, schedule_id=schedule.id, now=now)
    audit.record("calibration_schedule.ran", "calibration_schedule", schedule.id, run_by_id,
                 f"Schedule {schedule.title} ({trigger}) made session {session.id} from {window}",
                 after={"seed": seed, "candidates": len(pool), "session_id": session.id, "interaction_ids": picked})
    return session


def _snapshot(schedule: CalibrationSchedule) -> dict:
    return {"title": schedule.title, "scorecard_id": schedule.scorecard_id, "population": schedule.population,
            "reviewer_ids": schedule.reviewer_ids, "interactions_per_session": schedule.interactions_per_session,
            "period": schedule.period, "deadline_days": schedule.deadline_days,
            "include_autoqa": schedule.include_autoqa, "active": schedule.active}
