"""One access mechanism for every route: each view declares a policy, one hook enforces it.

Views are tagged with @public, @signed_in or @roles_required(...). The app refuses to start if
any endpoint has no policy, so a new route cannot be reachable by accident.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import Flask, abort, current_app, request
from flask_login import current_user

from qa.roles import Role

POLICY_ATTRIBUTE = "access_policy"


@dataclass(frozen=True)
class AccessPolicy:
    public: bool = False
    roles: frozenset[Role] | None = None  # None: any signed-in user
    api: bool = False  # authenticated by a bearer token, never by the session cookie

    def allows(self, user) -> bool:
        if self.public:
            return True
        if not user.is_authenticated:
            return False
        return self.roles is None or user.has_any_role(self.roles)


def _tag(policy: AccessPolicy) -> Callable:
    def decorate(view: Callable) -> Callable:
        setattr(view, POLICY_ATTRIBUTE, policy)
        return view
    return decorate


public = _tag(AccessPolicy(public=True))
signed_in = _tag(AccessPolicy())


def roles_required(*roles: Role) -> Callable:
    if not roles:
        raise ValueError("roles_required needs at least one role")
    return _tag(AccessPolicy(roles=frozenset(roles)))


def api_roles_required(*roles: Role) -> Callable:
    """An API route: a bearer token of a user with one of these roles (any role if none are named)."""
    return _tag(AccessPolicy(roles=frozenset(roles) or None, api=True))


def policy_for(app: Flask, endpoint: str) -> AccessPolicy | None:
    if endpoint == "static":
        return AccessPolicy(public=True)
    return getattr(app.view_functions[endpoint], POLICY_ATTRIBUTE, None)


def _check_request() -> None:
    if request.endpoint is None:  # no route matched: let the 404 handler speak
        return
    policy = policy_for(current_app, request.endpoint)
    if policy.api:
        return _check_api_request(policy)
    if policy.allows(current_user):
        return
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    abort(403, description="Your role does not give access to this page.")


def _check_api_request(policy: AccessPolicy) -> None:
    from qa.api import bearer_user

    user = bearer_user()
    if user is None:
        abort(401, description="Send a valid API token: Authorization: Bearer <token>.")
    if not policy.allows(user):
        abort(403, description="Your roles do not give access to this API call.")


def enforce_access_policies(app: Flask) -> None:
    missing = sorted(e for e in app.view_functions if policy_for(app, e) is None)
    if missing:
        raise RuntimeError(f"Routes without an access policy: {', '.join(missing)}")
    app.before_request(_check_request)
