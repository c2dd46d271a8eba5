import pytest

from qa.accounts import services
from qa.accounts.models import Invitation
from qa.accounts.services import AccountError
from qa.extensions import db
from qa.roles import Role
from qa.timeutil import utcnow


def test_create_user_normalises_and_validates(app):
    user = services.create_user("  Mixed.Case@Example.COM ", " Mo Smith ", ["agent", Role.TRAINER], password=None)
    assert (user.email, user.name, user.roles) == ("mixed.case@example.com", "Mo Smith", {Role.AGENT, Role.TRAINER})
    with pytest.raises(AccountError, match="already exists"):
        services.create_user("mixed.case@example.com", "Again", ["agent"])
    with pytest.raises(AccountError, match="not a valid e-mail"):
        services.create_user("not-an-email", "X", ["agent"])
    with pytest.raises(AccountError, match="Unknown role"):
        services.create_user("x@example.com", "X", ["superuser"])
    with pytest.raises(AccountError, match="at least one role"):
        services.create_user("x@example.com", "X", [])
    with pytest.raises(AccountError, match="no team"):
        services.create_user("x@example.com", "X", ["agent"], team_id=999)


def test_the_last_active_admin_cannot_be_removed(app, make_user):
    admin = make_user(Role.ADMIN)
    agent = make_user(Role.AGENT)
    with pytest.raises(AccountError, match="last active admin"):
        services.update_user(admin.id, admin.name, ["agent"], None, None)
    with pytest.raises(AccountError, match="own account"):
        services.set_user_active(admin.id, False, admin.id)
    second = make_user(Role.ADMIN, email="second-admin@test.example.com")
    services.set_user_active(admin.id, False, second.id)
    with pytest.raises(AccountError, match="last active admin"):
        services.set_user_active(second.id, False, agent.id)


def test_role_changes_keep_unchanged_roles(app, make_user):
    user = make_user(Role.REVIEWER)
    services.update_user(user.id, "Renamed", ["reviewer", "qa_lead"], None, None)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(services.User, user.id).roles == {Role.REVIEWER, Role.QA_LEAD}


def test_an_expired_invitation_is_refused(app, make_user):
    user = make_user(Role.AGENT, password=None)
    token = services.create_invitation(user.id)
    invitation = db.session.scalar(db.select(Invitation))
    invitation.expires_at = utcnow()
    with pytest.raises(AccountError, match="expired"):
        services.accept_invitation(token, "long-enough-password")


def test_only_the_hash_of_an_invitation_token_is_kept(app, make_user):
    user = make_user(Role.AGENT, password=None)
    token = services.create_invitation(user.id)
    assert token not in db.session.scalar(db.select(Invitation)).token_hash


def test_team_names_are_unique_ignoring_case(app):
    services.create_team("Care North")
    with pytest.raises(AccountError, match="already exists"):
        services.create_team("care north")
    with pytest.raises(AccountError, match="needs a name"):
        services.create_team("   ")


def test_deleting_a_team_keeps_its_members(app, make_user):
    team = services.create_team("Doomed")
    agent = make_user(Role.AGENT, team_id=team.id)
    services.delete_team(team.id)
    db.session.commit()
    assert db.session.get(services.User, agent.id).team_id is None


def test_production_password_cost_is_a_modern_kdf(app_factory):
    from argon2 import extract_parameters

    from qa.accounts.passwords import hash_password
    app = app_factory(ARGON2_TIME_COST=3, ARGON2_MEMORY_KIB=65536, ARGON2_PARALLELISM=4)
    with app.app_context():
        parameters = extract_parameters(hash_password("a-long-password"))
    assert (parameters.type.name, parameters.time_cost, parameters.memory_cost) == ("ID", 3, 65536)
