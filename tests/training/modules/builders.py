"""Modules, attachments and clips for tests, made through the real services (committed, so test clients see them).

    module = draft_module(trainer)                       # a draft on empathy
    module = published_module(trainer, title="Hold etiquette", competencies=["efficiency_hold_handling"])
    call = processed_call()                              # the shared real stereo recording, processed for real
"""
from __future__ import annotations

import itertools

from qa.accounts.models import User
from qa.extensions import db
from qa.jobs.services import run_pending_jobs
from tests.transcription.recordings import STEREO_CALL
from training.modules.models import CoachingModule
from training.modules.services import ModuleInput, create_module, publish_module
from transcription.imports import ImportOptions, import_file
from transcription.models import Interaction

BODY = "# Name the feeling\n\nSay what you hear **before** you solve the problem."
_numbers = itertools.count(1)


def module_input(**fields) -> ModuleInput:
    values = {"title": f"Empathy in practice {next(_numbers)}", "competencies": ["empathy"], "estimated_minutes": 10,
              "summary": "Naming the customer's feeling.", "body": BODY}
    values.update(fields)
    return ModuleInput(**values)


def draft_module(author: User | None = None, **fields) -> CoachingModule:
    module = create_module(module_input(**fields), author.id if author else None)
    db.session.commit()
    return module


def published_module(author: User | None = None, **fields) -> CoachingModule:
    module = draft_module(author, **fields)
    publish_module(module.id, author.id if author else None)
    db.session.commit()
    return module


def processed_call(**options) -> Interaction:
    """The shared real stereo call (5 s: the agent on the left, the customer on the right), imported and
    processed in this process with the real speech-to-text. Once per test: a second import is a duplicate."""
    [result] = import_file(STEREO_CALL.read_bytes(), "call.wav", ImportOptions(**options))
    assert result.status == "received", result.error
    db.session.commit()
    run_pending_jobs()
    return db.session.get(Interaction, result.interaction_id, populate_existing=True)
