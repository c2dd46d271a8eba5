from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from qa.access import roles_required
from qa.errors import Refused
from qa.extensions import db
from qa.jobs import services
from qa.jobs.models import Job, JobStatus
from qa.roles import Role

bp = Blueprint("jobs", __name__, url_prefix="/admin/jobs")


@bp.route("/")
@roles_required(Role.ADMIN)
def index():
    status = request.args.get("status") or None
    if status is not None and status not in set(JobStatus):
        abort(400, description=f"Unknown job status {status!r}.")
    return render_template("jobs/index.html", jobs=services.list_jobs(status), status=status,
                           statuses=list(JobStatus), workers=services.live_workers())


@bp.route("/<int:job_id>")
@roles_required(Role.ADMIN)
def show(job_id: int):
    return render_template("jobs/show.html", job=db.get_or_404(Job, job_id))


@bp.route("/<int:job_id>/retry", methods=["POST"])
@roles_required(Role.ADMIN)
def retry(job_id: int):
    db.get_or_404(Job, job_id)
    try:
        services.retry_job(job_id)
    except Refused as refusal:
        abort(400, description=str(refusal))
    db.session.commit()
    flash(f"Job {job_id} is queued again.", "success")
    return redirect(url_for("jobs.show", job_id=job_id))
