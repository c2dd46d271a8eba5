"""Data for sampling tests, made through the real services: people, a published scorecard, chats, rules."""
from __future__ import annotations

import itertools
from datetime import datetime

from qa.accounts import services as accounts
from qa.accounts.models import User
from qa.extensions import db
from qa.jobs.services import run_pending_jobs
from qa.roles import Role
from qa.sampling.models import SamplingRule
from qa.sampling.rules import Population, RuleSettings, save_rule
from scorecards.models import Scorecard
from scorecards.services import create_scorecard, publish_version
from tests.support import PASSWORD
from transcription.imports import ImportOptions, import_file
from transcription.models import Interaction

# The least a scorecard can be: one section, one yes/no question.
MINIMAL_DEFINITION = {"sections": [{"key": "opening", "name": "Opening", "weight": 1, "criteria": [
    {"key": "greeting", "question": "Did the agent greet the customer?", "answer_type": "yes_no", "weight": 1}]}]}

_numbers = itertools.count(1)


def person(*roles: Role, active: bool = True, **fields) -> User:
    number = next(_numbers)
    user = accounts.create_user(f"sampling-{number}@test.example.com", fields.pop("name", f"Person {number}"),
                                roles or (Role.AGENT,), password=PASSWORD, **fields)
    user.active = active
    db.session.commit()
    return user


def scorecard(publish: bool = True) -> Scorecard:
    card = create_scorecard(f"Sampling card {next(_numbers)}", "", MINIMAL_DEFINITION, None)
    if publish:
        publish_version(card.versions[0].id, None)
    db.session.commit()
    return card


def chats(agent: User | None, times: list[datetime], *, ready: bool = True, channel: str | None = None,
          reason_words: str = "Thanks for your help.") -> list[Interaction]:
    """One imported chat per time; processed to `ready` in this process unless `ready` is False."""
    ids = []
    for at in times:
        text = (f"Agent: Hello, this is Acme support.\nCustomer: {reason_words}\n"
                f"Customer: Reference {next(_numbers)}.\n")
        [result] = import_file(text.encode(), "chat.txt", ImportOptions(
            agent_id=agent.id if agent else None, started_at=at, channel=channel))
        assert result.status == "received", result.error
        ids.append(result.interaction_id)
    db.session.commit()
    if ready:
        run_pending_jobs()
    found = [db.session.get(Interaction, i, populate_existing=True) for i in ids]
    assert all(i.status == ("ready" if ready else "received") for i in found), [i.error for i in found]
    return found


def rule(card: Scorecard, reviewers: list[User], **settings) -> SamplingRule:
    population = settings.pop("population", Population())
    saved = save_rule(None, RuleSettings(name=settings.pop("name", f"Rule {next(_numbers)}"),
                                         scorecard_id=card.id, reviewer_ids=[r.id for r in reviewers],
                                         population=population, **settings), None)
    db.session.commit()
    return saved
