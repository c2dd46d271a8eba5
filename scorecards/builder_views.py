"""The builder of a draft: a plain form of sections and criteria (scorecards.builder_form reads it back).

Saving is checked against the revision the page was loaded at. A stale save is refused and the user's
edits come back on the page, with the choice to replace the other person's save knowingly.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from qa.access import roles_required
from qa.errors import Refused
from qa.extensions import db
from scorecards import services
from scorecards.autoqa_rules import METRICS, RULES
from scorecards.builder_form import field_name_for, parse_builder_form
from scorecards.competencies import COMPETENCIES
from scorecards.definition import CHANNELS, DefinitionError
from scorecards.forms import DraftForm
from scorecards.labels import ANSWER_TYPE_LABELS, CRITICAL_LABELS, RULE_LABELS, RULE_PARAMETER_LABELS
from scorecards.models import ScorecardVersion, VersionStatus
from scorecards.views import AUTHORS, bp

BLANK_CRITERION = {"answer_type": "yes_no", "weight": 1, "channels": []}
BLANK_SECTION = {"weight": 10, "criteria": [BLANK_CRITERION]}


def _draft_or_409(version_id: int) -> ScorecardVersion:
    version = db.get_or_404(ScorecardVersion, version_id)
    if version.status != VersionStatus.DRAFT.value:
        abort(409, description=f"{version.label} is {version.status}: a published version never changes, so it "
                               "cannot be edited. Start a new draft from the scorecard's page instead.")
    return version


def _builder(version: ScorecardVersion, form: DraftForm, definition: dict, status: int = 200,
             errors: dict[str, list[str]] | None = None, stale: bool = False):
    parameter_rules = {name: [rule for rule, (required, optional) in RULES.items() if name in required + optional]
                       for name in RULE_PARAMETER_LABELS}
    return render_template(
        "scorecards/builder.html", version=version, scorecard=version.scorecard, form=form, definition=definition,
        errors=errors or {}, stale=stale, channels=CHANNELS, competencies=COMPETENCIES,
        answer_types=ANSWER_TYPE_LABELS, critical_scopes=CRITICAL_LABELS, rules=RULE_LABELS,
        parameter_rules=parameter_rules, parameter_labels=RULE_PARAMETER_LABELS, metrics={m: m for m in METRICS},
        blank_section=BLANK_SECTION, blank_criterion=BLANK_CRITERION), status


@bp.route("/versions/<int:version_id>/edit", methods=["GET"])
@roles_required(*AUTHORS)
def edit_draft(version_id: int):
    version = _draft_or_409(version_id)
    return _builder(version, DraftForm(formdata=None, base_revision=version.revision), version.definition)


@bp.route("/versions/<int:version_id>/edit", methods=["POST"])
@roles_required(*AUTHORS)
def save_draft(version_id: int):
    version = _draft_or_409(version_id)
    form = DraftForm()
    definition = parse_builder_form(request.form)
    if not form.validate():
        form.form_errors.append("This page is missing the draft's revision; reload the draft and edit again.")
        return _builder(version, form, definition, 400)
    overwrite = request.form.get("action") == "overwrite" and form.seen_revision.data is not None
    base_revision = form.seen_revision.data if overwrite else form.base_revision.data
    try:
        services.save_draft(version.id, definition, base_revision, current_user.id)
    except DefinitionError as refusal:
        db.session.rollback()
        form.form_errors.append(str(refusal))
        field = field_name_for(definition, refusal.field_path)
        return _builder(version, form, definition, 400, {field: [refusal.message]} if field else {})
    except Refused as refusal:
        db.session.rollback()
        version = _draft_or_409(version_id)  # published meanwhile: that is the answer, not a stale draft
        form.form_errors.append(str(refusal))
        form.seen_revision.data = version.revision
        return _builder(version, form, definition, 409, stale=True)
    db.session.commit()
    flash(f"Saved the draft {version.label}.", "success")
    if request.form.get("action") == "preview":
        return redirect(url_for("scorecards.preview", version_id=version.id))
    return redirect(url_for("scorecards.edit_draft", version_id=version.id))
