import re

import pytest

from qa.accounts import services
from qa.accounts.models import Team, User
from qa.extensions import db
from qa.roles import Role
from tests.support import login, post_form


@pytest.fixture
def admin(client_for):
    return client_for(Role.ADMIN)


def test_admin_creates_a_user_with_a_password(admin, app):
    team = services.create_team("North")
    db.session.commit()
    response = post_form(admin, "/admin/users/new", {
        "email": "new.agent@test.example.com", "name": "New Agent", "roles": ["agent", "trainer"],
        "team_id": team.id, "hire_date": "2026-11-01", "password": "a-long-password"}, token_from="/admin/users/new")
    assert response.status_code == 302
    user = services.find_user_by_email("new.agent@test.example.com")
    assert user.roles == {Role.AGENT, Role.TRAINER} and user.team_id == team.id
    assert str(user.hire_date) == "2026-11-01"
    assert login(app.test_client(), user.email, "a-long-password").status_code == 302


def test_admin_invites_a_user_who_then_sets_a_password(admin, app):
    response = post_form(admin, "/admin/users/new", {
        "email": "invitee@test.example.com", "name": "Invitee", "roles": ["agent"], "team_id": 0, "invite": "y"},
        token_from="/admin/users/new")
    assert response.status_code == 200
    link = re.search(r'value="(http://localhost/invitation/[^"]+)"', response.get_data(as_text=True)).group(1)
    newcomer = app.test_client()
    path = link.removeprefix("http://localhost")
    response = post_form(newcomer, path, {"new_password": "chosen-password", "confirm": "chosen-password"},
                         token_from=path)
    assert response.status_code == 302
    assert login(newcomer, "invitee@test.example.com", "chosen-password").status_code == 302


@pytest.mark.parametrize("fields, message", [
    ({"email": "", "name": "No Email", "roles": ["agent"]}, "This field is required"),
    ({"email": "x@test.example.com", "name": "N" * 121, "roles": ["agent"], "password": "a-long-password"},
     "Field cannot be longer than 120 characters"),
    ({"email": "x@test.example.com", "name": "No Role", "password": "a-long-password"}, "Choose at least one role"),
    ({"email": "x@test.example.com", "name": "Bad Role", "roles": ["root"], "password": "a-long-password"},
     "not a valid choice"),
    ({"email": "x@test.example.com", "name": "No Password", "roles": ["agent"]}, "Set a password"),
    ({"email": "x@test.example.com", "name": "Short", "roles": ["agent"], "password": "short"},
     "at least 10 characters"),
    ({"email": "not-an-address", "name": "Bad Email", "roles": ["agent"], "password": "a-long-password"},
     "not a valid e-mail"),
])
def test_bad_user_forms_get_400_and_change_nothing(admin, fields, message):
    before = db.session.scalar(db.select(db.func.count()).select_from(User))
    response = post_form(admin, "/admin/users/new", {"team_id": 0, **fields}, token_from="/admin/users/new")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == before


def test_admin_changes_roles_and_deactivates(admin, app, make_user):
    user = make_user(Role.AGENT, email="worker@test.example.com")
    response = post_form(admin, f"/admin/users/{user.id}", {"name": "Promoted", "roles": ["reviewer", "agent"],
                                                            "team_id": 0, "hire_date": ""},
                         token_from=f"/admin/users/{user.id}")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).roles == {Role.REVIEWER, Role.AGENT}

    victim_browser = app.test_client()
    login(victim_browser, user.email)
    assert post_form(admin, f"/admin/users/{user.id}/deactivate").status_code == 302
    assert victim_browser.get("/").status_code == 302, "a deactivated user is signed out at once"
    assert post_form(admin, f"/admin/users/{user.id}/activate").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).active


def test_admin_cannot_deactivate_themself(admin):
    response = post_form(admin, f"/admin/users/{admin.user.id}/deactivate")
    assert response.status_code == 400
    assert "cannot deactivate your own account" in response.get_data(as_text=True)


def test_editing_a_missing_user_is_404(admin):
    assert admin.get("/admin/users/99999").status_code == 404


def test_teams_are_created_renamed_and_deleted(admin):
    assert post_form(admin, "/admin/teams", {"name": "Billing", "description": "Invoices"}).status_code == 302
    team_id = services.find_team_by_name("Billing").id
    assert post_form(admin, "/admin/teams", {"name": "billing"}).status_code == 400
    assert post_form(admin, f"/admin/teams/{team_id}", {"name": "Billing & Refunds", "description": ""},
                     token_from=f"/admin/teams/{team_id}").status_code == 302
    db.session.expire_all()
    assert db.session.get(Team, team_id).name == "Billing & Refunds"
    assert post_form(admin, f"/admin/teams/{team_id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(Team, team_id) is None


def test_user_text_is_escaped(admin, make_user):
    make_user(Role.AGENT, email="xss@test.example.com", name='<script>alert("x")</script>')
    page = admin.get("/admin/users").get_data(as_text=True)
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page


def test_pages_send_security_headers(admin):
    headers = admin.get("/admin/users").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_an_oversized_request_is_413(app_factory):
    app = app_factory(MAX_UPLOAD_MB=1)
    response = app.test_client().post("/login", data={"email": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "larger than this site allows" in response.get_data(as_text=True)
