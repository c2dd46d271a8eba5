"""Admin page for the tag rules: edit, try on text, save (and re-tag), export, import."""
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from qa.access import roles_required
from qa.errors import Refused
from qa.extensions import db
from qa.jobs.services import enqueue_job
from qa.roles import Role
from transcription.retag import RETAG_JOB
from transcription.tagging import build_tagger
from transcription.tagging.rules import parse_rules
from transcription.tagging.versions import broad_rule_warnings, current_rules_text, history, save_rules

bp = Blueprint("tag_rules", __name__, url_prefix="/admin/tag-rules")
MAX_RULES_CHARS = 200_000


class RulesForm(FlaskForm):
    rules = TextAreaField("Rules (TOML)", validators=[DataRequired(), Length(max=MAX_RULES_CHARS)])
    note = StringField("What changed", validators=[Optional(), Length(max=200)])
    sample = TextAreaField("Sample text", validators=[Optional(), Length(max=5000)])
    speaker = SelectField("Said by", choices=[SelectChoice("customer", "Customer"), SelectChoice("agent", "Agent")])


class RulesFileForm(FlaskForm):
    file = FileField("Rules file (TOML)", validators=[FileRequired()])


def _page(form, status=200, **extra):
    return render_template("tagging/rules.html", form=form, import_form=RulesFileForm(), history=history(),
                           **extra), status


@bp.route("/", methods=["GET"])
@roles_required(Role.ADMIN)
def edit():
    return _page(RulesForm(rules=current_rules_text()))


@bp.route("/", methods=["POST"])
@roles_required(Role.ADMIN)
def submit():
    """One form, three buttons (`action`): try the rules on the sample text, save, or save and re-tag."""
    form = RulesForm()
    action = request.form.get("action", "preview")
    if not form.validate():
        return _page(form, 400)
    try:
        rules = parse_rules(form.rules.data)
        tagger = build_tagger(rules)
        warnings = broad_rule_warnings(tagger, rules)
        if action == "preview":
            sample = form.sample.data or ""
            hits = tagger.tag_conversation([(form.speaker.data, sample)]) if sample.strip() else []
            return _page(form, hits=hits, sample=sample, warnings=warnings)
        save_rules(form.rules.data, current_user.id, form.note.data or "")
    except Refused as refusal:
        db.session.rollback()
        form.rules.errors.append(str(refusal))
        return _page(form, 400)
    if action == "retag":
        enqueue_job(RETAG_JOB, created_by_id=current_user.id)
    db.session.commit()
    flash("Rules saved." + (" Every processed interaction is being tagged again (see Jobs)." if action == "retag"
                            else " New interactions are tagged with them."), "success")
    for warning in warnings:
        flash(warning, "info")
    return redirect(url_for("tag_rules.edit"))


@bp.route("/export")
@roles_required(Role.ADMIN)
def export():
    return Response(current_rules_text(), mimetype="application/toml",
                    headers={"Content-Disposition": "attachment; filename=callibrate-tag-rules.toml"})


@bp.route("/import", methods=["POST"])
@roles_required(Role.ADMIN)
def import_rules():
    form = RulesFileForm()
    if not form.validate():
        return _page(RulesForm(rules=current_rules_text()), 400, import_errors=form.file.errors)
    raw = form.file.data.read(MAX_RULES_CHARS + 1)
    try:
        text = raw.decode("utf-8")
        if len(text) > MAX_RULES_CHARS:
            raise Refused(f"The rules file is larger than {MAX_RULES_CHARS:,} characters.")
        save_rules(text, current_user.id, f"imported from {form.file.data.filename}"[:200])
    except UnicodeDecodeError:
        return _page(RulesForm(rules=current_rules_text()), 400, import_errors=["The file is not UTF-8 text."])
    except Refused as refusal:
        db.session.rollback()
        return _page(RulesForm(rules=current_rules_text()), 400, import_errors=[str(refusal)])
    db.session.commit()
    flash("Rules imported and saved.", "success")
    return redirect(url_for("tag_rules.edit"))
