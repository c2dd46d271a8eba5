import pytest
from sqlalchemy import func

from qa.accounts import services
from qa.accounts.models import LoginAttempt, User
from qa.extensions import db
from qa.roles import Role
from tests.support import PASSWORD, csrf_token, login, post_form


@pytest.fixture
def agent(make_user):
    return make_user(Role.AGENT, email="agent@test.example.com")


def test_sign_in_and_out(client, agent):
    response = login(client, "Agent@Test.Example.com")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Welcome, Test Agent" in client.get("/").get_data(as_text=True)
    response = post_form(client, "/logout")
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # back to the sign-in page


def test_sign_in_follows_only_same_site_next(client, agent):
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"csrf_token": token, "email": agent.email, "password": PASSWORD,
                                           "next": "//evil.example.com/steal"})
    assert response.headers["Location"] == "/"
    post_form(client, "/logout")
    response = post_form(client, "/login", {"email": agent.email, "password": PASSWORD, "next": "/people"},
                         token_from="/login")
    assert response.headers["Location"] == "/people"


def test_session_cookie_is_httponly_and_samesite(client, agent):
    response = login(client, agent.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("email, password", [
    ("agent@test.example.com", "wrong-password-123"),
    ("nobody@test.example.com", PASSWORD),
])
def test_wrong_password_or_unknown_user_gets_401_and_the_same_message(client, agent, email, password):
    response = login(client, email, password)
    assert response.status_code == 401
    assert "Wrong e-mail or password" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_deactivated_user_cannot_sign_in(client, agent, make_user):
    admin = make_user(Role.ADMIN)
    services.set_user_active(agent.id, False, admin.id)
    db.session.commit()
    assert login(client, agent.email).status_code == 401


def test_missing_or_oversized_fields_get_400(client, agent):
    assert post_form(client, "/login", {"email": "", "password": ""}, token_from="/login").status_code == 400
    huge = "a" * 300 + "@test.example.com"
    response = post_form(client, "/login", {"email": huge, "password": PASSWORD}, token_from="/login")
    assert response.status_code == 400
    assert db.session.scalar(db.select(func.count()).select_from(LoginAttempt)) == 0


def test_failed_sign_ins_are_throttled_per_email(app, client, agent):
    limit = app.config["LOGIN_MAX_FAILURES_PER_EMAIL"]
    for _ in range(limit):
        assert login(client, agent.email, "not-the-password").status_code == 401
    response = login(client, agent.email, PASSWORD)  # even the right password waits now
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins" in response.get_data(as_text=True)


def test_failed_sign_ins_are_throttled_per_address(app_factory, make_user):
    app = app_factory(LOGIN_MAX_FAILURES_PER_IP=3)
    client = app.test_client()
    with app.app_context():
        for number in range(3):
            assert login(client, f"guess{number}@test.example.com", "x" * 12).status_code == 401
        assert login(client, "another@test.example.com", "x" * 12).status_code == 429


def test_a_successful_sign_in_clears_earlier_failures(client, agent):
    login(client, agent.email, "not-the-password")
    assert login(client, agent.email).status_code == 302
    assert db.session.scalar(db.select(func.count()).select_from(LoginAttempt)) == 0


def test_forms_without_a_valid_csrf_token_are_rejected(client, agent):
    response = client.post("/login", data={"email": agent.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    response = client.post("/login", data={"email": agent.email, "password": PASSWORD, "csrf_token": "forged"})
    assert response.status_code == 400
    assert client.get("/").status_code == 302, "a forged form must not sign anyone in"


def test_change_password_signs_out_other_sessions(app, client, agent):
    other_browser = app.test_client()
    login(client, agent.email)
    login(other_browser, agent.email)
    response = post_form(client, "/account/password", {
        "current_password": PASSWORD, "new_password": "a-new-long-password", "confirm": "a-new-long-password"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200, "the browser that changed it stays signed in"
    assert other_browser.get("/").status_code == 302
    post_form(client, "/logout")
    assert login(client, agent.email, "a-new-long-password").status_code == 302


@pytest.mark.parametrize("current, new, confirm, message", [
    ("wrong-current-pw", "a-new-long-password", "a-new-long-password", "current password is not correct"),
    (PASSWORD, "short", "short", "at least 10 characters"),
    (PASSWORD, "a-new-long-password", "a-different-password", "The two passwords differ"),
])
def test_change_password_refusals_change_nothing(client, agent, current, new, confirm, message):
    login(client, agent.email)
    before = db.session.get(User, agent.id).password_hash
    response = post_form(client, "/account/password",
                         {"current_password": current, "new_password": new, "confirm": confirm})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, agent.id).password_hash == before


def test_passwords_are_stored_as_argon2id_hashes(agent):
    stored = db.session.get(User, agent.id).password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_an_invitation_link_works_once(client, make_user):
    invited = make_user(Role.AGENT, email="new@test.example.com", password=None)
    token = services.create_invitation(invited.id)
    db.session.commit()
    assert login(client, invited.email, "anything-at-all").status_code == 401
    response = post_form(client, f"/invitation/{token}",
                         {"new_password": "my-own-password", "confirm": "my-own-password"},
                         token_from=f"/invitation/{token}")
    assert response.status_code == 302
    assert client.get(f"/invitation/{token}").status_code == 404
    assert login(client, invited.email, "my-own-password").status_code == 302


def test_an_unknown_invitation_is_404(client):
    response = client.get("/invitation/not-a-real-token")
    assert response.status_code == 404
    assert "does not work" in response.get_data(as_text=True)
