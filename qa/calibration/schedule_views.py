"""QA leads' pages for recurring calibration: the schedules, a schedule's form, and "Run now".

"Run now" queues the same job the schedule's own runs use (AutoQA's answers for every drawn interaction
are work for a worker, not for a request); the schedules page shows what the latest run did.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from qa.access import roles_required
from qa.accounts.services import list_teams
from qa.calibration.forms import ScheduleForm
from qa.calibration.jobs import enqueue_run_now, last_runs
from qa.calibration.models import CalibrationSession
from qa.calibration.schedules import ScheduleSettings, find_schedule, list_schedules, save_schedule
from qa.calibration.services import LEADS
from qa.calibration.views import bp
from qa.errors import Refused
from qa.extensions import db
from qa.sampling.forms import RunNowForm
from qa.sampling.queries import active_reviewers
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
    listed = list_schedules()
    return render_template("calibration/schedules.html", schedules=listed, latest=latest,
                           last_runs=last_runs([schedule.id for schedule in listed]), run_form=RunNowForm())


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
    try:
        job = enqueue_run_now(schedule, form.which.data, current_user.id)
    except Refused as refusal:
        db.session.rollback()
        abort(400, description=str(refusal))
    db.session.commit()
    flash(f"Schedule {schedule.title} runs in the background (job {job.id}); its session appears below and "
          f"among the sessions when the draw is done.", "success")
    return redirect(url_for("calibration.schedules"))
