"""Writing, publishing, archiving and finding modules; every field's limits."""
from datetime import timedelta

import pytest

from qa.audit.models import AuditEntry
from qa.errors import Refused
from qa.extensions import db
from qa.roles import Role
from tests.qa.reviews.builders import make_person
from tests.training.modules.builders import draft_module, module_input, published_module
from training.modules.models import ModuleStatus
from training.modules.services import (BODY_MAX_BYTES, archive_module, create_module, find_module, list_modules,
                                       publish_module, published_modules, update_module)


@pytest.fixture
def trainer(app):
    return make_person(Role.TRAINER)


def audit_actions(module_id: int) -> list[str]:
    return list(db.session.scalars(db.select(AuditEntry.action).where(
        AuditEntry.target_type == "coaching_module", AuditEntry.target_id == module_id).order_by(AuditEntry.id)))


def test_a_new_module_is_a_draft_with_its_fields_tidied(trainer):
    module = create_module(module_input(title="  Hold etiquette  ", summary=" Ask first. ",
                                        competencies=["efficiency_hold_handling", "communication", "communication"],
                                        estimated_minutes=25), trainer.id)
    assert module.status == ModuleStatus.DRAFT.value and module.author_id == trainer.id
    assert (module.title, module.summary, module.estimated_minutes) == ("Hold etiquette", "Ask first.", 25)
    assert module.competencies == ["communication", "efficiency_hold_handling"], "once each, in the role's order"
    assert module.published_at is None


@pytest.mark.parametrize("fields, message", [
    ({"title": "   "}, "Give the module a title"),
    ({"title": "x" * 201}, "201 characters long; keep it to 200"),
    ({"summary": "x" * 501}, "501 characters long; keep it to 500"),
    ({"body": "é" * (BODY_MAX_BYTES // 2 + 1)}, "at most 100 KB"),
    ({"competencies": []}, "at least one competency"),
    ({"competencies": ["empathy", "juggling"]}, "'juggling' is not a competency"),
    ({"estimated_minutes": 0}, "from 1 to 480"),
    ({"estimated_minutes": 481}, "from 1 to 480"),
    ({"estimated_minutes": None}, "from 1 to 480"),
    ({"estimated_minutes": True}, "from 1 to 480"),
])
def test_each_field_is_checked_on_create_and_on_update(trainer, fields, message):
    with pytest.raises(Refused, match=message):
        create_module(module_input(**fields), trainer.id)
    module = draft_module(trainer)
    with pytest.raises(Refused, match=message):
        update_module(module.id, module_input(**fields), trainer.id)


def test_the_limits_themselves_are_accepted(trainer):
    module = create_module(module_input(title="x" * 200, summary="y" * 500, body="z" * BODY_MAX_BYTES,
                                        estimated_minutes=480), trainer.id)
    assert len(module.body) == BODY_MAX_BYTES and module.estimated_minutes == 480
    assert create_module(module_input(estimated_minutes=1), trainer.id).estimated_minutes == 1


def test_update_changes_the_fields_in_any_status(trainer):
    module = published_module(trainer)
    update_module(module.id, module_input(title="Renamed", body="New text", competencies=["professionalism"]),
                  trainer.id)
    db.session.commit()
    module = find_module(module.id)
    assert (module.title, module.body, module.competencies) == ("Renamed", "New text", ["professionalism"])
    assert module.status == ModuleStatus.PUBLISHED.value


def test_publishing_needs_something_to_learn_from(trainer):
    empty = draft_module(trainer, body="  \n ")
    with pytest.raises(Refused, match="Write the module's text or add a clip"):
        publish_module(empty.id, trainer.id)


def test_publish_and_archive_are_audited_and_an_archived_module_can_come_back(trainer):
    module = draft_module(trainer)
    publish_module(module.id, trainer.id)
    assert module.status == ModuleStatus.PUBLISHED.value and module.published_at is not None
    with pytest.raises(Refused, match="published already"):
        publish_module(module.id, trainer.id)
    archive_module(module.id, trainer.id)
    assert module.status == ModuleStatus.ARCHIVED.value
    with pytest.raises(Refused, match="archived already"):
        archive_module(module.id, trainer.id)
    publish_module(module.id, trainer.id)
    db.session.commit()
    assert audit_actions(module.id) == ["module.publish", "module.archive", "module.publish"]
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "module.archive")).one()
    assert entry.actor_id == trainer.id and entry.before == {"status": "published"}
    assert entry.after == {"status": "archived"}


def test_find_module_refuses_an_unknown_id(app):
    with pytest.raises(Refused, match="There is no coaching module 999"):
        find_module(999)


def test_published_modules_newest_first_with_any_overlap_of_competencies(trainer):
    older = published_module(trainer, title="Older", competencies=["empathy", "communication"])
    newer = published_module(trainer, title="Newer", competencies=["compliance_verification"])
    older.published_at = newer.published_at - timedelta(days=1)
    draft_module(trainer, title="Draft", competencies=["empathy"])
    archived = published_module(trainer, title="Archived", competencies=["empathy"])
    archive_module(archived.id, trainer.id)
    db.session.commit()
    assert [m.title for m in published_modules()] == ["Newer", "Older"]
    assert [m.title for m in published_modules(["communication", "documentation"])] == ["Older"]
    assert [m.title for m in published_modules(["compliance_verification", "empathy"])] == ["Newer", "Older"]
    assert published_modules(["documentation"]) == [] and published_modules([]) == []


def test_the_library_search_matches_words_of_the_title_literally(trainer):
    published_module(trainer, title="100% first-call resolution")
    published_module(trainer, title="Hold_etiquette")
    published_module(trainer, title="Warm closings")
    assert [m.title for m in list_modules(search="100%")] == ["100% first-call resolution"]
    assert [m.title for m in list_modules(search="d_e")] == ["Hold_etiquette"], "_ is a letter, not a wildcard"
    assert [m.title for m in list_modules(search="CLOSING")] == ["Warm closings"]
    assert list_modules(search="%") == [m for m in list_modules() if "%" in m.title]
