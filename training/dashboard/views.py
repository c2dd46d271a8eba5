"""The trainer dashboard (trainers, QA leads, admins): who needs coaching, what is late, how modules are used,
which work, and the coach's next sessions.

    GET /coaching/?team=3
"""
from __future__ import annotations

from flask import Blueprint, Flask, current_app, render_template, request
from flask_login import current_user

from qa.access import policy_for, roles_required
from qa.roles import Role
from qa.timeutil import utcnow
from training.dashboard import queries
from training.effect.filters import read_filters
from training.effect.queries import effect_days

bp = Blueprint("training_dashboard", __name__, url_prefix="/coaching")
READERS = (Role.TRAINER, Role.QA_LEAD, Role.ADMIN)


@bp.route("/")
@roles_required(*READERS)
def index():
    filters = read_filters(request.args)
    if filters.errors:
        return render_template("training/dashboard/index.html", filters=filters, page=None), 400
    now = utcnow()
    agents = queries.team_agents(filters.team_id)
    ids = [agent.id for agent in agents]
    members = None if filters.team_id is None else set(ids)
    page = {
        "attention": queries.agents_needing_attention(agents),
        "overdue": queries.overdue_plans(ids, now.date()),
        "completion": queries.module_completion(None if members is None else ids),
        "effects": queries.top_effects(filters.team_id),
        "sessions": queries.upcoming_sessions(current_user.id, members, now),
        "names": {agent.id: agent.name for agent in agents},
    }
    return render_template("training/dashboard/index.html", filters=filters, page=page, window_days=effect_days(),
                           may_open=may_open)


def may_open(endpoint: str) -> bool:
    """Whether to link to another coaching part's page: it is there, and this user's roles may open it."""
    return endpoint in current_app.view_functions and policy_for(current_app, endpoint).allows(current_user)


def init_dashboard(app: Flask) -> None:
    from qa.web.navigation import NavItem, add_nav_item
    from training.navigation import CoachingLink, add_coaching_link

    app.register_blueprint(bp)
    add_nav_item(app, NavItem("Coaching", "training_dashboard.index", group="main"))
    add_coaching_link(app, CoachingLink("Dashboard", "training_dashboard.index", 10))
