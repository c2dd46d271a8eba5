"""Clips: a stretch of a real, redacted interaction shown inside a module, as a golden example or as what not
to do. Made from a ready interaction only, and copied when made: its redacted transcript lines (who spoke as
"agent" or "customer", never a name: names are personal data) and, for a call, its redacted audio cut to the
clip by the `coaching.cut_clip` job. Learners see the copy, never the interaction, which only its agent and
staff may open.
"""
from __future__ import annotations

import math
from typing import Any

from qa.errors import Refused
from qa.extensions import db
from qa.jobs import job_handler
from qa.jobs.registry import JobContext
from qa.jobs.services import enqueue_job
from qa.storage import stored_path
from training.modules.cutting import CLIP_SUFFIX, cut_audio
from training.modules.files import delete_after_commit, store_for_row
from training.modules.models import ClipKind, ClipStatus, ModuleClip
from training.modules.services import find_module
from training.modules.timecodes import timecode
from transcription.models import Interaction, InteractionStatus, Utterance

CUT_JOB = "coaching.cut_clip"
FOLDER = "module-clips"
MAX_SECONDS = 300
MAX_LINES = 60
MAX_CLIPS = 20
TITLE_MAX = 200
NOTE_MAX = 2000


def add_clip(module_id: int, interaction_id: int | None, kind: str, title: str, note: str = "", *,
             start: float | None = None, end: float | None = None, first_position: int | None = None,
             last_position: int | None = None, actor_id: int | None) -> ModuleClip:
    """A clip of a call's [start, end] seconds, or of a text interaction's utterances first..last (positions,
    from 0). A call's clip is PENDING until its audio is cut (flushes; the job runs after the commit)."""
    module = find_module(module_id)
    if len(module.clips) >= MAX_CLIPS:
        raise Refused(f"The module has {MAX_CLIPS} clips already; delete one first.")
    if kind not in {k.value for k in ClipKind}:
        raise Refused("Say whether the clip is a golden example or what not to do.")
    title, note = (title or "").strip(), (note or "").strip()
    if not title:
        raise Refused("Give the clip a title: what the learner hears in it.")
    if len(title) > TITLE_MAX or len(note) > NOTE_MAX:
        raise Refused(f"Keep the clip's title to {TITLE_MAX} characters and its note to {NOTE_MAX:,}.")
    interaction = _ready_interaction(interaction_id)
    clip = ModuleClip(kind=kind, title=title, note=note, interaction_id=interaction.id, channel=interaction.channel,
                      created_by_id=actor_id, position=max((c.position for c in module.clips), default=-1) + 1)
    if interaction.media_kind == "audio":
        _span_of_recording(clip, interaction, start, end)
    else:
        _span_of_text(clip, interaction, first_position, last_position)
    module.clips.append(clip)
    db.session.flush()
    if clip.status == ClipStatus.PENDING.value:
        enqueue_job(CUT_JOB, target_type="module_clip", target_id=clip.id, created_by_id=actor_id)
    return clip


def _ready_interaction(interaction_id: int | None) -> Interaction:
    interaction = db.session.get(Interaction, interaction_id) if interaction_id else None
    if interaction is None:
        raise Refused(f"There is no interaction {interaction_id}." if interaction_id else "Choose an interaction.")
    if interaction.status != InteractionStatus.READY.value:
        raise Refused(f"Interaction {interaction.id} is {interaction.status}; a clip is made from a ready "
                      f"interaction only, once its transcript is redacted.")
    return interaction


def _span_of_recording(clip: ModuleClip, interaction: Interaction, start: float | None, end: float | None) -> None:
    if start is None or end is None or not (math.isfinite(start) and math.isfinite(end)):
        raise Refused("Give the clip's start and end in the recording, like 1:50 and 2:10.")
    if not interaction.media_path or interaction.duration_seconds is None:
        raise Refused(f"Interaction {interaction.id} has no recording to cut a clip from.")
    span, duration = f"{timecode(start)}–{timecode(end)}", interaction.duration_seconds
    if end <= start:
        raise Refused(f"The clip {span} ends before it starts; give an end after the start.")
    if end - start > MAX_SECONDS:
        raise Refused(f"The clip {span} is {timecode(end - start)} long; a clip is at most "
                      f"{timecode(MAX_SECONDS)} so learners hear one moment.")
    if start < 0 or end > duration:
        raise Refused(f"The clip {span} is outside the recording ({timecode(duration)} long).")
    lines = [u for u in interaction.utterances
             if u.start is not None and u.end is not None and u.start < end and u.end > start]
    clip.start, clip.end = round(start, 2), round(end, 2)
    clip.transcript = [_line(u, offset=start, length=end - start) for u in lines]
    clip.first_position = lines[0].position if lines else None
    clip.last_position = lines[-1].position if lines else None
    clip.status = ClipStatus.PENDING.value


def _span_of_text(clip: ModuleClip, interaction: Interaction, first: int | None, last: int | None) -> None:
    count = len(interaction.utterances)
    if first is None or last is None:
        raise Refused("Give the first and the last line of the clip.")
    lines = f"Lines {first + 1}–{last + 1}"
    if last < first:
        raise Refused(f"{lines} end before they start; give a last line after the first.")
    if first < 0 or last >= count:
        raise Refused(f"{lines} are outside the conversation (it has {count} line{'s' if count != 1 else ''}).")
    if last - first + 1 > MAX_LINES:
        raise Refused(f"{lines} are {last - first + 1} lines; a clip is at most {MAX_LINES} so learners read "
                      f"one moment.")
    clip.first_position, clip.last_position = first, last
    clip.transcript = [_line(u) for u in interaction.utterances[first:last + 1]]
    clip.status = ClipStatus.READY.value


def _line(utterance: Utterance, *, offset: float | None = None, length: float | None = None) -> dict[str, Any]:
    """One snapshot line: the role that spoke (never the speaker's name) and the redacted text. On a call the
    times are seconds into the clip, as its player counts them."""
    start, end = utterance.start, utterance.end
    if offset is not None and start is not None and end is not None:
        start, end = round(max(0.0, start - offset), 2), round(min(length, end - offset), 2)
    return {"speaker": utterance.speaker, "start": start, "end": end, "text": utterance.text}


def find_clip(module_id: int, clip_id: int) -> ModuleClip:
    clip = db.session.get(ModuleClip, clip_id)
    if clip is None or clip.module_id != module_id:
        raise Refused(f"The module has no clip {clip_id}.")
    return clip


def move_clip(module_id: int, clip_id: int, step: int) -> None:
    """Move a clip one place earlier (step -1) or later (+1)."""
    clip = find_clip(module_id, clip_id)
    clips = list(clip.module.clips)
    at = clips.index(clip)
    to = at + (1 if step > 0 else -1)
    if not 0 <= to < len(clips):
        raise Refused(f"The clip {clip.title!r} is {'last' if step > 0 else 'first'} already.")
    clips[at], clips[to] = clips[to], clips[at]
    for position, each in enumerate(clips):
        each.position = position
    db.session.flush()


def delete_clip(module_id: int, clip_id: int) -> None:
    clip = find_clip(module_id, clip_id)
    clip.module.clips.remove(clip)
    delete_after_commit(clip.audio_path)
    db.session.flush()


@job_handler(CUT_JOB)
def cut_clip_job(context: JobContext) -> None:
    clip = db.session.get(ModuleClip, context.target_id)
    if clip is None or not context.needs("cut"):
        return  # deleted while queued
    interaction = db.session.get(Interaction, clip.interaction_id) if clip.interaction_id else None
    if interaction is None or not interaction.media_path:
        raise Refused("The interaction was deleted before the clip's audio was cut; delete the clip and make it "
                      "again from another one.")
    # media_path is the redacted recording: processing replaces it with the muted copy (its unredacted original,
    # when kept at all, is original_media_path, which a clip never reads).
    data = cut_audio(stored_path(interaction.media_path), clip.start, clip.end)
    clip.audio_path = store_for_row(data, FOLDER, CLIP_SUFFIX)  # removed again if this step does not commit
    clip.status, clip.error = ClipStatus.READY.value, None
    context.complete_step("cut", 100)


def on_job_failed(sender, kind: str, target_type: str | None, target_id: int | None, message: str, **_) -> None:
    """A cut that failed shows its reason on the clip (the module page says it; the trainer can make it again)."""
    if kind != CUT_JOB or target_id is None:
        return
    clip = db.session.get(ModuleClip, target_id)
    if clip is not None:
        clip.status, clip.error = ClipStatus.FAILED.value, message[:2000]
