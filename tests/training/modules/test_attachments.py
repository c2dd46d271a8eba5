"""Attachments: recognised by content, refused whole (nothing stored) when they are not what a module may hold,
downloaded as attachments of their recognised type."""
import hashlib
import io
from pathlib import Path

import pytest

from qa.errors import Refused
from qa.extensions import db
from qa.roles import Role
from qa.storage import stored_path
from tests.qa.reviews.builders import make_person
from tests.support import csrf_token, login
from tests.training.modules import files
from tests.training.modules.builders import draft_module, published_module
from training.modules.attachments import DOCX, MAX_BYTES, add_attachment, delete_attachment
from training.modules.models import ModuleAttachment
from training.modules.views import module_body


@pytest.fixture
def trainer(app):
    return make_person(Role.TRAINER)


def stored_files(app) -> list[Path]:
    folder = Path(app.config["STORAGE_PATH"]) / "module-attachments"
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


@pytest.mark.parametrize("make, name, media_type", [
    (files.pdf, "Checklist.PDF", "application/pdf"),
    (files.png, "diagram.png", "image/png"),
    (files.docx, "script.docx", DOCX),
    (lambda: "Greet · verify · resolve\n".encode(), "notes.md", "text/plain; charset=utf-8"),
])
def test_each_accepted_kind_is_stored_under_a_generated_name_with_its_hash(app, trainer, make, name, media_type):
    module = draft_module(trainer)
    data = make()
    attachment = add_attachment(module.id, data, f"../../etc/{name}", trainer.id)
    db.session.commit()
    assert (attachment.filename, attachment.media_type, attachment.size) == (name, media_type, len(data))
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert name not in attachment.path and attachment.path.startswith("module-attachments/")
    assert stored_path(attachment.path).read_bytes() == data


@pytest.mark.parametrize("data, name, message", [
    (files.program(), "handout.pdf", "is not a file a module can hold"),
    (files.program(), "setup.exe", "is not a file a module can hold"),
    (files.plain_zip(), "slides.pptx", "is not a file a module can hold"),
    (files.png(), "handout.pdf", "holds a PNG image, which does not match its name"),
    (files.pdf(), "handout.txt", "holds a PDF, which does not match its name"),
    (b"text\x00with a NUL", "notes.txt", "is not a file a module can hold"),
    (b"\xff\xfe not UTF-8 \x81", "notes.txt", "is not a file a module can hold"),
    (b"", "empty.pdf", "is empty"),
    (b"%PDF-1.4\n" + b"0" * MAX_BYTES, "huge.pdf", "is 20.0 MB; an attachment is at most 20 MB"),
])
def test_a_bad_file_is_refused_and_nothing_is_stored(app, trainer, data, name, message):
    module = draft_module(trainer)
    with pytest.raises(Refused, match=message):
        add_attachment(module.id, data, name, trainer.id)
    db.session.rollback()
    assert stored_files(app) == [] and db.session.scalars(db.select(ModuleAttachment)).all() == []


def test_a_file_stored_for_a_transaction_that_rolls_back_is_removed(app, trainer):
    module = draft_module(trainer)
    attachment = add_attachment(module.id, files.pdf(), "handout.pdf", trainer.id)
    path = stored_path(attachment.path)
    assert path.exists()
    db.session.rollback()
    assert not path.exists() and stored_files(app) == []


def test_a_deleted_attachment_keeps_its_file_until_the_deletion_is_committed(app, trainer):
    module = draft_module(trainer)
    attachment = add_attachment(module.id, files.pdf(), "handout.pdf", trainer.id)
    db.session.commit()
    path = stored_path(attachment.path)
    delete_attachment(module.id, attachment.id, trainer.id)
    db.session.rollback()
    assert path.exists(), "the deletion was rolled back: the row and its file stay"
    delete_attachment(module.id, attachment.id, trainer.id)
    db.session.commit()
    assert not path.exists() and db.session.get(ModuleAttachment, attachment.id) is None


def test_upload_through_the_editor_and_download_with_safe_headers(app, trainer):
    client = app.test_client()
    login(client, trainer.email)
    module = published_module(trainer)
    token = csrf_token(client, f"/coaching/modules/{module.id}/edit")
    response = client.post(f"/coaching/modules/{module.id}/attachments", data={
        "csrf_token": token, "file": (io.BytesIO(files.pdf()), "Checklist.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 303
    attachment = db.session.scalars(db.select(ModuleAttachment)).one()
    agent = make_person(Role.AGENT)
    reader = app.test_client()
    login(reader, agent.email)
    download = reader.get(f"/coaching/modules/{module.id}/attachments/{attachment.id}")
    assert download.status_code == 200 and download.data == files.pdf()
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"] == "attachment; filename=Checklist.pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_a_refused_upload_shows_the_reason_in_the_editor(app, trainer):
    client = app.test_client()
    login(client, trainer.email)
    module = draft_module(trainer)
    token = csrf_token(client, f"/coaching/modules/{module.id}/edit")
    response = client.post(f"/coaching/modules/{module.id}/attachments", data={
        "csrf_token": token, "file": (io.BytesIO(files.program()), "handout.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "handout.pdf is not a file a module can hold" in response.get_data(as_text=True)
    assert stored_files(app) == []
    missing = client.post(f"/coaching/modules/{module.id}/attachments", data={"csrf_token": token})
    assert missing.status_code == 400 and "Choose a file to attach." in missing.get_data(as_text=True)


def test_the_text_shows_the_modules_own_pictures_only(app, trainer):
    module = draft_module(trainer)
    picture = add_attachment(module.id, files.png(), "diagram.png", trainer.id)
    other = draft_module(trainer)
    theirs = add_attachment(other.id, files.png(), "theirs.png", trainer.id)
    db.session.commit()
    own_url = f"/coaching/modules/{module.id}/attachments/{picture.id}"
    module.body = f"![diagram]({own_url}) ![theirs](/coaching/modules/{other.id}/attachments/{theirs.id})"
    with app.test_request_context():
        html = str(module_body(module))
    assert f'<img src="{own_url}" alt="diagram">' in html
    assert f"/coaching/modules/{other.id}/" not in html
