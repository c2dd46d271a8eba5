"""What the certification pages show: where each reviewer stands on a scorecard's certification, and the
calibration interactions that can serve as its gold."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import selectinload

from qa.accounts.models import User
from qa.calibration.certification import EXEMPT_ROLES, gold_ids_of
from qa.calibration.certification_pool import RetakeOutlook, draw_size, retake_outlook
from qa.calibration.models import (CalibrationItem, CalibrationSession, Certification, CertificationRule,
                                   CertificationStatus, GoldAnswer, SessionKind, SessionStatus)
from qa.extensions import db
from qa.roles import Role
from scorecards.models import Scorecard, ScorecardVersion

STATUS_LABELS = {"certified": "Certified", "in_progress": "In progress", "failed": "Failed",
                 "not_started": "Not started", "exempt": "Exempt (QA lead or admin)"}
BADGES = {"certified": "succeeded", "in_progress": "running", "failed": "failed"}


@dataclass(frozen=True)
class Standing:
    reviewer: User
    scorecard: Scorecard
    rule: CertificationRule | None
    status: str                        # a key of STATUS_LABELS
    attempts: list[Certification]      # newest first
    note: str = ""

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def badge(self) -> str:
        return BADGES.get(self.status, "")

    @property
    def latest(self) -> Certification | None:
        return self.attempts[0] if self.attempts else None

    @property
    def can_start(self) -> bool:
        """Whether the page offers Start (or Continue): there is gold to score and no current pass."""
        return bool(self.rule and self.rule.gold_item_ids) and self.status != "certified"

    @property
    def retake(self) -> RetakeOutlook | None:
        """What a new attempt would draw, when the page offers one after earlier attempts."""
        if not self.can_start or self.status == "in_progress":
            return None
        return retake_outlook(self.rule, self.attempts)


def standing(reviewer: User, scorecard: Scorecard, rule: CertificationRule | None,
             attempts: list[Certification]) -> Standing:
    """certified (a pass on the current gold), in progress, failed (the last attempt), not started, exempt."""
    attempts = sorted(attempts, key=lambda c: c.id, reverse=True)
    gold = sorted(rule.gold_item_ids or []) if rule else []
    if rule and gold and any(c.status == CertificationStatus.PASSED.value and gold_ids_of(c) == gold
                             for c in attempts):
        return Standing(reviewer, scorecard, rule, "certified", attempts)
    if any(c.status == CertificationStatus.IN_PROGRESS.value for c in attempts):
        return Standing(reviewer, scorecard, rule, "in_progress", attempts)
    latest = attempts[0] if attempts else None
    if latest and latest.status == CertificationStatus.FAILED.value and not latest.result.get("stopped"):
        return Standing(reviewer, scorecard, rule, "failed", attempts)
    note = ""
    if latest and latest.result.get("stopped"):
        note = latest.result["stopped"]
    elif any(c.status == CertificationStatus.PASSED.value for c in attempts):
        note = "Passed on earlier gold interactions; the gold changed since."
    status = "exempt" if reviewer.has_any_role(EXEMPT_ROLES) else "not_started"
    return Standing(reviewer, scorecard, rule, status, attempts, note)


def _attempts(scorecard_ids: list[int], reviewer_id: int | None = None) -> dict[tuple[int, int], list]:
    query = db.select(Certification).where(Certification.scorecard_id.in_(scorecard_ids))
    if reviewer_id is not None:
        query = query.where(Certification.reviewer_id == reviewer_id)
    found: dict[tuple[int, int], list[Certification]] = defaultdict(list)
    for certification in db.session.scalars(query.options(selectinload(Certification.reviewer))):
        found[(certification.reviewer_id, certification.scorecard_id)].append(certification)
    return found


def reviewer_standings(scorecard: Scorecard) -> list[Standing]:
    """Every active QA reviewer, and anyone else who has taken this certification, by name."""
    rule = db.session.get(CertificationRule, scorecard.id)
    attempts = _attempts([scorecard.id])
    people = {user.id: user for user in db.session.scalars(db.select(User).where(User.active.is_(True)))
              if user.has_role(Role.REVIEWER)}
    for (reviewer_id, _), made in attempts.items():
        people.setdefault(reviewer_id, made[0].reviewer)
    return [standing(user, scorecard, rule, attempts.get((user.id, scorecard.id), []))
            for user in sorted(people.values(), key=lambda u: (u.name.lower(), u.id))]


def own_standings(user: User) -> list[Standing]:
    """The user's standing on every scorecard with a certification set up (gold chosen), by scorecard name."""
    rules = list(db.session.scalars(db.select(CertificationRule).join(Scorecard)
                                    .where(Scorecard.retired_at.is_(None)).order_by(Scorecard.name)))
    rules = [rule for rule in rules if rule.gold_item_ids]
    attempts = _attempts([rule.scorecard_id for rule in rules], user.id)
    return [standing(user, db.session.get(Scorecard, rule.scorecard_id), rule,
                     attempts.get((user.id, rule.scorecard_id), [])) for rule in rules]


@dataclass(frozen=True)
class RuleOverview:
    scorecard: Scorecard
    rule: CertificationRule | None
    certified: int
    reviewers: int

    @property
    def draw(self) -> str:
        """e.g. "draws 2 of 4", or "all 4" when every attempt has the whole pool."""
        pool = len(self.rule.gold_item_ids or []) if self.rule else 0
        if not pool:
            return "none chosen"
        if self.rule.items_per_attempt is None:
            return f"all {pool}"
        return f"draws {draw_size(self.rule)} of {pool}"


def rules_overview() -> list[RuleOverview]:
    """Each scorecard in use, its rule, and how many of its reviewers are certified."""
    cards = db.session.scalars(db.select(Scorecard).where(Scorecard.retired_at.is_(None)).order_by(Scorecard.name))
    overview = []
    for card in cards:
        standings = [s for s in reviewer_standings(card) if s.status != "exempt"]
        overview.append(RuleOverview(card, db.session.get(CertificationRule, card.id),
                                     sum(1 for s in standings if s.status == "certified"), len(standings)))
    return overview


def gold_candidates(scorecard: Scorecard) -> list[CalibrationItem]:
    """Interactions of closed calibration sessions on any version of the scorecard that have gold answers,
    newest session first."""
    has_gold = db.select(GoldAnswer.id).where(GoldAnswer.item_id == CalibrationItem.id).exists()
    return list(db.session.scalars(
        db.select(CalibrationItem).join(CalibrationSession).join(ScorecardVersion)
        .where(ScorecardVersion.scorecard_id == scorecard.id, CalibrationSession.kind == SessionKind.CALIBRATION.value,
               CalibrationSession.status == SessionStatus.CLOSED.value, has_gold)
        .options(selectinload(CalibrationItem.session).selectinload(CalibrationSession.version),
                 selectinload(CalibrationItem.interaction))
        .order_by(CalibrationSession.closed_at.desc(), CalibrationSession.id.desc(), CalibrationItem.position)))
