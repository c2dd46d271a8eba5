"""Stored files: generated names under STORAGE_PATH, written atomically.

A client's file name is never used as a path; it is kept only as display text.
"""
from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

from flask import current_app


def storage_root() -> Path:
    return Path(current_app.config["STORAGE_PATH"])


def stored_path(relative: str) -> Path:
    path = (storage_root() / relative).resolve()
    if storage_root().resolve() not in path.parents:
        raise ValueError(f"{relative!r} is outside the storage folder")
    return path


def new_stored_name(folder: str, suffix: str = "") -> str:
    """A fresh generated path relative to STORAGE_PATH, for a file about to be written."""
    name = uuid.uuid4().hex
    return f"{folder}/{name[:2]}/{name}{suffix}"


def store_bytes(data: bytes, folder: str, suffix: str = "") -> str:
    """Write `data` under a new generated name; returns the path relative to STORAGE_PATH."""
    relative = new_stored_name(folder, suffix)
    write_atomically(stored_path(relative), data)
    return relative


def write_atomically(path: Path, data: bytes) -> None:
    """Readers see the old file or the whole new one, never a half-written one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def delete_stored(relative: str | None) -> None:
    if relative:
        stored_path(relative).unlink(missing_ok=True)


def display_name(client_name: str | None) -> str:
    """The last path part of what the client called the file, without control characters."""
    name = (client_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:200] or "unnamed"
