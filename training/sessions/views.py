"""Coaching session pages: the list (trainers, QA leads, admins), scheduling and editing (trainers and admins),
the session page (staff, and the agent for their own: a session of someone else is a 404 to an agent), the
write-up forms, and the session as an .ics file."""
from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from qa.access import roles_required
from qa.errors import Refused
from qa.extensions import db
from qa.roles import Role
from qa.timeutil import utcnow
from qa.web.converters import LARGEST_ID
from qa.web.forms import form_page
from training.navigation import CoachingLink, add_coaching_link
from training.plans.models import CoachingPlan
from training.sessions import services, writeup
from training.sessions.calendar import CalendarEvent, event_ics
from training.sessions.forms import ActionForm, ButtonForm, CancelForm, NotesForm, ScheduleForm, TimingForm
from training.sessions.models import CoachingSession, CoachingSessionStatus as Status
from training.sessions.services import COACH_ROLES, READER_ROLES
from training.sessions.timeline import session_timeline

bp = Blueprint("training_sessions", __name__, url_prefix="/coaching/sessions")
OPENERS = (*READER_ROLES, Role.AGENT)
CONFIRMERS = (*COACH_ROLES, Role.AGENT)


def _session_or_404(session_id: int) -> CoachingSession:
    session = db.session.get(CoachingSession, session_id)
    if session is None or not services.can_open(session, current_user):
        abort(404, description=f"There is no coaching session {session_id} of yours.")
    return session


@bp.route("/")
@roles_required(*READER_ROLES)
def index():
    coach_id, agent_id = _id_arg("coach"), _id_arg("agent")
    listed = services.list_sessions(coach_id=coach_id, agent_id=agent_id)
    groups = {"upcoming": [], "awaiting": [], "past": []}
    for session in listed:
        groups[_group(session)].append(session)
    return render_template("training/sessions/index.html", groups=groups, coaches=services.coaches(),
                           agents=services.agents(), coach_id=coach_id, agent_id=agent_id,
                           can_schedule=current_user.has_any_role(COACH_ROLES))


def _id_arg(name: str) -> int | None:
    """A row id from the query string; anything else (text, a number no row can have) is no filter."""
    value = request.args.get(name, type=int)
    return value if value is not None and 1 <= value <= LARGEST_ID else None


def _group(session: CoachingSession) -> str:
    if session.status == Status.SCHEDULED:
        return "upcoming"
    if session.status == Status.HELD and not (session.coach_confirmed_at and session.agent_confirmed_at):
        return "awaiting"
    return "past"


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*COACH_ROLES)
def new():
    form = ScheduleForm()
    form.set_choices(services.coaches(), services.agents(), services.assigned_plans())
    if not form.is_submitted():
        _prefill(form)

    def create():
        session = services.schedule_session(
            form.agent_id.data, form.coach_id.data, form.scheduled_at.data, form.duration_minutes.data,
            actor_id=current_user.id, plan_id=form.plan_id.data, agenda=form.agenda.data)
        db.session.commit()
        flash(f"Session with {session.agent.name} scheduled for {services.when(session)}; they were told.",
              "success")
        return redirect(url_for("training_sessions.show", session_id=session.id))

    return form_page(form, "training/sessions/form.html", create, session=None)


def _prefill(form: ScheduleForm) -> None:
    """From a plan or an agent's page: ?plan_id=… (its agent and its agenda) or ?agent_id=…"""
    form.coach_id.data = current_user.id
    plan_id = _id_arg("plan_id")
    plan = db.session.get(CoachingPlan, plan_id) if plan_id else None
    if plan is not None and plan.status in services.PLAN_STATUSES:
        form.agent_id.data, form.plan_id.data = plan.agent_id, plan.id
        form.agenda.data = services.default_agenda(plan)
    else:
        form.agent_id.data = _id_arg("agent_id")


@bp.route("/<int:session_id>")
@roles_required(*OPENERS)
def show(session_id: int):
    return _show(_session_or_404(session_id))


def _show(session: CoachingSession, error: str | None = None, status: int = 200, notes_form=None,
          action_form=None):
    coach_writes = current_user.id == session.coach_id and session.status != Status.CANCELLED
    if notes_form is None:
        notes_form = NotesForm(formdata=None, notes=session.notes)
    if action_form is None:
        action_form = ActionForm(formdata=None, owner_id=session.agent_id)
    action_form.set_owners(session)
    side = "coach" if current_user.id == session.coach_id else "agent" if current_user.id == session.agent_id \
        else None
    return render_template(
        "training/sessions/show.html", session=session, error=error, timeline=session_timeline(session),
        coach_writes=coach_writes, side=side, ends_at=services.ends_at(session),
        can_change=session.status == Status.SCHEDULED and services.can_change(session, current_user),
        notes_form=notes_form, action_form=action_form, button=ButtonForm(), today=utcnow().date(),
        plan_url=_plan_url(session)), status


def _plan_url(session: CoachingSession) -> str | None:
    """The plan's page for this reader: the agent's own plan page, or the trainers' one."""
    if session.plan is None:
        return None
    endpoint = "training_plans.my_plan" if current_user.id == session.agent_id else "training_plans.show"
    if endpoint not in current_app.view_functions:  # the plans part's pages are not registered
        return None
    return url_for(endpoint, plan_id=session.plan_id)


def _refusable(session: CoachingSession, act, done: str, anchor: str | None = None, **forms):
    """Run a write-up step; on a refusal show the session page again with the reason (status 400)."""
    try:
        act()
    except Refused as refusal:
        db.session.rollback()
        return _show(session, str(refusal), 400, **forms)
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("training_sessions.show", session_id=session.id, _anchor=anchor), 303)


@bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
@roles_required(*COACH_ROLES)
def edit(session_id: int):
    session = _session_or_404(session_id)
    form = _timing_form(session, from_request=request.method == "POST")

    def save():
        services.reschedule_session(session.id, form.scheduled_at.data, form.duration_minutes.data,
                                    actor_id=current_user.id, coach_id=form.coach_id.data,
                                    agenda=form.agenda.data or "")
        db.session.commit()
        flash(f"Session saved: {services.when(session)}.", "success")
        return redirect(url_for("training_sessions.show", session_id=session.id))

    if not form.is_submitted():
        form.form_errors += _why_unchangeable(session)
    return form_page(form, "training/sessions/form.html", save, session=session,
                     cancel_form=CancelForm(formdata=None))


def _timing_form(session: CoachingSession, *, from_request: bool) -> TimingForm:
    stored = {"coach_id": session.coach_id, "scheduled_at": session.scheduled_at,
              "duration_minutes": session.duration_minutes, "agenda": session.agenda}
    form = TimingForm() if from_request else TimingForm(formdata=None, data=stored)
    form.set_coaches(services.coaches())
    return form


def _why_unchangeable(session: CoachingSession) -> list[str]:
    """Said on the edit page before anyone types: the same reasons the service gives on saving."""
    if not services.can_change(session, current_user):
        return ["Only the session's coach or an admin can change it."]
    if session.status != Status.SCHEDULED:
        return [f"The session is {session.status}; only a scheduled session can be rescheduled."]
    return []


@bp.route("/<int:session_id>/cancel", methods=["POST"])
@roles_required(*COACH_ROLES)
def cancel(session_id: int):
    session = _session_or_404(session_id)
    form = CancelForm()
    try:
        services.cancel_session(session.id, form.reason.data or "", actor_id=current_user.id)
    except Refused as refusal:  # back to the edit page the cancel form is on, with the reason
        db.session.rollback()
        form.reason.errors = [str(refusal)]
        return render_template("training/sessions/form.html", form=_timing_form(session, from_request=False),
                               session=session, cancel_form=form), 400
    db.session.commit()
    flash("Session cancelled; the agent was told.", "success")
    return redirect(url_for("training_sessions.show", session_id=session.id), 303)


@bp.route("/<int:session_id>/notes", methods=["POST"])
@roles_required(*COACH_ROLES)
def notes(session_id: int):
    session = _session_or_404(session_id)
    form = NotesForm()
    if not form.validate():
        return _show(session, " ".join(form.notes.errors) or "The form expired; try again.", 400, notes_form=form)
    if "held" in request.form:
        return _refusable(session, lambda: writeup.mark_held(session.id, actor_id=current_user.id,
                                                             notes=form.notes.data),
                          "Session marked held; the agent was asked to confirm the notes.", notes_form=form)
    return _refusable(session, lambda: writeup.record_notes(session.id, form.notes.data, actor_id=current_user.id),
                      "Notes saved.", "notes", notes_form=form)


@bp.route("/<int:session_id>/confirm", methods=["POST"])
@roles_required(*CONFIRMERS)
def confirm(session_id: int):
    session = _session_or_404(session_id)
    return _refusable(session, lambda: writeup.confirm_session(session.id, actor_id=current_user.id),
                      "Confirmed.", "confirmations")


@bp.route("/<int:session_id>/actions", methods=["POST"])
@roles_required(*COACH_ROLES)
def add_action(session_id: int):
    session = _session_or_404(session_id)
    form, notes_form = ActionForm(), NotesForm()
    form.set_owners(session)
    if not form.validate():
        errors = [error for field in form for error in field.errors]
        return _show(session, " ".join(errors), 400, action_form=form, notes_form=notes_form)

    def act():
        _save_typed_notes(session)
        writeup.add_action(session.id, form.text.data, form.owner_id.data, actor_id=current_user.id,
                           due_on=form.due_on.data)

    return _refusable(session, act, "Action added.", "actions", action_form=form, notes_form=notes_form)


@bp.route("/actions/<int:action_id>/done", methods=["POST"])
@roles_required(*CONFIRMERS)
def tick_action(action_id: int):
    session = _action_session_or_404(action_id)
    done = request.form.get("done", "1") != "0"

    def act():
        _save_typed_notes(session)
        writeup.complete_action(action_id, actor_id=current_user.id, done=done)

    return _refusable(session, act, "Action ticked done." if done else "Action open again.", "actions",
                      notes_form=NotesForm())


@bp.route("/actions/<int:action_id>/remove", methods=["POST"])
@roles_required(*COACH_ROLES)
def remove_action(action_id: int):
    session = _action_session_or_404(action_id)

    def act():
        _save_typed_notes(session)
        writeup.remove_action(action_id, actor_id=current_user.id)

    return _refusable(session, act, "Action removed.", "actions", notes_form=NotesForm())


def _save_typed_notes(session: CoachingSession) -> None:
    """The coach's action buttons post the whole write-up form: keep the notes typed so far."""
    if "notes" in request.form and current_user.id == session.coach_id:
        writeup.record_notes(session.id, request.form["notes"], actor_id=current_user.id)


def _action_session_or_404(action_id: int) -> CoachingSession:
    try:
        action = writeup.find_action(action_id)
    except Refused as refusal:
        abort(404, description=str(refusal))
    return _session_or_404(action.session_id)


@bp.route("/<int:session_id>/session.ics")
@roles_required(*OPENERS)
def calendar(session_id: int):
    session = _session_or_404(session_id)
    coach = session.coach.name if session.coach else "a coach"
    link = url_for("training_sessions.show", session_id=session.id, _external=True)
    text = event_ics(CalendarEvent(
        uid=f"coaching-session-{session.id}@{request.host}", summary=f"Coaching: {session.agent.name} with {coach}",
        description=f"{session.agenda}\n\n{link}".strip(), start=session.scheduled_at,
        minutes=session.duration_minutes, stamp=session.updated_at or session.created_at, url=link,
        cancelled=session.status == Status.CANCELLED))
    return Response(text, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="coaching-session-{session.id}.ics"'})


def init_sessions(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(services.awaits_write_up, "session_awaits_write_up")
    add_coaching_link(app, CoachingLink("Sessions", "training_sessions.index", 40))
