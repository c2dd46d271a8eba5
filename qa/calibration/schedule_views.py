"""QA leads' pages for recurring calibration: the schedules, a schedule's form, and "Run now".

"Run now" makes the session in the request: a run is one small draw (at most MAX_ITEMS interactions and
their AutoQA answers), and the lead lands on the session it made, or sees at once why there is none.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from qa.access import roles_required
from qa.accounts.services import list_teams
from qa.calibration.forms import ScheduleForm
from qa.calibration.models import CalibrationSession
from qa.calibration.schedules import ScheduleSettings, find_schedule, list_schedules, run_schedule, save_schedule
from qa.calibration.services import LEADS
from qa.calibration.views import bp
from qa.errors import Refused
from qa.extensions import db
from qa.sampling.forms import RunNowForm
from qa.sampling.periods import period_start, previous_window
from qa.sampling.queries import active_reviewers
from qa.timeutil import utcnow
from qa.web.forms import form_page
from scorecards.services import list_scorecards, published_version
from transcription.tagging.versions import load_tag_keys


def _schedule_or_404(schedule_id: int):
    try:
        return find_schedule(schedule_id)
    except Refused as refusal:
        abort(404, description=str(refusal))


def _form() -> ScheduleForm:
    form = ScheduleForm()
    scorecards = [card for card in list_scorecards()
                  if card.retired_at is None and published_version(card.id) is not None]
    form.set_choices(scorecards, list_teams(), load_tag_keys(), active_reviewers())
    return form


def _settings(form: ScheduleForm) -> ScheduleSettings:
    return ScheduleSettings(
        title=form.title.data, scorecard_id=form.scorecard_id.data, reviewer_ids=form.reviewer_ids.data,
        population=form.population(), interactions_per_session=form.interactions_per_session.data,
        period=form.period.data, deadline_days=form.deadline_days.data, include_autoqa=form.include_autoqa.data,
        active=form.active.data)


@bp.route("/schedules")
@roles_required(*LEADS)
def schedules():
    latest = {}
    for session in db.session.scalars(db.select(CalibrationSession).where(CalibrationSession.schedule_id.is_not(None))
                                      .order_by(CalibrationSession.id)):
        latest[session.schedule_id] = session
    return render_template("calibration/schedules.html", schedules=list_schedules(), latest=latest,
                           run_form=RunNowForm())


@bp.route("/schedules/new", methods=["GET", "POST"])
@roles_required(*LEADS)
def new_schedule():
    form = _form()

    def create():
        schedule = save_schedule(None, _settings(form), current_user.id)
        db.session.commit()
        flash(f"Schedule {schedule.title} saved; it first runs {schedule.next_run_at:%Y-%m-%d %H:%M} UTC.", "success")
        return redirect(url_for("calibration.schedules"))

    return form_page(form, "calibration/schedule_form.html", create, schedule=None, run_form=None)


@bp.route("/schedules/<int:schedule_id>", methods=["GET", "POST"])
@roles_required(*LEADS)
def edit_schedule(schedule_id: int):
    schedule = _schedule_or_404(schedule_id)
    form = _form()
    if not form.is_submitted():
        form.fill(schedule)

    def save():
        save_schedule(schedule.id, _settings(form), current_user.id)
        db.session.commit()
        flash(f"Schedule {schedule.title} saved.", "success")
        return redirect(url_for("calibration.schedules"))

    return form_page(form, "calibration/schedule_form.html", save, schedule=schedule, run_form=RunNowForm())


@bp.route("/schedules/<int:schedule_id>/run", methods=["POST"])
@roles_required(*LEADS)
def run_now(schedule_id: int):
    schedule = _schedule_or_404(schedule_id)
    form = RunNowForm()
    if not form.validate():
        abort(400, description="Choose the current or the previous period.")
    now = utcnow()
    start = (period_start(schedule.period, now) if form.which.data == "current"
             else previous_window(schedule.period, now)[0])
    try:
        session = run_schedule(schedule.id, start, trigger="manual", run_by_id=current_user.id, now=now)
    except Refused as refusal:
        db.session.rollback()
        abort(400, description=str(refusal))
    db.session.commit()
    if session is None:
        flash(f"No ready interaction of the population started in that {schedule.period}; no session was made.",
              "error")
        return redirect(url_for("calibration.schedules"))
    flash(f"Session {session.title} made with {len(session.items)} interaction(s).", "success")
    return redirect(url_for("calibration.show", session_id=session.id))
