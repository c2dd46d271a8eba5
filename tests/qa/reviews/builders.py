"""The shared way to build "a submitted evaluation" for tests, through the real services.

    evaluation = submitted_evaluation()                       # agent, reviewer, scorecard, chat: all made
    evaluation = submitted_evaluation(agent=me, answers={"greeting": "no"})
    draft = draft_evaluation(reviewer=lead)                   # started, answered, not submitted

Each call makes what it is not given: users with unique e-mails, a published scorecard on
SIMPLE_DEFINITION, a ready chat imported and processed in-process. Everything is committed, so the
objects can be used from a test client's requests too.
"""
from __future__ import annotations

import itertools
from typing import Any

from qa.accounts import services as accounts
from qa.accounts.models import User
from qa.extensions import db
from qa.reviews.models import Evaluation
from qa.reviews.moments import pin_moment
from qa.reviews.services import AnswerInput, save_answers, start_evaluation, submit_evaluation
from qa.roles import Role
from scorecards.models import Scorecard
from scorecards.services import create_scorecard, publish_version
from tests.support import PASSWORD
from tests.transcription.conversations import chat
from transcription.models import Interaction

# Two sections, one of each answer type, a pass mark, no AutoQA rules (so answers are exactly what is given).
SIMPLE_DEFINITION: dict[str, Any] = {
    "pass_mark": 80,
    "sections": [
        {"key": "opening", "name": "Opening", "weight": 40, "criteria": [
            {"key": "greeting", "question": "Did the agent greet the customer?", "answer_type": "yes_no",
             "weight": 1},
            {"key": "verified", "question": "Did the agent verify the customer's identity?",
             "answer_type": "yes_no_na", "weight": 1}]},
        {"key": "resolution", "name": "Resolution", "weight": 60, "criteria": [
            {"key": "empathy", "question": "How empathetic was the agent?", "answer_type": "scale", "weight": 1,
             "scale": {"min": 1, "max": 5, "labels": {"1": "Cold", "5": "Warm"}}},
            {"key": "process", "question": "Did the agent follow the refund process?", "answer_type": "points",
             "weight": 2, "options": [{"key": "full", "label": "Fully", "points": 2},
                                      {"key": "partial", "label": "Partly", "points": 1},
                                      {"key": "none", "label": "Not at all", "points": 0}]}]},
    ],
}
# Scores 100 on SIMPLE_DEFINITION.
PERFECT_ANSWERS = {"greeting": "yes", "verified": "yes", "empathy": "5", "process": "full"}
CHAT_LINES = ("Agent: Hello, thanks for contacting Acme support.",
              "Customer: My refund has not arrived.",
              "Agent: I am sorry about that, let me check the refund for you.",
              "Customer: Thank you.")

_numbers = itertools.count(1)


def make_person(*roles: Role, name: str | None = None, email: str | None = None, **fields) -> User:
    """A user with these roles (agent when none) and a unique e-mail; password tests.support.PASSWORD."""
    roles = roles or (Role.AGENT,)
    number = next(_numbers)
    user = accounts.create_user(email or f"{roles[0].value.replace('_', '-')}-{number}@builders.example.com",
                                name or f"{roles[0].label} {number}", roles, password=PASSWORD, **fields)
    db.session.commit()
    return user


def published_scorecard(definition: dict | None = None, *, name: str | None = None,
                        author: User | None = None) -> Scorecard:
    author_id = author.id if author else None
    scorecard = create_scorecard(name or f"Scorecard {next(_numbers)}", "", definition or SIMPLE_DEFINITION,
                                 author_id)
    publish_version(scorecard.versions[0].id, author_id)
    db.session.commit()
    return scorecard


def ready_chat(agent: User | None, *lines: str, **options) -> Interaction:
    """A chat transcript imported and processed in this process; unique text so it is never a duplicate."""
    lines = lines or CHAT_LINES
    return chat(*lines, f"Customer: Ticket {next(_numbers)}, bye.", agent_id=agent.id if agent else None, **options)


def draft_evaluation(*, agent: User | None = None, reviewer: User | None = None, scorecard: Scorecard | None = None,
                     interaction: Interaction | None = None, answers: dict[str, str] | None = None,
                     comments: dict[str, str] | None = None, overall_comment: str = "",
                     moments: list[tuple[int, str]] | None = None, kind: str = "live") -> Evaluation:
    """A started review with every criterion answered (PERFECT_ANSWERS, overridden by `answers`).

    `moments` are (utterance position, text) comments pinned to the transcript by the reviewer."""
    agent = agent or make_person(Role.AGENT)
    reviewer = reviewer or make_person(Role.REVIEWER)
    scorecard = scorecard or published_scorecard()
    interaction = interaction or ready_chat(agent)
    evaluation = start_evaluation(interaction.id, reviewer.id, scorecard_id=scorecard.id, kind=kind)
    given = {**PERFECT_ANSWERS, **(answers or {})} if _is_simple(evaluation) else dict(answers or {})
    comments = comments or {}
    save_answers(evaluation.id, reviewer.id,
                 {key: AnswerInput(value, comments.get(key, "")) for key, value in given.items()},
                 overall_comment=overall_comment, base_revision=evaluation.revision)
    for position, text in moments or []:
        pin_moment(evaluation.id, reviewer.id, position, text)
    db.session.commit()
    return evaluation


def submitted_evaluation(**options) -> Evaluation:
    """A submitted live evaluation (see draft_evaluation for the options); 100 % unless `answers` say otherwise."""
    evaluation = draft_evaluation(**options)
    submit_evaluation(evaluation.id, evaluation.reviewer_id)
    db.session.commit()
    return evaluation


def _is_simple(evaluation: Evaluation) -> bool:
    keys = {key for section in evaluation.version.definition["sections"] for key in
            (criterion["key"] for criterion in section["criteria"])}
    return keys == set(PERFECT_ANSWERS)
