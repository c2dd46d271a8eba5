"""Certification: before live reviews on a scorecard reach a reviewer, they score a set of gold interactions
(closed calibration sessions' interactions with agreed answers) and must come within a tolerance of gold.

Rules, as a QA lead reads them:
- A scorecard's rule names its gold interactions, all recorded on ONE version of the scorecard (a
  certification is scored on that version, so every gold total is scored by the rules gold was agreed on).
- When the rule is required, a reviewer who has not passed reviews no live work on the scorecard: no
  assignments (by hand, by a sampling run, by reassignment) and no ad hoc reviews. QA leads and admins are
  exempt: they are the ones who record gold, so measuring them against it would be circular.
- The gold interactions are a pool: each attempt draws `items_per_attempt` of them (all when blank),
  preferring those the reviewer has seen least (qa.calibration.certification_pool), so a retake does not
  repeat what the last attempt's feedback showed while the pool has others.
- A pass counts for the gold set (the pool) it was taken on, whichever of it was drawn. Changing the gold
  interactions asks everyone to certify again (and stops attempts in progress); changing only the tolerance,
  the share or the draw size keeps earlier passes.
- Calibration and certification scoring are never gated.

Every function flushes; the caller commits. Grading is in qa.calibration.certification_grading.
"""
from __future__ import annotations

from datetime import timedelta

from qa import audit
from qa.accounts.models import User
from qa.calibration.certification_pool import draw_gold, draw_size, new_seed
from qa.calibration.gold import missing_gold
from qa.calibration.models import (CalibrationItem, CalibrationParticipant, CalibrationSession, Certification,
                                   CertificationRule, CertificationStatus, SessionKind, SessionStatus)
from qa.errors import Refused
from qa.extensions import db
from qa.notifications import notify
from qa.reviews.models import Evaluation, EvaluationStatus
from qa.reviews.services import REVIEWER_ROLES, start_calibration_evaluation
from qa.roles import Role
from qa.timeutil import utcnow
from scorecards.definition import parse_definition
from scorecards.models import Scorecard
from scorecards.services import find_scorecard

# Who is never held back: they set the gold standard.
EXEMPT_ROLES = (Role.QA_LEAD, Role.ADMIN)
MAX_GOLD_ITEMS = 50
MAX_TOLERANCE = 100
# A certification has no reveal to wait for: its deadline only has to be out of the way.
CERTIFICATION_DAYS = 3650


def certification_link(certification_id: int) -> str:
    return f"/certification/{certification_id}"  # a path: grading runs inside a submit, not always a request


def find_rule(scorecard_id: int) -> CertificationRule | None:
    return db.session.get(CertificationRule, scorecard_id)


def find_certification(certification_id: int) -> Certification:
    certification = db.session.get(Certification, certification_id)
    if certification is None:
        raise Refused(f"There is no certification {certification_id}.")
    return certification


def gold_ids_of(certification: Certification) -> list[int]:
    return sorted((certification.result or {}).get("gold_item_ids", []))


def set_certification_rule(scorecard_id: int, required: bool, gold_item_ids: list[int], tolerance_points: float,
                           min_matching_share: float, actor_id: int | None, *,
                           items_per_attempt: int | None = None) -> CertificationRule:
    """Create or change the scorecard's rule; a new gold set stops the attempts taken on the old one.
    `items_per_attempt` is how many of the gold interactions each attempt draws (None: all of them)."""
    scorecard = find_scorecard(scorecard_id)
    gold_item_ids = list(dict.fromkeys(int(i) for i in gold_item_ids))
    if required and not gold_item_ids:
        raise Refused("Choose at least one gold interaction before requiring certification.")
    if len(gold_item_ids) > MAX_GOLD_ITEMS:
        raise Refused(f"A certification has at most {MAX_GOLD_ITEMS} gold interactions.")
    if tolerance_points is None or not 0 <= tolerance_points <= MAX_TOLERANCE:
        raise Refused(f"The tolerance is between 0 and {MAX_TOLERANCE} points of the total.")
    if min_matching_share is None or not 0 <= min_matching_share <= 1:
        raise Refused("The share of matching answers is between 0 and 1 (0 % and 100 %).")
    _check_draw(items_per_attempt, len(gold_item_ids))
    gold_items(scorecard, gold_item_ids)  # refuses an item that cannot be gold, naming it
    rule = find_rule(scorecard.id)
    before = _rule_snapshot(rule) if rule else None
    if rule is None:
        rule = CertificationRule(scorecard_id=scorecard.id)
        db.session.add(rule)
    changed_gold = before is not None and sorted(before["gold_item_ids"]) != sorted(gold_item_ids)
    rule.required, rule.gold_item_ids = bool(required), gold_item_ids
    rule.tolerance_points, rule.min_matching_share = float(tolerance_points), float(min_matching_share)
    rule.items_per_attempt = items_per_attempt
    rule.updated_by_id, rule.updated_at = actor_id, utcnow()
    db.session.flush()
    if changed_gold:
        _stop_attempts_on_other_gold(scorecard, sorted(gold_item_ids))
    audit.record("certification.rule_saved", "scorecard", scorecard.id, actor_id,
                 f"Certification on {scorecard.name}: {'required' if rule.required else 'not required'}, "
                 f"{len(gold_item_ids)} gold interaction(s), {_draw_words(rule)}, "
                 f"within {rule.tolerance_points:g} points, {rule.min_matching_share:.0%} of answers matching",
                 before=before, after=_rule_snapshot(rule))
    return rule


def gold_items(scorecard: Scorecard, item_ids: list[int]) -> list[CalibrationItem]:
    """The items, in the order given, each checked to be usable gold for this scorecard."""
    items, versions, interactions = [], set(), set()
    for item_id in item_ids:
        item = db.session.get(CalibrationItem, item_id)
        if item is None:
            raise Refused(f"There is no calibration interaction item {item_id}.")
        session, name = item.session, f"Interaction {item.interaction_id} of {item.session.title!r}"
        if session.kind != SessionKind.CALIBRATION.value:
            raise Refused(f"{name} is a certification attempt, not a calibration session's gold.")
        if session.version.scorecard_id != scorecard.id:
            raise Refused(f"{name} was calibrated on {session.version.label}, not on {scorecard.name}.")
        if session.status != SessionStatus.CLOSED.value:
            raise Refused(f"{name}: the session is still open; its gold answers count once it is closed.")
        if not item.gold or item.id in missing_gold(session):
            raise Refused(f"{name} has no gold answer for every question that applies to it.")
        if item.interaction_id in interactions:
            raise Refused(f"Interaction {item.interaction_id} is chosen twice; keep one of its gold items.")
        versions.add(session.scorecard_version_id)
        interactions.add(item.interaction_id)
        items.append(item)
    if len(versions) > 1:
        labels = sorted({f"v{item.session.version.number}" for item in items})
        raise Refused(f"The gold interactions come from sessions on {', '.join(labels)}; choose gold recorded "
                      f"on one version, so every reviewer is scored by the same rules.")
    return items


def _check_draw(items_per_attempt, pool: int) -> None:
    if items_per_attempt is None:
        return
    if isinstance(items_per_attempt, bool) or not isinstance(items_per_attempt, int):
        raise Refused("Interactions per attempt is a whole number, or blank for all the gold interactions.")
    if not pool:
        raise Refused("Choose gold interactions before saying how many of them an attempt draws.")
    if not 1 <= items_per_attempt <= pool:
        raise Refused(f"Interactions per attempt is between 1 and {pool}, the number of gold interactions "
                      f"chosen (blank: all of them).")


def _draw_words(rule: CertificationRule) -> str:
    return "all per attempt" if rule.items_per_attempt is None else f"{rule.items_per_attempt} drawn per attempt"


def _rule_snapshot(rule: CertificationRule) -> dict:
    return {"required": rule.required, "gold_item_ids": list(rule.gold_item_ids or []),
            "items_per_attempt": rule.items_per_attempt,
            "tolerance_points": rule.tolerance_points, "min_matching_share": rule.min_matching_share}


def _current_pass(reviewer_id: int, rule: CertificationRule) -> Certification | None:
    gold = sorted(rule.gold_item_ids or [])
    passes = db.session.scalars(db.select(Certification).where(
        Certification.reviewer_id == reviewer_id, Certification.scorecard_id == rule.scorecard_id,
        Certification.status == CertificationStatus.PASSED.value).order_by(Certification.id.desc()))
    return next((c for c in passes if gold_ids_of(c) == gold), None)


def is_certified(reviewer_id: int, scorecard_id: int) -> bool:
    """True when the scorecard requires no certification, or the reviewer passed it on its current gold set."""
    rule = find_rule(scorecard_id)
    return rule is None or not rule.required or _current_pass(reviewer_id, rule) is not None


def certification_gate(reviewer: User, scorecard: Scorecard) -> str | None:
    """The sampling hook (qa.sampling.services.reviewer_gates): why the reviewer may not review live yet."""
    if reviewer.has_any_role(EXEMPT_ROLES) or is_certified(reviewer.id, scorecard.id):
        return None
    return (f"{reviewer.name} is not certified on {scorecard.name} yet: live reviews on it wait until they pass "
            f"its certification (the Certification page).")


def in_progress(reviewer_id: int, scorecard_id: int) -> Certification | None:
    return db.session.scalar(db.select(Certification).where(
        Certification.reviewer_id == reviewer_id, Certification.scorecard_id == scorecard_id,
        Certification.status == CertificationStatus.IN_PROGRESS.value).order_by(Certification.id.desc()))


def attempts_of(reviewer_id: int, scorecard_id: int) -> list[Certification]:
    """The reviewer's attempts on the scorecard, oldest first."""
    return list(db.session.scalars(db.select(Certification).where(
        Certification.reviewer_id == reviewer_id, Certification.scorecard_id == scorecard_id)
        .order_by(Certification.id)))


def start_certification(reviewer_id: int, scorecard_id: int, *, seed: int | None = None) -> Certification:
    """A new attempt: a certification session with the reviewer alone, the interactions drawn from the pool
    (the seed is recorded; a new one from `secrets` unless given) and their drafts made; the attempt they have
    in progress when there is one."""
    scorecard = find_scorecard(scorecard_id)
    reviewer = db.session.get(User, reviewer_id)
    if reviewer is None or not reviewer.active or not reviewer.has_any_role(REVIEWER_ROLES):
        raise Refused("Only an active reviewer or QA lead takes a certification.")
    # Locking the rule makes two starts at once take turns, so the second returns the first's attempt.
    rule = db.session.get(CertificationRule, scorecard.id, with_for_update=True)
    if rule is None or not rule.gold_item_ids:
        raise Refused(f"{scorecard.name} has no certification set up yet.")
    current = in_progress(reviewer.id, scorecard.id)
    if current is not None:
        return current
    if _current_pass(reviewer.id, rule) is not None:
        raise Refused(f"You are certified on {scorecard.name} already.")
    pool = gold_items(scorecard, list(rule.gold_item_ids))  # checks the whole pool, so a broken rule says so
    seed = new_seed() if seed is None else seed
    drawn = set(draw_gold([item.id for item in pool], draw_size(rule), attempts_of(reviewer.id, scorecard.id), seed))
    gold = [item for item in pool if item.id in drawn]
    version = gold[0].session.version
    session = CalibrationSession(
        title=f"Certification of {reviewer.name} on {scorecard.name}", kind=SessionKind.CERTIFICATION.value,
        version=version, facilitator_id=None, deadline_at=utcnow() + timedelta(days=CERTIFICATION_DAYS))
    for position, item in enumerate(gold):
        session.items.append(CalibrationItem(interaction_id=item.interaction_id, position=position))
    session.participants = [CalibrationParticipant(reviewer_id=reviewer.id)]
    db.session.add(session)
    db.session.flush()
    for item in session.items:
        start_calibration_evaluation(item.id, item.interaction_id, version.id, reviewer.id)
    certification = Certification(
        reviewer_id=reviewer.id, scorecard_id=scorecard.id, session_id=session.id,
        result={"gold_item_ids": sorted(item.id for item in pool), "seed": seed,
                "items": {str(mine.id): item.id for mine, item in zip(session.items, gold)}})
    db.session.add(certification)
    db.session.flush()
    audit.record("certification.started", "certification", certification.id, reviewer.id,
                 f"{reviewer.name} started certification on {scorecard.name} ({len(gold)} of {len(pool)} gold "
                 f"interaction(s) on {version.label})",
                 after={"session_id": session.id, "gold_item_ids": rule.gold_item_ids, "seed": seed,
                        "drawn": [item.id for item in gold]})
    return certification


def certification_evaluations(certification: Certification) -> list[Evaluation]:
    """The reviewer's evaluations of the attempt's interactions, in the session's order."""
    if certification.session is None:
        return []
    position = {item.id: item.position for item in certification.session.items}
    rows = db.session.scalars(db.select(Evaluation).where(
        Evaluation.calibration_item_id.in_(list(position)), Evaluation.reviewer_id == certification.reviewer_id))
    return sorted(rows, key=lambda e: position[e.calibration_item_id])


def next_draft(certification: Certification) -> Evaluation | None:
    """The first interaction of the attempt the reviewer has not submitted yet."""
    return next((e for e in certification_evaluations(certification)
                 if e.status == EvaluationStatus.DRAFT.value), None)


def _stop_attempts_on_other_gold(scorecard: Scorecard, gold: list[int]) -> None:
    """Attempts in progress on another gold set would certify nobody: stop them, drop their drafts, say so."""
    stale = [c for c in db.session.scalars(db.select(Certification).where(
        Certification.scorecard_id == scorecard.id,
        Certification.status == CertificationStatus.IN_PROGRESS.value)) if gold_ids_of(c) != gold]
    for certification in stale:
        for evaluation in certification_evaluations(certification):
            if evaluation.status == EvaluationStatus.DRAFT.value:
                db.session.delete(evaluation)
        certification.status, certification.finished_at = CertificationStatus.FAILED.value, utcnow()
        certification.result = {**certification.result,
                                "stopped": "The gold interactions changed before this attempt was finished."}
        if certification.session is not None:
            certification.session.status, certification.session.closed_at = SessionStatus.CLOSED.value, utcnow()
    db.session.flush()
    if stale:
        notify([c.reviewer_id for c in stale], "certification.stopped",
               f"The gold interactions of the {scorecard.name} certification changed, so your attempt was "
               f"stopped. Start it again on the Certification page.", "/certification/")
