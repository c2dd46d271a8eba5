"""Gold answers: what the facilitator records as agreed for each criterion of each session interaction,
once the answers are revealed, and closing the session when every applicable criterion has one.
Every function flushes; the caller commits."""
from __future__ import annotations

from datetime import datetime

from qa import audit
from qa.accounts.models import User
from qa.calibration.models import CalibrationItem, CalibrationSession, GoldAnswer, SessionStatus
from qa.calibration.services import can_manage, find_session, revealed, session_link
from qa.errors import Refused
from qa.extensions import db
from qa.notifications import notify
from qa.timeutil import utcnow
from scorecards.definition import Definition, parse_definition

GOLD_NOTE_MAX = 2000


def _managed_session(session_id: int, actor_id: int, now: datetime | None) -> CalibrationSession:
    session = find_session(session_id)
    actor = db.session.get(User, actor_id)
    if actor is None or not actor.active or not can_manage(session, actor):
        raise Refused("Only the session's facilitator, a QA lead or an admin records gold answers and closes it.")
    if session.status == SessionStatus.CLOSED.value:
        raise Refused("This session is closed; its gold answers no longer change.")
    if not revealed(session, now):
        raise Refused("Gold answers are recorded once the answers are revealed: when the deadline passes or "
                      "every participant has scored every interaction.")
    return session


def _item(session: CalibrationSession, item_id: int) -> CalibrationItem:
    item = next((i for i in session.items if i.id == item_id), None)
    if item is None:
        raise Refused(f"Interaction item {item_id} is not part of this session.")
    return item


def record_gold(session_id: int, item_id: int, answers: dict[str, tuple[str, str]], actor_id: int,
                now: datetime | None = None) -> list[GoldAnswer]:
    """Set (or change) the gold answer and note of these criteria for one interaction of the session."""
    session = _managed_session(session_id, actor_id, now)
    item = _item(session, item_id)
    definition = parse_definition(session.version.definition)
    channel = item.interaction.channel
    checked = {}
    for key, (value, note) in answers.items():
        try:
            criterion = definition.criterion(key)
        except KeyError:
            raise Refused(f'"{key}" is not a criterion of {session.version.label}.') from None
        allowed = [v for v, _ in definition.allowed_values(criterion, channel)]
        if value not in allowed:
            raise Refused(f'{value!r} is not an answer to "{criterion.question}" ({key}) on a {channel}; '
                          f"the answers are {', '.join(allowed)}.")
        note = (note or "").strip()
        if len(note) > GOLD_NOTE_MAX:
            raise Refused(f'The note on "{criterion.question}" can be at most {GOLD_NOTE_MAX} characters.')
        checked[key] = (value, note)
    if not checked:
        raise Refused("Choose a gold answer for at least one criterion.")
    existing = {gold.criterion_key: gold for gold in item.gold}
    before = {key: [g.value, g.note] for key, g in existing.items() if key in checked}
    saved = []
    for key, (value, note) in checked.items():
        gold = existing.get(key)
        if gold is None:
            gold = GoldAnswer(criterion_key=key)
            item.gold.append(gold)
        gold.value, gold.note, gold.set_by_id, gold.set_at = value, note, actor_id, utcnow()
        saved.append(gold)
    db.session.flush()
    audit.record("calibration.gold_recorded", "calibration_session", session.id, actor_id,
                 f"Gold answers for interaction {item.interaction_id}: "
                 + ", ".join(f"{key} = {value}" for key, (value, _) in checked.items()),
                 before=before or None, after={key: [value, note] for key, (value, note) in checked.items()})
    return saved


def missing_gold(session: CalibrationSession, definition: Definition | None = None) -> dict[int, list[str]]:
    """item id → the applicable criteria of that interaction still without a gold answer."""
    definition = definition or parse_definition(session.version.definition)
    missing = {}
    for item in session.items:
        done = {gold.criterion_key for gold in item.gold}
        keys = [c.key for _, c in definition.criteria()
                if definition.applies_to(c, item.interaction.channel) and c.key not in done]
        if keys:
            missing[item.id] = keys
    return missing


def close_session(session_id: int, actor_id: int, now: datetime | None = None) -> CalibrationSession:
    """Close a session whose every interaction has a gold answer for every criterion that applies to it."""
    session = _managed_session(session_id, actor_id, now)
    definition = parse_definition(session.version.definition)
    missing = missing_gold(session, definition)
    if missing:
        by_item = {item.id: item for item in session.items}
        raise Refused("Record a gold answer for every question first. Still missing: " + "; ".join(
            f"interaction {by_item[item_id].interaction_id}: "
            + ", ".join(definition.criterion(key).question for key in keys) for item_id, keys in missing.items()))
    session.status, session.closed_at = SessionStatus.CLOSED.value, utcnow()
    db.session.flush()
    audit.record("calibration.closed", "calibration_session", session.id, actor_id,
                 f"Closed calibration session {session.title!r} with gold answers for {len(session.items)} "
                 f"interaction(s)")
    notify([p.reviewer_id for p in session.participants], "calibration.closed",
           f"The calibration session {session.title!r} is closed: see the gold answers and how yours compare.",
           session_link(session.id))
    return session


def gold_answers(item: CalibrationItem) -> dict[str, GoldAnswer]:
    return {gold.criterion_key: gold for gold in item.gold}
