"""The agent's side of coaching plans: My coaching (active plans with progress, sessions, completed plans), one
plan, and a module of a plan (its content, the visible-time heartbeat, "Mark as done", a reflection).

Agents only: anyone else's plan, a plan not assigned yet, or a dismissed one is a 404, the same as a plan
that does not exist, so ids reveal nothing.
"""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from qa.access import roles_required
from qa.errors import Refused
from qa.extensions import db
from qa.roles import Role
from training.plans import pages
from training.plans.forms import DoneForm, ReflectionForm
from training.plans.models import CoachingPlan, PlanModule, PlanModuleStatus, PlanStatus
from training.plans.progress import MAX_SECONDS_PER_CALL, add_reflection, mark_module_done, record_time, start_module
from training.plans.services import AGENT_STATUSES, complete_plan
from training.plans.views import bp
from training.sessions.services import sessions_for_agent
from training.profiles.profile import agent_profile


def _own_plan_or_404(plan_id: int) -> CoachingPlan:
    plan = db.session.get(CoachingPlan, plan_id)
    if plan is None or plan.agent_id != current_user.id or plan.status not in AGENT_STATUSES:
        abort(404, description=f"There is no coaching plan {plan_id} of yours.")
    return plan


def _own_module_or_404(plan_module_id: int) -> PlanModule:
    pm = db.session.get(PlanModule, plan_module_id)
    if pm is None:
        abort(404, description=f"There is no module {plan_module_id} in a coaching plan of yours.")
    _own_plan_or_404(pm.plan_id)
    return pm


@bp.route("/my")
@roles_required(Role.AGENT)
def my():

    plans = pages.agent_plans(current_user.id)
    profile = agent_profile(current_user.id) if any(p.goal_competency for p in plans["active"]) else None
    return render_template("training/plans/my.html", active=plans["active"], completed=plans["completed"],
                           goals={p.id: pages.goal_progress(p, profile) for p in plans["active"]},
                           counts_of=pages.module_counts, sessions=sessions_for_agent(current_user.id),
                           profile_url=url_for("training_profiles.my_profile"))


@bp.route("/my/plans/<int:plan_id>")
@roles_required(Role.AGENT)
def my_plan(plan_id: int):
    return _my_plan(_own_plan_or_404(plan_id))


def _my_plan(plan: CoachingPlan, error: str | None = None, status: int = 200):

    profile = agent_profile(plan.agent_id) if plan.goal_competency and plan.status == PlanStatus.ACTIVE.value else None
    form = ReflectionForm(formdata=None)
    if error:
        form.body.data = request.form.get("body", "")
    return render_template("training/plans/my_plan.html", plan=plan, goal=pages.goal_progress(plan, profile),
                           counts=pages.module_counts(plan), reflection_form=form, error=error,
                           profile_url=url_for("training_profiles.my_profile")), status


@bp.route("/my/plans/<int:plan_id>/reflections", methods=["POST"])
@roles_required(Role.AGENT)
def my_reflection(plan_id: int):
    plan = _own_plan_or_404(plan_id)
    module_id = request.form.get("plan_module_id", "")
    try:
        add_reflection(plan.id, request.form.get("body", ""), current_user.id,
                       plan_module_id=int(module_id) if module_id.isdigit() else None)
    except Refused as refusal:
        db.session.rollback()
        if module_id.isdigit():
            return _module_page(_own_module_or_404(int(module_id)), str(refusal), 400)
        return _my_plan(plan, str(refusal), 400)
    db.session.commit()
    flash("Reflection saved; your trainer can read it.", "success")
    if module_id.isdigit():
        return redirect(url_for("training_plans.my_module", plan_module_id=int(module_id), _anchor="reflections"), 303)
    return redirect(url_for("training_plans.my_plan", plan_id=plan.id, _anchor="reflections"), 303)


@bp.route("/my/plans/<int:plan_id>/complete", methods=["POST"])
@roles_required(Role.AGENT)
def my_complete(plan_id: int):
    plan = _own_plan_or_404(plan_id)
    try:
        complete_plan(plan.id, current_user.id)
    except Refused as refusal:
        db.session.rollback()
        return _my_plan(plan, str(refusal), 400)
    db.session.commit()
    flash(f"Well done: {plan.title} is complete.", "success")
    return redirect(url_for("training_plans.my_plan", plan_id=plan.id), 303)


@bp.route("/my/modules/<int:plan_module_id>")
@roles_required(Role.AGENT)
def my_module(plan_module_id: int):
    pm = _own_module_or_404(plan_module_id)
    if pm.plan.status == PlanStatus.ACTIVE.value and pm.status == PlanModuleStatus.TODO.value:
        start_module(pm.id, current_user.id)  # opening the module is starting it
        db.session.commit()
    return _module_page(pm)


def _module_page(pm: PlanModule, error: str | None = None, status: int = 200):
    form = ReflectionForm(formdata=None, plan_module_id=pm.id)
    if error:
        form.body.data = request.form.get("body", "")
    active = pm.plan.status == PlanStatus.ACTIVE.value
    return render_template("training/plans/my_module.html", pm=pm, plan=pm.plan, module=pm.module, error=error,
                           reflection_form=form, done_form=DoneForm(formdata=None), active=active,
                           counting=active and pm.status != PlanModuleStatus.DONE.value,
                           heartbeat_seconds=MAX_SECONDS_PER_CALL // 2,
                           reflections=[r for r in pm.plan.reflections if r.plan_module_id == pm.id]), status


@bp.route("/my/modules/<int:plan_module_id>/time", methods=["POST"])
@roles_required(Role.AGENT)
def my_time(plan_module_id: int):
    """The module page's heartbeat: {"seconds": n} visible since the last one; answers the total."""
    pm = _own_module_or_404(plan_module_id)
    payload = request.get_json(silent=True) or {}
    seconds = payload.get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        return jsonify(ok=False, error="Send the seconds as a whole number."), 400
    try:
        record_time(pm.id, seconds, current_user.id)
    except Refused as refusal:
        db.session.rollback()
        return jsonify(ok=False, error=str(refusal)), 409
    db.session.commit()
    return jsonify(ok=True, seconds_spent=pm.seconds_spent, status=pm.status)


@bp.route("/my/modules/<int:plan_module_id>/done", methods=["POST"])
@roles_required(Role.AGENT)
def my_done(plan_module_id: int):
    pm = _own_module_or_404(plan_module_id)
    form = DoneForm()
    try:
        mark_module_done(pm.id, current_user.id, seconds=(form.seconds.data or 0) if form.validate() else 0)
    except Refused as refusal:
        db.session.rollback()
        return _module_page(pm, str(refusal), 400)
    db.session.commit()
    flash(f"{pm.module.title} is done.", "success")
    return redirect(url_for("training_plans.my_plan", plan_id=pm.plan_id), 303)
