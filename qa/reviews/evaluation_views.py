"""Submitted evaluations as everyone reads them: the list with filters, and one evaluation's page with its
score, answers, pinned moments, history and dispute. The agent acknowledges or disputes here.

What a user may see comes from qa.reviews.queries (agents: only their own submitted live evaluations);
anything else is a 404, the same as an evaluation that does not exist.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from qa.access import signed_in
from qa.accounts.services import list_users
from qa.disputes.forms import DisputeForm, dispute_form
from qa.disputes.services import acknowledge_unless_disputed, open_dispute, window_closes_at
from qa.errors import Refused
from qa.extensions import db
from qa.reviews.evaluation_document import evaluation_document
from qa.reviews.evaluation_forms import EvaluationFilterForm
from qa.reviews.evaluation_list import MAX_PAGE, PAGE_SIZE, dispute_states, list_evaluations
from qa.reviews.models import Evaluation, EvaluationStatus
from qa.reviews.queries import find_visible_evaluation
from qa.roles import STAFF_ROLES, Role
from qa.timeutil import utcnow
from scorecards.services import list_scorecards

bp = Blueprint("evaluations", __name__, url_prefix="/evaluations")
REVIEWER_ROLES = (Role.REVIEWER, Role.QA_LEAD, Role.ADMIN)


def _visible_or_404(evaluation_id: int) -> Evaluation:
    evaluation = find_visible_evaluation(current_user, evaluation_id)
    if evaluation is None:
        abort(404, description=f"There is no evaluation {evaluation_id} that you can see.")
    return evaluation


@bp.route("/")
@signed_in
def index():
    form = EvaluationFilterForm(request.args)
    people = [user for user in list_users() if user.active] if current_user.has_any_role(STAFF_ROLES) else []
    form.set_choices([u for u in people if u.has_role(Role.AGENT)],
                     [u for u in people if u.has_any_role(REVIEWER_ROLES)], list_scorecards())
    page = {"form": form, "evaluations": [], "disputes": {}, "total": 0, "page": 1, "pages": 1,
            "staff": current_user.has_any_role(STAFF_ROLES)}
    if not form.validate():
        return render_template("evaluations/index.html", **page), 400
    page["page"] = min(max(1, request.args.get("page", 1, type=int)), MAX_PAGE)
    page["evaluations"], page["total"] = list_evaluations(current_user, form.filters(), page["page"])
    page["disputes"] = dispute_states([evaluation.id for evaluation in page["evaluations"]])
    page["pages"] = max(1, -(-page["total"] // PAGE_SIZE))
    return render_template("evaluations/index.html", **page)


@bp.route("/<int:evaluation_id>")
@signed_in
def show(evaluation_id: int):
    evaluation = _visible_or_404(evaluation_id)
    return _page(evaluation, dispute_form(evaluation, formdata=None))


@bp.route("/<int:evaluation_id>/acknowledge", methods=["POST"])
@signed_in
def acknowledge(evaluation_id: int):
    evaluation = _visible_or_404(evaluation_id)
    try:
        acknowledge_unless_disputed(evaluation.id, current_user.id)
    except Refused as refusal:
        db.session.rollback()
        return _page(evaluation, dispute_form(evaluation, formdata=None), error=str(refusal)), 400
    db.session.commit()
    flash("Acknowledged. Thank you.", "success")
    return redirect(url_for("evaluations.show", evaluation_id=evaluation.id), 303)


@bp.route("/<int:evaluation_id>/dispute", methods=["POST"])
@signed_in
def dispute(evaluation_id: int):
    evaluation = _visible_or_404(evaluation_id)
    form = dispute_form(evaluation)
    if not form.validate():
        return _page(evaluation, form), 400
    try:
        opened = open_dispute(evaluation.id, current_user.id, form.items(), form.reason.data or "")
    except Refused as refusal:
        db.session.rollback()
        return _page(evaluation, form, error=str(refusal)), 400
    db.session.commit()
    flash(f"Your dispute was sent to {opened.resolver.name}.", "success")
    return redirect(url_for("evaluations.show", evaluation_id=evaluation.id), 303)


def _page(evaluation: Evaluation, form: DisputeForm, error: str | None = None):
    document = evaluation_document(evaluation, current_user)
    is_agent = evaluation.agent_id == current_user.id and evaluation.status == EvaluationStatus.SUBMITTED.value
    closes = window_closes_at(evaluation)
    has_open = document["dispute_status"] == "open"
    return render_template(
        "evaluations/show.html", evaluation=evaluation, doc=document, interaction=evaluation.interaction,
        form=form, error=error, closes_at=closes,
        can_acknowledge=is_agent and evaluation.acknowledged_at is None and not has_open,
        can_dispute=is_agent and evaluation.acknowledged_at is None and not has_open and utcnow() <= closes,
        questions={c["key"]: c["question"] for section in document["sections"] for c in section["criteria"]},
        moments_by_line=_moments_by_line(document["moments"]),
        show_form=bool(form.errors or form.form_errors or error or request.args.get("dispute")))


def _moments_by_line(moments: list[dict]) -> dict[int, list[dict]]:
    by_line: dict[int, list[dict]] = {}
    for moment in moments:
        by_line.setdefault(moment["position"], []).append(moment)
    return by_line


def init_evaluation_pages(app) -> None:
    """/evaluations for everyone signed in, and GET /api/v1/evaluations (bearer tokens, so no CSRF token)."""
    from qa.extensions import csrf
    from qa.reviews import api
    from qa.web.navigation import NavItem, add_nav_item

    app.register_blueprint(bp)
    app.register_blueprint(csrf.exempt(api.bp))
    add_nav_item(app, NavItem("Evaluations", "evaluations.index"))
