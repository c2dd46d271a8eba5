"""In headless Chromium: a QA lead builds a scorecard in the builder, reorders it, saves, previews, publishes."""
import pytest

from qa.extensions import db
from qa.roles import Role
from scorecards import services
from tests.qa.web.test_browser import sign_in
from tests.support import role_email

pytestmark = pytest.mark.browser


def drag(page, handle, target):
    """Drag by the handle with real mouse moves (HTML5 drag and drop) to just inside the target's top edge."""
    page.set_viewport_size({"width": 1280, "height": 3000})  # both ends on screen, so no scrolling mid-drag
    handle.scroll_into_view_if_needed()
    start, end = handle.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + 4, start["y"] + 4)
    page.mouse.down()
    page.mouse.move(start["x"] + 8, start["y"] + 12, steps=4)
    page.mouse.move(end["x"] + 40, end["y"] + 6, steps=8)
    page.mouse.up()


def criterion_questions(page):
    return page.locator("[data-row=criterion] [data-name=question]").evaluate_all("els => els.map(e => e.value)")


def test_a_qa_lead_builds_reorders_previews_and_publishes_a_scorecard(page, live_server, make_user, tmp_path):
    make_user(Role.QA_LEAD, email=role_email(Role.QA_LEAD))
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server, role_email(Role.QA_LEAD))
    page.click("[data-testid=main-nav] >> text=Scorecards")
    page.click("text=New scorecard")
    page.fill("input[name=name]", "Chat quality")
    page.click("main button[type=submit]")
    page.wait_for_selector("form[data-builder].scripted")

    first_section = page.locator("[data-row=section]").first
    first_section.locator("[data-name=name]").first.fill("Opening")
    first_section.locator("[data-row=criterion] [data-name=question]").fill("Did the agent greet the customer?")
    # A criterion added to the first section: a scale of 1 to 4 with a label on each point.
    first_section.locator("button[data-add=criterion]").click()
    calm = first_section.locator("[data-row=criterion]").nth(1)
    calm.locator("[data-name=question]").fill("How calm was the agent?")
    assert calm.locator("[data-name=key]").first.input_value() == "how_calm_was_the_agent"
    assert calm.locator("[data-for-types=scale]").is_hidden()
    calm.locator("[data-name=answer_type]").select_option("scale")
    assert calm.locator("[data-for-types=scale]").is_visible() and calm.locator("[data-for-types=points]").is_hidden()
    calm.locator("[data-name=scale_max]").fill("4")
    labels = calm.locator("[data-scale-labels] input")
    assert labels.count() == 4
    for point, label in enumerate(["Curt", "Tense", "Calm", "Reassuring"]):
        labels.nth(point).fill(label)
    assert labels.nth(3).get_attribute("name") == "section-0-criterion-1-scale_label-4"

    page.click("button[data-add=section]")
    closing = page.locator("[data-row=section]").nth(1)
    closing.locator("[data-name=name]").first.fill("Closing")
    closing.locator("[data-name=weight]").first.fill("25")
    closing.locator("[data-row=criterion] [data-name=question]").fill("Did the agent offer more help?")
    assert closing.locator("[data-name=key]").first.input_value() == "closing"

    # Drag the scale criterion above the greeting, then move the greeting to the closing section's top
    # with the keyboard-friendly buttons... and back down with drag and drop into place.
    drag(page, calm.locator("[data-drag]"), first_section.locator("[data-row=criterion]").first)
    assert criterion_questions(page) == ["How calm was the agent?", "Did the agent greet the customer?",
                                         "Did the agent offer more help?"]
    assert page.locator("[data-row=criterion]").first.locator("[data-name=question]").get_attribute("name") == \
        "section-0-criterion-0-question"
    closing.locator("[data-row=criterion] button[data-move=up]").click()  # first already: nothing moves
    assert criterion_questions(page)[2] == "Did the agent offer more help?"
    page.screenshot(path=str(tmp_path / "builder.png"), full_page=True)

    page.click("button[name=action][value=preview]")
    page.wait_for_selector("[data-testid=preview]")
    assert page.locator(".preview-criterion legend").all_inner_texts() == [
        "How calm was the agent?", "Did the agent greet the customer?", "Did the agent offer more help?"]
    calm_answers = page.locator("[data-criterion=how_calm_was_the_agent] .answers label").all_inner_texts()
    assert [text.strip() for text in calm_answers] == ["1 – Curt", "2 – Tense", "3 – Calm", "4 – Reassuring"]
    assert page.locator("[data-criterion=how_calm_was_the_agent] input[type=radio]").first.is_disabled()
    page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)

    page.fill(".publish-form input[name=note]", "First version")
    page.click(".publish-form button[type=submit]")
    page.wait_for_selector("[data-testid=versions-table] tr[data-status=published]")
    [scorecard] = services.list_scorecards()
    db.session.expire_all()
    version = services.published_version(scorecard.id)
    assert version.note == "First version"
    [opening, closing_section] = version.definition["sections"]
    assert [c["key"] for c in opening["criteria"]] == ["how_calm_was_the_agent", "question_1"]
    assert opening["criteria"][0]["scale"] == {"min": 1, "max": 4, "labels": {
        "1": "Curt", "2": "Tense", "3": "Calm", "4": "Reassuring"}}
    assert (closing_section["key"], closing_section["weight"]) == ("closing", 25)


def test_drag_moves_a_criterion_into_another_section_and_the_buttons_move_sections(page, live_server, make_user,
                                                                                   tmp_path):
    author = make_user(Role.QA_LEAD, email=role_email(Role.QA_LEAD))
    from tests.scorecards.definition_builders import criterion, definition, section
    scorecard = services.create_scorecard("Two sections", "", definition(
        section("first", criterion("alpha"), criterion("beta")), section("second", criterion("gamma"))), author.id)
    db.session.commit()
    sign_in(page, live_server, role_email(Role.QA_LEAD))
    page.wait_for_selector("[data-testid=main-nav]")
    page.goto(f"{live_server}/scorecards/versions/{scorecard.versions[0].id}/edit")
    page.wait_for_selector("form[data-builder].scripted")
    sections = page.locator("[data-row=section]")
    beta = sections.nth(0).locator("[data-row=criterion]").nth(1)
    drag(page, beta.locator("[data-drag]"), sections.nth(1).locator("[data-row=criterion]").first)
    sections.nth(1).locator("button[data-move=up]").first.click()
    assert page.locator("[data-row=section] > .builder-grid [data-name=key]").evaluate_all(
        "els => els.map(e => e.value)") == ["second", "first"]
    gamma = page.locator("[data-row=criterion]").filter(has=page.locator("input[value=gamma]"))
    gamma.locator("[data-name=autoqa_rule]").select_option("tag_present")
    tags = gamma.locator("[data-name=autoqa_tags]")
    assert tags.is_visible() and gamma.locator("[data-name=autoqa_metric]").is_hidden()
    tags.fill("greeting")
    assert tags.evaluate("input => input.matches(':invalid')")   # marked while typing; the save checks it
    tags.fill("agent.greeting, reason.refund")
    assert tags.evaluate("input => input.matches(':valid')")
    page.click("button[name=action][value=save]")
    page.wait_for_selector(".flash-success")
    db.session.expire_all()
    saved = db.session.get(type(scorecard.versions[0]), scorecard.versions[0].id).definition
    assert [(s["key"], [c["key"] for c in s["criteria"]]) for s in saved["sections"]] == [
        ("second", ["beta", "gamma"]), ("first", ["alpha"])]
    assert saved["sections"][0]["criteria"][1]["autoqa"] == {"rule": "tag_present",
                                                             "tags": ["agent.greeting", "reason.refund"]}
