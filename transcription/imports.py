"""Taking files in: recognise them by content, refuse bad ones clearly, never store a duplicate.

Each file, and each conversation in a multi-conversation file, is imported in its own savepoint:
a bad one is reported and rolled back while the rest of the batch goes on.
"""
from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy.exc import IntegrityError

from qa.accounts.services import find_user_by_email
from qa.extensions import db
from qa.jobs.services import enqueue_job
from qa.storage import delete_stored, display_name, store_bytes
from transcription.formats import FormatError, SpeakerLabels, parse_transcript
from transcription.models import Channel, Interaction
from transcription.redaction import configured_redactor, redact_details
from transcription.speech.audio import AudioError, looks_like_audio, probe_audio

PROCESS_JOB = "interactions.process"


@dataclass
class ImportOptions:
    agent_id: int | None = None
    team_id: int | None = None
    channel: str | None = None
    source_id: str | None = None
    started_at: datetime | None = None
    agent_channel: str | None = None  # "left" or "right" for stereo calls; AGENT_CHANNEL when not given
    details: dict = field(default_factory=dict)
    created_by_id: int | None = None


@dataclass
class ImportResult:
    filename: str
    status: str                    # "received", "duplicate" or "failed"
    interaction_id: int | None = None
    source_id: str | None = None
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def speaker_labels() -> SpeakerLabels:
    config = current_app.config
    return SpeakerLabels(agent=tuple(config["AGENT_LABELS"]), customer=tuple(config["CUSTOMER_LABELS"]),
                         agent_addresses=tuple(config["AGENT_EMAIL_ADDRESSES"]))


def import_file(data: bytes, client_filename: str | None, options: ImportOptions) -> list[ImportResult]:
    name = display_name(client_filename)
    limit = current_app.config["MAX_UPLOAD_MB"]
    if len(data) > limit * 1024 * 1024:
        return [ImportResult(name, "failed", error=f"The file is larger than the {limit} MB limit.")]
    if options.channel is not None and options.channel not in set(Channel):
        return [ImportResult(name, "failed", error=f"Unknown channel {options.channel!r}; use phone, chat, email or social.")]
    if options.agent_channel not in (None, "left", "right"):
        return [ImportResult(name, "failed", error=f"agent_channel must be left or right, not {options.agent_channel!r}.")]
    try:
        if looks_like_audio(data):
            return [_import_recording(data, name, options)]
        conversations = parse_transcript(data, name, speaker_labels())
    except (FormatError, AudioError) as refusal:
        return [ImportResult(name, "failed", error=str(refusal))]
    if not conversations:
        return [ImportResult(name, "failed", error="The file holds no conversation.")]
    redactor = configured_redactor()  # once per file: a CSV or mbox can hold thousands of conversations
    return [_import_conversation(conversation, name, options, redactor) for conversation in conversations]


def _existing(source_id: str | None, content_hash: str) -> Interaction | None:
    if source_id:
        found = db.session.scalar(db.select(Interaction).where(Interaction.source_id == source_id))
        if found is not None:
            return found
    return db.session.scalar(db.select(Interaction).where(Interaction.content_hash == content_hash))


def _import_recording(data: bytes, name: str, options: ImportOptions) -> ImportResult:
    content_hash = hashlib.sha256(data).hexdigest()
    duplicate = _existing(options.source_id, content_hash)
    if duplicate is not None:
        return ImportResult(name, "duplicate", duplicate.id, duplicate.source_id)
    with tempfile.NamedTemporaryFile() as probe_file:  # PyAV reads from a path
        probe_file.write(data)
        probe_file.flush()
        info = probe_audio(Path(probe_file.name))
    interaction = Interaction(
        source_id=options.source_id, content_hash=content_hash, channel=options.channel or Channel.PHONE.value,
        agent_id=options.agent_id, team_id=options.team_id, started_at=options.started_at,
        duration_seconds=round(info.duration, 2) or None, original_filename=name, media_kind="audio",
        audio_channels=info.channels, sample_rate=info.sample_rate,
        details=redact_details(configured_redactor(), options.details),
        agent_channel=(options.agent_channel or current_app.config["AGENT_CHANNEL"]) if info.channels == 2 else None,
        created_by_id=options.created_by_id,
        media_path=store_bytes(data, "recordings", Path(name).suffix.lower()[:8]))
    return _save(interaction, name, options.created_by_id)


def _save(interaction: Interaction, name: str, user_id: int | None) -> ImportResult:
    """Add the interaction and its job in a savepoint. Losing a race to a concurrent import of the
    same source or content is a duplicate, and the file stored for it is removed again."""
    try:
        with db.session.begin_nested():
            db.session.add(interaction)
            db.session.flush()
            _enqueue_processing(interaction, user_id)
    except IntegrityError:
        delete_stored(interaction.media_path)
        winner = _existing(interaction.source_id, interaction.content_hash)
        return ImportResult(name, "duplicate", winner.id if winner else None, interaction.source_id)
    return ImportResult(name, "received", interaction.id, interaction.source_id)


def conversation_record(conversation) -> dict:
    """The parsed conversation as stored for the processing job (and hashed for idempotency)."""
    return {"utterances": [{"speaker": u.speaker, "speaker_name": u.speaker_name, "text": u.text,
                            "start": u.start, "end": u.end, "sent_at": u.sent_at.isoformat() if u.sent_at else None}
                           for u in conversation.utterances]}


def _import_conversation(conversation, name: str, options: ImportOptions, redactor) -> ImportResult:
    record = conversation_record(conversation)
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False).encode()
    content_hash = hashlib.sha256(canonical).hexdigest()
    source_id = options.source_id or conversation.source_id
    duplicate = _existing(source_id, content_hash)
    if duplicate is not None:
        return ImportResult(name, "duplicate", duplicate.id, duplicate.source_id)
    details = redact_details(redactor, {**conversation.metadata, **options.details})
    channel = options.channel or conversation.channel or Channel.CHAT.value
    agent_id = options.agent_id or _agent_from_email(conversation.agent_email, details)
    if channel not in set(Channel):
        return ImportResult(name, "failed", source_id=source_id,
                            error=f"Unknown channel {channel!r}; use phone, chat, email or social.")
    interaction = Interaction(
        source_id=source_id, content_hash=content_hash, channel=channel, agent_id=agent_id,
        team_id=options.team_id, started_at=options.started_at or conversation.started_at,
        original_filename=name, media_kind="text", details=details, created_by_id=options.created_by_id,
        duration_seconds=_text_duration(conversation), media_path=store_bytes(canonical, "transcripts", ".json"))
    return _save(interaction, name, options.created_by_id)


def _agent_from_email(email: str | None, details: dict) -> int | None:
    """The source names its agent; an address with no account here is kept visible, not dropped."""
    if not email:
        return None
    user = find_user_by_email(email)
    if user is None:
        details["agent_email"] = email
        return None
    return user.id


def _text_duration(conversation) -> float | None:
    times = [t for u in conversation.utterances for t in (u.start, u.end) if t is not None]
    return round(max(times) - min(times), 2) if len(times) >= 2 else None


def _enqueue_processing(interaction: Interaction, user_id: int | None) -> None:
    job = enqueue_job(PROCESS_JOB, "interaction", interaction.id, created_by_id=user_id)
    interaction.job_id = job.id
