"""Account operations. Each flushes; the caller (view, CLI, job) commits once."""
from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta
from typing import Iterable

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import func

from qa.accounts.models import Invitation, Team, User, UserRole
from qa.accounts.passwords import hash_password, needs_rehash, verify_password
from qa.accounts.throttle import check_login_allowed, clear_failed_logins, record_failed_login
from qa.audit import record
from qa.errors import Refused
from qa.extensions import db
from qa.roles import Role
from qa.timeutil import utcnow


class AccountError(Refused):
    """A request the account rules refuse."""


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise AccountError(f"{email!r} is not a valid e-mail address: {error}") from error


def _parse_roles(roles: Iterable[str | Role]) -> set[Role]:
    try:
        parsed = {Role(role) for role in roles}
    except ValueError as error:
        raise AccountError(f"Unknown role: {error}. Roles are {', '.join(Role)}.") from error
    if not parsed:
        raise AccountError("A user needs at least one role.")
    return parsed


def _check_password_strength(password: str) -> None:
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        raise AccountError(f"Passwords need at least {minimum} characters.")
    if len(password) > 200:
        raise AccountError("Passwords can have at most 200 characters.")


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == email.strip().lower()))


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise AccountError(f"There is no user with id {user_id}.")
    return user


def get_team(team_id: int) -> Team:
    team = db.session.get(Team, team_id)
    if team is None:
        raise AccountError(f"There is no team with id {team_id}.")
    return team


def find_team_by_name(name: str) -> Team | None:
    return db.session.scalar(db.select(Team).where(func.lower(Team.name) == name.strip().lower()))


def create_user(email: str, name: str, roles: Iterable[str | Role], password: str | None = None,
                team_id: int | None = None, hire_date: date | None = None, actor_id: int | None = None) -> User:
    email = normalise_email(email)
    if find_user_by_email(email):
        raise AccountError(f"A user with e-mail {email} already exists.")
    if not name.strip():
        raise AccountError("A user needs a name.")
    if team_id is not None:
        get_team(team_id)
    user = User(email=email, name=name.strip(), team_id=team_id, hire_date=hire_date)
    user.role_rows = [UserRole(role=role.value) for role in sorted(_parse_roles(roles))]
    if password is not None:
        _check_password_strength(password)
        user.password_hash = hash_password(password)
    db.session.add(user)
    db.session.flush()
    record("user.created", "user", user.id, actor_id, f"Created {user.name} <{user.email}>.",
           after=_audited(user))
    return user


def _audited(user: User) -> dict:
    """The account fields the audit log keeps (never the password hash)."""
    return {"name": user.name, "email": user.email, "roles": [role.value for role in user.sorted_roles],
            "team": user.team.name if user.team else None, "hire_date": user.hire_date, "active": user.active}


def _active_admin_count() -> int:
    return db.session.scalar(
        db.select(func.count()).select_from(User).join(UserRole)
        .where(UserRole.role == Role.ADMIN.value, User.active.is_(True))
    )


def _guard_last_admin(user: User, keeps_admin: bool) -> None:
    if user.active and user.has_role(Role.ADMIN) and not keeps_admin and _active_admin_count() <= 1:
        raise AccountError("This is the last active admin; make someone else admin first.")


def update_user(user_id: int, name: str, roles: Iterable[str | Role], team_id: int | None,
                hire_date: date | None, actor_id: int | None = None) -> User:
    user = get_user(user_id)
    before = _audited(user)
    new_roles = _parse_roles(roles)
    _guard_last_admin(user, keeps_admin=Role.ADMIN in new_roles)
    if not name.strip():
        raise AccountError("A user needs a name.")
    if team_id is not None:
        get_team(team_id)
    user.name, user.team_id, user.hire_date = name.strip(), team_id, hire_date
    kept = [row for row in user.role_rows if Role(row.role) in new_roles]
    added = [UserRole(role=role.value) for role in sorted(new_roles - user.roles)]
    user.role_rows = kept + added
    db.session.flush()
    db.session.expire(user, ["team"])  # team_id may have changed: load the team it names now
    _record_update(user, before, _audited(user), actor_id)
    return user


def _record_update(user: User, before: dict, after: dict, actor_id: int | None) -> None:
    """Role changes get an entry of their own, so the log can be searched for them."""
    if before["roles"] != after["roles"]:
        record("user.roles_changed", "user", user.id, actor_id, f"Changed the roles of {user.name}.",
               before={"roles": before["roles"]}, after={"roles": after["roles"]})
    other = [field for field in ("name", "team", "hire_date") if before[field] != after[field]]
    if other:
        record("user.updated", "user", user.id, actor_id, f"Updated {user.name}: {', '.join(other)}.",
               before={field: before[field] for field in other}, after={field: after[field] for field in other})


def set_user_active(user_id: int, active: bool, acting_user_id: int) -> User:
    user = get_user(user_id)
    if not active:
        if user.id == acting_user_id:
            raise AccountError("You cannot deactivate your own account.")
        _guard_last_admin(user, keeps_admin=False)
        user.session_version += 1  # signs them out of every open session
    if user.active != active:
        record("user.activated" if active else "user.deactivated", "user", user.id, acting_user_id,
               f"{'Reactivated' if active else 'Deactivated'} {user.name}.",
               before={"active": user.active}, after={"active": active})
    user.active = active
    db.session.flush()
    return user


def set_password(user: User, new_password: str) -> None:
    _check_password_strength(new_password)
    user.password_hash = hash_password(new_password)
    user.session_version += 1
    db.session.flush()


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise AccountError("Your current password is not correct.")
    if current_password == new_password:
        raise AccountError("Choose a password different from the current one.")
    set_password(user, new_password)


def authenticate(email: str, password: str, remote_addr: str) -> User | None:
    """The user if the credentials are right; None otherwise. Raises LoginThrottled when locked out."""
    email = email.strip().lower()
    check_login_allowed(email, remote_addr)
    user = find_user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or not user.active:
        record_failed_login(email, remote_addr)
        return None
    clear_failed_logins(email)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    db.session.flush()
    return user


def load_session_user(session_id: str) -> User | None:
    """Flask-Login's loader: the session carries id and session_version."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(user_id: int) -> str:
    """A one-time token for the invite link; only its hash is kept."""
    user = get_user(user_id)
    token = secrets.token_urlsafe(32)
    days = current_app.config["INVITATION_DAYS"]
    db.session.add(Invitation(user_id=user.id, token_hash=_token_hash(token),
                              expires_at=utcnow() + timedelta(days=days)))
    db.session.flush()
    return token


def find_open_invitation(token: str) -> Invitation | None:
    invitation = db.session.scalar(db.select(Invitation).where(Invitation.token_hash == _token_hash(token)))
    if invitation is None or invitation.used_at or invitation.expires_at < utcnow():
        return None
    return invitation


def accept_invitation(token: str, password: str) -> User:
    invitation = find_open_invitation(token)
    if invitation is None:
        raise AccountError("This invitation link is invalid, used or expired. Ask an admin for a new one.")
    set_password(invitation.user, password)
    invitation.used_at = utcnow()
    db.session.flush()
    return invitation.user


def create_team(name: str, description: str = "") -> Team:
    name = name.strip()
    if not name:
        raise AccountError("A team needs a name.")
    if find_team_by_name(name):
        raise AccountError(f"A team called {name!r} already exists.")
    team = Team(name=name, description=description.strip())
    db.session.add(team)
    db.session.flush()
    return team


def update_team(team_id: int, name: str, description: str) -> Team:
    team = get_team(team_id)
    name = name.strip()
    if not name:
        raise AccountError("A team needs a name.")
    other = find_team_by_name(name)
    if other is not None and other.id != team.id:
        raise AccountError(f"A team called {name!r} already exists.")
    team.name, team.description = name, description.strip()
    db.session.flush()
    return team


def delete_team(team_id: int) -> None:
    team = get_team(team_id)
    for member in team.members:
        member.team_id = None
    db.session.delete(team)
    db.session.flush()


def list_users() -> list[User]:
    return list(db.session.scalars(db.select(User).order_by(User.active.desc(), User.name)))


def list_teams() -> list[Team]:
    return list(db.session.scalars(db.select(Team).order_by(Team.name)))
