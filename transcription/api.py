"""REST API for interactions under /api/v1 (bearer tokens; see qa/api)."""
from __future__ import annotations

import json
from datetime import datetime

from flask import Blueprint, abort, jsonify, request

from qa.access import api_roles_required
from qa.accounts.services import find_team_by_name, find_user_by_email
from qa.api import bearer_user
from qa.extensions import db
from transcription import queries
from transcription.export import interaction_document
from transcription.imports import ImportOptions, import_file
from transcription.views import IMPORTERS

bp = Blueprint("interactions_api", __name__, url_prefix="/api/v1/interactions")


def _options(fields) -> ImportOptions:
    """Agent, team, channel, source id, start time and metadata from form fields or a JSON body."""
    agent = find_user_by_email(fields["agent"]) if fields.get("agent") else None
    if fields.get("agent") and agent is None:
        abort(400, description=f"No user with e-mail {fields['agent']}.")
    team = find_team_by_name(fields["team"]) if fields.get("team") else None
    if fields.get("team") and team is None:
        abort(400, description=f"No team called {fields['team']!r}.")
    try:
        started = datetime.fromisoformat(fields["started_at"]) if fields.get("started_at") else None
    except (TypeError, ValueError):
        abort(400, description="started_at must be an ISO 8601 date and time.")
    metadata = fields.get("metadata") or {}
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            abort(400, description="metadata must be a JSON object.")
    if not isinstance(metadata, dict):
        abort(400, description="metadata must be a JSON object.")
    return ImportOptions(agent_id=agent.id if agent else None, team_id=team.id if team else None,
                         channel=fields.get("channel") or None, source_id=fields.get("source_id") or None,
                         agent_channel=fields.get("agent_channel") or None,
                         started_at=started, details=metadata, created_by_id=bearer_user().id)


@bp.route("", methods=["POST"])
@api_roles_required(*IMPORTERS)
def create():
    """A multipart upload (`file` plus optional fields), or a conversation in Callibrate's JSON format."""
    if request.files:
        upload = request.files.get("file")
        if upload is None:
            abort(400, description="Send the recording or transcript in a form field named 'file'.")
        results = import_file(upload.read(), upload.filename, _options(request.form))
    elif request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            abort(400, description="The body must be a JSON object in Callibrate's interaction format.")
        options = _options({key: body.get(key) for key in ("agent", "team", "started_at")})
        results = import_file(request.get_data(), "api.json", options)
    else:
        abort(415, description="Send multipart/form-data with a 'file', or application/json.")
    db.session.commit()
    status = 422 if all(r.failed for r in results) else 201
    return jsonify(results=[{"id": r.interaction_id, "status": r.status, "source_id": r.source_id,
                             "filename": r.filename, "error": r.error} for r in results]), status


@bp.route("/<int:interaction_id>", methods=["GET"])
@api_roles_required()
def show(interaction_id: int):
    interaction = queries.find_visible_interaction(bearer_user(), interaction_id)
    if interaction is None:
        abort(404, description=f"There is no interaction {interaction_id} that you can see.")
    return jsonify(interaction_document(interaction))


@bp.route("", methods=["GET"])
@api_roles_required()
def index():
    page = max(1, request.args.get("page", 1, type=int))
    interactions, total = queries.list_interactions(bearer_user(), queries.InteractionFilter(
        channel=request.args.get("channel") or None, status=request.args.get("status") or None), page)
    return jsonify(total=total, page=page, page_size=queries.PAGE_SIZE, items=[
        {"id": i.id, "source_id": i.source_id, "channel": i.channel, "status": i.status,
         "agent": i.agent.email if i.agent else None, "duration_seconds": i.duration_seconds,
         "started_at": i.started_at.isoformat() if i.started_at else None} for i in interactions])
