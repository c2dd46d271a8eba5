"""Clips: only from a ready interaction, inside it, copied without names, and for a call cut from the redacted
audio by the coaching.cut_clip job into a real, decodable file of the clip's length."""
import io
import json

import av
import numpy as np
import pytest
from faster_whisper import decode_audio

from qa.errors import Refused
from qa.extensions import db
from qa.jobs.services import run_pending_jobs
from qa.roles import Role
from qa.storage import stored_path
from tests.qa.reviews.builders import make_person
from tests.support import csrf_token, login
from tests.training.modules.builders import draft_module, processed_call, published_module
from tests.transcription.conversations import imported
from tests.transcription.recordings import STEREO_CALL
from training.modules.clips import add_clip, delete_clip, move_clip
from training.modules.cutting import CLIP_RATE
from training.modules.models import ClipStatus, ModuleClip
from transcription.imports import ImportOptions, import_file
from transcription.models import Interaction


@pytest.fixture
def trainer(app):
    return make_person(Role.TRAINER)


def named_chat() -> Interaction:
    """A chat whose speakers are named in the source: names the clip must not copy."""
    record = {"channel": "chat", "utterances": [
        {"speaker": "agent", "speaker_name": "Priya Natarajan", "text": "Hello, this is Priya. How can I help?"},
        {"speaker": "customer", "speaker_name": "Jordan Ellis", "text": "My parcel never came."},
        {"speaker": "agent", "speaker_name": "Priya Natarajan", "text": "I am sorry, let me look at it now."},
        {"speaker": "customer", "speaker_name": "Jordan Ellis", "text": "Thanks."}]}
    return imported(json.dumps(record).encode(), "named-chat.json")


def decoded_seconds(data: bytes) -> float:
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.audio[0]
        return sum(frame.samples for frame in container.decode(stream)) / stream.rate


def test_a_call_clip_is_cut_from_the_recording_to_its_length(app, trainer):
    call = processed_call()
    assert call.status == "ready" and call.duration_seconds == 5.0, call.error
    module = draft_module(trainer)
    clip = add_clip(module.id, call.id, "golden", "Naming the wizard", "Listen to the pace.", start=0.5, end=3.0,
                    actor_id=trainer.id)
    db.session.commit()
    assert clip.status == ClipStatus.PENDING.value and clip.audio_path is None
    run_pending_jobs()
    db.session.refresh(clip)
    assert clip.status == ClipStatus.READY.value, clip.error
    data = stored_path(clip.audio_path).read_bytes()
    assert data.startswith(b"OggS") and len(data) < 20_000
    assert decoded_seconds(data) == pytest.approx(2.5, abs=0.1)
    cut = decode_audio(io.BytesIO(data), sampling_rate=CLIP_RATE)
    source = decode_audio(str(STEREO_CALL), sampling_rate=CLIP_RATE, split_stereo=True)
    expected = np.clip(source[0] + source[1], -1, 1)[int(0.5 * CLIP_RATE):int(3.0 * CLIP_RATE)]
    n = min(len(cut), len(expected))
    assert np.corrcoef(cut[:n], expected[:n])[0, 1] > 0.9, "the clip is that stretch of the call, both speakers"


def test_a_call_clip_copies_its_lines_with_roles_and_times_into_the_clip(app, trainer):
    call = processed_call()
    clip = add_clip(draft_module(trainer).id, call.id, "avoid", "Talking over", start=1.0, end=4.0,
                    actor_id=trainer.id)
    lines = [u for u in call.utterances if u.start < 4.0 and u.end > 1.0]
    assert lines and [line["speaker"] for line in clip.transcript] == [u.speaker for u in lines]
    assert {line["speaker"] for line in clip.transcript} == {"agent", "customer"}
    assert [line["text"] for line in clip.transcript] == [u.text for u in lines]
    assert all(0 <= line["start"] <= line["end"] <= 3.0 for line in clip.transcript), "seconds into the clip"
    assert (clip.first_position, clip.last_position) == (lines[0].position, lines[-1].position)


@pytest.mark.parametrize("start, end, message", [
    (4.0, 7.0, "The clip 0:04–0:07 is outside the recording (0:05 long)."),
    (-1.0, 2.0, "is outside the recording (0:05 long)"),
    (3.0, 2.0, "The clip 0:03–0:02 ends before it starts"),
    (2.5, 2.5, "ends before it starts"),
    (0.0, 301.0, "The clip 0:00–5:01 is 5:01 long; a clip is at most 5:00"),
    (None, 2.0, "Give the clip's start and end"),
    (float("nan"), 2.0, "Give the clip's start and end"),
])
def test_a_clip_outside_the_recording_is_refused(app, trainer, start, end, message):
    call = processed_call()
    module = draft_module(trainer)
    with pytest.raises(Refused, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        add_clip(module.id, call.id, "golden", "Clip", start=start, end=end, actor_id=trainer.id)


def test_a_clip_of_the_redacted_call_is_silent_where_the_transcript_is_redacted(app_factory):
    app = app_factory(ACCOUNT_NUMBER_PATTERNS=[r"(?i)\bwizard\b"], KEEP_ORIGINAL_AUDIO=True)
    with app.app_context():
        trainer = make_person(Role.TRAINER)
        call = processed_call()
        assert call.original_media_path, "the unredacted recording is kept, so the clip could read the wrong one"
        agent = next(u for u in call.utterances if u.speaker == "agent")
        [word] = [w for w in agent.words if w[2] == "[ACCOUNT_NUMBER]"]
        clip = add_clip(draft_module(trainer).id, call.id, "golden", "Redacted", start=0.0, end=5.0,
                        actor_id=trainer.id)
        db.session.commit()
        assert any("[ACCOUNT_NUMBER]" in line["text"] for line in clip.transcript)
        assert not any("wizard" in line["text"].lower() for line in clip.transcript)
        run_pending_jobs()
        db.session.refresh(clip)
        cut = decode_audio(str(stored_path(clip.audio_path)), sampling_rate=CLIP_RATE)
        original = decode_audio(str(stored_path(call.original_media_path)), sampling_rate=CLIP_RATE)
        # Opus smears a little across the edges of the silence: look inside it.
        inside = slice(int((word[0] + 0.05) * CLIP_RATE), int((word[1] - 0.05) * CLIP_RATE))
        assert np.abs(original[inside]).max() > 0.05, "the word is really spoken there"
        assert np.abs(cut[inside]).max() < 0.01, "and silenced in the clip"


def test_a_clip_needs_a_ready_interaction(app, trainer):
    [received] = import_file(STEREO_CALL.read_bytes(), "call.wav", ImportOptions())
    db.session.commit()
    module = draft_module(trainer)
    with pytest.raises(Refused, match=f"Interaction {received.interaction_id} is received; a clip is made from a "
                                      f"ready interaction only"):
        add_clip(module.id, received.interaction_id, "golden", "Too soon", start=0, end=1, actor_id=trainer.id)
    with pytest.raises(Refused, match="There is no interaction 999999."):
        add_clip(module.id, 999999, "golden", "Nothing", start=0, end=1, actor_id=trainer.id)


def test_a_text_clip_copies_its_lines_without_the_speakers_names(app, trainer):
    chat = named_chat()
    clip = add_clip(draft_module(trainer).id, chat.id, "golden", "An apology that helps", first_position=1,
                    last_position=2, actor_id=trainer.id)
    assert clip.status == ClipStatus.READY.value and clip.start is None
    assert clip.transcript == [
        {"speaker": "customer", "start": None, "end": None, "text": chat.utterances[1].text},
        {"speaker": "agent", "start": None, "end": None, "text": chat.utterances[2].text}]
    assert "Jordan" not in json.dumps(clip.transcript) and "Natarajan" not in json.dumps(clip.transcript)


@pytest.mark.parametrize("first, last, message", [
    (2, 4, "Lines 3–5 are outside the conversation (it has 4 lines)."),
    (-1, 1, "Lines 0–2 are outside the conversation"),
    (2, 1, "Lines 3–2 end before they start"),
    (None, 1, "Give the first and the last line"),
])
def test_text_positions_must_be_lines_of_the_conversation(app, trainer, first, last, message):
    chat = named_chat()
    with pytest.raises(Refused, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        add_clip(draft_module(trainer).id, chat.id, "golden", "Clip", first_position=first, last_position=last,
                 actor_id=trainer.id)


@pytest.mark.parametrize("kind, title, message", [
    ("funny", "Clip", "golden example or what not to do"),
    ("golden", "  ", "Give the clip a title"),
    ("golden", "x" * 201, "title to 200 characters"),
])
def test_the_clip_fields_are_checked(app, trainer, kind, title, message):
    chat = named_chat()
    with pytest.raises(Refused, match=message):
        add_clip(draft_module(trainer).id, chat.id, kind, title, first_position=0, last_position=0,
                 actor_id=trainer.id)


def test_clips_are_reordered_and_deleted_with_their_audio(app, trainer):
    call = processed_call()
    module = draft_module(trainer)
    first = add_clip(module.id, call.id, "golden", "First", start=0, end=1, actor_id=trainer.id)
    second = add_clip(module.id, call.id, "avoid", "Second", start=1, end=2, actor_id=trainer.id)
    db.session.commit()
    run_pending_jobs()
    db.session.refresh(first)
    move_clip(module.id, second.id, -1)
    db.session.commit()
    assert [c.title for c in module.clips] == ["Second", "First"]
    with pytest.raises(Refused, match="is first already"):
        move_clip(module.id, second.id, -1)
    audio = stored_path(first.audio_path)
    delete_clip(module.id, first.id)
    assert audio.exists(), "kept until the deletion is committed"
    db.session.commit()
    assert not audio.exists() and [c.title for c in module.clips] == ["Second"]


def test_a_cut_that_fails_shows_its_reason_on_the_clip(app, trainer):
    call = processed_call()
    module = published_module(trainer)
    clip = add_clip(module.id, call.id, "golden", "Lost", start=0, end=2, actor_id=trainer.id)
    db.session.commit()
    stored_path(call.media_path).unlink()  # the recording went missing before the worker came to it
    run_pending_jobs()
    db.session.expire_all()
    clip = db.session.get(ModuleClip, clip.id)
    assert clip.status == ClipStatus.FAILED.value and "cannot be read" in clip.error
    client = app.test_client()
    login(client, trainer.email)
    page = client.get(f"/coaching/modules/{module.id}").get_data(as_text=True)
    assert "The audio could not be cut" in page and "cannot be read" in page


def test_the_clip_form_takes_times_as_minutes_and_seconds_and_the_audio_streams_with_ranges(app, trainer):
    call = processed_call()
    module = published_module(trainer)
    client = app.test_client()
    login(client, trainer.email)
    picker = client.get(f"/coaching/modules/{module.id}/clips/new?q=wizard").get_data(as_text=True)
    assert f'data-interaction="{call.id}"' in picker
    chosen = client.get(f"/coaching/modules/{module.id}/clips/new?interaction={call.id}").get_data(as_text=True)
    assert "0:05 long" in chosen and 'name="start"' in chosen and 'name="first_line"' not in chosen
    token = csrf_token(client, f"/coaching/modules/{module.id}/clips/new")
    refused = client.post(f"/coaching/modules/{module.id}/clips/new", data={
        "csrf_token": token, "interaction_id": call.id, "kind": "golden", "title": "Too long", "start": "0:02",
        "end": "0:09"})
    assert refused.status_code == 400
    assert "The clip 0:02–0:09 is outside the recording (0:05 long)." in refused.get_data(as_text=True)
    made = client.post(f"/coaching/modules/{module.id}/clips/new", data={
        "csrf_token": token, "interaction_id": call.id, "kind": "golden", "title": "The opening", "start": "0:00.5",
        "end": "0:03"})
    assert made.status_code == 303
    run_pending_jobs()
    clip = db.session.scalars(db.select(ModuleClip)).one()
    assert (clip.start, clip.end) == (0.5, 3.0)
    agent = make_person(Role.AGENT)
    reader = app.test_client()
    login(reader, agent.email)
    url = f"/coaching/modules/{module.id}/clips/{clip.id}/audio"
    whole = reader.get(url)
    assert whole.status_code == 200 and whole.mimetype == "audio/ogg"
    assert decoded_seconds(whole.data) == pytest.approx(2.5, abs=0.1)
    part = reader.get(url, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and part.data == whole.data[:100]
