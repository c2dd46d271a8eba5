"""API tokens: create, revoke, and authenticate a request's bearer token."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from qa.api.models import ApiToken
from qa.errors import Refused
from qa.extensions import db
from qa.timeutil import utcnow

TOKEN_PREFIX = "cb_"
MAX_DAYS = 366


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(user_id: int, name: str, days: int) -> tuple[str, ApiToken]:
    """The token itself is returned once; afterwards only its hash exists."""
    if not name.strip():
        raise Refused("Give the token a name, so you know later what uses it.")
    if not 1 <= days <= MAX_DAYS:
        raise Refused(f"A token lasts from 1 to {MAX_DAYS} days.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user_id, name=name.strip()[:80], token_hash=_hash(token), prefix=token[:10],
                   expires_at=utcnow() + timedelta(days=days))
    db.session.add(row)
    db.session.flush()
    return token, row


def revoke_api_token(token_id: int, user_id: int) -> ApiToken:
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user_id:
        raise Refused("There is no such token of yours.")
    row.revoked_at = row.revoked_at or utcnow()
    db.session.flush()
    return row


def list_api_tokens(user_id: int) -> list[ApiToken]:
    return list(db.session.scalars(db.select(ApiToken).where(ApiToken.user_id == user_id)
                                   .order_by(ApiToken.created_at.desc())))


def user_for_token(token: str):
    """The active user owning a usable token, or None. Records when the token was last used."""
    row = db.session.scalar(db.select(ApiToken).where(ApiToken.token_hash == _hash(token)))
    if row is None or not row.usable or not row.user.active:
        return None
    row.last_used_at = utcnow()
    db.session.commit()
    return row.user
