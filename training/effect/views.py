"""The effect of coaching modules across agents (trainers, QA leads, admins).

    GET /coaching/effect/?team=3&sort=did            every module done in a plan: change, comparison, DiD
    GET /coaching/effect/modules/<id>?team=3         one module: each coached agent's before and after
"""
from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, render_template, request
from flask_login import current_user

from qa.access import policy_for, roles_required
from qa.accounts.models import User
from qa.extensions import db
from qa.roles import Role
from training.effect import charts
from training.effect.effect import MINIMUM
from training.effect.filters import read_filters
from training.effect.queries import SORTS, effect_days, module_effects, sort_effects
from training.modules.models import CoachingModule

bp = Blueprint("training_effect", __name__, url_prefix="/coaching/effect")
READERS = (Role.TRAINER, Role.QA_LEAD, Role.ADMIN)


def _page(**context) -> dict:
    return {"sorts": SORTS, "minimum": MINIMUM, "window_days": effect_days(), **context}


@bp.route("/")
@roles_required(*READERS)
def index():
    filters = read_filters(request.args, SORTS, default_sort="did")
    if filters.errors:
        return render_template("training/effect/index.html", **_page(filters=filters, effects=[])), 400
    effects = sort_effects(module_effects(team_id=filters.team_id).values(), filters.sort)
    return render_template("training/effect/index.html", **_page(filters=filters, effects=effects))


@bp.route("/modules/<int:module_id>")
@roles_required(*READERS)
def module(module_id: int):
    module = db.session.get(CoachingModule, module_id)
    if module is None:
        abort(404, description=f"There is no coaching module {module_id}.")
    filters = read_filters(request.args)
    if filters.errors:
        return render_template("training/effect/module.html",
                               **_page(filters=filters, module=module, effect=None, names={})), 400
    effect = module_effects([module_id], team_id=filters.team_id).get(module_id)
    ids = [agent.effect.agent_id for agent in effect.group.agents] if effect else []
    names = dict(db.session.execute(db.select(User.id, User.name).where(User.id.in_(ids))).all()) if ids else {}
    return render_template("training/effect/module.html",
                           **_page(filters=filters, module=module, effect=effect, names=names))


def may_read_effects() -> bool:
    """For the plan page's effect panel: link to the modules' effect only for those who may open it."""
    return current_user.is_authenticated and policy_for(current_app, "training_effect.index").allows(current_user)


def init_effect(app: Flask) -> None:
    from training.navigation import CoachingLink, add_coaching_link

    app.register_blueprint(bp)
    add_coaching_link(app, CoachingLink("Effect", "training_effect.index", 70))
    app.jinja_env.globals.update(may_read_effects=may_read_effects, effect_interval_marks=charts.interval_marks,
                                 effect_plot_scale=charts.plot_scale)
