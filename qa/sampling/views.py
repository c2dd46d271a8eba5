"""QA leads' pages: sampling rules, their runs, and every reviewer's assignments."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from qa.access import roles_required
from qa.accounts.services import list_teams
from qa.errors import Refused
from qa.extensions import db
from qa.roles import Role
from qa.sampling import queries
from qa.sampling.forms import AssignmentFilterForm, ReassignForm, RuleForm, RunNowForm
from qa.sampling.jobs import enqueue_run_now
from qa.sampling.models import Assignment
from qa.sampling.population_form import as_decimal
from qa.sampling.rules import RuleSettings, find_rule, list_rules, save_rule
from qa.sampling.runs import SUMMARY_KEYS, list_runs
from qa.sampling.services import reassign_assignment
from qa.web.forms import form_page
from scorecards.services import list_scorecards, published_version
from transcription.tagging.versions import load_tag_keys

bp = Blueprint("sampling", __name__, url_prefix="/sampling")
LEADS = (Role.QA_LEAD, Role.ADMIN)


def _rule_or_404(rule_id: int):
    try:
        return find_rule(rule_id)
    except Refused as refusal:
        abort(404, description=str(refusal))


def _rule_form(**kwargs) -> RuleForm:
    form = RuleForm(**kwargs)
    scorecards = [card for card in list_scorecards()
                  if card.retired_at is None and published_version(card.id) is not None]
    form.set_choices(scorecards, list_teams(), load_tag_keys(), queries.active_reviewers())
    return form


def _fill(form: RuleForm, rule) -> None:
    for name in ("name", "scorecard_id", "active", "quota_kind", "period", "per_reviewer_cap", "due_days",
                 "scheduled", "reviewer_ids"):
        getattr(form, name).data = getattr(rule, name)
    form.quota.data = as_decimal(rule.quota)
    form.stratify_by.data = rule.stratify_by or ""
    form.fill_population(rule.population)


def _settings(form: RuleForm) -> RuleSettings:
    return RuleSettings(
        name=form.name.data, scorecard_id=form.scorecard_id.data, reviewer_ids=form.reviewer_ids.data,
        population=form.population(), quota_kind=form.quota_kind.data, quota=float(form.quota.data),
        period=form.period.data, stratify_by=form.stratify_by.data or None,
        per_reviewer_cap=form.per_reviewer_cap.data, due_days=form.due_days.data,
        scheduled=form.scheduled.data, active=form.active.data)


@bp.route("/rules")
@roles_required(*LEADS)
def rules():
    return render_template("sampling/rules.html", rules=list_rules(), run_form=RunNowForm())


@bp.route("/rules/new", methods=["GET", "POST"])
@roles_required(*LEADS)
def new_rule():
    form = _rule_form()

    def create():
        rule = save_rule(None, _settings(form), current_user.id)
        db.session.commit()
        flash(f"Rule {rule.name} saved.", "success")
        return redirect(url_for("sampling.rules"))

    return form_page(form, "sampling/rule_form.html", create, rule=None)


@bp.route("/rules/<int:rule_id>", methods=["GET", "POST"])
@roles_required(*LEADS)
def edit_rule(rule_id: int):
    rule = _rule_or_404(rule_id)
    form = _rule_form()
    if not form.is_submitted():
        _fill(form, rule)

    def save():
        save_rule(rule.id, _settings(form), current_user.id)
        db.session.commit()
        flash(f"Rule {rule.name} saved.", "success")
        return redirect(url_for("sampling.rules"))

    return form_page(form, "sampling/rule_form.html", save, rule=rule)


@bp.route("/rules/<int:rule_id>/run", methods=["POST"])
@roles_required(*LEADS)
def run_now(rule_id: int):
    rule = _rule_or_404(rule_id)
    form = RunNowForm()
    if not form.validate():
        abort(400, description="Choose the current or the previous period.")
    try:
        job = enqueue_run_now(rule, form.which.data, current_user.id)
    except Refused as refusal:
        db.session.rollback()
        abort(400, description=str(refusal))
    db.session.commit()
    flash(f"Rule {rule.name} runs in the background (job {job.id}); its run appears in the history.", "success")
    return redirect(url_for("sampling.runs", rule_id=rule.id))


@bp.route("/rules/<int:rule_id>/runs")
@roles_required(*LEADS)
def runs(rule_id: int):
    rule = _rule_or_404(rule_id)
    return render_template("sampling/runs.html", rule=rule, runs=list_runs(rule.id), summary_keys=SUMMARY_KEYS,
                           run_form=RunNowForm())


@bp.route("/assignments")
@roles_required(*LEADS)
def assignments():
    form = AssignmentFilterForm(request.args)
    loads = queries.reviewer_loads()
    form.set_reviewers([load.reviewer for load in loads])
    status = 200 if form.validate() else 400
    rows = queries.list_assignments(form.reviewer.data, form.status.data or "open") if status == 200 else []
    return render_template("sampling/assignments.html", form=form, loads=loads, assignments=rows,
                           limit=queries.LIST_LIMIT), status


@bp.route("/assignments/<int:assignment_id>/reassign", methods=["GET", "POST"])
@roles_required(*LEADS)
def reassign(assignment_id: int):
    assignment = db.get_or_404(Assignment, assignment_id, description=f"There is no assignment {assignment_id}.")
    form = ReassignForm()
    form.set_reviewers([u for u in queries.active_reviewers() if u.id != assignment.interaction.agent_id])

    def move():
        reassign_assignment(assignment.id, form.reviewer_id.data, form.reason.data, current_user.id)
        db.session.commit()
        flash(f"Interaction {assignment.interaction_id} is now with {assignment.reviewer.name}.", "success")
        return redirect(url_for("sampling.assignments"))

    return form_page(form, "sampling/reassign.html", move, assignment=assignment)
