"""Gold interactions and certification attempts for tests, made through the real services and committed.

    gold = gold_set(answers=[PERFECT_ANSWERS, {"greeting": "no"}])   # a closed session, gold per interaction
    rule = require_certification(gold)                              # the scorecard now requires certification
    certification = take_certification(reviewer, gold.scorecard, [{}, {"empathy": "4"}])   # submitted, graded
    require_certification(gold, per_attempt=1)                      # each attempt draws 1 of the pool
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from qa.accounts.models import User
from qa.calibration.certification import certification_evaluations, set_certification_rule, start_certification
from qa.calibration.gold import close_session, record_gold
from qa.calibration.models import CalibrationItem, CalibrationSession, Certification, CertificationRule
from qa.calibration.services import create_session
from qa.extensions import db
from qa.reviews.services import AnswerInput, save_answers, submit_evaluation
from qa.roles import Role
from qa.timeutil import utcnow
from scorecards.models import Scorecard
from tests.qa.reviews.builders import PERFECT_ANSWERS, make_person, published_scorecard, ready_chat


@dataclass
class GoldSet:
    scorecard: Scorecard
    session: CalibrationSession
    lead: User
    agent: User

    @property
    def items(self) -> list[CalibrationItem]:
        return list(self.session.items)

    @property
    def item_ids(self) -> list[int]:
        return [item.id for item in self.session.items]


def gold_set(scorecard: Scorecard | None = None, *, answers: list[dict[str, str]] | None = None,
             lead: User | None = None, agent: User | None = None, version_id: int | None = None,
             interactions=None, title: str = "Gold calibration", close: bool = True) -> GoldSet:
    """A calibration session on the scorecard, one interaction per entry of `answers` (PERFECT_ANSWERS changed
    by it), gold recorded as those answers, and closed (unless `close` is False)."""
    answers = answers if answers is not None else [{}, {}]
    scorecard = scorecard or published_scorecard()
    lead = lead or make_person(Role.QA_LEAD)
    agent = agent or make_person(Role.AGENT)
    interactions = interactions or [ready_chat(agent) for _ in answers]
    scorers = [make_person(Role.REVIEWER), make_person(Role.REVIEWER)]
    deadline = utcnow() + timedelta(hours=1)
    session = create_session(title, version_id or scorecard.versions[-1].id, [i.id for i in interactions],
                             [p.id for p in scorers], deadline, lead.id, False)
    db.session.flush()
    after_deadline = deadline + timedelta(minutes=1)  # the answers are revealed: gold can be recorded
    for item, changes in zip(session.items, answers):
        gold = {**PERFECT_ANSWERS, **changes}
        record_gold(session.id, item.id, {key: (value, f"Agreed: {key}") for key, value in gold.items()},
                    lead.id, now=after_deadline)
    if close:
        close_session(session.id, lead.id, now=after_deadline)
    db.session.commit()
    return GoldSet(scorecard, session, lead, agent)


def require_certification(gold: GoldSet, *, item_ids: list[int] | None = None, tolerance: float = 10,
                          share: float = 0.8, required: bool = True,
                          per_attempt: int | None = None) -> CertificationRule:
    """The rule on `item_ids` (all of gold's by default) as the pool, each attempt drawing `per_attempt`."""
    rule = set_certification_rule(gold.scorecard.id, required, item_ids if item_ids is not None else gold.item_ids,
                                  tolerance, share, gold.lead.id, items_per_attempt=per_attempt)
    db.session.commit()
    return rule


def take_certification(reviewer: User, scorecard: Scorecard, answers: list[dict[str, str]] | None = None,
                       *, submit: int | None = None, seed: int | None = None) -> Certification:
    """Start (or continue) the reviewer's attempt (drawn with `seed` when given) and answer each interaction:
    PERFECT_ANSWERS changed by the entry of `answers` for it; submit the first `submit` of them (all when
    None), skipping those submitted."""
    certification = start_certification(reviewer.id, scorecard.id, seed=seed)
    db.session.commit()
    evaluations = certification_evaluations(certification)
    answers = answers or [{} for _ in evaluations]
    for number, (evaluation, changes) in enumerate(zip(evaluations, answers)):
        if submit is not None and number >= submit:
            break
        if evaluation.status != "draft":
            continue  # submitted in an earlier call
        given = {**PERFECT_ANSWERS, **changes}
        save_answers(evaluation.id, reviewer.id, {key: AnswerInput(value) for key, value in given.items()},
                     base_revision=evaluation.revision)
        submit_evaluation(evaluation.id, reviewer.id)
        db.session.commit()
    db.session.refresh(certification)
    return certification
