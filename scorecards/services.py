"""Scorecards and their versions: draft → published → retired.

A published version never changes. Editing a published scorecard starts a new draft (a copy), and
publishing that draft retires the version before it, so every evaluation keeps the version it was
scored on. A draft is saved against the revision it was loaded at, so two people editing one draft
cannot silently overwrite each other.
"""
from __future__ import annotations

from typing import Callable

from qa import audit
from qa.errors import Refused
from qa.extensions import db
from qa.timeutil import utcnow
from scorecards.definition import parse_definition
from scorecards.models import Scorecard, ScorecardVersion, VersionStatus
from scorecards.toml_format import definition_from_toml, definition_to_toml

NAME_MAX = 120
# Packages built on scorecards say here why a draft must stay as it is (a calibration session scores on it);
# scorecards cannot import them. A guard returns the reason, or None.
draft_guards: list[Callable[[ScorecardVersion], str | None]] = []


def list_scorecards() -> list[Scorecard]:
    return list(db.session.scalars(db.select(Scorecard).order_by(Scorecard.name)))


def find_scorecard(scorecard_id: int) -> Scorecard:
    scorecard = db.session.get(Scorecard, scorecard_id)
    if scorecard is None:
        raise Refused(f"There is no scorecard {scorecard_id}.")
    return scorecard


def find_scorecard_by_name(name: str) -> Scorecard | None:
    return db.session.scalar(db.select(Scorecard).where(Scorecard.name == name.strip()))


def find_version(version_id: int) -> ScorecardVersion:
    version = db.session.get(ScorecardVersion, version_id)
    if version is None:
        raise Refused(f"There is no scorecard version {version_id}.")
    return version


def published_version(scorecard_id: int) -> ScorecardVersion | None:
    return db.session.scalar(db.select(ScorecardVersion).where(
        ScorecardVersion.scorecard_id == scorecard_id,
        ScorecardVersion.status == VersionStatus.PUBLISHED.value))


def draft_version(scorecard_id: int) -> ScorecardVersion | None:
    return db.session.scalar(db.select(ScorecardVersion).where(
        ScorecardVersion.scorecard_id == scorecard_id, ScorecardVersion.status == VersionStatus.DRAFT.value))


def create_scorecard(name: str, description: str, definition: dict, actor_id: int | None) -> Scorecard:
    """A new scorecard with its first version as a draft."""
    name = _checked_name(name)
    checked = parse_definition(definition).to_dict()
    scorecard = Scorecard(name=name, description=description.strip(), created_by_id=actor_id)
    scorecard.versions.append(ScorecardVersion(number=1, definition=checked, created_by_id=actor_id))
    db.session.add(scorecard)
    db.session.flush()
    audit.record("scorecard.created", "scorecard", scorecard.id, actor_id, f"Created scorecard {name}",
                 after={"definition": checked})
    return scorecard


def update_scorecard_details(scorecard_id: int, name: str, description: str, actor_id: int | None) -> Scorecard:
    scorecard = find_scorecard(scorecard_id)
    before = {"name": scorecard.name, "description": scorecard.description}
    if name.strip() != scorecard.name:
        scorecard.name = _checked_name(name)
    scorecard.description = description.strip()
    db.session.flush()
    audit.record("scorecard.renamed", "scorecard", scorecard.id, actor_id, f"Details of {scorecard.name} changed",
                 before=before, after={"name": scorecard.name, "description": scorecard.description})
    return scorecard


def save_draft(version_id: int, definition: dict, base_revision: int, actor_id: int | None) -> ScorecardVersion:
    """Replace a draft's definition; refused when someone saved it after `base_revision` was loaded."""
    version = find_version(version_id)
    _require_draft(version)
    _require_unguarded(version)
    if version.revision != base_revision:
        who = version.updated_by.name if version.updated_by else "Someone"
        raise Refused(f"{who} saved this draft at {version.updated_at:%H:%M} UTC since you opened it. Your changes "
                      "are shown below and were not saved: compare them with the saved draft, or save yours over it.")
    checked = parse_definition(definition).to_dict()
    # The WHERE on the old revision makes the check and the write one step, even between two processes.
    updated = db.session.execute(
        db.update(ScorecardVersion)
        .where(ScorecardVersion.id == version.id, ScorecardVersion.revision == base_revision)
        .values(definition=checked, revision=base_revision + 1, updated_at=utcnow(), updated_by_id=actor_id)
        .execution_options(synchronize_session=False))
    if updated.rowcount != 1:
        raise Refused("Someone saved this draft at the same moment. Your changes were not saved; reload the draft.")
    db.session.refresh(version)
    return version


def publish_version(version_id: int, actor_id: int | None, note: str = "") -> ScorecardVersion:
    """Publish a draft; the version published before it is retired."""
    version = find_version(version_id)
    _require_draft(version)
    if version.scorecard.retired_at is not None:
        raise Refused(f"{version.scorecard.name} is retired; it cannot publish new versions.")
    parse_definition(version.definition)  # a draft saved under older rules must still be valid
    previous = published_version(version.scorecard_id)
    now = utcnow()
    if previous is not None:
        previous.status, previous.retired_at = VersionStatus.RETIRED.value, now
    version.status, version.published_at, version.published_by_id = VersionStatus.PUBLISHED.value, now, actor_id
    version.note = note.strip()[:500]
    db.session.flush()
    audit.record("scorecard.version_published", "scorecard_version", version.id, actor_id,
                 f"Published {version.label}" + (f" ({version.note})" if version.note else ""),
                 before={"published_version": previous.number if previous else None},
                 after={"published_version": version.number, "definition": version.definition})
    return version


def start_new_draft(scorecard_id: int, actor_id: int | None) -> ScorecardVersion:
    """A new draft copying the newest version; the one draft there is, if one exists already."""
    scorecard = find_scorecard(scorecard_id)
    if scorecard.retired_at is not None:
        raise Refused(f"{scorecard.name} is retired.")
    existing = draft_version(scorecard_id)
    if existing is not None:
        return existing
    newest = scorecard.versions[-1]
    draft = ScorecardVersion(number=newest.number + 1, definition=dict(newest.definition), created_by_id=actor_id)
    scorecard.versions.append(draft)
    db.session.flush()
    audit.record("scorecard.draft_started", "scorecard_version", draft.id, actor_id,
                 f"Started draft {draft.label} from v{newest.number}")
    return draft


def discard_draft(version_id: int, actor_id: int | None) -> None:
    version = find_version(version_id)
    _require_draft(version)
    _require_unguarded(version)
    if len(version.scorecard.versions) == 1:
        raise Refused("This is the scorecard's only version; retire the scorecard instead.")
    label = version.label
    version.scorecard.versions.remove(version)
    db.session.flush()
    audit.record("scorecard.draft_discarded", "scorecard", version.scorecard_id, actor_id, f"Discarded {label}")


def retire_version(version_id: int, actor_id: int | None) -> ScorecardVersion:
    """Take the published version out of use (no new evaluations) without publishing another; its
    evaluations keep it. A draft is discarded, not retired."""
    version = find_version(version_id)
    if version.status != VersionStatus.PUBLISHED.value:
        raise Refused(f"{version.label} is {version.status}; only the published version can be retired.")
    version.status, version.retired_at = VersionStatus.RETIRED.value, utcnow()
    db.session.flush()
    audit.record("scorecard.version_retired", "scorecard_version", version.id, actor_id, f"Retired {version.label}")
    return version


def retire_scorecard(scorecard_id: int, actor_id: int | None) -> Scorecard:
    """No new evaluations on it; finished evaluations keep their scores and versions."""
    scorecard = find_scorecard(scorecard_id)
    if scorecard.retired_at is not None:
        raise Refused(f"{scorecard.name} is retired already.")
    now = utcnow()
    scorecard.retired_at = now
    for version in scorecard.versions:
        if version.status == VersionStatus.PUBLISHED.value:
            version.status, version.retired_at = VersionStatus.RETIRED.value, now
    db.session.flush()
    audit.record("scorecard.retired", "scorecard", scorecard.id, actor_id, f"Retired {scorecard.name}")
    return scorecard


def import_scorecard_toml(text: str, actor_id: int | None) -> ScorecardVersion:
    """A new scorecard, or a new draft of the one with that name (replacing its draft's content)."""
    name, description, definition = definition_from_toml(text)
    scorecard = find_scorecard_by_name(name)
    if scorecard is None:
        return create_scorecard(name, description, definition.to_dict(), actor_id).versions[0]
    draft = start_new_draft(scorecard.id, actor_id)
    scorecard.description = description.strip()
    return save_draft(draft.id, definition.to_dict(), draft.revision, actor_id)


def export_scorecard_toml(version_id: int) -> str:
    version = find_version(version_id)
    return definition_to_toml(version.scorecard.name, version.scorecard.description,
                              parse_definition(version.definition))


def _require_draft(version: ScorecardVersion) -> None:
    if version.status != VersionStatus.DRAFT.value:
        raise Refused(f"{version.label} is {version.status}: a published version never changes. "
                      "Start a new draft to edit it.")


def _require_unguarded(version: ScorecardVersion) -> None:
    for guard in draft_guards:
        if reason := guard(version):
            raise Refused(reason)


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise Refused(f"A scorecard needs a name of 1 to {NAME_MAX} characters.")
    if find_scorecard_by_name(name) is not None:
        raise Refused(f"There is a scorecard called {name} already.")
    return name
