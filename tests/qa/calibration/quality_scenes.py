"""Scenes for the quality pages' tests: live evaluations whose AutoQA suggestions and final answers are chosen,
and reviewers whose leniency is known. Built through the real services (tests/qa/reviews/builders.py)."""
from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import datetime

from qa.reviews.models import Evaluation
from qa.roles import Role
from tests.qa.reviews.builders import make_person, ready_chat, submitted_evaluation
from tests.qa.reviews.review_scenes import autoqa_scorecard, good_chat
from tests.transcription.conversations import chat

# AutoQA finds no greeting, introduction or offer of further help in it (the good chat has all three).
BARE_CHAT = ("Agent: The refund went out today.", "Customer: Fine.")
_numbers = itertools.count(1)


def autoqa_chat(agent, autoqa_says: str):
    """A chat on which AutoQA answers `autoqa_says` ("yes" or "no") to the greeting question."""
    if autoqa_says == "yes":
        return good_chat(agent, f"quality {next(_numbers)}")
    return chat(*BARE_CHAT, f"Customer: quality {next(_numbers)}", agent_id=agent.id)


def autoqa_evaluations(plan: Iterable[tuple[str, str]], *, scorecard=None, agent=None, reviewer=None,
                       kind: str = "live") -> list[Evaluation]:
    """One submitted evaluation per (AutoQA's greeting answer, the reviewer's), on the AutoQA scorecard.

    The other AutoQA criteria keep AutoQA's answer, so they agree on every item."""
    scorecard = scorecard or autoqa_scorecard()
    agent = agent or make_person(Role.AGENT)
    reviewer = reviewer or make_person(Role.REVIEWER)
    made = []
    for autoqa_says, reviewer_says in plan:
        interaction = autoqa_chat(agent, autoqa_says)
        made.append(submitted_evaluation(agent=agent, reviewer=reviewer, scorecard=scorecard,
                                         interaction=interaction, kind=kind,
                                         answers={"greeting": reviewer_says, "courtesy": "4"}))
    return made


# The 12 items of the kappa test: rows AutoQA, columns the reviewer.
#            people yes  people no
# AutoQA yes      6          2        (8)
# AutoQA no       1          3        (4)
#                (7)        (5)       n = 12
# observed = 9/12; expected = (8·7 + 4·5)/144 = 76/144; kappa = (108 − 76)/(144 − 76) = 32/68 = 8/17 ≈ 0.47
KAPPA_PLAN = [("yes", "yes")] * 6 + [("yes", "no")] * 2 + [("no", "yes")] + [("no", "no")] * 3
KAPPA_EXPECTED = 8 / 17


def scored_by(reviewer, agent, scorecard, *, harsh: bool, interaction=None, when: datetime | None = None,
              monkeypatch=None) -> Evaluation:
    """A live evaluation on SIMPLE_DEFINITION: 100 %, or 95 % when `harsh` (empathy one step lower: 4 of 5)."""
    interaction = interaction or ready_chat(agent)
    answers = {"empathy": "4"} if harsh else None
    if when is None:
        return submitted_evaluation(agent=agent, reviewer=reviewer, scorecard=scorecard, interaction=interaction,
                                    answers=answers)
    with monkeypatch.context() as patched:  # submitted in that month
        patched.setattr("qa.reviews.services.utcnow", lambda: when)
        return submitted_evaluation(agent=agent, reviewer=reviewer, scorecard=scorecard, interaction=interaction,
                                    answers=answers)
