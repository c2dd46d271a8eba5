"""Grading a certification attempt once the reviewer has submitted every gold interaction of it.

An attempt holds the interactions drawn from the rule's pool; result["items"] maps each of its items to the
gold item it was drawn from, so each is compared with its own gold, however few of the pool were drawn.

Per interaction: gold's total (gold answers scored by the engine on the version gold was recorded on)
against the reviewer's, the difference in points, and each criterion where their answer differs from
gold, with how many points of the total that answer moves (qa.calibration.deviation). Only criteria that
apply to the interaction's channel are compared: the others are N/A for everyone.

The attempt passes when every interaction's total is within the rule's tolerance of gold's AND at least
the rule's share of all compared answers match gold. The rule's numbers at grading time are kept with the
result, so a later change of tolerance does not rewrite what the reviewer was told.
"""
from __future__ import annotations

from qa import audit
from qa.accounts.models import User
from qa.calibration.certification import certification_evaluations, certification_link, find_certification, find_rule
from qa.calibration.deviation import EVEN_WITHIN, deviation_from_gold
from qa.calibration.models import (CalibrationItem, Certification, CertificationStatus, SessionKind,
                                   SessionStatus)
from qa.errors import Refused
from qa.extensions import db
from qa.notifications import notify
from qa.reviews.models import Evaluation, EvaluationStatus
from qa.roles import Role
from qa.timeutil import utcnow
from scorecards.definition import Definition, parse_definition
from scorecards.engine import score


def on_evaluation_submitted(evaluation: Evaluation) -> None:
    """qa.reviews' evaluation_submitted receiver: grade the attempt when its last interaction is submitted."""
    if evaluation.calibration_item_id is None:
        return
    item = db.session.get(CalibrationItem, evaluation.calibration_item_id)
    if item is None or item.session.kind != SessionKind.CERTIFICATION.value:
        return
    # Locked: two tabs submitting the last two interactions at once take turns here, so the second one sees
    # the first's submit and grades, instead of each seeing the other's draft and neither grading.
    certification = db.session.scalar(db.select(Certification).where(
        Certification.session_id == item.session_id, Certification.reviewer_id == evaluation.reviewer_id,
        Certification.status == CertificationStatus.IN_PROGRESS.value).with_for_update())
    if certification is not None and _all_submitted(certification):
        grade_certification(certification.id)


def _all_submitted(certification: Certification) -> bool:
    evaluations = certification_evaluations(certification)
    return (len(evaluations) == len(certification.session.items)
            and all(e.status == EvaluationStatus.SUBMITTED.value for e in evaluations))


def grade_certification(certification_id: int) -> Certification:
    """Compare the attempt with gold, store the result, pass or fail it; the reviewer (and on a fail the QA
    leads) are told, and it is audited."""
    certification = find_certification(certification_id)
    if certification.status != CertificationStatus.IN_PROGRESS.value:
        raise Refused("This certification was graded already.")
    if certification.session is None or not _all_submitted(certification):
        raise Refused("A certification is graded once every one of its interactions is submitted.")
    rule = find_rule(certification.scorecard_id)
    tolerance = rule.tolerance_points if rule else 0.0
    share_needed = rule.min_matching_share if rule else 1.0
    gold_for = {int(mine): gold for mine, gold in (certification.result.get("items") or {}).items()}
    definition = parse_definition(certification.session.version.definition)
    interactions = [_compare(definition, evaluation, db.session.get(CalibrationItem,
                                                                     gold_for[evaluation.calibration_item_id]),
                             tolerance)
                    for evaluation in certification_evaluations(certification)]
    compared = sum(row["compared"] for row in interactions)
    matching = sum(row["matching"] for row in interactions)
    share = matching / compared if compared else 1.0
    passed = all(row["within"] for row in interactions) and share + EVEN_WITHIN >= share_needed
    certification.result = {**certification.result, "tolerance_points": tolerance,
                            "min_matching_share": share_needed, "compared": compared, "matching": matching,
                            "matching_share": share, "passed": passed, "interactions": interactions}
    certification.status = (CertificationStatus.PASSED if passed else CertificationStatus.FAILED).value
    certification.finished_at = utcnow()
    certification.session.status, certification.session.closed_at = SessionStatus.CLOSED.value, utcnow()
    db.session.flush()
    _tell(certification, passed, share)
    return certification


def _compare(definition: Definition, evaluation: Evaluation, gold_item: CalibrationItem, tolerance: float) -> dict:
    channel = evaluation.interaction.channel
    applies = {c.key for _, c in definition.criteria() if definition.applies_to(c, channel)}
    notes = {g.criterion_key: g.note for g in gold_item.gold}
    gold = {g.criterion_key: g.value for g in gold_item.gold if g.criterion_key in applies}
    theirs = {a.criterion_key: a.value for a in evaluation.answers}
    deviation = deviation_from_gold(definition, {"reviewer": theirs}, gold, channel)["reviewer"]
    gold_total = score(definition, gold, channel).total
    points = deviation.points
    within = (points is not None and abs(points) <= tolerance + EVEN_WITHIN) or (
        points is None and gold_total is None and evaluation.score is None)
    criteria = []
    for differing in deviation.differing:
        criterion = definition.criterion(differing.criterion)
        labels = dict(definition.allowed_values(criterion, channel))
        criteria.append({"key": criterion.key, "question": criterion.question,
                         "gold": differing.gold, "gold_label": labels.get(differing.gold, differing.gold),
                         "gold_note": notes.get(criterion.key, ""), "answer": differing.answer,
                         "answer_label": labels.get(differing.answer, differing.answer or "—"),
                         "points": differing.points, "direction": differing.direction})
    return {"interaction_id": evaluation.interaction_id, "gold_item_id": gold_item.id,
            "evaluation_id": evaluation.id, "gold_total": gold_total, "total": evaluation.score,
            "points": points, "direction": deviation.direction, "within": within,
            "compared": deviation.n_criteria, "matching": deviation.n_matching, "criteria": criteria}


def _tell(certification: Certification, passed: bool, share: float) -> None:
    reviewer, scorecard = certification.reviewer, certification.session.version.scorecard
    outside = sum(1 for row in certification.result["interactions"] if not row["within"])
    summary = (f"{share:.0%} of answers matched gold"
               + (f", {outside} interaction(s) outside {certification.result['tolerance_points']:g} points"
                  if outside else ""))
    link = certification_link(certification.id)
    if passed:
        notify([reviewer.id], "certification.passed",
               f"You passed the {scorecard.name} certification ({summary}): live reviews on it can reach you.", link)
    else:
        notify([reviewer.id], "certification.failed",
               f"You did not pass the {scorecard.name} certification ({summary}). See where you differed from "
               f"gold, then take it again.", link)
        leads = [user.id for user in db.session.scalars(db.select(User).where(User.active.is_(True)))
                 if user.has_role(Role.QA_LEAD) and user.id != reviewer.id]
        notify(leads, "certification.failed",
               f"{reviewer.name} did not pass the {scorecard.name} certification ({summary}).", link)
    audit.record(f"certification.{certification.status}", "certification", certification.id, reviewer.id,
                 f"{reviewer.name} {'passed' if passed else 'failed'} certification on {scorecard.name}: {summary}",
                 after={key: certification.result[key] for key in
                        ("gold_item_ids", "compared", "matching", "matching_share", "tolerance_points",
                         "min_matching_share")})
