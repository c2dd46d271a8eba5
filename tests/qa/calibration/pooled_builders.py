"""Several calibration sessions of one version with the same reviewers, for the pooled statistics, made and
scored through the real services and committed.

    pool = pool_scene()                                            # a lead, reviewers A and B, one scorecard
    add_session(pool, [{"greeting": "yes"}, {"greeting": "no"}])   # one interaction, A and B score it
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from qa.accounts.models import User
from qa.calibration.models import CalibrationSession, SessionKind
from qa.calibration.services import create_session
from qa.extensions import db
from qa.roles import Role
from qa.timeutil import utcnow
from scorecards.models import Scorecard
from tests.qa.calibration.session_builders import score_item
from tests.qa.reviews.builders import make_person, published_scorecard, ready_chat


@dataclass
class Pool:
    lead: User
    reviewers: list[User]
    agent: User
    scorecard: Scorecard
    sessions: list[CalibrationSession] = field(default_factory=list)

    @property
    def version_id(self) -> int:
        return self.scorecard.versions[0].id


def pool_scene(reviewers: int = 2, definition: dict | None = None) -> Pool:
    return Pool(make_person(Role.QA_LEAD, name="Lena Lead"),
                [make_person(Role.REVIEWER, name=f"Reviewer {chr(65 + n)}") for n in range(reviewers)],
                make_person(Role.AGENT, name="Avery Agent"), published_scorecard(definition))


def add_session(pool: Pool, answers: list[dict[str, str] | None], *, deadline: datetime | None = None,
                interactions: int = 1, kind: str = SessionKind.CALIBRATION.value,
                reviewers: list[User] | None = None, interaction_ids: list[int] | None = None) -> CalibrationSession:
    """A session of `interactions` new chats (or these interactions); reviewer n scores every item with
    answers[n] over the perfect answers, None leaves them unscored."""
    reviewers = reviewers or pool.reviewers[:len(answers)]
    ids = interaction_ids or [ready_chat(pool.agent).id for _ in range(interactions)]
    session = create_session(f"Session {len(pool.sessions) + 1}", pool.version_id, ids, [r.id for r in reviewers],
                             deadline or utcnow() + timedelta(days=2), pool.lead.id, False, kind=kind)
    db.session.commit()
    for reviewer, given in zip(reviewers, answers):
        if given is not None:
            for index in range(len(ids)):
                score_item(session, reviewer, index, given)
    pool.sessions.append(session)
    return session
