from flask import Blueprint, render_template
from flask_login import current_user

from qa.access import roles_required, signed_in
from qa.accounts import services as accounts
from qa.jobs import services as jobs
from qa.roles import STAFF_ROLES, Role
from qa.web.home import admin_overview

bp = Blueprint("web", __name__)


@bp.route("/")
@signed_in
def home():
    overview = admin_overview() if current_user.has_role(Role.ADMIN) else None
    return render_template("web/home.html", overview=overview, workers=jobs.live_workers())


@bp.route("/people")
@roles_required(*STAFF_ROLES)
def people():
    return render_template("web/people.html", teams=accounts.list_teams(),
                           unassigned=[u for u in accounts.list_users() if u.team_id is None and u.active])
