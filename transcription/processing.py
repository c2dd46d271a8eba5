"""The durable job that makes an interaction reviewable.

Calls: one step per channel (decode, voice activity, speech to text), each saved to a work file so
a crash never redoes a finished channel; then one step that builds the timeline and the metrics and
stores them with the interaction's `ready` status in one transaction. Chats: one storing step.
"""
from __future__ import annotations

import json
import shutil
from datetime import datetime

from flask import current_app

from qa.extensions import db
from qa.jobs import job_handler
from qa.storage import delete_stored, new_stored_name, stored_path, write_atomically
from transcription.measure import measure_call
from transcription.redaction import configured_redactor, redact_details
from transcription.redaction.words import placeholder_positions, redact_words, spoken_text
from transcription.sentiment import score_interaction
from transcription.tag_store import tag_interaction
from transcription.models import Interaction, InteractionStatus, Speaker, Utterance
from transcription.speech.audio import SAMPLE_RATE, channels_are_copies, decode_channels, probe_audio
from transcription.speech.model import load_model
from transcription.speech.mute import muted_flac
from transcription.speech.transcribe import ChannelTranscript, SttOptions, transcribe_channel
from transcription.timeline import build_timeline


def stt_options() -> SttOptions:
    config = current_app.config
    return SttOptions(language=config["STT_LANGUAGE"], beam_size=int(config["STT_BEAM_SIZE"]),
                      temperatures=tuple(config["STT_TEMPERATURES"]), vad_filter=config["STT_VAD_FILTER"])


def speech_model():
    config = current_app.config
    return load_model(config["STT_MODEL"], config["STT_DEVICE"], config["STT_COMPUTE_TYPE"], config["STT_CPU_THREADS"])


def channel_speakers(interaction: Interaction) -> list[str]:
    """Which speaker each decoded channel holds. Mono calls stay `unknown`: we do not guess."""
    if interaction.audio_channels != 2:
        return [Speaker.UNKNOWN.value]
    if interaction.agent_channel == "right":
        return [Speaker.CUSTOMER.value, Speaker.AGENT.value]
    return [Speaker.AGENT.value, Speaker.CUSTOMER.value]


def _work_file(interaction_id: int, name: str):
    return stored_path(f"work/{interaction_id}/{name}")


@job_handler("interactions.process")
def process_interaction(job) -> None:
    interaction = db.session.get(Interaction, job.target_id)
    if interaction is None:
        return  # deleted while queued: nothing left to do
    interaction.status, interaction.error = InteractionStatus.PROCESSING.value, None
    job.progress(2, "starting")
    if interaction.media_kind == "audio":
        _process_recording(job, interaction)
    else:
        _process_conversation(job, interaction)


def _process_recording(job, interaction: Interaction) -> None:
    path = stored_path(interaction.media_path)
    info = probe_audio(path)
    channels = decode_channels(path, info)  # fast next to transcription, so redone on a retry
    if channels_are_copies(channels):
        channels = channels[:1]
        interaction.audio_channels, interaction.agent_channel = 1, None
        interaction.details = {**interaction.details, "note": "both channels are the same: treated as mono"}
    speakers = channel_speakers(interaction)
    for index, speaker in enumerate(speakers):
        step = f"transcribe-channel-{index}"
        if not job.needs(step):
            continue
        job.progress(5 + 85 * index // len(speakers), f"transcribing the {speaker} channel")
        transcript = transcribe_channel(speech_model(), channels[index], stt_options())
        write_atomically(_work_file(interaction.id, f"{step}.json"), json.dumps(transcript.to_dict()).encode())
        job.complete_step(step, 5 + 85 * (index + 1) // len(speakers))
    if job.needs("store"):
        transcripts = [ChannelTranscript(**json.loads(_work_file(interaction.id, f"transcribe-channel-{i}.json")
                                                      .read_bytes())) for i in range(len(speakers))]
        duration = round(len(channels[0]) / SAMPLE_RATE, 2)
        unredacted = _store_call(interaction, speakers, transcripts, duration, channels)
        job.complete_step("store", 100)
        if unredacted and not current_app.config["KEEP_ORIGINAL_AUDIO"]:
            delete_stored(unredacted)  # only after the muted copy is committed in its place
    shutil.rmtree(_work_file(interaction.id, ""), ignore_errors=True)


def _store_call(interaction: Interaction, speakers: list[str], transcripts: list[ChannelTranscript],
                duration: float, channels) -> str | None:
    """Store the redacted timeline; returns the unredacted recording's path when a muted copy replaced it."""
    timeline = build_timeline({speaker: t.segments for speaker, t in zip(speakers, transcripts)})
    redactor = configured_redactor()
    redacted = redactor.redact_conversation([(turn["speaker"], spoken_text(turn["words"])) for turn in timeline])
    utterances, mutes = [], []
    for n, (turn, result) in enumerate(zip(timeline, redacted)):
        words, muted = redact_words(turn["words"], result)
        mutes.extend(muted)
        utterances.append(Utterance(
            position=n, speaker=turn["speaker"], start=turn["start"], end=turn["end"], text=spoken_text(words),
            words=words, confidence=turn["confidence"], overlaps=turn["overlaps"],
            redactions=placeholder_positions(words)))
    interaction.utterances = utterances
    tag_interaction(interaction)
    score_interaction(interaction)
    interaction.details = redact_details(redactor, interaction.details)
    interaction.duration_seconds = duration
    unredacted = None
    if mutes:
        unredacted = interaction.media_path
        interaction.media_path = new_stored_name("recordings", ".flac")
        muted_flac(channels, mutes, stored_path(interaction.media_path))
        interaction.sample_rate = SAMPLE_RATE
        if current_app.config["KEEP_ORIGINAL_AUDIO"]:
            interaction.original_media_path = unredacted
    interaction.voice_activity = {speaker: t.speech for speaker, t in zip(speakers, transcripts)}
    interaction.metrics = measure_call(interaction)
    interaction.status = InteractionStatus.READY.value
    return unredacted


def _process_conversation(job, interaction: Interaction) -> None:
    if not job.needs("store"):
        return
    record = json.loads(stored_path(interaction.media_path).read_bytes())
    redactor = configured_redactor()
    redacted = redactor.redact_conversation([(u["speaker"], u["text"]) for u in record["utterances"]])
    interaction.utterances = [
        Utterance(position=n, speaker=u["speaker"], speaker_name=u["speaker_name"], text=result.text,
                  redactions=[list(p) for p in result.placeholders], start=u["start"], end=u["end"],
                  sent_at=datetime.fromisoformat(u["sent_at"]) if u["sent_at"] else None)
        for n, (u, result) in enumerate(zip(record["utterances"], redacted))]
    tag_interaction(interaction)
    score_interaction(interaction)
    interaction.details = redact_details(redactor, interaction.details)
    interaction.status = InteractionStatus.READY.value
    raw_transcript, interaction.media_path = interaction.media_path, None
    job.complete_step("store", 100)
    delete_stored(raw_transcript)  # the unredacted text leaves storage once the redacted one is committed
