"""The coaching pages' own menu: one "Coaching" entry in the main navigation, and inside the coaching pages
a row of links to each part this user may open. Parts add themselves with `add_coaching_link`."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request
from flask_login import current_user

from qa.access import policy_for

LINKS_KEY = "callibrate_coaching_links"


@dataclass(frozen=True)
class CoachingLink:
    label: str
    endpoint: str
    order: int  # left to right


def add_coaching_link(app: Flask, link: CoachingLink) -> None:
    app.extensions.setdefault(LINKS_KEY, []).append(link)


def coaching_links() -> list[tuple[CoachingLink, bool]]:
    """(link, is the current page) for every part the signed-in user's roles may open."""
    if not current_user.is_authenticated:
        return []
    links = sorted(current_app.extensions.get(LINKS_KEY, []), key=lambda link: link.order)
    return [(link, request.endpoint == link.endpoint) for link in links
            if policy_for(current_app, link.endpoint).allows(current_user)]


def init_navigation(app: Flask) -> None:
    app.context_processor(lambda: {"coaching_links": coaching_links})
