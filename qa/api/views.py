"""The signed-in user's API tokens."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from qa.access import signed_in
from qa.api import services
from qa.errors import Refused
from qa.extensions import db
from qa.web.forms import form_page

bp = Blueprint("api_tokens", __name__, url_prefix="/account/tokens")


class TokenForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=80)])
    days = IntegerField("Valid for (days)", default=90,
                        validators=[DataRequired(), NumberRange(min=1, max=services.MAX_DAYS)])


@bp.route("/", methods=["GET", "POST"])
@signed_in
def index():
    form = TokenForm()

    def create():
        token, row = services.create_api_token(current_user.id, form.name.data, form.days.data)
        db.session.commit()
        return render_template("api/token_created.html", token=token, row=row)

    return form_page(form, "api/tokens.html", create, tokens=services.list_api_tokens(current_user.id))


@bp.route("/<int:token_id>/revoke", methods=["POST"])
@signed_in
def revoke(token_id: int):
    try:
        row = services.revoke_api_token(token_id, current_user.id)
    except Refused as refusal:
        abort(404, description=str(refusal))
    db.session.commit()
    flash(f"Token {row.name} is revoked.", "success")
    return redirect(url_for("api_tokens.index"))
