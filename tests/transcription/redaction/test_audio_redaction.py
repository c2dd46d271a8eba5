"""Redacted speech is silenced in the stored recording, using the word timestamps of real speech-to-text."""
import numpy as np
import pytest
from faster_whisper import decode_audio

from qa.extensions import db
from qa.jobs.services import run_pending_jobs
from qa.settings import SettingError
from qa.storage import stored_path
from tests.transcription.recordings import STEREO_CALL
from transcription.imports import ImportOptions, import_file
from transcription.models import Interaction

# "wizard" is really spoken on the left channel of the shared stereo recording.
SPOKEN_WORD_AS_ACCOUNT = [r"(?i)\bwizard\b"]


def process_call(app):
    with app.app_context():
        [result] = import_file(STEREO_CALL.read_bytes(), "call.wav", ImportOptions())
        db.session.commit()
        original = stored_path(db.session.get(Interaction, result.interaction_id).media_path)
        run_pending_jobs()
        return db.session.get(Interaction, result.interaction_id), original


def test_redacted_words_are_muted_and_the_original_deleted(app_factory):
    app = app_factory(ACCOUNT_NUMBER_PATTERNS=SPOKEN_WORD_AS_ACCOUNT)
    interaction, original = process_call(app)
    with app.app_context():
        interaction = db.session.merge(interaction)
        agent = next(u for u in interaction.utterances if u.speaker == "agent")
        assert "wizard" not in agent.text.lower() and "[ACCOUNT_NUMBER]" in agent.text
        [word] = [w for w in agent.words if w[2] == "[ACCOUNT_NUMBER]"]
        assert agent.redactions == [[agent.text.index("[ACCOUNT_NUMBER]"),
                                     agent.text.index("[ACCOUNT_NUMBER]") + len("[ACCOUNT_NUMBER]"), "account_number"]]
        assert not original.exists(), "the unredacted recording must be deleted"
        stored = stored_path(interaction.media_path)
        assert stored.suffix == ".flac" and interaction.original_media_path is None
        muted = decode_audio(str(stored), split_stereo=True)
        source = decode_audio(str(STEREO_CALL), split_stereo=True)
        start, end = int(word[0] * 16000), int(word[1] * 16000)
        for channel in muted:
            assert np.abs(channel[start:end]).max() == 0.0
        assert np.abs(muted[0][: int(0.5 * 16000)] - source[0][: int(0.5 * 16000)]).max() < 0.01, \
            "speech outside the redacted word is kept"


def test_the_original_can_be_kept_by_setting(app_factory):
    app = app_factory(ACCOUNT_NUMBER_PATTERNS=SPOKEN_WORD_AS_ACCOUNT, KEEP_ORIGINAL_AUDIO=True)
    interaction, original = process_call(app)
    with app.app_context():
        interaction = db.session.merge(interaction)
        assert original.exists() and stored_path(interaction.original_media_path) == original


def test_a_call_without_pii_keeps_its_recording(app):
    interaction, original = process_call(app)
    assert original.exists() and interaction.media_path.endswith(".wav")


@pytest.mark.parametrize("name, value, message", [
    ("ACCOUNT_NUMBER_PATTERNS", ["(unclosed"], "position"),
    ("REDACT_TYPES", ["card_number", "shoe_size"], "REDACT_TYPES"),
])
def test_bad_redaction_settings_stop_the_start(app_factory, name, value, message):
    with pytest.raises(SettingError, match=message):
        app_factory(**{name: value})
