"""The interaction as JSON: one shape for `callibrate interactions export` and the REST API."""
from __future__ import annotations

from transcription.models import Interaction


def interaction_document(interaction: Interaction) -> dict:
    return {
        "id": interaction.id,
        "source_id": interaction.source_id,
        "channel": interaction.channel,
        "agent": {"id": interaction.agent.id, "email": interaction.agent.email, "name": interaction.agent.name}
        if interaction.agent else None,
        "team": interaction.team.name if interaction.team else None,
        "started_at": interaction.started_at.isoformat() if interaction.started_at else None,
        "duration_seconds": interaction.duration_seconds,
        "media": {"kind": interaction.media_kind, "filename": interaction.original_filename,
                  "channels": interaction.audio_channels, "sample_rate": interaction.sample_rate,
                  "agent_channel": interaction.agent_channel},
        "metadata": interaction.details,
        "status": interaction.status,
        "error": interaction.error,
        "utterances": [{
            "speaker": u.speaker, "speaker_name": u.speaker_name, "start": u.start, "end": u.end,
            "sent_at": u.sent_at.isoformat() if u.sent_at else None, "text": u.text,
            "words": [{"start": w[0], "end": w[1], "word": w[2], "probability": w[3]} for w in u.words],
            "confidence": u.confidence, "overlaps": u.overlaps,
            "redactions": [{"start": r[0], "end": r[1], "kind": r[2]} for r in u.redactions],
        } for u in interaction.utterances],
        "metrics": interaction.metrics,
        "tags": [{"key": hit.key, "utterance": hit.utterance.position, "span": [hit.start, hit.end],
                  "time": hit.time, "source": hit.source} for hit in interaction.tag_hits if hit.active],
    }
