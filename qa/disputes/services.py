"""Disputes: the agent contests criteria of a submitted evaluation; a resolver accepts or rejects each one.

Accepted items change the evaluation's answers through qa.reviews.services.rescore_evaluation, so the
score is computed by the version's own rules and the earlier answers stay in the audit log.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable

from flask import current_app
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from qa import audit
from qa.accounts.models import User
from qa.accounts.services import find_user_by_email
from qa.disputes.models import Dispute, DisputeItem, DisputeStatus
from qa.errors import Refused
from qa.extensions import db
from qa.notifications import notify
from qa.reviews.models import Evaluation, EvaluationKind, EvaluationStatus
from qa.reviews.services import acknowledge_evaluation, find_evaluation, percent_text, rescore_evaluation
from qa.roles import Role
from qa.timeutil import utcnow
from scorecards.definition import Definition, parse_definition

REASON_MAX = 5000
# Who may step in and resolve any dispute (besides the one it was assigned to).
OVERSEERS = (Role.QA_LEAD, Role.ADMIN)
# An arbitrator must be able to open the resolve page.
RESOLVER_ROLES = (Role.REVIEWER, Role.QA_LEAD, Role.ADMIN)
ACCEPTED, REJECTED = "accepted", "rejected"
RESOLVER_LABELS = {"reviewer": "the reviewer", "qa_lead": "QA lead", "admin": "admin", "arbitrator": "arbitrator"}


def window_closes_at(evaluation: Evaluation) -> datetime | None:
    """When the agent's chance to dispute ends (None before submission)."""
    if evaluation.submitted_at is None:
        return None
    return evaluation.submitted_at + timedelta(days=current_app.config["DISPUTE_WINDOW_DAYS"])


def open_dispute_of(evaluation_id: int) -> Dispute | None:
    return db.session.scalar(db.select(Dispute).where(
        Dispute.evaluation_id == evaluation_id, Dispute.status == DisputeStatus.OPEN.value))


def find_dispute(dispute_id: int) -> Dispute:
    dispute = db.session.get(Dispute, dispute_id)
    if dispute is None:
        raise Refused(f"There is no dispute {dispute_id}.")
    return dispute


def open_dispute(evaluation_id: int, agent_id: int, items: Iterable[tuple[str, str, str | None]],
                 reason: str = "") -> Dispute:
    """The agent disputes criteria: (criterion key, why, proposed answer or None) each, plus an overall note."""
    evaluation = find_evaluation(evaluation_id)
    if evaluation.agent_id is None or evaluation.agent_id != agent_id:
        raise Refused("Only the agent who was evaluated can dispute this evaluation.")
    if evaluation.status != EvaluationStatus.SUBMITTED.value or evaluation.kind != EvaluationKind.LIVE.value:
        raise Refused("Only a submitted evaluation can be disputed.")
    closes = window_closes_at(evaluation)
    if utcnow() > closes:
        raise Refused(f"The dispute window for this evaluation closed on {closes:%Y-%m-%d %H:%M} UTC, "
                      f"{current_app.config['DISPUTE_WINDOW_DAYS']} days after it was submitted.")
    if evaluation.acknowledged_at is not None:
        raise Refused(f"You acknowledged this evaluation on {evaluation.acknowledged_at:%Y-%m-%d}; "
                      "an acknowledged evaluation cannot be disputed.")
    if open_dispute_of(evaluation.id) is not None:
        raise Refused("This evaluation already has an open dispute; wait for its resolution.")
    dispute = Dispute(evaluation_id=evaluation.id, raised_by_id=agent_id, reason=_text(reason, "The note"),
                      score_before=evaluation.score)
    dispute.items = _checked_items(evaluation, list(items))
    resolver, chosen_as = _pick_resolver(evaluation)
    dispute.resolver_id = resolver.id
    try:
        with db.session.begin_nested():  # the unique index catches a second dispute opened at the same moment
            db.session.add(dispute)
            db.session.flush()
    except IntegrityError:
        raise Refused("This evaluation already has an open dispute; wait for its resolution.") from None
    criteria = ", ".join(item.criterion_key for item in dispute.items)
    notify([resolver.id], "dispute.opened",
           f"{evaluation.agent.name} disputes {criteria} of evaluation {evaluation.id}; you resolve it.",
           f"/disputes/{dispute.id}")
    audit.record("dispute.opened", "dispute", dispute.id, agent_id,
                 f"Disputed {criteria} of evaluation {evaluation.id}; {resolver.name} "
                 f"({RESOLVER_LABELS[chosen_as]}) resolves it",
                 after={"evaluation_id": evaluation.id, "resolver_id": resolver.id, "resolver_is": chosen_as,
                        "reason": dispute.reason, "items": [_item_record(item) for item in dispute.items]})
    return dispute


def resolve_dispute(dispute_id: int, resolver_id: int, decisions: dict[str, tuple[bool, str | None]],
                    note: str = "") -> Dispute:
    """Decide every item: accepted (with the final answer; the agent's proposal by default) or rejected.

    Accepted items rescore the evaluation; a rejection needs a note saying why."""
    dispute = find_dispute(dispute_id)
    if dispute.status != DisputeStatus.OPEN.value:
        raise Refused(f"This dispute was resolved already ({dispute.status.replace('_', ' ')}).")
    evaluation = dispute.evaluation
    resolver = _resolver(dispute, resolver_id)
    items = {item.criterion_key: item for item in dispute.items}
    unknown = sorted(set(decisions) - set(items))
    if unknown:
        raise Refused(f"This dispute is not about {', '.join(unknown)}.")
    undecided = [key for key in items if key not in decisions]
    if undecided:
        raise Refused(f"Decide every disputed criterion; still undecided: {', '.join(undecided)}.")
    note = _text(note, "The note")
    definition = parse_definition(evaluation.version.definition)
    changes: dict[str, str] = {}
    for key, item in items.items():
        accepted, final = decisions[key]
        if accepted:
            changes[key] = _final_answer(definition, evaluation, item, final)
    if len(changes) < len(items) and not note:
        raise Refused("Say why in the note: a rejected criterion needs a reason the agent can read.")
    status = (DisputeStatus.ACCEPTED if len(changes) == len(items) else
              DisputeStatus.REJECTED if not changes else DisputeStatus.PARTLY_ACCEPTED).value
    # The status check and the change are one UPDATE, so two resolvers at once cannot both decide.
    claimed = db.session.execute(
        db.update(Dispute).where(Dispute.id == dispute.id, Dispute.status == DisputeStatus.OPEN.value)
        .values(status=status).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        raise Refused("Someone resolved this dispute at the same moment; reload it to see their decision.")
    before = {"status": DisputeStatus.OPEN.value, "score": evaluation.score,
              "answers": {key: evaluation.answer_for(key).value for key in items}}
    if changes:
        rescore_evaluation(evaluation.id, changes, resolver.id, f"dispute {dispute.id}")
    for key, item in items.items():
        item.decision = ACCEPTED if key in changes else REJECTED
        item.final_value = changes.get(key)
    dispute.status, dispute.resolution_note = status, note
    dispute.score_before, dispute.score_after = before["score"], evaluation.score
    dispute.resolved_at, dispute.resolved_by_id = utcnow(), resolver.id
    db.session.flush()
    words = status.replace("_", " ")
    notify([user_id for user_id in (evaluation.agent_id, evaluation.reviewer_id) if user_id and user_id != resolver.id],
           "dispute.resolved", f"The dispute of evaluation {evaluation.id} was {words}: "
           f"{percent_text(dispute.score_before)} → {percent_text(dispute.score_after)}.", f"/evaluations/{evaluation.id}")
    audit.record("dispute.resolved", "dispute", dispute.id, resolver.id,
                 f"Dispute of evaluation {evaluation.id} {words}: "
                 f"{percent_text(dispute.score_before)} → {percent_text(dispute.score_after)}",
                 before=before, after={"status": status, "score": evaluation.score,
                                       "answers": {key: evaluation.answer_for(key).value for key in items},
                                       "decisions": {key: item.decision for key, item in items.items()},
                                       "note": note})
    return dispute


def acknowledge_unless_disputed(evaluation_id: int, agent_id: int) -> Evaluation:
    """The agent acknowledges the evaluation, but not while their dispute of it waits for a decision."""
    if open_dispute_of(evaluation_id) is not None:
        raise Refused("Your dispute of this evaluation is still open; acknowledge it once it is resolved.")
    return acknowledge_evaluation(evaluation_id, agent_id)


def can_resolve(user, dispute: Dispute) -> bool:
    """Whether this user may decide this open dispute (the page shows the form only then)."""
    if dispute.status != DisputeStatus.OPEN.value or not user.active:
        return False
    if user.id in (dispute.evaluation.agent_id, dispute.raised_by_id):
        return False
    return user.id == dispute.resolver_id or user.has_any_role(OVERSEERS)


def _checked_items(evaluation: Evaluation, items: list[tuple[str, str, str | None]]) -> list[DisputeItem]:
    if not items:
        raise Refused("Choose at least one criterion to dispute.")
    definition = parse_definition(evaluation.version.definition)
    channel = evaluation.interaction.channel
    checked, seen = [], set()
    for key, why, proposed in items:
        try:
            criterion = definition.criterion(key)
        except KeyError:
            raise Refused(f'"{key}" is not a criterion of {evaluation.version.label}.') from None
        if key in seen:
            raise Refused(f'"{criterion.question}" is named twice; dispute each criterion once.')
        seen.add(key)
        why = _text(why, f'The reason for "{criterion.question}"')
        if not why:
            raise Refused(f'Say why you dispute "{criterion.question}".')
        current = evaluation.answer_for(key).value
        proposed = proposed or None
        if proposed is not None:
            allowed = [value for value, _ in definition.allowed_values(criterion, channel)]
            if proposed not in allowed:
                raise Refused(f'"{proposed}" is not an answer to "{criterion.question}"; '
                              f'the answers are {", ".join(allowed)}.')
            if proposed == current:
                raise Refused(f'"{proposed}" is already the answer to "{criterion.question}"; '
                              "propose a different one, or none.")
        checked.append(DisputeItem(criterion_key=key, reason=why, original_value=current, proposed_value=proposed))
    return checked


def _pick_resolver(evaluation: Evaluation) -> tuple[User, str]:
    """The configured resolver when they can act; otherwise the least busy QA lead (then admin).

    Never the disputing agent. Refused when nobody else could resolve."""
    agent_id, setting = evaluation.agent_id, current_app.config["DISPUTE_RESOLVER"]
    if setting == "reviewer" and _can_act(evaluation.reviewer, agent_id):
        return evaluation.reviewer, "reviewer"
    if setting == "arbitrator":
        arbitrator = find_user_by_email(current_app.config["DISPUTE_ARBITRATOR"])
        if _can_act(arbitrator, agent_id):
            return arbitrator, "arbitrator"
    for role in (Role.QA_LEAD, Role.ADMIN):
        lead = _least_busy(role, exclude={agent_id}, avoid=evaluation.reviewer_id)
        if lead is not None:
            return lead, role.value
    raise Refused("Nobody can resolve this dispute: there is no active QA lead or admin other than you. "
                  "Ask an admin to name a resolver.")


def _can_act(user: User | None, agent_id: int | None) -> bool:
    return user is not None and user.active and user.id != agent_id and user.has_any_role(RESOLVER_ROLES)


def _least_busy(role: Role, exclude: set, avoid: int | None) -> User | None:
    """The active user with this role and the fewest open disputes; `avoid` only when nobody else."""
    from qa.accounts.models import UserRole

    open_count = (db.select(func.count(Dispute.id)).where(Dispute.resolver_id == User.id,
                                                          Dispute.status == DisputeStatus.OPEN.value)
                  .correlate(User).scalar_subquery())
    candidates = db.session.execute(
        db.select(User, open_count).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == role.value, User.active.is_(True), User.id.not_in(exclude - {None}))
        .order_by(open_count, User.id)).all()
    ranked = sorted(candidates, key=lambda row: (row[0].id == avoid, row[1], row[0].id))
    return ranked[0][0] if ranked else None


def _resolver(dispute: Dispute, resolver_id: int) -> User:
    user = db.session.get(User, resolver_id)
    if user is not None and user.id in (dispute.evaluation.agent_id, dispute.raised_by_id):
        raise Refused("The disputing agent cannot resolve their own dispute.")
    if user is None or not can_resolve(user, dispute):
        name = dispute.resolver.name if dispute.resolver else "its resolver"
        raise Refused(f"This dispute is for {name} or a QA lead to resolve.")
    return user


def _final_answer(definition: Definition, evaluation: Evaluation, item: DisputeItem, final: str | None) -> str:
    criterion = definition.criterion(item.criterion_key)
    final = final or item.proposed_value
    if final is None:
        raise Refused(f'Choose the answer for "{criterion.question}": the agent proposed none.')
    allowed = [value for value, _ in definition.allowed_values(criterion, evaluation.interaction.channel)]
    if final not in allowed:
        raise Refused(f'"{final}" is not an answer to "{criterion.question}"; the answers are {", ".join(allowed)}.')
    if final == evaluation.answer_for(item.criterion_key).value:
        raise Refused(f'"{final}" is already the answer to "{criterion.question}": accepting it changes nothing. '
                      "Choose a different answer, or reject it.")
    return final


def _item_record(item: DisputeItem) -> dict:
    return {"criterion": item.criterion_key, "answer": item.original_value, "proposed": item.proposed_value,
            "reason": item.reason}


def _text(value: str | None, what: str) -> str:
    value = (value or "").strip()
    if len(value) > REASON_MAX:
        raise Refused(f"{what} can be at most {REASON_MAX} characters.")
    return value
