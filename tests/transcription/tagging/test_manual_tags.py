"""Reviewers add and remove tags; their edits are audited, kept apart, and survive re-tagging."""
from qa.extensions import db
from qa.jobs.services import enqueue_job, run_pending_jobs
from qa.roles import Role
from tests.support import post_form
from transcription.export import interaction_document
from transcription.imports import ImportOptions, import_file
from transcription.models import Interaction, TagHit
from transcription.retag import RETAG_JOB


def chat() -> Interaction:
    [result] = import_file(b"Customer: I want my money back\nAgent: I can help with that\n", "c.txt", ImportOptions())
    db.session.commit()
    run_pending_jobs()
    return db.session.get(Interaction, result.interaction_id)


def active_keys(interaction_id: int) -> set[tuple[str, str]]:
    db.session.expire_all()
    document = interaction_document(db.session.get(Interaction, interaction_id))
    return {(tag["key"], tag["source"]) for tag in document["tags"]}


def test_add_and_remove_are_audited_and_survive_retagging(client_for):
    reviewer = client_for(Role.REVIEWER)
    interaction = chat()
    refund = db.session.scalar(db.select(TagHit).where(TagHit.key == "reason.refund"))
    page = f"/interactions/{interaction.id}"
    assert post_form(reviewer, f"{page}/tags", {"key": "customer.frustration", "utterance": 0},
                     token_from=page).status_code == 302
    assert post_form(reviewer, f"{page}/tags/{refund.id}/remove", token_from=page).status_code == 302
    assert active_keys(interaction.id) == {("customer.frustration", "manual")}

    enqueue_job(RETAG_JOB)
    db.session.commit()
    run_pending_jobs()
    assert active_keys(interaction.id) == {("customer.frustration", "manual")}, "edits survive a re-tag"
    manual = db.session.scalar(db.select(TagHit).where(TagHit.source == "manual"))
    dismissed = db.session.scalar(db.select(TagHit).where(TagHit.key == "reason.refund"))
    assert manual.created_by_id == reviewer.user.id
    assert dismissed.dismissed_by_id == reviewer.user.id and dismissed.dismissed_at is not None


def test_only_taxonomy_tags_can_be_added_and_agents_cannot_edit(client_for):
    interaction = chat()
    page = f"/interactions/{interaction.id}"
    reviewer = client_for(Role.REVIEWER)
    response = post_form(reviewer, f"{page}/tags", {"key": "made.up", "utterance": 0}, token_from=page)
    assert response.status_code == 400 and "not a tag of the taxonomy" in response.get_data(as_text=True)
    response = post_form(reviewer, f"{page}/tags", {"key": "customer.praise", "utterance": 99}, token_from=page)
    assert response.status_code == 400 and "no line 99" in response.get_data(as_text=True)
    agent = client_for(Role.AGENT)
    assert post_form(agent, f"{page}/tags", {"key": "customer.praise", "utterance": 0}).status_code == 403
