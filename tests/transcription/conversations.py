"""Conversations imported through the real import and processing job, for tests of what comes after."""
from qa.extensions import db
from qa.jobs.services import run_pending_jobs
from transcription.imports import ImportOptions, import_file
from transcription.models import Interaction


def imported(data: bytes, name: str, **options) -> Interaction:
    [result] = import_file(data, name, ImportOptions(**options))
    assert result.status == "received", result.error
    db.session.commit()
    run_pending_jobs()
    return db.session.get(Interaction, result.interaction_id, populate_existing=True)


def chat(*lines: str, **options) -> Interaction:
    """`chat("Customer: hello", "Agent: hi")`: a plain-text transcript, imported and processed."""
    text = "\n".join(lines) + "\n"
    return imported(text.encode(), f"chat-{abs(hash(text))}.txt", **options)
