"""Coaching modules: writing, publishing and archiving them (trainers and admins), and finding them.
Every function flushes; the caller commits. Attachments are in attachments.py, clips in clips.py, who may see
which module in access.py.

A module goes DRAFT → PUBLISHED (assignable, in every signed-in user's library) → ARCHIVED (no new assignments;
plans that have it keep it); an archived module can be published again.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from qa import audit
from qa.errors import Refused
from qa.extensions import db
from qa.timeutil import utcnow
from scorecards.competencies import COMPETENCIES
from training.modules.models import CoachingModule, ModuleStatus

TITLE_MAX = 200
SUMMARY_MAX = 500
BODY_MAX_BYTES = 100 * 1024
MINUTES_MIN, MINUTES_MAX = 1, 480


@dataclass
class ModuleInput:
    title: str
    competencies: list[str] = field(default_factory=list)
    estimated_minutes: int = 15
    summary: str = ""
    body: str = ""  # Markdown


def find_module(module_id: int) -> CoachingModule:
    module = db.session.get(CoachingModule, module_id)
    if module is None:
        raise Refused(f"There is no coaching module {module_id}.")
    return module


def create_module(data: ModuleInput, author_id: int | None) -> CoachingModule:
    """A new draft module."""
    module = CoachingModule(status=ModuleStatus.DRAFT.value, author_id=author_id)
    _apply(module, checked_input(data))
    db.session.add(module)
    db.session.flush()
    return module


def update_module(module_id: int, data: ModuleInput, actor_id: int | None) -> CoachingModule:
    """Edit a module in any status: a module is teaching text, and fixing a published one helps everyone on it."""
    module = find_module(module_id)
    _apply(module, checked_input(data))
    db.session.flush()
    return module


def publish_module(module_id: int, actor_id: int | None) -> CoachingModule:
    module = find_module(module_id)
    if module.status == ModuleStatus.PUBLISHED.value:
        raise Refused(f"The module {module.title!r} is published already.")
    if not module.body.strip() and not module.clips:
        raise Refused("Write the module's text or add a clip before publishing it: there is nothing to learn from "
                      "yet.")
    before = module.status
    module.status, module.published_at = ModuleStatus.PUBLISHED.value, utcnow()
    db.session.flush()
    audit.record("module.publish", "coaching_module", module.id, actor_id, f"Published the module {module.title!r}",
                 before={"status": before}, after={"status": module.status})
    return module


def archive_module(module_id: int, actor_id: int | None) -> CoachingModule:
    module = find_module(module_id)
    if module.status == ModuleStatus.ARCHIVED.value:
        raise Refused(f"The module {module.title!r} is archived already.")
    before = module.status
    module.status = ModuleStatus.ARCHIVED.value
    db.session.flush()
    audit.record("module.archive", "coaching_module", module.id, actor_id, f"Archived the module {module.title!r}",
                 before={"status": before}, after={"status": module.status})
    return module


def published_modules(competencies: Iterable[str] | None = None) -> list[CoachingModule]:
    """Published modules, newest first; with `competencies`, those that teach any of them."""
    return list_modules(statuses=[ModuleStatus.PUBLISHED.value], competencies=competencies)


def list_modules(*, statuses: Iterable[str] | None = None, competencies: Iterable[str] | None = None,
                 search: str | None = None) -> list[CoachingModule]:
    """Modules in `statuses` (all when None) whose title holds `search`, teaching any of `competencies`;
    published ones newest first, then the rest by their last edit."""
    query = db.select(CoachingModule)
    if statuses is not None:
        query = query.where(CoachingModule.status.in_(list(statuses)))
    if search and search.strip():
        query = query.where(CoachingModule.title.ilike(f"%{_like_escaped(search.strip())}%", escape="\\"))
    query = query.order_by(CoachingModule.published_at.desc().nulls_last(), CoachingModule.updated_at.desc(),
                           CoachingModule.id.desc())
    modules = db.session.scalars(query).all()
    if competencies is None:
        return list(modules)
    # The competencies are a JSON list: overlap is checked here, the same on SQLite and PostgreSQL.
    wanted = set(competencies)
    return [module for module in modules if wanted & set(module.competencies or [])]


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def checked_input(data: ModuleInput) -> ModuleInput:
    """The input tidied, or Refused with the first thing wrong, said so a trainer can fix it."""
    title = (data.title or "").strip()
    if not title:
        raise Refused("Give the module a title.")
    if len(title) > TITLE_MAX:
        raise Refused(f"The title is {len(title)} characters long; keep it to {TITLE_MAX}.")
    summary = (data.summary or "").strip()
    if len(summary) > SUMMARY_MAX:
        raise Refused(f"The summary is {len(summary)} characters long; keep it to {SUMMARY_MAX}.")
    body = data.body or ""
    size = len(body.encode("utf-8"))
    if size > BODY_MAX_BYTES:
        raise Refused(f"The text is {size / 1024:.0f} KB; a module's text is at most {BODY_MAX_BYTES // 1024} KB. "
                      f"Put long material in an attachment.")
    unknown = [key for key in data.competencies if key not in COMPETENCIES]
    if unknown:
        raise Refused(f"{', '.join(map(repr, unknown))} is not a competency; choose from the list.")
    if not data.competencies:
        raise Refused("Choose at least one competency the module teaches: plans recommend modules by them.")
    minutes = data.estimated_minutes
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not MINUTES_MIN <= minutes <= MINUTES_MAX:
        raise Refused(f"The estimated time is {minutes!r} minutes; give a whole number from {MINUTES_MIN} to "
                      f"{MINUTES_MAX} (8 hours).")
    ordered = [key for key in COMPETENCIES if key in set(data.competencies)]
    return ModuleInput(title=title, summary=summary, body=body, competencies=ordered, estimated_minutes=minutes)


def _apply(module: CoachingModule, data: ModuleInput) -> None:
    module.title, module.summary, module.body = data.title, data.summary, data.body
    module.competencies, module.estimated_minutes = data.competencies, data.estimated_minutes
