"""Module routes for the access matrix (tests/qa/test_access_matrix.py): every signed-in user reads the library and
published modules with their files and clips; trainers and admins write. What readers may open: test_access.py."""
from qa.extensions import db
from qa.roles import Role
from tests.qa.reviews.builders import ready_chat
from tests.route_roles import SIGNED_IN
from tests.training.modules.builders import published_module
from training.modules.attachments import add_attachment
from training.modules.clips import add_clip

WRITERS = frozenset({Role.TRAINER, Role.ADMIN})

EXPECTED = {
    "training_modules.index": SIGNED_IN,
    "training_modules.show": SIGNED_IN,
    "training_modules.download_attachment": SIGNED_IN,
    "training_modules.clip_audio": SIGNED_IN,
    "training_modules.new": WRITERS,
    "training_modules.edit": WRITERS,
    "training_modules.preview": WRITERS,
    "training_modules.publish": WRITERS,
    "training_modules.archive": WRITERS,
    "training_modules.upload_attachment": WRITERS,
    "training_modules.delete_attachment": WRITERS,
    "training_modules.new_clip": WRITERS,
    "training_modules.move_clip": WRITERS,
    "training_modules.delete_clip": WRITERS,
}


def targets(make_user) -> dict:
    trainer = make_user(Role.TRAINER, email="modules-trainer@test.example.com")
    module = published_module(trainer, title="Matrix module")
    attachment = add_attachment(module.id, b"Checklist: greet, verify, resolve.\n", "checklist.txt", trainer.id)
    clip = add_clip(module.id, ready_chat(None).id, "golden", "A warm opening", first_position=0, last_position=1,
                    actor_id=trainer.id)
    db.session.commit()
    return {"module_id": module.id, "attachment_id": attachment.id, "clip_id": clip.id}
