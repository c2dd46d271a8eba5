"""The one form cycle every thin view follows."""
from typing import Callable

from flask import render_template
from flask_wtf import FlaskForm

from qa.errors import Refused
from qa.extensions import db


def form_page(form: FlaskForm, template: str, on_valid: Callable[[], object], **context):
    """Show the form; on a valid post run `on_valid` (call a service, commit, return the response).

    A form with errors, or an action the rules refuse, renders the form again with status 400 and
    the reason, and leaves nothing half-written.
    """
    if form.is_submitted():
        if form.validate():
            try:
                return on_valid()
            except Refused as refusal:
                db.session.rollback()
                form.form_errors.append(str(refusal))
        return render_template(template, form=form, **context), 400
    return render_template(template, form=form, **context)
