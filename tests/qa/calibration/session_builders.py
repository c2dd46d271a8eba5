"""Calibration sessions for tests, made and scored through the real services and committed.

    scene = session_scene()                                   # a lead, two reviewers, one agent, two chats
    score(scene.session, scene.reviewers[0], {"greeting": "no"})   # a participant scores every item
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from qa.accounts.models import User
from qa.calibration.models import CalibrationSession
from qa.calibration.services import create_session, start_scoring
from qa.extensions import db
from qa.reviews.models import Evaluation
from qa.reviews.services import AnswerInput, save_answers, submit_evaluation
from qa.roles import Role
from qa.timeutil import utcnow
from scorecards.models import Scorecard
from tests.qa.reviews.builders import PERFECT_ANSWERS, make_person, published_scorecard, ready_chat
from transcription.models import Interaction


@dataclass
class Scene:
    lead: User
    reviewers: list[User]
    agent: User
    scorecard: Scorecard
    interactions: list[Interaction]
    session: CalibrationSession


def session_scene(*, reviewers: int = 2, interactions: int = 2, definition: dict | None = None,
                  include_autoqa: bool = False, deadline_days: float = 2, chats=None) -> Scene:
    lead = make_person(Role.QA_LEAD, name="Lena Lead")
    people = [make_person(Role.REVIEWER, name=f"Reviewer {chr(65 + n)}") for n in range(reviewers)]
    agent = make_person(Role.AGENT, name="Avery Agent")
    scorecard = published_scorecard(definition)
    made = [chat(agent) for chat in chats] if chats else [ready_chat(agent) for _ in range(interactions)]
    session = create_session("Weekly calibration", scorecard.versions[0].id, [i.id for i in made],
                             [p.id for p in people], utcnow() + timedelta(days=deadline_days), lead.id,
                             include_autoqa)
    db.session.commit()
    return Scene(lead, people, agent, scorecard, made, session)


def score_item(session: CalibrationSession, reviewer: User, item_index: int = 0,
               answers: dict[str, str] | None = None, *, submit: bool = True) -> Evaluation:
    """The reviewer's score of one session interaction: PERFECT_ANSWERS changed by `answers`."""
    item = session.items[item_index]
    evaluation = start_scoring(session.id, item.id, reviewer.id)
    given = {**PERFECT_ANSWERS, **(answers or {})}
    given = {a.criterion_key: given.get(a.criterion_key, a.value) for a in evaluation.answers}
    save_answers(evaluation.id, reviewer.id, {key: AnswerInput(value) for key, value in given.items()},
                 base_revision=evaluation.revision)
    if submit:
        submit_evaluation(evaluation.id, reviewer.id)
    db.session.commit()
    return evaluation


def score_all(session: CalibrationSession, reviewer: User, answers: dict[str, str] | None = None) -> list[Evaluation]:
    return [score_item(session, reviewer, index, answers) for index in range(len(session.items))]
