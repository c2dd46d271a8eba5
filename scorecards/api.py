"""REST API for scorecards under /api/v1/scorecards (bearer tokens; see qa/api).

The roles are the scorecard pages' own: QA leads, admins and reviewers read scorecards; only the authors
(QA leads and admins) see drafts. Agents and trainers get 403, as on the pages.
"""
from __future__ import annotations

from flask import Blueprint, abort, jsonify

from qa.access import api_roles_required
from qa.api import bearer_user
from qa.extensions import db
from scorecards import services
from scorecards.models import Scorecard, ScorecardVersion, VersionStatus
from scorecards.views import AUTHORS, VIEWERS

bp = Blueprint("scorecards_api", __name__, url_prefix="/api/v1/scorecards")


@bp.route("", methods=["GET"])
@api_roles_required(*VIEWERS)
def index():
    """Every scorecard the caller may read, with its versions' numbers and states (no definitions)."""
    items = []
    for scorecard in services.list_scorecards():
        versions = _versions(scorecard)
        if versions:
            items.append(_scorecard(scorecard, versions, with_definitions=False))
    return jsonify(items=items)


@bp.route("/<int:scorecard_id>", methods=["GET"])
@api_roles_required(*VIEWERS)
def show(scorecard_id: int):
    """One scorecard with all its versions (newest first) and each version's definition."""
    scorecard = db.session.get(Scorecard, scorecard_id)
    versions = _versions(scorecard) if scorecard else []
    if not versions:
        abort(404, description=f"There is no scorecard {scorecard_id} that you can see.")
    return jsonify(_scorecard(scorecard, versions, with_definitions=True))


def _versions(scorecard: Scorecard) -> list[ScorecardVersion]:
    author = bearer_user().has_any_role(AUTHORS)
    return [v for v in reversed(scorecard.versions) if author or v.status != VersionStatus.DRAFT.value]


def _scorecard(scorecard: Scorecard, versions: list[ScorecardVersion], *, with_definitions: bool) -> dict:
    published = next((v.number for v in versions if v.status == VersionStatus.PUBLISHED.value), None)
    return {"id": scorecard.id, "name": scorecard.name, "description": scorecard.description,
            "created_at": _iso(scorecard.created_at), "retired_at": _iso(scorecard.retired_at),
            "published_version": published,
            "versions": [_version(version, with_definitions) for version in versions]}


def _version(version: ScorecardVersion, with_definition: bool) -> dict:
    data = {"id": version.id, "number": version.number, "status": version.status, "note": version.note,
            "created_at": _iso(version.created_at), "published_at": _iso(version.published_at),
            "retired_at": _iso(version.retired_at)}
    if with_definition:
        data["definition"] = version.definition
    return data


def _iso(value) -> str | None:
    return value.isoformat() if value else None
