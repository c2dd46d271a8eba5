"""The trainers' plan pages: the list by tab, a plan (evidence, goal progress, modules, reflections, effect),
a new plan prefilled from the agent's profile, the edit form, and the assign / dismiss / cancel / complete
buttons. Trainers and admins write; QA leads read. The agent's own pages are in training.plans.agent_views."""
from __future__ import annotations

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from qa.access import roles_required
from qa.accounts.services import list_teams
from qa.errors import Refused
from qa.extensions import db
from qa.timeutil import utcnow
from qa.web.forms import form_page
from training.effect.queries import plan_effect
from training.modules.services import published_modules
from training.plans import jobs, pages
from training.plans.forms import NewPlanForm, PlanForm, ReasonForm, ReflectionForm
from training.plans.models import CoachingPlan
from training.plans.progress import add_reflection
from training.plans.proposal import NoProposal, propose
from training.plans.services import (MANAGERS, READERS, assign_plan, cancel_plan, complete_plan, create_plan,
                                     dismiss_plan, dismissal_reason, find_plan, update_plan)
from training.profiles.profile import agent_profile, agent_profiles

bp = Blueprint("training_plans", __name__, url_prefix="/coaching")


def _plan_or_404(plan_id: int) -> CoachingPlan:
    plan = db.session.get(CoachingPlan, plan_id)
    if plan is None:
        abort(404, description=f"There is no coaching plan {plan_id}.")
    return plan


def _int(value: str | None) -> int | None:
    value = value or ""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def _int_arg(name: str) -> int | None:
    return _int(request.args.get(name))


@bp.route("/plans")
@roles_required(*READERS)
def plans():
    tab = request.args.get("tab", "proposed")
    tab = tab if tab in pages.TABS else "proposed"
    team_id, agent_id = _int_arg("team_id"), _int_arg("agent_id")
    today = utcnow().date()
    listed = pages.list_plans(tab, today, team_id=team_id, agent_id=agent_id)
    goals = {}
    if tab in ("active", "overdue") and listed:
        profiles = agent_profiles({p.agent_id for p in listed})
        goals = {p.id: pages.goal_progress(p, profiles.get(p.agent_id)) for p in listed}
    return render_template("training/plans/index.html", tab=tab, tabs=pages.TABS, plans=listed, goals=goals,
                           counts=pages.tab_counts(today, team_id=team_id, agent_id=agent_id),
                           teams=list_teams(), agents=pages.active_agents(), team_id=team_id, agent_id=agent_id,
                           counts_of=pages.module_counts, manager=current_user.has_any_role(MANAGERS),
                           last_run=jobs.latest_run(), today=today, is_overdue=pages.is_overdue)


@bp.route("/plans/propose", methods=["POST"])
@roles_required(*MANAGERS)
def propose_now():
    job = jobs.enqueue_proposals(current_user.id)
    db.session.commit()
    flash(f"Proposals are being made (job {job.id}); new ones appear under Proposed when it finishes.", "success")
    return redirect(url_for("training_plans.plans", tab="proposed"), 303)


@bp.route("/plans/new", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def new_plan():
    form = NewPlanForm()
    agents, modules = pages.active_agents(), published_modules()
    form.set_agents(agents)
    form.set_modules(modules)
    chosen = _int_arg("agent_id")
    suggestion = None
    if chosen in {agent.id for agent in agents} and not form.is_submitted():
        form.agent_id.data = chosen
        suggestion = propose(agent_profile(chosen), modules)
        if not isinstance(suggestion, NoProposal):
            form.prefill(suggestion)

    def create():
        plan = create_plan(form.agent_id.data, form.plan_input(), current_user.id)
        if request.form.get("assign"):
            assign_plan(plan.id, current_user.id)
        db.session.commit()
        flash(f"Plan {plan.title} {'assigned' if request.form.get('assign') else 'saved as a proposal'}.", "success")
        return redirect(url_for("training_plans.show", plan_id=plan.id), 303)

    return form_page(form, "training/plans/new.html", create, no_proposal=(
        suggestion.reason if isinstance(suggestion, NoProposal) else None))


@bp.route("/plans/<int:plan_id>")
@roles_required(*READERS)
def show(plan_id: int):
    return _show(_plan_or_404(plan_id))


def _show(plan: CoachingPlan, error: str | None = None, status: int = 200):

    profile = agent_profile(plan.agent_id) if plan.goal_competency else None
    return render_template(
        "training/plans/show.html", plan=plan, error=error, evidence=pages.evidence_rows(plan),
        goal=pages.goal_progress(plan, profile), counts=pages.module_counts(plan), effect=plan_effect_of(plan),
        closed_by=dismissal_reason(plan), manager=current_user.has_any_role(MANAGERS), reason_form=ReasonForm(),
        reflection_form=ReflectionForm(), overdue=pages.is_overdue(plan, utcnow().date()),
        profile_url=url_for("training_profiles.agent_profile", agent_id=plan.agent_id)), status


def plan_effect_of(plan: CoachingPlan):
    """The effect part's before/after measurement of an assigned plan (None before it is assigned)."""
    return plan_effect(plan) if plan.assigned_at is not None else None


@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def edit(plan_id: int):
    plan = _plan_or_404(plan_id)
    form = PlanForm(obj=None if request.method == "POST" else plan)
    if request.method != "POST":
        form.focus.data, form.module_ids.data = list(plan.focus), [pm.module_id for pm in plan.modules]
        form.revision.data = str(plan.revision)
    own = [pm.module for pm in plan.modules]
    form.set_modules(own + [m for m in published_modules() if m not in own])

    def save():
        try:
            update_plan(plan.id, form.plan_input(), _int(form.revision.data), current_user.id)
        except Refused:
            # Shown again with the saved revision: saving once more, having compared, saves over it.
            db.session.rollback()
            form.revision.data = str(_plan_or_404(plan.id).revision)
            raise
        db.session.commit()
        flash("Plan saved.", "success")
        return redirect(url_for("training_plans.show", plan_id=plan.id), 303)

    return form_page(form, "training/plans/edit.html", save, plan=plan)


def _act(plan_id: int, action, done: str):
    plan = _plan_or_404(plan_id)
    try:
        action(plan)
    except Refused as refusal:
        db.session.rollback()
        return _show(plan, str(refusal), 400)
    db.session.commit()
    flash(done.format(plan=plan), "success")
    return redirect(url_for("training_plans.show", plan_id=plan.id), 303)


@bp.route("/plans/<int:plan_id>/assign", methods=["POST"])
@roles_required(*MANAGERS)
def assign(plan_id: int):
    return _act(plan_id, lambda plan: assign_plan(plan.id, current_user.id),
                "Plan assigned; {plan.agent.name} was told and sees it under My coaching.")


@bp.route("/plans/<int:plan_id>/dismiss", methods=["POST"])
@roles_required(*MANAGERS)
def dismiss(plan_id: int):
    return _act(plan_id, lambda plan: dismiss_plan(plan.id, request.form.get("reason", ""), current_user.id),
                "Proposal dismissed.")


@bp.route("/plans/<int:plan_id>/cancel", methods=["POST"])
@roles_required(*MANAGERS)
def cancel(plan_id: int):
    return _act(plan_id, lambda plan: cancel_plan(plan.id, request.form.get("reason", ""), current_user.id),
                "Plan cancelled.")


@bp.route("/plans/<int:plan_id>/complete", methods=["POST"])
@roles_required(*MANAGERS)
def complete(plan_id: int):
    return _act(plan_id, lambda plan: complete_plan(plan.id, current_user.id), "Plan completed.")


@bp.route("/plans/<int:plan_id>/reflections", methods=["POST"])
@roles_required(*MANAGERS)
def reflect(plan_id: int):
    return _act(plan_id, lambda plan: add_reflection(plan.id, request.form.get("body", ""), current_user.id),
                "Reflection added.")


def init_plans(app: Flask) -> None:
    from qa.demo import demo_loaded
    from qa.jobs.registry import supervisor_tick
    from qa.web.navigation import NavItem, add_nav_item
    from training.navigation import CoachingLink, add_coaching_link
    from training.plans import agent_views  # noqa: F401  (the agent's routes, on the same blueprint)
    from training.plans.demo import load_demo_plans

    app.register_blueprint(bp)
    add_nav_item(app, NavItem("My coaching", "training_plans.my", group="main"))
    add_coaching_link(app, CoachingLink("Plans", "training_plans.plans", 20))
    # The workers' supervisor queues the daily proposals; connected once however many apps exist.
    supervisor_tick.connect(jobs.on_supervisor_tick)
    demo_loaded.connect(load_demo_plans)  # after the demo reviews' receiver: it reviews more demo chats
