"""The reviewer's pages: the queue, the review page (interaction beside the scorecard form), autosave,
submit, switching to the published version, pinned comments, and the what-would-change preview.

A review page is its reviewer's alone: anyone else's evaluation is a 404 here (QA leads read submitted
evaluations on the evaluation pages), so nothing about another review leaks through these URLs.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from qa.access import roles_required
from qa.errors import Refused
from qa.extensions import db
from qa.reviews import review_page
from qa.reviews.forms import (ImpactForm, MomentForm, ReviewForm, StartReviewForm, answers_from_form,
                              autosave_from_json)
from qa.reviews.impact import DEFAULT_COUNT, preview_version_impact
from qa.reviews.models import Evaluation, EvaluationStatus
from qa.reviews.moments import pin_moment, remove_moment
from qa.reviews.services import percent_text, save_answers, start_evaluation, submit_evaluation, switch_version
from qa.roles import Role
from scorecards.definition import parse_definition
from scorecards.models import VersionStatus
from scorecards.services import published_version
from transcription.tag_display import group_tags

bp = Blueprint("reviews", __name__, url_prefix="/reviews")
REVIEWERS = (Role.REVIEWER, Role.QA_LEAD, Role.ADMIN)
LEADS = (Role.QA_LEAD, Role.ADMIN)


def _own_or_404(evaluation_id: int) -> Evaluation:
    evaluation = db.session.get(Evaluation, evaluation_id)
    if evaluation is None or evaluation.reviewer_id != current_user.id:
        abort(404, description=f"There is no review {evaluation_id} of yours.")
    return evaluation


@bp.route("/")
@roles_required(*REVIEWERS)
def queue():
    form = StartReviewForm(formdata=None, interaction=request.args.get("interaction", ""))
    return _queue_page(form)


def _queue_page(form: StartReviewForm, status: int = 200):
    form.set_scorecards(review_page.startable_scorecards())
    return render_template("reviews/queue.html", form=form, queue=review_page.queue_for(current_user),
                           answered_count=review_page.answered_count), status


@bp.route("/start", methods=["POST"])
@roles_required(*REVIEWERS)
def start():
    form = StartReviewForm()
    form.set_scorecards(review_page.startable_scorecards())
    if not form.validate():
        return _queue_page(form, 400)
    try:
        evaluation = start_evaluation(form.interaction_id, current_user.id, scorecard_id=form.scorecard_id.data,
                                      assignment_id=int(form.assignment_id.data or 0) or None)
    except Refused as refusal:
        db.session.rollback()
        form.form_errors.append(str(refusal))
        return _queue_page(form, 400)
    db.session.commit()
    return redirect(url_for("reviews.review", evaluation_id=evaluation.id))


@bp.route("/<int:evaluation_id>")
@roles_required(*REVIEWERS)
def review(evaluation_id: int):
    evaluation = _own_or_404(evaluation_id)
    return _review_page(evaluation, ReviewForm(formdata=None, base_revision=evaluation.revision,
                                               overall_comment=evaluation.overall_comment))


def _review_page(evaluation: Evaluation, form: ReviewForm, status: int = 200, posted: dict | None = None):
    """The page; `posted` holds answers the reviewer sent that could not be stored, so they are shown, not lost."""
    interaction = evaluation.interaction
    sheet = review_page.review_sheet(evaluation)
    moment_form = MomentForm(formdata=None)
    moment_form.criterion_key.choices = [("", "The whole review")] + [
        (criterion.key, criterion.question) for _, criterion in sheet.definition.criteria()]
    retired = evaluation.version.status != VersionStatus.PUBLISHED.value
    return render_template(
        "reviews/review.html", evaluation=evaluation, interaction=interaction, sheet=sheet, form=form,
        posted=posted or {}, breakdown=review_page.shown_breakdown(evaluation), moment_form=moment_form,
        editable=evaluation.status == EvaluationStatus.DRAFT.value, can_manage=False,
        tag_groups=group_tags([hit for hit in interaction.tag_hits if hit.active]),
        retired=retired, current_version=published_version(evaluation.version.scorecard_id) if retired else None,
        others=review_page.other_reviews(evaluation, current_user)), status


@bp.route("/<int:evaluation_id>/autosave", methods=["POST"])
@roles_required(*REVIEWERS)
def autosave(evaluation_id: int):
    evaluation = _own_or_404(evaluation_id)
    base_revision = None
    try:
        data = autosave_from_json(request.get_json(silent=True))
        base_revision = data.base_revision
        save_answers(evaluation.id, current_user.id, data.answers, overall_comment=data.overall_comment,
                     base_revision=data.base_revision, seconds=data.seconds)
    except Refused as refusal:
        db.session.rollback()
        # Stale: another tab saved or submitted since this page loaded; the page must not save over it.
        stale = evaluation.status != EvaluationStatus.DRAFT.value or (
            base_revision is not None and evaluation.revision != base_revision)
        return jsonify(ok=False, error=str(refusal), stale=stale), 409 if stale else 400
    db.session.commit()
    return jsonify(ok=True, revision=evaluation.revision, saved_at=evaluation.updated_at.isoformat() + "Z",
                   breakdown=review_page.live_score(evaluation).to_dict(),
                   overridden=[a.criterion_key for a in evaluation.answers if a.overridden])


@bp.route("/<int:evaluation_id>/submit", methods=["POST"])
@roles_required(*REVIEWERS)
def submit(evaluation_id: int):
    evaluation = _own_or_404(evaluation_id)
    form = ReviewForm()
    if not form.validate():
        form.form_errors.append("The form arrived incomplete or altered; reload the review and answer again.")
        return _review_page(evaluation, form, 400)
    answers = answers_from_form(request.form, parse_definition(evaluation.version.definition))
    try:
        save_answers(evaluation.id, current_user.id, answers, overall_comment=form.overall_comment.data or "",
                     base_revision=form.base_revision.data, seconds=form.seconds.data or 0)
    except Refused as refusal:
        db.session.rollback()
        form.form_errors.append(str(refusal))
        if evaluation.status == EvaluationStatus.DRAFT.value and evaluation.revision != form.base_revision.data:
            form.form_errors.append("The form shows the answers you sent; submitting it again replaces the "
                                    "other window's answers with them.")
            form.base_revision.data = evaluation.revision
        return _review_page(evaluation, form, 400, posted=answers)
    db.session.commit()  # the answers are kept even if the submit below is refused
    try:
        submit_evaluation(evaluation.id, current_user.id)
    except Refused as refusal:
        return _refused(evaluation, refusal)
    db.session.commit()
    flash(f"Review submitted: {percent_text(evaluation.score)}.", "success")
    return redirect(review_page.submitted_url(evaluation))


def _refused(evaluation: Evaluation, refusal: Refused):
    """The review page again, as stored, with the reason the action was refused."""
    db.session.rollback()
    form = ReviewForm(formdata=None, base_revision=evaluation.revision, overall_comment=evaluation.overall_comment)
    form.form_errors.append(str(refusal))
    return _review_page(evaluation, form, 400)


@bp.route("/<int:evaluation_id>/switch-version", methods=["POST"])
@roles_required(*REVIEWERS)
def switch(evaluation_id: int):
    evaluation = _own_or_404(evaluation_id)
    try:
        switch_version(evaluation.id, current_user.id)
    except Refused as refusal:
        return _refused(evaluation, refusal)
    db.session.commit()
    flash(f"This review now uses {evaluation.version.label}; answers to the questions it kept carried over.",
          "success")
    return redirect(url_for("reviews.review", evaluation_id=evaluation.id))


@bp.route("/<int:evaluation_id>/moments", methods=["POST"])
@roles_required(*REVIEWERS)
def pin(evaluation_id: int):
    evaluation = _own_or_404(evaluation_id)
    form = MomentForm()
    form.criterion_key.choices = []  # checked by the service against the version's criteria
    try:
        if not form.validate():
            raise Refused("Choose a line and write the comment to pin to it.")
        moment = pin_moment(evaluation.id, current_user.id, form.position.data, form.text.data,
                            form.criterion_key.data or None)
    except Refused as refusal:
        db.session.rollback()
        if request.is_json:
            return jsonify(ok=False, error=str(refusal)), 400
        flash(str(refusal), "error")
        return redirect(url_for("reviews.review", evaluation_id=evaluation.id, _anchor="moments"))
    db.session.commit()
    if request.is_json:
        return jsonify(ok=True, moment={"id": moment.id, "position": moment.position, "time": moment.time,
                                        "text": moment.text, "criterion_key": moment.criterion_key,
                                        "remove_url": url_for("reviews.unpin", evaluation_id=evaluation.id,
                                                              moment_id=moment.id)})
    flash(f"Comment pinned to line {moment.position + 1}.", "success")
    return redirect(url_for("reviews.review", evaluation_id=evaluation.id, _anchor="moments"))


@bp.route("/<int:evaluation_id>/moments/<int:moment_id>/delete", methods=["POST"])
@roles_required(*REVIEWERS)
def unpin(evaluation_id: int, moment_id: int):
    evaluation = _own_or_404(evaluation_id)
    try:
        remove_moment(evaluation.id, current_user.id, moment_id)
    except Refused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    else:
        db.session.commit()
        flash("Pinned comment removed.", "success")
    return redirect(url_for("reviews.review", evaluation_id=evaluation.id, _anchor="moments"))


@bp.route("/impact/<int:version_id>")
@roles_required(*LEADS)
def impact(version_id: int):
    form = ImpactForm(request.args)
    count = form.n.data if form.validate() and form.n.data else DEFAULT_COUNT
    try:
        result = preview_version_impact(version_id, current_user, count)
    except Refused as refusal:
        abort(404, description=str(refusal))
    return render_template("reviews/impact.html", impact=result, form=form), 200 if not form.errors else 400
