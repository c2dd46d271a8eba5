"""The navigation bar: each entry names the roles that see it; later packages add their own."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app
from flask_login import current_user

from qa.access import policy_for


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    group: str = "main"  # "main" (left), or "admin": setup and management pages, after a separator


NAV_KEY = "callibrate_nav"


def add_nav_item(app: Flask, item: NavItem) -> None:
    app.extensions.setdefault(NAV_KEY, []).append(item)


def nav_for_current_user() -> dict[str, list[NavItem]]:
    """The entries whose page this user's roles may open; the route's own policy decides."""
    groups: dict[str, list[NavItem]] = {"main": [], "admin": []}
    if not current_user.is_authenticated:
        return groups
    for item in current_app.extensions.get(NAV_KEY, []):
        if policy_for(current_app, item.endpoint).allows(current_user):
            groups[item.group].append(item)
    return groups
