"""Scenes for the review page tests: a scorecard with AutoQA rules and a chat those rules can decide on.

Everything is made through the real services (scorecards, import and processing, sampling) and committed,
so test clients and the browser see it.
"""
from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from qa.extensions import db
from qa.roles import Role
from qa.sampling.services import assign_interaction
from qa.timeutil import utcnow
from tests.qa.reviews.builders import make_person, published_scorecard
from tests.transcription.conversations import chat

AUTOQA_DEFINITION: dict[str, Any] = {
    "pass_mark": 80,
    "sections": [
        {"key": "opening", "name": "Opening", "weight": 50, "criteria": [
            {"key": "greeting", "question": "Did the agent greet the customer?", "answer_type": "yes_no",
             "weight": 1, "guidance": "A hello or welcome in the agent's first turn.",
             "autoqa": {"rule": "tag_present", "tags": ["agent.greeting"], "first_agent_turns": 1}},
            {"key": "introduction", "question": "Did the agent say their name?", "answer_type": "yes_no",
             "weight": 1, "autoqa": {"rule": "tag_present", "tags": ["agent.introduction"]}}]},
        {"key": "closing", "name": "Closing", "weight": 50, "criteria": [
            {"key": "further_help", "question": "Did the agent offer further help?", "answer_type": "yes_no",
             "weight": 1, "autoqa": {"rule": "tag_present", "tags": ["agent.further_help_offer"],
                                     "last_agent_turns": 2}},
            {"key": "courtesy", "question": "How courteous was the agent?", "answer_type": "scale", "weight": 1,
             "scale": {"min": 1, "max": 5, "labels": {"1": "Rude", "5": "Warm"}}}]},
    ],
}
_numbers = itertools.count(1)
# greeting, introduction and further help are found by the default tag rules.
GOOD_CHAT = ("Agent: Hello, my name is Sam, thanks for contacting Acme.",
             "Customer: My refund has not arrived and I am annoyed.",
             "Agent: I am sorry about that, the refund went out today.",
             "Agent: Is there anything else I can help you with?",
             "Customer: No thanks, bye.")


def autoqa_scorecard(name: str | None = None):
    return published_scorecard(AUTOQA_DEFINITION, name=name)


def good_chat(agent, note: str = ""):
    """The chat, made unique by `note` (an interaction's text is imported once)."""
    return chat(*GOOD_CHAT, f"Customer: {note or id(agent)}", agent_id=agent.id if agent else None)


def assigned_review(reviewer, *, agent=None, scorecard=None, due_in_days: int = 2):
    """An open assignment of a fresh good chat to `reviewer` on the AutoQA scorecard."""
    agent = agent or make_person(Role.AGENT)
    scorecard = scorecard or autoqa_scorecard()
    interaction = good_chat(agent, f"assignment {next(_numbers)} for {reviewer.email}")
    assignment = assign_interaction(interaction.id, reviewer.id, scorecard.id,
                                    due_at=utcnow() + timedelta(days=due_in_days))
    db.session.commit()
    return assignment
