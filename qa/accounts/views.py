from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from qa.access import public, signed_in
from qa.accounts import services
from qa.accounts.forms import ChangePasswordForm, LoginForm, SetPasswordForm
from qa.accounts.throttle import LoginThrottled
from qa.extensions import db
from qa.web.forms import form_page

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the login form cannot be used as an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("web.home")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if not form.is_submitted():
        return render_template("accounts/login.html", form=form)
    if not form.validate():
        return render_template("accounts/login.html", form=form), 400
    try:
        user = services.authenticate(form.email.data, form.password.data, request.remote_addr or "unknown")
    except LoginThrottled as error:
        form.form_errors.append(str(error))
        return render_template("accounts/login.html", form=form), 429, {
            "Retry-After": str(error.retry_after_seconds)}
    db.session.commit()  # keeps the failed attempt, or the successful sign-in time
    if user is None:
        form.form_errors.append("Wrong e-mail or password, or the account is deactivated.")
        return render_template("accounts/login.html", form=form), 401
    session.clear()
    login_user(user)
    session.permanent = True
    return redirect(_safe_next(form.next.data))


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
def change_password():
    form = ChangePasswordForm()

    def change():
        user = current_user._get_current_object()
        services.change_password(user, form.current_password.data, form.new_password.data)
        db.session.commit()
        login_user(user)  # the session id changed with the password; keep this browser signed in
        flash("Your password is changed. Other sessions were signed out.", "success")
        return redirect(url_for("web.home"))

    return form_page(form, "accounts/change_password.html", change)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str):
    invitation = services.find_open_invitation(token)
    if invitation is None:
        return render_template("accounts/invitation_invalid.html"), 404
    form = SetPasswordForm()

    def accept():
        services.accept_invitation(token, form.new_password.data)
        db.session.commit()
        flash("Your password is set. Sign in to start.", "success")
        return redirect(url_for("accounts.login"))

    return form_page(form, "accounts/accept_invitation.html", accept, user=invitation.user)
