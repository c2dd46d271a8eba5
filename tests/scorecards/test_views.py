"""The scorecard pages: create, build, save (and stale saves), publish, new drafts, retire, import/export,
bad input refused with the field named and nothing saved, and user text escaped everywhere."""
import copy
import html
import io
import re

import pytest

from qa.extensions import db
from qa.roles import Role
from scorecards import services
from scorecards.models import Scorecard, ScorecardVersion
from scorecards.toml_format import definition_from_toml
from tests.scorecards.builder_page import builder_fields
from tests.scorecards.definition_builders import criterion, definition, section, worked_example
from tests.support import csrf_token, post_form

HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def lead(client_for):
    return client_for(Role.QA_LEAD)


def make_scorecard(author_id, name="Phone quality", data=None) -> ScorecardVersion:
    scorecard = services.create_scorecard(name, "", data or worked_example(), author_id)
    db.session.commit()
    return scorecard.versions[0]


def fresh(version_id) -> ScorecardVersion:
    db.session.expire_all()
    return db.session.get(ScorecardVersion, version_id)


def edit_url(version) -> str:
    return f"/scorecards/versions/{version.id}/edit"


def setting(values: dict):
    """A change to the builder's fields that replaces these values (MultiDict.update would add to them)."""
    def change(fields):
        for name, value in values.items():
            fields[name] = value
    return change


def builder_post(client, version, change=None, **extra):
    """Submit the builder as the page shows it (no script), after `change(fields)` edits the fields."""
    fields = builder_fields(client.get(edit_url(version)).get_data(as_text=True))
    if change:
        change(fields)
    for name, value in extra.items():
        fields[name] = value
    return client.post(edit_url(version), data=fields)


def test_a_new_blank_scorecard_starts_as_draft_v1_in_the_builder(lead):
    response = post_form(lead, "/scorecards/new", {"name": "Email quality", "description": "For e-mail",
                                                   "start": "blank"})
    [scorecard] = services.list_scorecards()
    [version] = scorecard.versions
    assert response.headers["Location"] == edit_url(version)
    assert (version.status, version.number, scorecard.description) == ("draft", 1, "For e-mail")
    page = lead.get(edit_url(version)).get_data(as_text=True)
    assert 'name="section-0-criterion-0-question" data-name="question" value="Question 1"' in page
    assert f'name="base_revision" type="hidden" value="{version.revision}"' in page


def test_a_new_scorecard_can_start_from_the_shipped_default(lead):
    post_form(lead, "/scorecards/new", {"name": "Care", "description": "", "start": "default"})
    [scorecard] = services.list_scorecards()
    _, description, shipped = definition_from_toml(
        open("scorecards/defaults/customer_care_specialist.toml", encoding="utf-8").read())
    assert scorecard.versions[0].definition == shipped.to_dict() and scorecard.description == description


def test_a_duplicate_name_is_refused_on_the_form(lead):
    make_scorecard(lead.user.id)
    response = post_form(lead, "/scorecards/new", {"name": "Phone quality", "start": "blank"})
    assert response.status_code == 400 and "There is a scorecard called Phone quality already" in response.text
    assert len(services.list_scorecards()) == 1


def test_saving_the_builder_unchanged_keeps_every_field_of_the_definition(lead):
    version = make_scorecard(lead.user.id)
    before, revision = copy.deepcopy(version.definition), version.revision
    response = builder_post(lead, version)
    assert response.status_code == 302
    saved = fresh(version.id)
    assert saved.definition == before and saved.revision == revision + 1


def test_saving_edits_and_reorders(lead):
    version = make_scorecard(lead.user.id)

    def change(fields):
        fields["section-0-name"] = "Greeting and opening"
        fields["section-1-criterion-0-critical"] = ""
        fields["section-0-order"], fields["section-1-order"] = "2", "1"   # resolution first, as without JS

    assert builder_post(lead, version, change).status_code == 302
    sections = fresh(version.id).definition["sections"]
    assert [s["key"] for s in sections] == ["resolution", "opening", "compliance", "extra_mile"]
    assert sections[1]["name"] == "Greeting and opening" and sections[0]["criteria"][0]["critical"] is None


def test_save_and_preview_goes_to_the_preview(lead):
    version = make_scorecard(lead.user.id)
    response = builder_post(lead, version, action="preview")
    assert response.headers["Location"] == f"/scorecards/versions/{version.id}/preview"


def test_a_stale_save_is_refused_with_the_edits_shown_back_and_can_then_replace_theirs(lead, make_user):
    other = make_user(Role.ADMIN, email="other.lead@test.example.com", name="Olga Other")
    version = make_scorecard(lead.user.id)
    page = lead.get(edit_url(version)).get_data(as_text=True)
    theirs = worked_example() | {"pass_mark": 60}
    services.save_draft(version.id, theirs, version.revision, other.id)
    db.session.commit()

    fields = builder_fields(page)
    fields["section-0-criterion-0-question"] = "My new wording of the greeting"
    response = lead.post(edit_url(version), data=fields)
    assert response.status_code == 409
    assert "Olga Other saved this draft at" in response.text
    assert 'value="My new wording of the greeting"' in response.text          # the edits are not lost
    assert fresh(version.id).definition["pass_mark"] == 60                    # and theirs are not overwritten

    again = builder_fields(response.get_data(as_text=True))
    assert lead.post(edit_url(version), data=again).status_code == 409       # Save stays refused
    again["action"] = "overwrite"                                              # until the user chooses
    assert lead.post(edit_url(version), data=again).status_code == 302
    saved = fresh(version.id).definition
    assert saved["sections"][0]["criteria"][0]["question"] == "My new wording of the greeting"
    assert saved["pass_mark"] == 80


@pytest.mark.parametrize(("change", "field", "words"), [
    # zero total weight: every section a bonus section
    (setting({"section-0-bonus": "y", "section-1-bonus": "y", "section-2-bonus": "y",
              "section-1-criterion-0-critical": "", "section-2-criterion-0-critical": ""}),
     None, "the total weight is zero"),
    (setting({"section-1-bonus": "y"}), "section-1-criterion-0-critical", "cannot be critical"),
    (setting({"section-1-criterion-1-scale_min": "5", "section-1-criterion-1-scale_max": "5"}),
     "section-1-criterion-1-scale", "min must be below max"),
    (setting({"section-1-criterion-1-key": "accurate"}), "section-1-criterion-1-key",
     "another criterion already has this key"),
    (setting({"section-0-criterion-0-weight": "0"}), "section-0-criterion-0-weight", "greater than 0"),
    (setting({"section-0-weight": "lots"}), "section-0-weight", 'not "lots"'),
    (setting({"section-0-criterion-0-autoqa_rule": "tag_present",
                         "section-0-criterion-0-autoqa_tags": "greeting"}),
     "section-0-criterion-0-autoqa_tags", "is not a tag key"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(lead, change, field, words):
    version = make_scorecard(lead.user.id)
    before, revision = copy.deepcopy(version.definition), version.revision
    response = builder_post(lead, version, change)
    assert response.status_code == 400
    page = html.unescape(response.text)
    top = re.search(r'<div class="flash flash-error" role="alert">(.*?)</div>', page, re.S).group(1)
    assert words in top
    if field:
        assert re.search(rf'data-error-for="{field}">[^<]*{re.escape(words)}', page)
    saved = fresh(version.id)
    assert saved.definition == before and saved.revision == revision


def test_the_builder_without_a_revision_is_refused(lead):
    version = make_scorecard(lead.user.id)
    revision = version.revision
    response = post_form(lead, edit_url(version), {"section-0-key": "x"})
    assert response.status_code == 400 and fresh(version.id).revision == revision


def test_publishing_freezes_the_version_and_no_edit_route_changes_it(lead):
    version = make_scorecard(lead.user.id)
    before = copy.deepcopy(version.definition)
    fields = builder_fields(lead.get(edit_url(version)).get_data(as_text=True))
    response = post_form(lead, f"/scorecards/versions/{version.id}/publish", {"note": "First <b>cut</b>"})
    assert response.status_code == 302
    published = fresh(version.id)
    assert (published.status, published.note, published.published_by_id) == ("published", "First <b>cut</b>",
                                                                              lead.user.id)
    assert lead.get(edit_url(version)).status_code == 409
    refused = lead.post(edit_url(version), data=fields)
    assert refused.status_code == 409 and "a published version never changes" in refused.text
    again = post_form(lead, f"/scorecards/versions/{version.id}/publish", {"note": "again"})
    assert again.status_code == 409
    assert fresh(version.id).definition == before and fresh(version.id).note == "First <b>cut</b>"
    assert "First &lt;b&gt;cut&lt;/b&gt;" in lead.get(f"/scorecards/{version.scorecard_id}").text


def test_a_new_draft_copies_the_published_version_and_publishing_it_retires_the_old_one(lead):
    version = make_scorecard(lead.user.id)
    services.publish_version(version.id, lead.user.id)
    db.session.commit()
    response = post_form(lead, f"/scorecards/{version.scorecard_id}/new-draft")
    draft = services.draft_version(version.scorecard_id)
    assert response.headers["Location"] == edit_url(draft)
    assert (draft.number, draft.definition) == (2, version.definition)
    assert builder_post(lead, draft, setting({"pass_mark": "70"})).status_code == 302
    assert fresh(version.id).definition["pass_mark"] == 80
    post_form(lead, f"/scorecards/versions/{draft.id}/publish")
    assert (fresh(version.id).status, fresh(draft.id).status) == ("retired", "published")


def test_retire_a_version_then_the_scorecard(lead):
    version = make_scorecard(lead.user.id)
    services.publish_version(version.id, lead.user.id)
    db.session.commit()
    assert post_form(lead, f"/scorecards/versions/{version.id}/retire").status_code == 302
    assert fresh(version.id).status == "retired"
    assert post_form(lead, f"/scorecards/versions/{version.id}/retire").status_code == 409
    assert post_form(lead, f"/scorecards/{version.scorecard_id}/retire").status_code == 302
    assert db.session.get(Scorecard, version.scorecard_id).retired_at is not None
    refused = post_form(lead, f"/scorecards/{version.scorecard_id}/new-draft")
    assert refused.status_code == 409 and "is retired" in refused.text


def test_a_draft_can_be_discarded_unless_it_is_the_only_version(lead):
    version = make_scorecard(lead.user.id)
    assert post_form(lead, f"/scorecards/versions/{version.id}/discard").status_code == 409
    services.publish_version(version.id, lead.user.id)
    draft = services.start_new_draft(version.scorecard_id, lead.user.id)
    db.session.commit()
    assert post_form(lead, f"/scorecards/versions/{draft.id}/discard").status_code == 302
    assert services.draft_version(version.scorecard_id) is None


def test_renaming_a_scorecard(lead):
    version = make_scorecard(lead.user.id)
    url = f"/scorecards/{version.scorecard_id}/details"
    assert post_form(lead, url, {"name": "Calls", "description": "All calls"}).status_code == 302
    assert db.session.get(Scorecard, version.scorecard_id).name == "Calls"
    assert post_form(lead, url, {"name": "", "description": ""}).status_code == 400


def test_export_then_import_round_trips_the_definition(lead):
    version = make_scorecard(lead.user.id)
    exported = lead.get(f"/scorecards/versions/{version.id}/export")
    assert exported.headers["Content-Disposition"] == "attachment; filename=phone-quality-v1.toml"
    text = exported.get_data(as_text=True).replace('name = "Phone quality"', 'name = "Phone quality copy"', 1)
    response = post_form(lead, "/scorecards/import", {"file": (io.BytesIO(text.encode()), "copy.toml"),
                                                      "publish": "y"}, token_from="/scorecards/import")
    assert response.status_code == 302
    copy = services.find_scorecard_by_name("Phone quality copy")
    assert copy.versions[0].definition == version.definition and copy.versions[0].status == "published"
    assert copy.versions[0].note == "Imported from copy.toml"


@pytest.mark.parametrize(("content", "words"), [
    (b'name = "X"\nsections = []\n', "sections: a scorecard needs at least one section"),
    (b'name = "X"\n[[sections]\n', "this is not valid TOML"),
    ("name = 'Caf\u00e9'".encode("latin-1"), "not UTF-8"),
])
def test_a_bad_import_names_the_problem_and_stores_nothing(lead, content, words):
    response = post_form(lead, "/scorecards/import", {"file": (io.BytesIO(content), "bad.toml"), "publish": "y"},
                         token_from="/scorecards/import")
    assert response.status_code == 400 and words in response.text
    assert services.list_scorecards() == []


def test_reviewers_read_published_versions_only(client_for, make_user):
    author = make_user(Role.QA_LEAD, email="author@test.example.com")
    published = make_scorecard(author.id, "Published one")
    services.publish_version(published.id, author.id)
    draft_only = make_scorecard(author.id, "Draft only")
    reviewer = client_for(Role.REVIEWER)
    listing = reviewer.get("/scorecards/").text
    assert "Published one" in listing and "Draft only" not in listing and "New scorecard" not in listing
    assert reviewer.get(f"/scorecards/{draft_only.scorecard_id}").status_code == 404
    assert reviewer.get(f"/scorecards/versions/{draft_only.id}/preview").status_code == 403
    page = reviewer.get(f"/scorecards/{published.scorecard_id}").text
    assert not re.search(r'action="[^"]*/(publish|retire|new-draft|details)"', page) and "/export" not in page
    assert reviewer.get(f"/scorecards/versions/{published.id}/preview").status_code == 200


def test_the_preview_shows_what_a_reviewer_answers(lead):
    data = definition(section("opening", criterion("greeting", guidance="Within 5 seconds", critical="form",
                                                   competency="communication", channels=["phone"]),
                              criterion("process", "points")))
    version = make_scorecard(lead.user.id, data=data)
    page = lead.get(f"/scorecards/versions/{version.id}/preview").text
    greeting = page[page.index('data-criterion="greeting"'):page.index('data-criterion="process"')]
    assert "Within 5 seconds" in greeting and "critical: fails the whole evaluation" in greeting
    assert "Communication" in greeting and "only phone" in greeting
    assert greeting.count('type="radio"') == 2 and "<fieldset disabled>" in greeting
    assert "Partly <small class=\"muted\">(1 point)</small>" in page
    extra = make_scorecard(lead.user.id, "Bonus", worked_example())
    shares = lead.get(f"/scorecards/versions/{extra.id}/preview").text
    assert "weight 20 (20% of the total)" in shares and "bonus: up to 5 points on top" in shares


def test_user_text_is_escaped_on_every_page(lead):
    data = definition(section("opening", criterion("greeting", question=HOSTILE, guidance=HOSTILE), name=HOSTILE))
    version = make_scorecard(lead.user.id, name=f"Quality {HOSTILE}", data=data)
    for url in ("/scorecards/", f"/scorecards/{version.scorecard_id}", edit_url(version),
                f"/scorecards/versions/{version.id}/preview"):
        page = lead.get(url).text
        assert HOSTILE not in page, url
        assert "&lt;script&gt;" in page, url
    assert csrf_token(lead, edit_url(version))
