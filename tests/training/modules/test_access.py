"""Who reads which module: writers and QA leads everything; everyone else the published ones, and an agent also
an archived one that is in their own assigned plan. Anything else is a 404, as if it did not exist."""
import pytest

from qa.extensions import db
from qa.roles import Role
from tests.qa.reviews.builders import make_person, ready_chat
from tests.support import login, post_form
from tests.training.modules.builders import draft_module, published_module
from tests.training.plans.builders import active_plan, proposed_plan
from training.modules.attachments import add_attachment
from training.modules.clips import add_clip
from training.modules.services import archive_module


def signed_in(app, role: Role):
    user = make_person(role)
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    client.user = user
    return client


@pytest.fixture
def trainer(app):
    return make_person(Role.TRAINER)


def with_files(module, trainer):
    attachment = add_attachment(module.id, b"Checklist\n", "checklist.txt", trainer.id)
    clip = add_clip(module.id, ready_chat(None).id, "golden", "Opening", first_position=0, last_position=0,
                    actor_id=trainer.id)
    db.session.commit()
    return [f"/coaching/modules/{module.id}", f"/coaching/modules/{module.id}/attachments/{attachment.id}"], clip


@pytest.mark.parametrize("role", [Role.AGENT, Role.REVIEWER])
def test_a_draft_is_a_404_to_agents_and_reviewers_with_its_files(app, trainer, role):
    client = signed_in(app, role)
    urls, clip = with_files(draft_module(trainer, title="Secret draft"), trainer)
    for url in urls + [f"/coaching/modules/{clip.module_id}/clips/{clip.id}/audio"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Secret draft" not in response.get_data(as_text=True)
    assert "Secret draft" not in client.get("/coaching/modules/").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.AGENT, Role.REVIEWER, Role.QA_LEAD, Role.TRAINER, Role.ADMIN])
def test_a_published_module_opens_for_every_role(app, trainer, role):
    client = signed_in(app, role)
    module = published_module(trainer, title="Open to all")
    urls, _clip = with_files(module, trainer)
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert "Open to all" in client.get("/coaching/modules/").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.QA_LEAD, Role.TRAINER, Role.ADMIN])
def test_qa_leads_and_writers_read_drafts_and_archived_modules(app, trainer, role):
    client = signed_in(app, role)
    draft = draft_module(trainer, title="A draft")
    archived = published_module(trainer, title="An archive")
    archive_module(archived.id, trainer.id)
    db.session.commit()
    assert client.get(f"/coaching/modules/{draft.id}").status_code == 200
    assert client.get(f"/coaching/modules/{archived.id}").status_code == 200
    library = client.get("/coaching/modules/?status=draft").get_data(as_text=True)
    assert "A draft" in library and "An archive" not in library


def test_a_qa_lead_reads_but_cannot_write(app, trainer):
    client = signed_in(app, Role.QA_LEAD)
    module = draft_module(trainer)
    assert client.get(f"/coaching/modules/{module.id}/edit").status_code == 403
    assert post_form(client, f"/coaching/modules/{module.id}/publish").status_code == 403
    page = client.get(f"/coaching/modules/{module.id}").get_data(as_text=True)
    assert f"/coaching/modules/{module.id}/edit" not in page and 'data-testid="publish"' not in page


def test_an_agent_keeps_an_archived_module_of_their_own_assigned_plan_and_nobody_elses(app, trainer):
    module = published_module(trainer, title="Kept in the plan")
    urls, _clip = with_files(module, trainer)
    owner, other, proposed_for = (signed_in(app, Role.AGENT) for _ in range(3))
    active_plan(owner.user, trainer, [module])
    proposed_plan(proposed_for.user, trainer, [module])
    archive_module(module.id, trainer.id)
    db.session.commit()
    for url in urls:
        assert owner.get(url).status_code == 200, url
        assert other.get(url).status_code == 404, url
        assert proposed_for.get(url).status_code == 404, "a proposal is not the agent's yet"
    assert "Kept in the plan" not in owner.get("/coaching/modules/").get_data(as_text=True), \
        "the library lists published modules only"
