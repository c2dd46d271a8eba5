"""Account changes made by admins and tag edits made by reviewers are written to the audit log."""
from qa.accounts import services
from qa.audit.models import AuditEntry
from qa.extensions import db
from qa.jobs.services import run_pending_jobs
from qa.roles import Role
from tests.support import post_form
from transcription.imports import ImportOptions, import_file
from transcription.models import TagHit


def entries(target_type: str, target_id: int) -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.target_type == target_type, AuditEntry.target_id == target_id).order_by(AuditEntry.id)))


def test_admin_account_changes_are_audited_with_the_admin_as_actor(client_for):
    admin = client_for(Role.ADMIN)
    team = services.create_team("North")
    db.session.commit()
    assert post_form(admin, "/admin/users/new", {
        "email": "new.agent@test.example.com", "name": "New Agent", "roles": ["agent"], "team_id": 0,
        "hire_date": "2026-11-01", "password": "a-long-password"}, token_from="/admin/users/new").status_code == 302
    user = services.find_user_by_email("new.agent@test.example.com")
    page = f"/admin/users/{user.id}"
    assert post_form(admin, page, {"name": "New Agent", "roles": ["agent", "reviewer"], "team_id": team.id,
                                   "hire_date": "2026-11-01"}, token_from=page).status_code == 302
    assert post_form(admin, page, {"name": "New Agent", "roles": ["agent", "reviewer"], "team_id": team.id,
                                   "hire_date": "2026-11-01"}, token_from=page).status_code == 302
    assert post_form(admin, f"{page}/deactivate", token_from="/admin/users").status_code == 302
    assert post_form(admin, f"{page}/activate", token_from="/admin/users").status_code == 302

    log = entries("user", user.id)
    assert [e.action for e in log] == ["user.created", "user.roles_changed", "user.updated",
                                       "user.deactivated", "user.activated"], "saving unchanged adds nothing"
    assert {e.actor_id for e in log} == {admin.user.id}
    created, roles, updated, deactivated, activated = log
    assert created.before is None and created.after == {
        "name": "New Agent", "email": "new.agent@test.example.com", "roles": ["agent"], "team": None,
        "hire_date": "2026-11-01", "active": True}
    assert (roles.before, roles.after) == ({"roles": ["agent"]}, {"roles": ["reviewer", "agent"]})
    assert (updated.before, updated.after) == ({"team": None}, {"team": "North"})
    assert (deactivated.before, deactivated.after) == ({"active": True}, {"active": False})
    assert (activated.before, activated.after) == ({"active": False}, {"active": True})


def test_a_refused_change_leaves_no_entry(app, make_user):
    admin = make_user(Role.ADMIN)
    try:
        services.update_user(admin.id, admin.name, ["agent"], None, None, actor_id=admin.id)
    except services.AccountError:
        db.session.rollback()
    assert [e.action for e in entries("user", admin.id)] == ["user.created"]


def test_manual_tag_edits_are_audited(client_for):
    reviewer = client_for(Role.REVIEWER)
    [result] = import_file(b"Customer: I want my money back\nAgent: I can help with that\n", "c.txt",
                           ImportOptions())
    db.session.commit()
    run_pending_jobs()
    interaction_id = result.interaction_id
    refund = db.session.scalar(db.select(TagHit).where(TagHit.key == "reason.refund"))
    page = f"/interactions/{interaction_id}"
    assert post_form(reviewer, f"{page}/tags", {"key": "customer.frustration", "utterance": 1},
                     token_from=page).status_code == 302
    assert post_form(reviewer, f"{page}/tags/{refund.id}/remove", token_from=page).status_code == 302

    added, removed = entries("interaction", interaction_id)
    assert (added.action, added.actor_id, added.before, added.after) == (
        "tag.added", reviewer.user.id, None, {"key": "customer.frustration", "line": 1})
    assert (removed.action, removed.actor_id, removed.after) == ("tag.removed", reviewer.user.id, None)
    assert removed.before == {"key": "reason.refund", "line": 0, "source": "rule"}
    assert "customer.frustration" in added.summary and "line 1" in added.summary
