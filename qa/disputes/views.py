"""The resolver's pages: the queue of disputes and the page where each disputed criterion is decided.

The agent opens disputes from the evaluation page (qa.reviews.evaluation_views)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from qa.access import roles_required
from qa.disputes import queries
from qa.disputes.forms import ResolveForm, resolve_form
from qa.disputes.services import can_resolve, resolve_dispute
from qa.errors import Refused
from qa.extensions import db
from qa.reviews.evaluation_document import dispute_document, moments
from qa.reviews.evaluation_list import MAX_PAGE
from qa.roles import Role
from scorecards.definition import parse_definition

bp = Blueprint("disputes", __name__, url_prefix="/disputes")
RESOLVERS = (Role.REVIEWER, Role.QA_LEAD, Role.ADMIN)
ALL = "all"


@bp.route("/")
@roles_required(*RESOLVERS)
def index():
    status = request.args.get("status", "open")
    if status not in (*queries.STATUSES, ALL):
        abort(400, description=f"status must be one of {', '.join((*queries.STATUSES, ALL))}, not {status!r}.")
    page = request.args.get("page", 1, type=int)
    if not 1 <= page <= MAX_PAGE:
        abort(400, description=f"page must be a whole number from 1 to {MAX_PAGE}.")
    disputes, total = queries.dispute_queue(current_user, None if status == ALL else status, page)
    return render_template("disputes/index.html", disputes=disputes, total=total, status=status, page=page,
                           pages=max(1, -(-total // queries.PAGE_SIZE)), statuses=(*queries.STATUSES, ALL),
                           sees_all=current_user.has_any_role(queries.OVERSEERS))


@bp.route("/<int:dispute_id>", methods=["GET", "POST"])
@roles_required(*RESOLVERS)
def show(dispute_id: int):
    dispute = queries.find_visible_dispute(current_user, dispute_id)
    if dispute is None:
        abort(404, description=f"There is no dispute {dispute_id} that you can see.")
    if request.method == "GET":
        return _page(dispute, resolve_form(dispute, formdata=None))
    if not can_resolve(current_user, dispute):
        abort(403, description="This dispute is not yours to resolve.")
    form = resolve_form(dispute)
    if not form.validate():
        return _page(dispute, form), 400
    try:
        resolve_dispute(dispute.id, current_user.id, form.decisions(), form.note.data or "")
    except Refused as refusal:
        db.session.rollback()
        form.form_errors.append(str(refusal))
        return _page(dispute, form), 400
    db.session.commit()
    flash(f"Dispute {dispute.id} is {dispute.status.replace('_', ' ')}.", "success")
    return redirect(url_for("disputes.show", dispute_id=dispute.id), 303)


def _page(dispute, form: ResolveForm):
    evaluation = dispute.evaluation
    definition = parse_definition(evaluation.version.definition)
    pinned = moments(evaluation)
    by_line: dict[int, list[dict]] = {}
    for moment in pinned:
        by_line.setdefault(moment["position"], []).append(moment)
    answers = {item.criterion_key: evaluation.answer_for(item.criterion_key) for item in dispute.items}
    return render_template("disputes/show.html", dispute=dispute, d=dispute_document(dispute, definition),
                           evaluation=evaluation, interaction=evaluation.interaction, form=form, answers=answers,
                           can_resolve=can_resolve(current_user, dispute), moments=pinned, moments_by_line=by_line,
                           questions={c.key: c.question for _, c in definition.criteria()})
