"""Operations on interactions after import. Each flushes; the caller commits."""
from __future__ import annotations

from qa.errors import Refused
from qa.extensions import db
from qa.jobs.models import Job, JobStatus
from qa.jobs.services import retry_job
from transcription.measure import measure_call
from transcription.sentiment import score_interaction
from transcription.tag_store import tag_interaction
from transcription.models import Interaction, InteractionStatus, Speaker, SpeakerSwap

SWAPPED = {Speaker.AGENT.value: Speaker.CUSTOMER.value, Speaker.CUSTOMER.value: Speaker.AGENT.value}


def get_interaction(interaction_id: int) -> Interaction:
    interaction = db.session.get(Interaction, interaction_id)
    if interaction is None:
        raise Refused(f"There is no interaction {interaction_id}.")
    return interaction


def mark_interaction_failed(sender, kind: str, target_type: str | None, target_id: int | None,
                            message: str) -> None:
    """Receiver of qa.jobs' job_failed: the interaction shows why processing stopped."""
    if target_type != "interaction" or target_id is None:
        return
    interaction = db.session.get(Interaction, target_id)
    if interaction is not None:
        interaction.status, interaction.error = InteractionStatus.FAILED.value, message
        db.session.flush()


def retry_interaction(interaction_id: int) -> Interaction:
    interaction = get_interaction(interaction_id)
    job = db.session.get(Job, interaction.job_id) if interaction.job_id else None
    if interaction.status != InteractionStatus.FAILED.value or job is None or job.status != JobStatus.FAILED.value:
        raise Refused(f"Interaction {interaction_id} has not failed; only failed interactions can be retried.")
    retry_job(job.id)
    interaction.status, interaction.error = InteractionStatus.RECEIVED.value, None
    db.session.flush()
    return interaction


def swap_speakers(interaction_id: int, user_id: int | None) -> Interaction:
    """Agent and customer were on the other channels: swap them everywhere, and audit who did it."""
    interaction = get_interaction(interaction_id)
    if interaction.audio_channels != 2 or interaction.status != InteractionStatus.READY.value:
        raise Refused("Only a processed stereo call can have its speakers swapped.")
    interaction.agent_channel = "right" if interaction.agent_channel == "left" else "left"
    for utterance in interaction.utterances:
        utterance.speaker = SWAPPED.get(utterance.speaker, utterance.speaker)
    interaction.voice_activity = {SWAPPED.get(side, side): spans
                                  for side, spans in (interaction.voice_activity or {}).items()}
    interaction.metrics = measure_call(interaction)
    tag_interaction(interaction)  # who said it decides agent.* and customer.* tags
    score_interaction(interaction)  # and whose feelings they were
    db.session.add(SpeakerSwap(interaction_id=interaction.id, user_id=user_id))
    db.session.flush()
    return interaction
