from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from qa.access import roles_required
from qa.accounts import services
from qa.accounts.services import AccountError
from qa.accounts.models import Team, User
from qa.admin.forms import EditUserForm, NewUserForm, TeamForm
from qa.extensions import db
from qa.roles import Role
from qa.web.forms import form_page

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _user_form(form_class, **kwargs):
    form = form_class(**kwargs)
    form.set_team_choices(services.list_teams())
    return form


def _invitation_page(user, token):
    link = url_for("accounts.accept_invitation", token=token, _external=True)
    return render_template("admin/invitation.html", user=user, link=link)


@bp.route("/users")
@roles_required(Role.ADMIN)
def users():
    return render_template("admin/users.html", users=services.list_users())


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_user():
    form = _user_form(NewUserForm)

    def create():
        user = services.create_user(form.email.data, form.name.data, form.roles.data,
                                    password=None if form.invite.data else form.password.data,
                                    team_id=form.team_id.data or None, hire_date=form.hire_date.data,
                                    actor_id=current_user.id)
        token = services.create_invitation(user.id) if form.invite.data else None
        db.session.commit()
        if token:
            return _invitation_page(user, token)
        flash(f"{user.name} can now sign in as {user.email}.", "success")
        return redirect(url_for("admin.users"))

    return form_page(form, "admin/user_form.html", create, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = _user_form(EditUserForm, obj=user)
    if not form.is_submitted():
        form.team_id.data = user.team_id or 0

    def save():
        services.update_user(user.id, form.name.data, form.roles.data, form.team_id.data or None,
                             form.hire_date.data, actor_id=current_user.id)
        db.session.commit()
        flash(f"Saved {user.name}.", "success")
        return redirect(url_for("admin.users"))

    return form_page(form, "admin/user_form.html", save, user=user)


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@roles_required(Role.ADMIN)
def deactivate_user(user_id: int):
    return _set_active(user_id, False)


@bp.route("/users/<int:user_id>/activate", methods=["POST"])
@roles_required(Role.ADMIN)
def activate_user(user_id: int):
    return _set_active(user_id, True)


def _set_active(user_id: int, active: bool):
    user = db.get_or_404(User, user_id)
    try:
        services.set_user_active(user.id, active, current_user.id)
    except AccountError as error:
        db.session.rollback()
        flash(str(error), "error")
        return render_template("admin/users.html", users=services.list_users()), 400
    db.session.commit()
    flash(f"{user.name} is {'active' if active else 'deactivated and signed out'}.", "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/invitation", methods=["POST"])
@roles_required(Role.ADMIN)
def invite_user(user_id: int):
    user = db.get_or_404(User, user_id)
    token = services.create_invitation(user.id)
    db.session.commit()
    return _invitation_page(user, token)


@bp.route("/teams", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def teams():
    form = TeamForm()

    def create():
        team = services.create_team(form.name.data, form.description.data or "")
        db.session.commit()
        flash(f"Team {team.name} created.", "success")
        return redirect(url_for("admin.teams"))

    return form_page(form, "admin/teams.html", create, teams=services.list_teams())


@bp.route("/teams/<int:team_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_team(team_id: int):
    team = db.get_or_404(Team, team_id)
    form = TeamForm(obj=team)

    def save():
        services.update_team(team.id, form.name.data, form.description.data or "")
        db.session.commit()
        flash(f"Saved team {team.name}.", "success")
        return redirect(url_for("admin.teams"))

    return form_page(form, "admin/team_form.html", save, team=team)


@bp.route("/teams/<int:team_id>/delete", methods=["POST"])
@roles_required(Role.ADMIN)
def delete_team(team_id: int):
    team = db.get_or_404(Team, team_id)
    name = team.name
    services.delete_team(team.id)
    db.session.commit()
    flash(f"Team {name} deleted; its members now have no team.", "success")
    return redirect(url_for("admin.teams"))
