"""Scorecard pages: the list, a scorecard's versions and their lifecycle (draft → published → retired),
new and imported scorecards, TOML export and the reviewer's-eye preview. The builder is in builder_views.

QA leads and admins author scorecards; reviewers may open published (and retired) versions, read-only.
"""
from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from qa.access import roles_required
from qa.errors import Refused
from qa.extensions import db
from qa.roles import Role
from qa.web.forms import form_page
from scorecards import services
from scorecards.competencies import COMPETENCIES
from scorecards.definition import DefinitionError, parse_definition
from scorecards.forms import MAX_TOML_CHARS, DetailsForm, ImportForm, NewScorecardForm, PublishForm
from scorecards.labels import CRITICAL_LABELS, RULE_LABELS
from scorecards.models import Scorecard, ScorecardVersion, VersionStatus
from scorecards.toml_format import definition_from_toml

bp = Blueprint("scorecards", __name__, url_prefix="/scorecards")
AUTHORS = (Role.QA_LEAD, Role.ADMIN)
VIEWERS = (*AUTHORS, Role.REVIEWER)
DEFAULT_TOML = Path(__file__).parent / "defaults" / "customer_care_specialist.toml"
# Valid as it stands (a definition needs a section with a question), and plainly there to be replaced.
BLANK_DEFINITION = {"sections": [{"key": "section_1", "name": "Section 1", "weight": 100, "criteria": [
    {"key": "question_1", "question": "Question 1", "answer_type": "yes_no", "weight": 1}]}]}


def is_author() -> bool:
    return current_user.has_any_role(AUTHORS)


def visible_versions(scorecard: Scorecard) -> list[ScorecardVersion]:
    """Newest first; drafts only for authors."""
    return [v for v in reversed(scorecard.versions) if is_author() or v.status != VersionStatus.DRAFT.value]


def version_or_404(version_id: int) -> ScorecardVersion:
    version = db.get_or_404(ScorecardVersion, version_id)
    if version.status == VersionStatus.DRAFT.value and not is_author():
        abort(403, description="Drafts are open to QA leads and admins only; reviewers see published versions.")
    return version


@bp.route("/")
@roles_required(*VIEWERS)
def index():
    rows = []
    for scorecard in services.list_scorecards():
        by_status = {v.status: v for v in scorecard.versions}
        if is_author() or set(by_status) - {VersionStatus.DRAFT.value}:
            rows.append((scorecard, by_status.get(VersionStatus.PUBLISHED.value),
                         by_status.get(VersionStatus.DRAFT.value) if is_author() else None))
    return render_template("scorecards/index.html", rows=rows)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def new_scorecard():
    form = NewScorecardForm()

    def create():
        definition, description = BLANK_DEFINITION, ""
        if form.start.data == "default":
            _, description, shipped = definition_from_toml(DEFAULT_TOML.read_text(encoding="utf-8"))
            definition = shipped.to_dict()
        scorecard = services.create_scorecard(form.name.data, form.description.data or description, definition,
                                              current_user.id)
        db.session.commit()
        flash(f"{scorecard.name} was created as draft v1. Build it here, then publish it.", "success")
        return redirect(url_for("scorecards.edit_draft", version_id=scorecard.versions[0].id))

    return form_page(form, "scorecards/new.html", create)


@bp.route("/<int:scorecard_id>")
@roles_required(*VIEWERS)
def show(scorecard_id: int):
    scorecard = db.get_or_404(Scorecard, scorecard_id)
    return _show_page(scorecard)


def _show_page(scorecard: Scorecard, status: int = 200, error: str | None = None,
               details_form: DetailsForm | None = None):
    versions = visible_versions(scorecard)
    if not versions:
        abort(404, description="This scorecard has no published version yet.")
    return render_template("scorecards/show.html", scorecard=scorecard, versions=versions, error=error,
                           publish_form=PublishForm(formdata=None),
                           details_form=details_form or DetailsForm(formdata=None, obj=scorecard)), status


@bp.route("/<int:scorecard_id>/details", methods=["POST"])
@roles_required(*AUTHORS)
def update_details(scorecard_id: int):
    scorecard = db.get_or_404(Scorecard, scorecard_id)
    form = DetailsForm()
    if not form.validate():
        return _show_page(scorecard, 400, details_form=form)
    try:
        services.update_scorecard_details(scorecard.id, form.name.data, form.description.data or "", current_user.id)
    except Refused as refusal:
        db.session.rollback()
        return _show_page(db.session.get(Scorecard, scorecard_id), 400, str(refusal), details_form=form)
    db.session.commit()
    flash("Name and description saved.", "success")
    return redirect(url_for("scorecards.show", scorecard_id=scorecard.id))


def _lifecycle(scorecard_id: int, change, done: str, then: str | None = None):
    """Run one lifecycle service and commit; a refusal shows the scorecard page with the reason (409)."""
    try:
        result = change()
    except Refused as refusal:
        db.session.rollback()
        # A draft that no longer passes the checks is bad input (400); anything else is the version's state.
        status = 400 if isinstance(refusal, DefinitionError) else 409
        return _show_page(db.session.get(Scorecard, scorecard_id), status, str(refusal))
    db.session.commit()
    flash(done, "success")
    if then:
        return redirect(url_for(then, version_id=result.id))
    return redirect(url_for("scorecards.show", scorecard_id=scorecard_id))


@bp.route("/versions/<int:version_id>/publish", methods=["POST"])
@roles_required(*AUTHORS)
def publish(version_id: int):
    version = version_or_404(version_id)
    form = PublishForm()
    if not form.validate():
        return _show_page(version.scorecard, 400, "; ".join(form.note.errors))
    return _lifecycle(version.scorecard_id,
                      lambda: services.publish_version(version.id, current_user.id, form.note.data or ""),
                      f"Published {version.label}. New evaluations use it; earlier ones keep their version.")


@bp.route("/<int:scorecard_id>/new-draft", methods=["POST"])
@roles_required(*AUTHORS)
def start_draft(scorecard_id: int):
    scorecard = db.get_or_404(Scorecard, scorecard_id)
    return _lifecycle(scorecard.id, lambda: services.start_new_draft(scorecard.id, current_user.id),
                      "This draft starts as a copy of the newest version. Publish it to replace that one.",
                      then="scorecards.edit_draft")


@bp.route("/versions/<int:version_id>/discard", methods=["POST"])
@roles_required(*AUTHORS)
def discard_draft(version_id: int):
    version = version_or_404(version_id)
    label = version.label
    return _lifecycle(version.scorecard_id, lambda: services.discard_draft(version.id, current_user.id),
                      f"Discarded the draft {label}.")


@bp.route("/versions/<int:version_id>/retire", methods=["POST"])
@roles_required(*AUTHORS)
def retire_version(version_id: int):
    version = version_or_404(version_id)
    return _lifecycle(version.scorecard_id, lambda: services.retire_version(version.id, current_user.id),
                      f"Retired {version.label}: no new evaluations use it until another version is published.")


@bp.route("/<int:scorecard_id>/retire", methods=["POST"])
@roles_required(*AUTHORS)
def retire_scorecard(scorecard_id: int):
    scorecard = db.get_or_404(Scorecard, scorecard_id)
    return _lifecycle(scorecard.id, lambda: services.retire_scorecard(scorecard.id, current_user.id),
                      f"Retired {scorecard.name}. Finished evaluations keep their scores and versions.")


@bp.route("/versions/<int:version_id>/preview")
@roles_required(*VIEWERS)
def preview(version_id: int):
    version = version_or_404(version_id)
    try:
        definition, problem = parse_definition(version.definition), None
    except DefinitionError as refusal:  # saved under older rules; say so rather than fail
        definition, problem = None, str(refusal)
    return render_template("scorecards/preview.html", version=version, definition=definition, problem=problem,
                           competencies=COMPETENCIES, critical_labels=CRITICAL_LABELS, rule_labels=RULE_LABELS,
                           publish_form=PublishForm(formdata=None))


@bp.route("/versions/<int:version_id>/export")
@roles_required(*AUTHORS)
def export(version_id: int):
    version = version_or_404(version_id)
    try:
        text = services.export_scorecard_toml(version.id)
    except Refused as refusal:
        return _show_page(version.scorecard, 409, str(refusal))
    filename = f"{_slug(version.scorecard.name)}-v{version.number}.toml"
    return Response(text, mimetype="application/toml",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


@bp.route("/import", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def import_toml():
    form = ImportForm()

    def store():
        upload = form.file.data
        try:
            text = upload.read(MAX_TOML_CHARS + 1).decode("utf-8")
        except UnicodeDecodeError:
            raise Refused("The file is not UTF-8 text.") from None
        if len(text) > MAX_TOML_CHARS:
            raise Refused(f"The file is larger than {MAX_TOML_CHARS:,} characters.")
        version = services.import_scorecard_toml(text, current_user.id)
        if form.publish.data:
            version = services.publish_version(version.id, current_user.id, f"Imported from {upload.filename}"[:500])
        db.session.commit()
        flash(f"Imported {version.label} ({version.status}).", "success")
        return redirect(url_for("scorecards.show", scorecard_id=version.scorecard_id))

    return form_page(form, "scorecards/import.html", store)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "scorecard"
