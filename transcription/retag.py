"""Re-tag every processed interaction after a rule change: a job, in checkpointed batches."""
from __future__ import annotations

from qa.extensions import db
from qa.jobs import job_handler
from transcription.models import Interaction, InteractionStatus
from transcription.tag_store import tag_interaction
from transcription.tagging import configured_tagger

RETAG_JOB = "tags.retag_all"
BATCH = 50


@job_handler(RETAG_JOB)
def retag_all(job) -> None:
    ids = list(db.session.scalars(db.select(Interaction.id).where(
        Interaction.status == InteractionStatus.READY.value).order_by(Interaction.id)))
    batches = [ids[start:start + BATCH] for start in range(0, len(ids), BATCH)]
    tagger = configured_tagger()
    for number, batch in enumerate(batches):
        step = f"batch-{number}"
        if not job.needs(step):
            continue
        for interaction in db.session.scalars(db.select(Interaction).where(Interaction.id.in_(batch))):
            tag_interaction(interaction, tagger)
        job.complete_step(step, 100 * (number + 1) // len(batches))
