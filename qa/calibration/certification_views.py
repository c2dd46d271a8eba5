"""Certification pages: a QA lead sets a scorecard's rule and sees every reviewer's standing; a reviewer sees
their own, starts (scoring happens on the normal review page) and reads where they diverged from gold.

A result someone may not read (another reviewer's, for a reviewer) is a 404, the same as one that does not
exist, so ids reveal nothing.
"""
from __future__ import annotations

from flask import Blueprint, Flask, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from qa.access import roles_required
from qa.calibration.certification import (attempts_of, certification_evaluations, certification_gate, find_rule,
                                          next_draft, set_certification_rule, start_certification)
from qa.calibration.certification_forms import RuleForm, StartForm
from qa.calibration.certification_grading import grade_certification, on_evaluation_submitted
from qa.calibration.certification_pool import retake_outlook
from qa.calibration.certification_status import gold_candidates, own_standings, reviewer_standings, rules_overview
from qa.calibration.models import Certification, CertificationStatus
from qa.errors import Refused
from qa.extensions import db
from qa.reviews.models import EvaluationStatus
from qa.reviews.services import evaluation_submitted
from qa.roles import Role
from qa.sampling.services import reviewer_gates
from qa.web.forms import form_page
from qa.web.navigation import NavItem, add_nav_item
from scorecards.models import Scorecard
from scorecards.services import published_version

bp = Blueprint("certification", __name__, url_prefix="/certification")
REVIEWERS = (Role.REVIEWER, Role.QA_LEAD, Role.ADMIN)
LEADS = (Role.QA_LEAD, Role.ADMIN)


def init_certification(app: Flask) -> None:
    """The pages, the nav entry, the gate on live reviews and the grading receiver (the last two once)."""
    app.register_blueprint(bp)
    add_nav_item(app, NavItem("Certification", "certification.index"))
    if certification_gate not in reviewer_gates:
        reviewer_gates.append(certification_gate)
    evaluation_submitted.connect(on_evaluation_submitted)  # blinker keeps one connection per receiver


def _scorecard_or_404(scorecard_id: int) -> Scorecard:
    return db.get_or_404(Scorecard, scorecard_id, description=f"There is no scorecard {scorecard_id}.")


@bp.route("/")
@roles_required(*REVIEWERS)
def index():
    lead = current_user.has_any_role(LEADS)
    return render_template("certification/index.html", own=own_standings(current_user), start_form=StartForm(),
                           overview=rules_overview() if lead else [], lead=lead)


@bp.route("/scorecards/<int:scorecard_id>", methods=["GET", "POST"])
@roles_required(*LEADS)
def manage(scorecard_id: int):
    scorecard = _scorecard_or_404(scorecard_id)
    rule = find_rule(scorecard.id)
    candidates = gold_candidates(scorecard)
    form = RuleForm()
    form.set_candidates(candidates)
    if rule is not None and not form.is_submitted():
        form.fill(rule)

    def save():
        set_certification_rule(scorecard.id, form.required.data, form.gold_item_ids.data,
                               float(form.tolerance_points.data), form.min_matching_share, current_user.id,
                               items_per_attempt=form.items_per_attempt.data)
        db.session.commit()
        flash(f"Certification on {scorecard.name} saved.", "success")
        return redirect(url_for("certification.manage", scorecard_id=scorecard.id))

    current = published_version(scorecard.id)
    return form_page(form, "certification/manage.html", save, scorecard=scorecard, rule=rule,
                     candidates={item.id: item for item in candidates}, standings=reviewer_standings(scorecard),
                     current_version=current)


@bp.route("/scorecards/<int:scorecard_id>/start", methods=["POST"])
@roles_required(*REVIEWERS)
def start(scorecard_id: int):
    scorecard = _scorecard_or_404(scorecard_id)
    if not StartForm().validate():
        abort(400, description="The form arrived incomplete; reload the page and press Start again.")
    try:
        certification = start_certification(current_user.id, scorecard.id)
    except Refused as refusal:
        db.session.rollback()
        abort(400, description=str(refusal))
    draft = next_draft(certification)
    if draft is None and certification.status == CertificationStatus.IN_PROGRESS.value:
        grade_certification(certification.id)  # every interaction is submitted but it was not graded
    db.session.commit()
    if draft is None:
        return redirect(url_for("certification.show", certification_id=certification.id))
    return redirect(url_for("reviews.review", evaluation_id=draft.id))


@bp.route("/<int:certification_id>")
@roles_required(*REVIEWERS)
def show(certification_id: int):
    certification = db.session.get(Certification, certification_id)
    if certification is None or not (certification.reviewer_id == current_user.id
                                     or current_user.has_any_role(LEADS)):
        abort(404, description=f"There is no certification {certification_id} of yours.")
    evaluations = certification_evaluations(certification)
    submitted = sum(1 for e in evaluations if e.status == EvaluationStatus.SUBMITTED.value)
    own = certification.reviewer_id == current_user.id
    retake = None  # what pressing Take it again would draw: only on the page that offers it
    if own and certification.status == CertificationStatus.FAILED.value:
        retake = retake_outlook(find_rule(certification.scorecard_id),
                                attempts_of(certification.reviewer_id, certification.scorecard_id))
    return render_template(
        "certification/show.html", certification=certification, scorecard=db.session.get(
            Scorecard, certification.scorecard_id), evaluations=evaluations, submitted=submitted,
        own=own, start_form=StartForm(), retake=retake,
        in_progress=certification.status == CertificationStatus.IN_PROGRESS.value)
