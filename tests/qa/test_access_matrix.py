"""Every route × every role: who may use it, and that everyone else is refused before anything changes.

EXPECTED must list every endpoint the app has; a new route fails this test until it is added here or
to the `EXPECTED` of a module in ROUTE_MODULES (each package's own routes, with a `targets(make_user)`
that makes the objects its URL parameters point at).
"""
import importlib

import pytest

from qa.accounts import services
from qa.accounts.models import Team, User
from qa.api.services import create_api_token
from qa.extensions import db
from qa.jobs import services as jobs
from qa.roles import STAFF_ROLES, Role
from tests.route_roles import ADMIN, IMPORTERS, PUBLIC, SIGNED_IN, Api
from tests.support import csrf_token, login, role_email
from transcription.imports import ImportOptions, import_file

EXPECTED = {
    "static": PUBLIC,
    "accounts.login": PUBLIC,
    "accounts.accept_invitation": PUBLIC,
    "accounts.logout": SIGNED_IN,
    "accounts.change_password": SIGNED_IN,
    "web.home": SIGNED_IN,
    "web.people": frozenset(STAFF_ROLES),
    "admin.users": ADMIN,
    "admin.new_user": ADMIN,
    "admin.edit_user": ADMIN,
    "admin.deactivate_user": ADMIN,
    "admin.activate_user": ADMIN,
    "admin.invite_user": ADMIN,
    "admin.teams": ADMIN,
    "admin.edit_team": ADMIN,
    "admin.delete_team": ADMIN,
    "jobs.index": ADMIN,
    "jobs.show": ADMIN,
    "jobs.retry": ADMIN,
    "api_tokens.index": SIGNED_IN,
    "api_tokens.revoke": SIGNED_IN,
    "interactions.index": SIGNED_IN,
    "interactions.show": SIGNED_IN,
    "interactions.status": SIGNED_IN,
    "interactions.media": SIGNED_IN,
    "interactions.import_files": IMPORTERS,
    "interactions.retry": IMPORTERS,
    "interactions.swap_speakers": IMPORTERS,
    "interactions.add_tag": IMPORTERS,
    "interactions.remove_tag_hit": IMPORTERS,
    "tag_rules.edit": ADMIN,
    "tag_rules.submit": ADMIN,
    "tag_rules.export": ADMIN,
    "tag_rules.import_rules": ADMIN,
    "interactions_api.index": Api(Role),
    "interactions_api.show": Api(Role),
    "interactions_api.create": Api(IMPORTERS),
}

ROUTE_MODULES = [
    "tests.qa.sampling.routes",
    "tests.qa.audit.routes",
    "tests.qa.notifications.routes",
    "tests.scorecards.routes",
    "tests.qa.reviews.routes",
    "tests.qa.reviews.evaluation_routes",
    "tests.qa.disputes.routes",
    "tests.qa.calibration.quality_routes",
    "tests.qa.calibration.routes",
    "tests.qa.calibration.certification_routes",
    "tests.training.profiles.routes",
    "tests.training.effect.routes",
    "tests.training.dashboard.routes",
    "tests.training.plans.routes",
    "tests.training.sessions.routes",
    "tests.qa.calibration.agreement_routes",
    "tests.training.modules.routes",
]
for _module in map(importlib.import_module, ROUTE_MODULES):
    assert not set(_module.EXPECTED) & set(EXPECTED), f"{_module.__name__} repeats endpoints"
    EXPECTED.update(_module.EXPECTED)


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(EXPECTED), f"add to or remove from EXPECTED: {endpoints ^ set(EXPECTED)}"


@pytest.fixture
def targets(app, make_user):
    """Objects the routes' URL parameters point at; a victim user and team for the POST routes."""
    team = services.create_team("Matrix team")
    victim = make_user(Role.AGENT, email="victim@test.example.com", team_id=team.id)
    job = jobs.enqueue_job("test.two_steps")
    [chat] = import_file(b"Agent: Hello\n", "chat.txt", ImportOptions(agent_id=victim.id))
    db.session.commit()
    extra = {}
    for module in map(importlib.import_module, ROUTE_MODULES):
        extra.update(module.targets(make_user))
    db.session.commit()
    return {**extra, "user_id": victim.id, "team_id": team.id, "job_id": job.id, "token": "not-a-token",
            "filename": "css/app.css", "interaction_id": chat.interaction_id, "token_id": 999,
            "hit_id": 999}


def requests_for(app, targets):
    for rule in app.url_map.iter_rules():
        url = rule.build({name: targets[name] for name in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url


@pytest.mark.parametrize("role", [None, *Role], ids=lambda r: r.value if r else "anonymous")
def test_role_route_matrix(app, make_user, targets, role):
    client = app.test_client()
    bearer = {}
    if role is not None:
        user = make_user(role, email=role_email(role))
        assert login(client, role_email(role)).status_code == 302
        bearer = {"Authorization": f"Bearer {create_api_token(user.id, 'matrix', 1)[0]}"}
        db.session.commit()
    if role is not Role.ADMIN:
        make_user(Role.ADMIN, email="the-admin@test.example.com")  # so refusals are not about the last admin
    token = csrf_token(client, "/login" if role is None else "/")
    wrong = []
    for endpoint, method, url in requests_for(app, targets):
        if endpoint == "accounts.logout":
            continue  # signing out would end this client's session; covered in test_login
        expected = EXPECTED[endpoint]
        headers = bearer if isinstance(expected, Api) else {}
        response = client.open(url, method=method, headers=headers,
                               data={"csrf_token": token} if method == "POST" else None)
        allowed = expected == PUBLIC or (role is not None and role in expected)
        if isinstance(expected, Api) and not allowed:
            ok = response.status_code == (401 if role is None else 403)
        elif allowed:
            ok = response.status_code < 500 and response.status_code not in (401, 403) and (
                endpoint == "accounts.login" or not response.headers.get("Location", "").startswith("/login"))
        elif role is None:
            ok = response.status_code == 302 and response.headers["Location"].startswith("/login")
        else:
            ok = response.status_code == 403
        if not ok:
            wrong.append(f"{method} {url} ({endpoint}) → {response.status_code}")
    assert not wrong, f"role {role}: " + "; ".join(wrong)


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
def test_refused_posts_change_nothing(client_for, make_user, targets, role):
    make_user(Role.ADMIN, email="the-admin@test.example.com")
    client = client_for(role)
    token = csrf_token(client)
    for url in (f"/admin/users/{targets['user_id']}/deactivate", f"/admin/teams/{targets['team_id']}/delete",
                "/admin/users/new", f"/admin/jobs/{targets['job_id']}/retry"):
        response = client.post(url, data={"csrf_token": token, "email": "made@test.example.com", "name": "M",
                                          "roles": "admin", "team_id": 0, "password": "long-enough-pass"})
        assert response.status_code == 403, url
    db.session.expire_all()
    assert db.session.get(User, targets["user_id"]).active
    assert db.session.get(Team, targets["team_id"]) is not None
    assert services.find_user_by_email("made@test.example.com") is None


def test_forbidden_page_says_why(client_for):
    response = client_for(Role.AGENT).get("/admin/users")
    assert response.status_code == 403
    assert "does not give access" in response.get_data(as_text=True)


def test_unknown_page_is_a_clear_404(client_for):
    response = client_for(Role.REVIEWER).get("/no/such/page")
    assert response.status_code == 404
    assert "nothing at this address" in response.get_data(as_text=True)


def test_an_endpoint_without_a_policy_stops_the_app(app):
    from flask import Flask

    from qa.access import enforce_access_policies

    bare = Flask("bare")
    bare.add_url_rule("/open", "open", lambda: "oops")
    with pytest.raises(RuntimeError, match="without an access policy: open"):
        enforce_access_policies(bare)
