from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from qa.access import roles_required, signed_in
from qa.accounts.services import list_teams, list_users
from qa.errors import Refused
from qa.extensions import db
from qa.jobs.models import Job
from qa.roles import Role
from qa.storage import stored_path
from transcription import queries, services
from transcription.forms import ImportForm, InteractionFilterForm
from transcription.imports import ImportOptions, import_file
from transcription.search.service import search_interactions
from transcription.search.terms import parse_query
from transcription.sentiment_display import sentiment_lines
from transcription.tag_display import group_tags
from transcription.tag_store import add_manual_tag, remove_tag
from transcription.tagging.versions import load_tag_keys

bp = Blueprint("interactions", __name__, url_prefix="/interactions")
IMPORTERS = (Role.ADMIN, Role.QA_LEAD, Role.REVIEWER)


def _agents():
    return [u for u in list_users() if u.active and u.has_role(Role.AGENT)]


def _visible_or_404(interaction_id: int):
    interaction = queries.find_visible_interaction(current_user, interaction_id)
    if interaction is None:
        abort(404, description=f"There is no interaction {interaction_id} that you can see.")
    return interaction


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value else None


def _float_or_none(value) -> float | None:
    return float(value) if value is not None else None


def _seconds(minutes) -> float | None:
    return float(minutes) * 60 if minutes is not None else None


@bp.route("/")
@signed_in
def index():
    """The list of interactions; with words in the search box, the interactions whose transcripts hold them."""
    form = InteractionFilterForm(request.args)
    form.set_choices(_agents(), list_teams(), sorted(load_tag_keys()))
    page = {"form": form, "interactions": [], "total": 0, "page": 1, "pages": 1, "results": None}
    if not form.validate():
        return render_template("interactions/index.html", **page), 400
    filters = _filters(form)
    try:
        query = parse_query(form.q.data or "")
    except Refused as refusal:
        form.q.errors.append(str(refusal))
        return render_template("interactions/index.html", **page), 400
    if query.phrases:
        page["results"] = search_interactions(current_user, query, filters,
                                              before=request.args.get("before", type=int))
    else:
        page["page"] = max(1, request.args.get("page", 1, type=int))
        page["interactions"], page["total"] = queries.list_interactions(current_user, filters, page["page"])
        page["pages"] = max(1, -(-page["total"] // queries.PAGE_SIZE))
    return render_template("interactions/index.html", **page)


def _filters(form: InteractionFilterForm) -> queries.InteractionFilter:
    return queries.InteractionFilter(
        agent_id=_int_or_none(form.agent.data), team_id=_int_or_none(form.team.data),
        channel=form.channel.data or None, status=form.status.data or None, date_from=form.date_from.data,
        date_to=form.date_to.data, min_seconds=_seconds(form.min_minutes.data),
        max_seconds=_seconds(form.max_minutes.data), tag=form.tag.data or None,
        customer_end_sentiment=form.sentiment.data or None, metric=form.metric.data or None,
        metric_min=_float_or_none(form.metric_min.data), metric_max=_float_or_none(form.metric_max.data))


@bp.route("/import", methods=["GET", "POST"])
@roles_required(*IMPORTERS)
def import_files():
    form = ImportForm()
    form.set_people(_agents(), list_teams())
    if not form.is_submitted():
        return render_template("interactions/import.html", form=form, results=None)
    if not form.validate():
        return render_template("interactions/import.html", form=form, results=None), 400
    options = ImportOptions(agent_id=_int_or_none(form.agent.data), team_id=_int_or_none(form.team.data),
                            channel=form.channel.data or None, agent_channel=form.agent_channel.data or None,
                            created_by_id=current_user.id)
    results = []
    for upload in form.files.data:
        results.extend(import_file(upload.read(), upload.filename, options))
        db.session.commit()  # each file stands alone: a later bad one loses nothing
    status = 400 if results and all(r.failed for r in results) else 200
    return render_template("interactions/import.html", form=ImportForm(formdata=None), results=results), status


@bp.route("/<int:interaction_id>")
@signed_in
def show(interaction_id: int):
    interaction = _visible_or_404(interaction_id)
    job = db.session.get(Job, interaction.job_id) if interaction.job_id else None
    return render_template("interactions/show.html", interaction=interaction, job=job,
                           tag_groups=group_tags([hit for hit in interaction.tag_hits if hit.active]),
                           tag_keys=sorted(load_tag_keys()), sentiment_lines=sentiment_lines(interaction),
                           can_manage=current_user.has_any_role(IMPORTERS))


@bp.route("/<int:interaction_id>/status")
@signed_in
def status(interaction_id: int):
    interaction = _visible_or_404(interaction_id)
    job = db.session.get(Job, interaction.job_id) if interaction.job_id else None
    return jsonify(status=interaction.status, error=interaction.error,
                   progress=job.progress if job else None, step=job.step if job else None)


@bp.route("/<int:interaction_id>/media")
@signed_in
def media(interaction_id: int):
    interaction = _visible_or_404(interaction_id)
    if interaction.media_kind != "audio" or not interaction.media_path:
        abort(404, description="This interaction has no recording.")
    # conditional=True answers Range requests, which the audio player needs to seek.
    return send_file(stored_path(interaction.media_path), conditional=True, max_age=0,
                     download_name=interaction.original_filename)


@bp.route("/<int:interaction_id>/tags", methods=["POST"])
@roles_required(*IMPORTERS)
def add_tag(interaction_id: int):
    interaction = _visible_or_404(interaction_id)
    key = request.form.get("key", "")
    if key not in load_tag_keys():
        abort(400, description=f"{key!r} is not a tag of the taxonomy.")
    position = request.form.get("utterance", type=int)
    return _act(interaction, lambda: add_manual_tag(interaction, key, position, current_user.id),
                f"Tag {key} added.")


@bp.route("/<int:interaction_id>/tags/<int:hit_id>/remove", methods=["POST"])
@roles_required(*IMPORTERS)
def remove_tag_hit(interaction_id: int, hit_id: int):
    interaction = _visible_or_404(interaction_id)
    return _act(interaction, lambda: remove_tag(interaction, hit_id, current_user.id), "Tag removed.")


@bp.route("/<int:interaction_id>/retry", methods=["POST"])
@roles_required(*IMPORTERS)
def retry(interaction_id: int):
    interaction = _visible_or_404(interaction_id)
    return _act(interaction, lambda: services.retry_interaction(interaction.id), "Processing starts again.")


@bp.route("/<int:interaction_id>/swap-speakers", methods=["POST"])
@roles_required(*IMPORTERS)
def swap_speakers(interaction_id: int):
    interaction = _visible_or_404(interaction_id)
    return _act(interaction, lambda: services.swap_speakers(interaction.id, current_user.id),
                "Agent and customer are swapped.")


def _act(interaction, action, done: str):
    """Run a service on an interaction the user may see; a refusal is a 400 with its reason."""
    try:
        action()
    except Refused as refusal:
        db.session.rollback()
        abort(400, description=str(refusal))
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("interactions.show", interaction_id=interaction.id))
