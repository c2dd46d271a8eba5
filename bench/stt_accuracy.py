"""Word error rate of the default speech-to-text (bundled tiny.en), after Whisper's English normalisation.

On the five LibriVox clips and on both channels of the real stereo file, through Callibrate's
transcribe_channel (voice activity first, the configured options) and, for the ratio, through bare
faster-whisper with its own defaults.

Usage: .venv/bin/python bench/stt_accuracy.py
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jiwer  # noqa: E402
from faster_whisper import decode_audio  # noqa: E402
from whisper_normalizer.english import EnglishTextNormalizer  # noqa: E402

from transcription.speech.model import load_model  # noqa: E402
from transcription.speech.transcribe import SttOptions, transcribe_channel  # noqa: E402

SPEECH = ROOT.parent / "shared" / "data" / "speech"
normalise = EnglishTextNormalizer()


def cases():
    for wav in sorted((SPEECH / "librivox").glob("*.wav")):
        yield wav.stem, decode_audio(str(wav)), wav.with_suffix(".txt").read_text()
    reference = (SPEECH / "faster_whisper" / "REFERENCE.md").read_text()
    left, right = re.findall(r'channel: "([^"]+)"', reference)
    channels = decode_audio(str(SPEECH / "faster_whisper" / "stereo_diarization.wav"), split_stereo=True)
    yield "stereo-left", channels[0], left
    yield "stereo-right", channels[1], right


def main() -> None:
    model = load_model("bundled", "cpu", "int8", 0)
    references, ours, bare = [], [], []
    print(f"{'clip':14}{'words':>7}{'WER callibrate':>16}{'WER bare':>10}")
    for name, audio, reference in cases():
        text = " ".join(s["text"] for s in transcribe_channel(model, audio, SttOptions()).segments)
        segments, _ = model.transcribe(audio, language="en")
        bare_text = " ".join(s.text for s in segments)
        ref, hyp, hyp_bare = normalise(reference), normalise(text), normalise(bare_text)
        references.append(ref), ours.append(hyp), bare.append(hyp_bare)
        print(f"{name:14}{len(ref.split()):7d}{jiwer.wer(ref, hyp):16.3f}{jiwer.wer(ref, hyp_bare):10.3f}")
    total, total_bare = jiwer.wer(references, ours), jiwer.wer(references, bare)
    print(f"{'all':14}{sum(len(r.split()) for r in references):7d}{total:16.3f}{total_bare:10.3f}")
    print(f"WER ratio callibrate / bare faster-whisper: {total / total_bare:.2f}" if total_bare else "")


if __name__ == "__main__":
    main()
