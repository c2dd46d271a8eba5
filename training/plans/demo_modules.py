"""The demo's two published modules, written by Theo the trainer, each with clips of the demo chats (made through
training.modules' services: redacted lines copied into the module). Found by title when the demo runs again."""
from __future__ import annotations

from qa.extensions import db
from training.modules.clips import add_clip
from training.modules.models import CoachingModule, ModuleStatus
from training.modules.services import ModuleInput, create_module, publish_module
from transcription.models import Interaction

EMPATHY_BODY = """When a customer is upset, **say what you heard before you fix it**. One sentence is enough:

- name what happened ("the parcel missed the birthday"),
- say it matters ("I'm sorry, that's disappointing"),
- then move to what you will do.

Facts alone, however fast, read as *not listening*. Listen to both clips: the same kind of problem, two openings.
"""
CLOSING_BODY = """Before you close, **play back what was agreed**: the order or case number, what happens next, and
when. The customer leaves knowing exactly what to expect, and the notes say the same.

1. Recap the outcome in one sentence.
2. Say the next step and its date.
3. Offer further help, then close warmly.
"""
# title → (competencies, minutes, body, clips: (file, kind, title, note, first line, last line))
MODULES = {
    "empathy": ("Acknowledge before you fix", ["empathy"], 10, EMPATHY_BODY, [
        ("order-status.txt", "golden", "Sorry, and why it matters",
         "Alex names the frustration before asking for the order number.", 1, 2),
        ("late-delivery.txt", "avoid", "Facts, twice, to a disappointed customer",
         "The party was yesterday; the answer repeats the delivery date.", 3, 5)]),
    "closing": ("Closing the loop: recap and next steps", ["communication", "ownership_follow_up"], 15, CLOSING_BODY, [
        ("order-status.txt", "golden", "A promise with a day on it",
         "Thursday, a replacement at no charge, and a reminder set: the customer knows what happens next.", 5, 8)]),
}


def demo_modules(users: dict) -> dict[str, CoachingModule]:
    """The demo modules by key, published; made when missing."""
    trainer = users["trainer@example.com"]
    made = {}
    for key, (title, competencies, minutes, body, clips) in MODULES.items():
        module = db.session.scalar(db.select(CoachingModule).where(CoachingModule.title == title))
        if module is None:
            module = create_module(ModuleInput(title, competencies, minutes, body=body), trainer.id)
            for name, kind, clip_title, note, first, last in clips:
                interaction = db.session.scalar(db.select(Interaction).where(Interaction.original_filename == name))
                if interaction is not None:
                    add_clip(module.id, interaction.id, kind, clip_title, note, first_position=first,
                             last_position=last, actor_id=trainer.id)
        if module.status != ModuleStatus.PUBLISHED.value:
            publish_module(module.id, trainer.id)
        made[key] = module
    return made
