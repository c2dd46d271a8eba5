"""The module pages: the library's filters, the editor (save, the Preview button and the live preview endpoint),
publish and archive, and refusals shown on the page."""
import pytest

from qa.extensions import db
from qa.roles import Role
from tests.qa.reviews.builders import make_person
from tests.support import csrf_token, login, post_form
from tests.training.modules.builders import draft_module, published_module
from training.modules.models import CoachingModule, ModuleStatus


@pytest.fixture
def trainer_client(app):
    trainer = make_person(Role.TRAINER)
    client = app.test_client()
    assert login(client, trainer.email).status_code == 302
    client.user = trainer
    return client


def module_form(**fields) -> dict:
    form = {"title": "Verify before you act", "summary": "Identity first.", "competencies": ["compliance_verification"],
            "estimated_minutes": "20", "body": "Ask for **two** details."}
    form.update(fields)
    return form


def test_a_trainer_writes_a_module_and_it_is_saved_as_a_draft(trainer_client):
    response = post_form(trainer_client, "/coaching/modules/new", module_form())
    assert response.status_code == 303
    module = db.session.scalars(db.select(CoachingModule)).one()
    assert response.headers["Location"].endswith(f"/coaching/modules/{module.id}/edit")
    assert (module.title, module.status, module.author_id) == ("Verify before you act", "draft",
                                                             trainer_client.user.id)
    assert module.competencies == ["compliance_verification"] and module.estimated_minutes == 20


@pytest.mark.parametrize("fields, message", [
    ({"title": ""}, "Give the module a title."),
    ({"competencies": []}, "Choose at least one competency"),
    ({"estimated_minutes": "0"}, "from 1 to 480"),
    ({"estimated_minutes": "ten"}, "Not a valid integer value"),
    ({"competencies": ["juggling"]}, "is not a valid choice"),
    ({"summary": "x" * 501}, "longer than 500"),
])
def test_a_bad_field_shows_its_reason_and_saves_nothing(trainer_client, fields, message):
    response = post_form(trainer_client, "/coaching/modules/new", module_form(**fields))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalars(db.select(CoachingModule)).all() == []


def test_editing_saves_and_the_preview_button_saves_nothing(trainer_client):
    module = draft_module(trainer_client.user, body="Old text")
    url = f"/coaching/modules/{module.id}/edit"
    page = trainer_client.get(url).get_data(as_text=True)
    assert "Old text" in page and module.title in page
    preview = post_form(trainer_client, url, module_form(body="# Fresh <script>alert(1)</script>", preview="1"))
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "<h1>Fresh &lt;script&gt;alert(1)&lt;/script&gt;</h1>" in html and "<script>alert(1)" not in html
    db.session.expire_all()
    assert db.session.get(CoachingModule, module.id).body == "Old text"
    assert post_form(trainer_client, url, module_form(body="New text")).status_code == 303
    db.session.expire_all()
    assert db.session.get(CoachingModule, module.id).body == "New text"


def test_the_live_preview_endpoint_renders_sanitised_html_and_needs_the_csrf_token(trainer_client):
    token = csrf_token(trainer_client, "/coaching/modules/new")
    response = trainer_client.post("/coaching/modules/preview", data={
        "csrf_token": token, "body": "**bold** <img src=x onerror=alert(1)> [x](javascript:alert(1))"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "<strong>bold</strong>" in html and "<img" not in html and 'href="javascript' not in html
    assert trainer_client.post("/coaching/modules/preview", data={"body": "x"}).status_code == 400
    too_long = trainer_client.post("/coaching/modules/preview", data={"csrf_token": token, "body": "x" * 102401})
    assert too_long.status_code == 400 and "100 KB" in too_long.get_data(as_text=True)


def test_publish_and_archive_from_the_module_page(trainer_client):
    module = draft_module(trainer_client.user)
    assert post_form(trainer_client, f"/coaching/modules/{module.id}/publish").status_code == 303
    db.session.expire_all()
    assert db.session.get(CoachingModule, module.id).status == ModuleStatus.PUBLISHED.value
    assert post_form(trainer_client, f"/coaching/modules/{module.id}/archive").status_code == 303
    db.session.expire_all()
    assert db.session.get(CoachingModule, module.id).status == ModuleStatus.ARCHIVED.value


def test_a_refused_publish_says_why_on_the_page(trainer_client):
    module = draft_module(trainer_client.user, body="")
    response = post_form(trainer_client, f"/coaching/modules/{module.id}/publish")
    assert response.status_code == 400
    assert "Write the module&#39;s text or add a clip" in response.get_data(as_text=True)


def test_the_library_filters_by_competency_and_title(trainer_client):
    published_module(trainer_client.user, title="Calm holds", competencies=["efficiency_hold_handling"])
    published_module(trainer_client.user, title="Warm words", competencies=["empathy"])
    by_competency = trainer_client.get("/coaching/modules/?competency=empathy").get_data(as_text=True)
    assert "Warm words" in by_competency and "Calm holds" not in by_competency
    by_title = trainer_client.get("/coaching/modules/?q=calm").get_data(as_text=True)
    assert "Calm holds" in by_title and "Warm words" not in by_title
    assert trainer_client.get("/coaching/modules/?competency=juggling").status_code == 400


def test_the_coaching_menu_has_modules(trainer_client):
    page = trainer_client.get("/coaching/modules/").get_data(as_text=True)
    menu = page.split('data-testid="coaching-nav"')[1].split("</nav>")[0]
    assert '<a href="/coaching/modules/" aria-current="page">Modules</a>' in menu
