"""Agreement pooled over a scorecard version's calibration sessions in a period (QA leads and admins):

    GET  /calibration/agreement?version=3&from=2026-09-01&to=2026-11-30     the page
    POST /calibration/agreement/compute                                     compute again after a failure
    GET  /calibration/agreement/answers.csv?version=3&from=…&to=…           the answers pooled, streamed

The statistics take seconds for hundreds of interactions, so a cache miss queues a job and the page says
it is being computed, refreshing itself (a `Refresh` header) until the result is stored. The routes hang
on the calibration blueprint (imported by views.init_session_pages before it is registered).
"""
from __future__ import annotations

from flask import Response, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user

from qa.access import roles_required
from qa.accounts.models import User
from qa.calibration.agreement_forms import DEFAULT_DAYS, MAX_DAYS, read_agreement_form
from qa.calibration.pages import statistics_marks
from qa.calibration.pooled import pool_basis, versions_with_sessions
from qa.calibration.pooled_export import pooled_answers_csv
from qa.calibration.services import LEADS
from qa.calibration.side_by_side import Scorer
from qa.calibration.statistics_jobs import enqueue_report, report_state
from qa.calibration.views import bp
from qa.extensions import db
from qa.timeutil import utcnow

REFRESH_SECONDS = 3


def _form(args):
    versions = versions_with_sessions()
    return read_agreement_form(args, versions, utcnow().date()), versions


def _page(form, versions) -> dict:
    return {"form": form, "versions": versions, "pool": None, "state": None, "marks": {}, "scorers": [],
            "default_days": DEFAULT_DAYS, "max_days": MAX_DAYS}


@bp.route("/agreement")
@roles_required(*LEADS)
def agreement():
    form, versions = _form(request.args)
    page = _page(form, versions)
    if not form.valid:
        return render_template("calibration/agreement.html", **page), 400
    if not form.chosen:
        return render_template("calibration/agreement.html", **page)
    basis = pool_basis(form.version, form.date_from, form.date_to)
    # Counted before the commit, which expires every session and item the counts would otherwise reload.
    page["pool"] = {"sessions": len(basis.sessions), "interactions": basis.n_interactions,
                    "reviewers": len(basis.reviewer_ids), "withheld": basis.withheld}
    if basis.sessions:
        state = page["state"] = report_state(basis, current_user.id)
        db.session.commit()  # the job queued, if one was
        if state.report is not None:
            page["marks"] = statistics_marks(state.report.statistics)
            page["scorers"] = _reviewers(list(state.report.deviations))
    response = Response(render_template("calibration/agreement.html", **page))
    if page["state"] is not None and page["state"].computing:
        response.headers["Refresh"] = str(REFRESH_SECONDS)
    return response


@bp.route("/agreement/compute", methods=["POST"])
@roles_required(*LEADS)
def agreement_compute():
    """Queue the computation again (after a failed job); back to the page, which waits for it."""
    form, versions = _form(request.form)
    if not form.chosen:
        form.errors.setdefault("version", "choose the scorecard version whose sessions to pool.")
        return render_template("calibration/agreement.html", **_page(form, versions)), 400
    basis = pool_basis(form.version, form.date_from, form.date_to)
    if basis.sessions:
        enqueue_report(basis, current_user.id)
        db.session.commit()
    return redirect(url_for("calibration.agreement", **form.args()), 303)


@bp.route("/agreement/answers.csv")
@roles_required(*LEADS)
def agreement_answers():
    form, _ = _form(request.args)
    if form.valid and not form.chosen:
        form.errors["version"] = "choose the scorecard version whose answers to export."
    if not form.valid:
        return Response("\n".join(form.messages()) + "\n", status=400, mimetype="text/plain")
    basis = pool_basis(form.version, form.date_from, form.date_to)
    name = f"calibration-version-{form.version.id}-{form.date_from}-{form.date_to}-answers.csv"
    return Response(stream_with_context(pooled_answers_csv(basis)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _reviewers(reviewer_ids: list[int]) -> list[Scorer]:
    rows = db.session.execute(db.select(User.id, User.name).where(User.id.in_(reviewer_ids))).all()
    return sorted((Scorer(user_id, name) for user_id, name in rows), key=lambda s: (s.name, s.key))
