"""An evaluation as plain data: what GET /api/v1/evaluations/<id> returns and what the evaluation page shows.

One builder for both, so the page and the API can never disagree about a score, an answer or who may see
AutoQA's suggestions (staff only: an agent sees the reviewer's answers, not the machine's).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_

from qa.audit.models import AuditEntry
from qa.disputes.models import Dispute
from qa.disputes.queries import disputes_of
from qa.disputes.services import window_closes_at
from qa.extensions import db
from qa.reviews.models import Evaluation
from qa.roles import STAFF_ROLES
from scorecards.definition import NA, YES_NO_LABELS, Definition, parse_definition


def shows_autoqa(viewer, evaluation: Evaluation) -> bool:
    return viewer.has_any_role(STAFF_ROLES) and viewer.id != evaluation.agent_id


def evaluation_summary(evaluation: Evaluation, dispute_status: str | None = None) -> dict[str, Any]:
    """One row of the list: who, what, the score, and where it stands."""
    version = evaluation.version
    return {
        "id": evaluation.id, "url": f"/evaluations/{evaluation.id}", "kind": evaluation.kind,
        "status": evaluation.status, "interaction_id": evaluation.interaction_id,
        "agent": person(evaluation.agent), "reviewer": person(evaluation.reviewer),
        "scorecard": {"id": version.scorecard_id, "name": version.scorecard.name, "version": version.number,
                      "version_id": version.id},
        "score": evaluation.score, "passed": evaluation.passed, "auto_fail_reason": evaluation.auto_fail_reason,
        "started_at": _iso(evaluation.started_at), "submitted_at": _iso(evaluation.submitted_at),
        "acknowledged_at": _iso(evaluation.acknowledged_at), "dispute_status": dispute_status,
    }


def evaluation_document(evaluation: Evaluation, viewer) -> dict[str, Any]:
    """The full breakdown: sections and each criterion's answer with its points, comments, moments,
    disputes and the history of changes."""
    definition = parse_definition(evaluation.version.definition)
    disputes = disputes_of(evaluation.id)
    document = evaluation_summary(evaluation, disputes[0].status if disputes else None)
    breakdown = evaluation.breakdown or {}
    document.update({
        "pass_mark": definition.pass_mark, "bonus_points": breakdown.get("bonus_points"),
        "overall_comment": evaluation.overall_comment,
        "dispute_window_closes_at": _iso(window_closes_at(evaluation)),
        "interaction": {"id": evaluation.interaction_id, "channel": evaluation.interaction.channel,
                        "started_at": _iso(evaluation.interaction.started_at)},
        "sections": sections(evaluation, definition, shows_autoqa(viewer, evaluation)),
        "moments": moments(evaluation),
        "disputes": [dispute_document(dispute, definition) for dispute in disputes],
        "history": history(evaluation, disputes, definition),
    })
    return document


def sections(evaluation: Evaluation, definition: Definition, with_autoqa: bool) -> list[dict[str, Any]]:
    scored = {section["key"]: section for section in (evaluation.breakdown or {}).get("sections", [])}
    channel = evaluation.interaction.channel
    result = []
    for section in definition.sections:
        criteria = []
        for criterion in section.criteria:
            answer = evaluation.answer_for(criterion.key)
            labels = dict(definition.allowed_values(criterion, channel))
            row = {"key": criterion.key, "question": criterion.question, "answer_type": criterion.answer_type,
                   "weight": criterion.weight, "critical": criterion.critical, "competency": criterion.competency,
                   "value": answer.value if answer else None,
                   "answer": _label(labels, answer.value if answer else None),
                   "comment": answer.comment if answer else "",
                   "earned": answer.earned if answer else None, "possible": answer.possible if answer else None,
                   "na": bool(answer and answer.value == NA)}
            if with_autoqa:
                row["autoqa"] = None if answer is None or answer.autoqa_value is None else {
                    "value": answer.autoqa_value, "answer": _label(labels, answer.autoqa_value),
                    "overridden": answer.overridden, "evidence": answer.autoqa_evidence}
            criteria.append(row)
        score = scored.get(section.key, {})
        result.append({"key": section.key, "name": section.name, "weight": section.weight, "bonus": section.bonus,
                       "percent": score.get("percent"), "failed_by": score.get("failed_by"), "criteria": criteria})
    return result


def moments(evaluation: Evaluation) -> list[dict[str, Any]]:
    lines = {u.position: u for u in evaluation.interaction.utterances}
    return [{"id": m.id, "position": m.position, "time": m.time, "text": m.text, "criterion_key": m.criterion_key,
             "line": {"speaker": lines[m.position].speaker, "text": lines[m.position].text}
             if m.position in lines else None} for m in evaluation.moments]


def dispute_document(dispute: Dispute, definition: Definition) -> dict[str, Any]:
    channel = dispute.evaluation.interaction.channel

    def question(key: str) -> str:
        try:
            return definition.criterion(key).question
        except KeyError:
            return key
    return {
        "id": dispute.id, "status": dispute.status, "reason": dispute.reason,
        "raised_by": person(dispute.raised_by), "resolver": person(dispute.resolver),
        "created_at": _iso(dispute.created_at), "resolved_at": _iso(dispute.resolved_at),
        "resolved_by": person(dispute.resolved_by), "resolution_note": dispute.resolution_note,
        "score_before": dispute.score_before, "score_after": dispute.score_after,
        "items": [{"criterion_key": item.criterion_key, "question": question(item.criterion_key),
                   "reason": item.reason, "original_value": item.original_value,
                   "original_answer": answer_label(definition, item.criterion_key, item.original_value, channel),
                   "proposed_value": item.proposed_value,
                   "proposed_answer": answer_label(definition, item.criterion_key, item.proposed_value, channel),
                   "decision": item.decision, "final_value": item.final_value,
                   "final_answer": answer_label(definition, item.criterion_key, item.final_value, channel)}
                  for item in dispute.items],
    }


def history(evaluation: Evaluation, disputes: list[Dispute], definition: Definition) -> list[dict[str, Any]]:
    """The audit entries of the evaluation and of its disputes, oldest first: who, when, score before → after
    and the answers that changed."""
    targets = [and_(AuditEntry.target_type == "evaluation", AuditEntry.target_id == evaluation.id)]
    if disputes:
        targets.append(and_(AuditEntry.target_type == "dispute",
                            AuditEntry.target_id.in_([dispute.id for dispute in disputes])))
    channel = evaluation.interaction.channel
    entries = db.session.scalars(db.select(AuditEntry).where(or_(*targets)).order_by(AuditEntry.at, AuditEntry.id))
    result = []
    for entry in entries:
        before, after = entry.before or {}, entry.after or {}
        old, new = before.get("answers") or {}, after.get("answers") or {}
        result.append({"at": _iso(entry.at), "actor": person(entry.actor), "action": entry.action,
                       "summary": entry.summary, "score_before": before.get("score"),
                       "score_after": after.get("score"),
                       "changed_answers": [
                           {"criterion_key": key, "before": old[key], "after": new[key],
                            "before_answer": answer_label(definition, key, old[key], channel),
                            "after_answer": answer_label(definition, key, new[key], channel)}
                           for key in new if key in old and old[key] != new[key]]})
    return result


def person(user) -> dict[str, Any] | None:
    return None if user is None else {"id": user.id, "name": user.name, "email": user.email}


def answer_label(definition: Definition, key: str, value: str | None, channel: str | None) -> str | None:
    """How the form shows this answer ("Yes", "5 – Warm", "Fully"); the value itself if the criterion is gone."""
    try:
        labels = dict(definition.allowed_values(key, channel))
    except KeyError:
        return value
    return _label(labels, value)


def _label(labels: dict[str, str], value: str | None) -> str | None:
    if value is None:
        return None
    return labels.get(value) or YES_NO_LABELS.get(value) or value


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
