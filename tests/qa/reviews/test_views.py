"""The review pages through a test client: queue, start, the review page, autosave, submit, switch, moments,
and blindness: nobody sees another review of an interaction while their own is unsubmitted."""
import re

import pytest

from qa.extensions import db
from qa.reviews.models import Evaluation
from qa.reviews.services import AnswerInput, save_answers, start_evaluation, submit_evaluation
from qa.roles import Role
from tests.qa.reviews.builders import make_person
from tests.qa.reviews.review_scenes import assigned_review, autoqa_scorecard, good_chat
from tests.qa.reviews.test_services import add_empathy, new_version
from tests.support import csrf_token, login, post_form
from transcription.imports import ImportOptions, import_file


def client_of(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def reviewing(app, reviewer=None, **options):
    """A reviewer's client and their started review of a fresh assignment."""
    reviewer = reviewer or make_person(Role.REVIEWER)
    assignment = assigned_review(reviewer, **options)
    client = client_of(app, reviewer)
    response = post_form(client, "/reviews/start", {"assignment_id": assignment.id}, token_from="/reviews/")
    assert response.status_code == 302, response.get_data(as_text=True)
    evaluation = db.session.scalar(db.select(Evaluation).where(Evaluation.assignment_id == assignment.id))
    assert response.headers["Location"] == f"/reviews/{evaluation.id}"
    return client, evaluation


def autosave(client, evaluation, answers, *, revision=None, seconds=5, token=None, **extra):
    token = token or csrf_token(client, f"/reviews/{evaluation.id}")
    db.session.expire_all()
    body = {"base_revision": revision if revision is not None else db.session.get(Evaluation, evaluation.id).revision,
            "seconds": seconds, "answers": answers, **extra}
    return client.post(f"/reviews/{evaluation.id}/autosave", json=body, headers={"X-CSRFToken": token})


def stored(evaluation):
    db.session.expire_all()
    return db.session.get(Evaluation, evaluation.id)


FULL_FORM = {"answer-greeting": "yes", "answer-introduction": "yes", "answer-further_help": "no",
             "answer-courtesy": "5", "comment-further_help": "Never offered", "overall_comment": "Good start"}


def test_the_queue_lists_assignments_with_due_dates_and_marks_overdue_ones(app):
    reviewer = make_person(Role.REVIEWER)
    agent = make_person(Role.AGENT, name="Alex Agent")
    late = assigned_review(reviewer, agent=agent, due_in_days=-1)
    soon = assigned_review(reviewer, due_in_days=3)
    page = client_of(app, reviewer).get("/reviews/").get_data(as_text=True)
    rows = re.findall(r'<tr data-assignment="(\d+)" class="(\w*)">', page)
    assert rows == [(str(late.id), "overdue"), (str(soon.id), "")]
    assert "Alex Agent" in page and "chat" in page and late.scorecard.name in page
    assert page.count(">overdue</span>") == 1


def test_the_review_page_shows_each_question_with_autoqa_its_reason_and_evidence(app):
    client, evaluation = reviewing(app)
    page = client.get(f"/reviews/{evaluation.id}").get_data(as_text=True)
    greeting = page[page.index('data-testid="autoqa-greeting"'):page.index('id="criterion-introduction"')]
    assert "AutoQA: yes</span> — Greeting found in the agent&#39;s first turn." in greeting
    assert 'data-jump-to="0"' in greeting and "“Hello”" in greeting
    assert re.search(r'data-overridden hidden>Overridden', greeting)
    assert 'name="answer-greeting" value="yes" checked' in page
    assert "<summary>Guidance</summary>" in page
    assert 'data-transcript' in page and "the refund went out today" in page  # the interaction beside it
    assert "1 question still open." in page


def test_the_interaction_page_offers_reviewers_a_review_and_not_agents(app, client_for):
    agent = make_person(Role.AGENT)
    interaction = good_chat(agent, "offered")
    scorecard = autoqa_scorecard()
    reviewer = client_for(Role.REVIEWER)
    page = reviewer.get(f"/interactions/{interaction.id}").get_data(as_text=True)
    assert 'data-testid="review-this"' in page and f'<option value="{scorecard.id}">' in page
    response = post_form(reviewer, "/reviews/start", {"interaction": str(interaction.id), "scorecard_id": scorecard.id})
    assert response.status_code == 302
    assert "Continue your review" in reviewer.get(f"/interactions/{interaction.id}").get_data(as_text=True)
    own = client_of(app, agent).get(f"/interactions/{interaction.id}").get_data(as_text=True)
    assert 'data-testid="review-this"' not in own


def test_any_interaction_can_be_started_from_a_pasted_link(client_for):
    interaction, scorecard = good_chat(make_person(Role.AGENT), "linked"), autoqa_scorecard()
    client = client_for(Role.QA_LEAD)
    response = post_form(client, "/reviews/start", {
        "interaction": f"https://qa.example.com/interactions/{interaction.id}#line-2", "scorecard_id": scorecard.id})
    assert response.status_code == 302
    assert db.session.get(Evaluation, int(response.headers["Location"].rsplit("/", 1)[1])).interaction_id \
        == interaction.id


@pytest.mark.parametrize("case", ["gibberish", "not ready", "own"])
def test_a_review_that_cannot_start_says_why(app, case):
    both = make_person(Role.REVIEWER, Role.AGENT)
    scorecard = autoqa_scorecard()
    if case == "not ready":
        [result] = import_file(b"Agent: Hi\n", "pending.txt", ImportOptions())
        db.session.commit()
        reference = str(result.interaction_id)
    else:
        reference = "the one from Tuesday" if case == "gibberish" else str(good_chat(both, "mine").id)
    response = post_form(client_of(app, both), "/reviews/start", {"interaction": reference, "scorecard_id": scorecard.id})
    assert response.status_code == 400
    message = {"gibberish": "Give the interaction&#39;s number", "not ready": "it can be reviewed once it is ready",
               "own": "Nobody reviews their own interaction."}[case]
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Evaluation.id))) == 0


def test_autosave_stores_answers_records_overrides_and_time_and_returns_the_live_score(app):
    client, evaluation = reviewing(app)
    response = autosave(client, evaluation, {"further_help": {"value": "no", "comment": "None offered"},
                                             "courtesy": {"value": "3", "comment": ""}},
                        overall_comment="Fine", seconds=42)
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert data["ok"] and data["revision"] == evaluation.revision + 1
    assert data["overridden"] == ["further_help"]
    # Opening 100 %; closing: no further help (0) and courtesy 3 of 1-5 (0.5) → 25 %; total 62.5 %.
    assert data["breakdown"]["complete"] and data["breakdown"]["total"] == pytest.approx(62.5)
    saved = stored(evaluation)
    assert saved.answer_for("further_help").overridden and saved.answer_for("further_help").comment == "None offered"
    assert (saved.overall_comment, saved.seconds_spent) == ("Fine", 42)


def test_a_stale_autosave_gets_the_servers_message_and_overwrites_nothing(app):
    client, evaluation = reviewing(app)
    loaded_at = evaluation.revision
    assert autosave(client, evaluation, {"courtesy": {"value": "5"}}, revision=loaded_at).status_code == 200
    response = autosave(client, evaluation, {"courtesy": {"value": "1"}}, revision=loaded_at)
    assert response.status_code == 409
    assert response.get_json()["stale"] and "changed in another window" in response.get_json()["error"]
    assert stored(evaluation).answer_for("courtesy").value == "5"


@pytest.mark.parametrize("body, message", [
    (None, "must be a JSON object"),
    ({"answers": {}}, "needs the revision"),
    ({"base_revision": 1, "answers": {"greeting": "yes"}}, "must be an object"),
    ({"base_revision": 1, "answers": {"greeting": {"value": "perhaps"}}}, '"perhaps" is not an answer'),
    ({"base_revision": 1, "answers": {"tone": {"value": "yes"}}}, '"tone" is not a criterion'),
])
def test_a_malformed_autosave_is_a_400_with_the_reason(app, body, message):
    client, evaluation = reviewing(app)
    response = client.post(f"/reviews/{evaluation.id}/autosave", json=body,
                           headers={"X-CSRFToken": csrf_token(client, "/reviews/")})
    assert response.status_code == 400 and message in response.get_json()["error"]
    assert stored(evaluation).revision == evaluation.revision


def test_autosave_without_the_csrf_header_is_refused(app):
    client, evaluation = reviewing(app)
    response = client.post(f"/reviews/{evaluation.id}/autosave", json={"base_revision": 1, "answers": {}})
    assert response.status_code == 400 and stored(evaluation).revision == evaluation.revision


def test_submitting_the_plain_form_scores_it_and_the_page_turns_read_only(app):
    client, evaluation = reviewing(app)
    response = post_form(client, f"/reviews/{evaluation.id}/submit",
                         {**FULL_FORM, "base_revision": evaluation.revision, "seconds": 90},
                         token_from=f"/reviews/{evaluation.id}")
    assert response.status_code == 302
    saved = stored(evaluation)
    assert response.headers["Location"] == f"/evaluations/{saved.id}"
    assert (saved.status, saved.score, saved.seconds_spent) == ("submitted", pytest.approx(75), 90)
    assert saved.answer_for("further_help").comment == "Never offered" and saved.overall_comment == "Good start"
    page = client.get(f"/reviews/{saved.id}").get_data(as_text=True)
    assert 'data-testid="read-only"' in page and "data-review-form" not in page
    assert 'value="no" checked disabled' in page and "75.0%" in page
    again = post_form(client, f"/reviews/{saved.id}/submit", {**FULL_FORM, "answer-courtesy": "1",
                                                              "base_revision": saved.revision})
    assert again.status_code == 400 and "submitted already" in again.get_data(as_text=True)
    assert stored(evaluation).score == pytest.approx(75)


def test_an_incomplete_submit_keeps_the_answers_and_says_what_is_open(app):
    client, evaluation = reviewing(app)
    form = {**FULL_FORM, "base_revision": evaluation.revision}
    del form["answer-courtesy"]
    response = post_form(client, f"/reviews/{evaluation.id}/submit", form, token_from=f"/reviews/{evaluation.id}")
    assert response.status_code == 400
    assert "Still open: How courteous was the agent?" in response.get_data(as_text=True)
    saved = stored(evaluation)
    assert saved.status == "draft" and saved.answer_for("further_help").comment == "Never offered"


def test_a_submit_from_a_stale_page_shows_what_was_sent_and_stores_nothing(app):
    client, evaluation = reviewing(app)
    loaded_at = evaluation.revision
    autosave(client, evaluation, {"courtesy": {"value": "2"}})  # another tab saves first
    response = post_form(client, f"/reviews/{evaluation.id}/submit", {**FULL_FORM, "base_revision": loaded_at},
                         token_from="/reviews/")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "changed in another window" in page
    assert 'name="answer-courtesy" value="5" checked' in page  # what this page sent, not lost
    assert f'name="base_revision" value="{loaded_at + 1}"' in page
    saved = stored(evaluation)
    assert saved.status == "draft" and saved.answer_for("courtesy").value == "2"


def test_a_retired_version_shows_the_switch_and_answers_carry_over(app):
    scorecard = autoqa_scorecard()
    client, evaluation = reviewing(app, scorecard=scorecard)
    autosave(client, evaluation, {"courtesy": {"value": "4", "comment": "Kind"}})
    new_version(scorecard, add_empathy)
    page = client.get(f"/reviews/{evaluation.id}").get_data(as_text=True)
    assert 'data-testid="retired"' in page and "Switch to v2 (your answers carry over)" in page
    response = post_form(client, f"/reviews/{evaluation.id}/submit",
                         {**FULL_FORM, "base_revision": stored(evaluation).revision}, token_from="/reviews/")
    assert response.status_code == 400 and "v1 was retired after you started" in response.get_data(as_text=True)
    assert stored(evaluation).answer_for("courtesy").value == "5"  # the posted answers were saved
    assert post_form(client, f"/reviews/{evaluation.id}/switch-version", token_from="/reviews/").status_code == 302
    saved = stored(evaluation)
    assert saved.version.number == 2 and saved.answer_for("courtesy").value == "5"
    assert saved.answer_for("empathy").value is None
    assert 'data-testid="retired"' not in client.get(f"/reviews/{evaluation.id}").get_data(as_text=True)


def test_another_reviewers_review_is_not_found(app):
    _, evaluation = reviewing(app)
    other = client_of(app, make_person(Role.QA_LEAD))
    token = csrf_token(other, "/reviews/")
    assert other.get(f"/reviews/{evaluation.id}").status_code == 404
    assert other.post(f"/reviews/{evaluation.id}/autosave", json={"base_revision": 1, "answers": {}},
                      headers={"X-CSRFToken": token}).status_code == 404
    assert other.post(f"/reviews/{evaluation.id}/submit", data={"csrf_token": token}).status_code == 404


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.QA_LEAD], ids=lambda role: role.value)
def test_reviews_are_blind_until_ones_own_is_submitted(app, role):
    agent, first, second = make_person(Role.AGENT), make_person(Role.REVIEWER, name="Fran First"), \
        make_person(role, name="Sam Second")
    interaction, scorecard = good_chat(agent, "blind"), autoqa_scorecard()
    done = start_evaluation(interaction.id, first.id, scorecard_id=scorecard.id)
    save_answers(done.id, first.id, {"courtesy": AnswerInput("3")}, base_revision=done.revision)  # 87.5 %
    submit_evaluation(done.id, first.id)
    db.session.commit()
    client = client_of(app, second)
    response = post_form(client, "/reviews/start", {"interaction": str(interaction.id), "scorecard_id": scorecard.id})
    mine = int(response.headers["Location"].rsplit("/", 1)[1])
    for page in (client.get(f"/reviews/{mine}").get_data(as_text=True), client.get("/reviews/").get_data(as_text=True)):
        assert "Fran First" not in page and "87.5%" not in page and 'data-testid="other-reviews"' not in page
    assert 'data-testid="blind-note"' in client.get(f"/reviews/{mine}").get_data(as_text=True)
    submitted = post_form(client, f"/reviews/{mine}/submit",
                          {**FULL_FORM, "base_revision": db.session.get(Evaluation, mine).revision},
                          token_from="/reviews/")
    assert submitted.status_code == 302
    after = client.get(f"/reviews/{mine}").get_data(as_text=True)
    others = after[after.index('data-testid="other-reviews"'):]
    assert "Fran First" in others and "87.5%" in others


def test_moments_are_pinned_by_form_or_json_and_shown(app):
    client, evaluation = reviewing(app)
    token = csrf_token(client, f"/reviews/{evaluation.id}")
    response = client.post(f"/reviews/{evaluation.id}/moments",
                           data={"csrf_token": token, "position": "0", "criterion_key": "greeting",
                                 "text": "<b>Warm</b> hello"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#moments")
    by_json = client.post(f"/reviews/{evaluation.id}/moments", json={"position": 3, "text": "Offer of more help"},
                          headers={"X-CSRFToken": token})
    assert by_json.status_code == 200 and by_json.get_json()["moment"]["position"] == 3
    bad = client.post(f"/reviews/{evaluation.id}/moments", json={"position": 40, "text": "x"},
                      headers={"X-CSRFToken": token})
    assert bad.status_code == 400 and "has no line 41" in bad.get_json()["error"]
    page = client.get(f"/reviews/{evaluation.id}").get_data(as_text=True)
    assert "&lt;b&gt;Warm&lt;/b&gt; hello" in page and "<b>Warm</b>" not in page
    assert '<a href="#line-3">Line 4</a>' in page and "(Did the agent greet the customer?)" in page
    moment = stored(evaluation).moments[0]
    assert client.post(f"/reviews/{evaluation.id}/moments/{moment.id}/delete",
                       data={"csrf_token": token}).status_code == 302
    assert [m.text for m in stored(evaluation).moments] == ["Offer of more help"]


def test_a_submit_without_its_revision_is_refused_and_stores_nothing(app):
    client, evaluation = reviewing(app)
    response = post_form(client, f"/reviews/{evaluation.id}/submit", FULL_FORM, token_from="/reviews/")
    assert response.status_code == 400 and "arrived incomplete or altered" in response.get_data(as_text=True)
    assert stored(evaluation).status == "draft" and stored(evaluation).revision == evaluation.revision
