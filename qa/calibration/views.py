"""Calibration pages: the sessions list, a new session, the session page (a participant's interactions to
score; once revealed, the answers side by side with statistics, gold answers and closing), and the CSV.

Reviewers reach the sessions they take part in; QA leads and admins run them. A session someone may not
open is a 404, the same as one that does not exist. Recurring schedules are in schedule_views.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from qa.access import roles_required
from qa.calibration import pages
from qa.calibration.export import answers_csv
from qa.calibration.forms import SessionForm, gold_from_form
from qa.calibration.gold import close_session, record_gold
from qa.calibration.models import CalibrationSession
from qa.calibration.services import LEADS, can_open, create_session, list_sessions, start_scoring
from qa.calibration.side_by_side import side_by_side
from qa.errors import Refused
from qa.extensions import db
from qa.roles import Role
from qa.sampling.queries import active_reviewers
from qa.web.forms import form_page
from scorecards.definition import parse_definition

bp = Blueprint("calibration", __name__, url_prefix="/calibration")
TAKING_PART = (Role.REVIEWER, Role.QA_LEAD, Role.ADMIN)


def _session_or_404(session_id: int) -> CalibrationSession:
    session = db.session.get(CalibrationSession, session_id)
    if session is None or not can_open(session, current_user):
        abort(404, description=f"There is no calibration session {session_id} of yours.")
    return session


@bp.route("/")
@roles_required(*TAKING_PART)
def index():
    lead = current_user.has_any_role(LEADS)
    to_score = list_sessions(current_user, scoring_only=True)
    others = [s for s in list_sessions(current_user) if s not in to_score]
    return render_template("calibration/index.html", to_score=to_score, others=others, lead=lead)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*LEADS)
def new_session():
    form = SessionForm()
    form.set_choices(pages.choosable_versions(), pages.recent_ready_interactions(), active_reviewers())

    def create():
        session = create_session(form.title.data, form.version_id.data, form.chosen_interactions(),
                                 form.reviewer_ids.data, form.deadline.data, current_user.id,
                                 form.include_autoqa.data, form.note.data or "")
        db.session.commit()
        flash(f"Session {session.title} created; {len(session.participants)} reviewer(s) were invited.", "success")
        return redirect(url_for("calibration.show", session_id=session.id))

    return form_page(form, "calibration/new.html", create)


@bp.route("/<int:session_id>")
@roles_required(*TAKING_PART)
def show(session_id: int):
    return _show(_session_or_404(session_id))


def _show(session: CalibrationSession, error: str | None = None, status: int = 200):
    page = pages.session_page(session, current_user)
    html = render_template("calibration/show.html", page=page, session=session, error=error)
    # Statistics computed on a cache miss are stored (qa.calibration.statistics_cache); committed after the
    # rendering, which would otherwise reload every object the commit expires.
    db.session.commit()
    return html, status


@bp.route("/<int:session_id>/items/<int:item_id>/score", methods=["POST"])
@roles_required(*TAKING_PART)
def score(session_id: int, item_id: int):
    session = _session_or_404(session_id)
    try:
        evaluation = start_scoring(session.id, item_id, current_user.id)
    except Refused as refusal:
        db.session.rollback()
        return _show(session, str(refusal), 400)
    db.session.commit()
    return redirect(url_for("reviews.review", evaluation_id=evaluation.id))


@bp.route("/items/<int:item_id>")
@roles_required(*TAKING_PART)
def item(item_id: int):
    """Where the review page sends a participant after they submit a calibration score: their session."""
    session = pages.item_session(item_id)
    if session is None or not can_open(session, current_user):
        abort(404, description=f"There is no calibration interaction {item_id} of yours.")
    certification = pages.certification_of(session)
    if certification is not None:  # a certification attempt has its own page (qa.calibration.certification_views)
        return redirect(url_for("certification.show", certification_id=certification.id))
    return redirect(url_for("calibration.show", session_id=session.id, _anchor=f"item-{item_id}"))


@bp.route("/<int:session_id>/items/<int:item_id>/gold", methods=["POST"])
@roles_required(*LEADS)
def gold(session_id: int, item_id: int):
    session = _session_or_404(session_id)
    try:
        saved = record_gold(session.id, item_id, gold_from_form(request.form, parse_definition(
            session.version.definition)), current_user.id)
    except Refused as refusal:
        db.session.rollback()
        return _show(session, str(refusal), 400)
    db.session.commit()
    flash(f"Gold answers saved for {len(saved)} question(s).", "success")
    return redirect(url_for("calibration.show", session_id=session.id, _anchor=f"item-{item_id}"), 303)


@bp.route("/<int:session_id>/close", methods=["POST"])
@roles_required(*LEADS)
def close(session_id: int):
    session = _session_or_404(session_id)
    try:
        close_session(session.id, current_user.id)
    except Refused as refusal:
        db.session.rollback()
        return _show(session, str(refusal), 400)
    db.session.commit()
    flash(f"Session {session.title} is closed; the participants were told.", "success")
    return redirect(url_for("calibration.show", session_id=session.id), 303)


@bp.route("/<int:session_id>/answers.csv")
@roles_required(*LEADS)
def answers(session_id: int):
    session = _session_or_404(session_id)
    try:
        board = side_by_side(session, current_user)
    except Refused as refusal:
        return Response(f"{refusal}\n", status=409, mimetype="text/plain")  # not yet: the answers are hidden
    # Everything the rows need is loaded into the board already, so the generator needs no request context.
    return Response(answers_csv(board), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="calibration-{session.id}-answers.csv"'})


def init_session_pages(app) -> None:
    from qa.calibration import jobs, schedule_views  # noqa: F401  (schedule routes; jobs registers its kind)
    from qa.calibration import agreement_views, statistics_jobs  # noqa: F401  (pooled agreement; its jobs)
    from qa.jobs.registry import supervisor_tick
    from qa.reviews.services import evaluation_submitted
    from qa.web.navigation import NavItem, add_nav_item

    app.register_blueprint(bp)
    add_nav_item(app, NavItem("Calibration", "calibration.index"))
    # The workers' supervisor queues scheduled sessions on each pass; connected once however many apps exist.
    supervisor_tick.connect(jobs.on_supervisor_tick)
    # Revealed sessions' statistics are computed ahead of the facilitator: on the revealing score, and on
    # the supervisor's pass once a deadline has gone by (qa.calibration.statistics_jobs).
    supervisor_tick.connect(statistics_jobs.on_supervisor_tick)
    evaluation_submitted.connect(statistics_jobs.on_evaluation_submitted)
