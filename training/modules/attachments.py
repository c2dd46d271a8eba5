"""Files attached to a module: handouts, slides, checklists, pictures.

What a file is gets decided by its content, never by the name or the type the browser claims: a PDF starts
with %PDF-, a PNG and a JPEG with their signatures, Word and PowerPoint files are ZIP packages holding their
main part, and plain text is UTF-8 without control characters. The name must agree with the content (a program
renamed to .pdf is refused). Nothing is written until the file has passed, and the stored name is generated.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from qa.errors import Refused
from qa.extensions import db
from qa.storage import delete_stored, display_name
from training.modules.files import delete_after_commit, store_for_row
from training.modules.models import ModuleAttachment
from training.modules.services import find_module

MAX_BYTES = 20 * 1024 * 1024
MAX_PER_MODULE = 30
FOLDER = "module-attachments"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ACCEPTED = "PDF, PNG, JPEG, Word (.docx), PowerPoint (.pptx) or plain UTF-8 text (.txt, .md, .csv)"


@dataclass(frozen=True)
class Kind:
    media_type: str
    suffixes: tuple[str, ...]  # what the file's name may end in; the first is the stored file's
    label: str


PDF_KIND = Kind("application/pdf", (".pdf",), "a PDF")
PNG_KIND = Kind("image/png", (".png",), "a PNG image")
JPEG_KIND = Kind("image/jpeg", (".jpg", ".jpeg"), "a JPEG image")
DOCX_KIND = Kind(DOCX, (".docx",), "a Word document")
PPTX_KIND = Kind(PPTX, (".pptx",), "a PowerPoint presentation")
TEXT_KIND = Kind("text/plain; charset=utf-8", (".txt", ".md", ".csv"), "plain text")
IMAGE_TYPES = {PNG_KIND.media_type, JPEG_KIND.media_type}
# Control characters that never appear in text a person wrote (tab, newlines and form feed do).
_BINARY_CONTROLS = set(range(0, 32)) - {9, 10, 12, 13}


def sniff(data: bytes) -> Kind | None:
    """What the content is, or None when it is none of the accepted kinds."""
    if data.startswith(b"%PDF-"):
        return PDF_KIND
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG_KIND
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG_KIND
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    return TEXT_KIND if _is_text(data) else None


def _office_kind(data: bytes) -> Kind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())  # the directory only: nothing is unpacked
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX_KIND
    if "ppt/presentation.xml" in names:
        return PPTX_KIND
    return None


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(ord(ch) in _BINARY_CONTROLS for ch in text[:100_000])


def checked_file(data: bytes, client_name: str | None) -> tuple[str, Kind]:
    """(display name, kind) of an acceptable upload, or Refused saying what is wrong with it."""
    name = display_name(client_name)
    if not data:
        raise Refused(f"{name} is empty.")
    if len(data) > MAX_BYTES:
        raise Refused(f"{name} is {len(data) / 1024 / 1024:.1f} MB; an attachment is at most "
                      f"{MAX_BYTES // 1024 // 1024} MB.")
    kind = sniff(data)
    if kind is None:
        raise Refused(f"{name} is not a file a module can hold. Accepted: {ACCEPTED}.")
    suffix = PurePath(name).suffix.lower()
    if suffix not in kind.suffixes:
        raise Refused(f"{name} holds {kind.label}, which does not match its name; a file like it ends in "
                      f"{' or '.join(kind.suffixes)}.")
    return name, kind


def add_attachment(module_id: int, data: bytes, client_name: str | None, actor_id: int | None) -> ModuleAttachment:
    """Check the file, then store it under a generated name and add its row (flushes). A refused file leaves
    nothing behind; a stored one is removed again if the transaction does not commit."""
    module = find_module(module_id)
    if len(module.attachments) >= MAX_PER_MODULE:
        raise Refused(f"The module has {MAX_PER_MODULE} attachments already; delete one first.")
    name, kind = checked_file(data, client_name)
    attachment = ModuleAttachment(module_id=module.id, filename=name, media_type=kind.media_type, size=len(data),
                                  sha256=hashlib.sha256(data).hexdigest(), uploaded_by_id=actor_id,
                                  path=store_for_row(data, FOLDER, kind.suffixes[0]))
    try:
        module.attachments.append(attachment)
        db.session.flush()
    except Exception:
        delete_stored(attachment.path)  # the row never made it: neither may its file
        raise
    return attachment


def find_attachment(module_id: int, attachment_id: int) -> ModuleAttachment:
    attachment = db.session.get(ModuleAttachment, attachment_id)
    if attachment is None or attachment.module_id != module_id:
        raise Refused(f"The module has no attachment {attachment_id}.")
    return attachment


def delete_attachment(module_id: int, attachment_id: int, actor_id: int | None) -> None:
    attachment = find_attachment(module_id, attachment_id)
    attachment.module.attachments.remove(attachment)
    delete_after_commit(attachment.path)
    db.session.flush()


def is_image(attachment: ModuleAttachment) -> bool:
    return attachment.media_type in IMAGE_TYPES
