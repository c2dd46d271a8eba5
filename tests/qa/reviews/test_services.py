"""The review services (qa.reviews.services): starting with AutoQA pre-filled, autosave against a revision,
submitting once, switching from a retired version, and the refusals that keep data safe."""
import pytest

from qa.audit.models import AuditEntry
from qa.errors import Refused
from qa.extensions import db
from qa.notifications.models import Notification
from qa.reviews.models import Evaluation
from qa.reviews.moments import pin_moment, remove_moment
from qa.reviews.services import (MAX_SECONDS_PER_SAVE, AnswerInput, save_answers, start_evaluation,
                                 submit_evaluation, switch_version)
from qa.roles import Role
from qa.sampling.models import AssignmentStatus
from qa.sampling.services import reassign_assignment
from scorecards.services import publish_version, retire_scorecard, save_draft, start_new_draft
from tests.qa.reviews.builders import make_person
from tests.qa.reviews.review_scenes import AUTOQA_DEFINITION, assigned_review, autoqa_scorecard, good_chat
from transcription.imports import ImportOptions, import_file

REST = {"courtesy": AnswerInput("4")}


def started(reviewer=None, agent=None, scorecard=None):
    reviewer = reviewer or make_person(Role.REVIEWER)
    agent = agent or make_person(Role.AGENT)
    interaction = good_chat(agent, f"{reviewer.email} on {agent.email}")
    evaluation = start_evaluation(interaction.id, reviewer.id, scorecard_id=(scorecard or autoqa_scorecard()).id)
    db.session.commit()
    return evaluation


def values(evaluation):
    db.session.expire_all()
    return {a.criterion_key: a.value for a in db.session.get(Evaluation, evaluation.id).answers}


def test_a_new_review_is_pre_filled_by_autoqa_with_its_reason_and_evidence(app):
    evaluation = started()
    greeting = evaluation.answer_for("greeting")
    assert (greeting.value, greeting.autoqa_value) == ("yes", "yes")
    assert greeting.autoqa_reason == "Greeting found in the agent's first turn."
    assert [item["position"] for item in greeting.autoqa_evidence] == [0]
    assert values(evaluation) == {"greeting": "yes", "introduction": "yes", "further_help": "yes", "courtesy": None}
    assert evaluation.answer_for("courtesy").autoqa_value is None  # no rule: the reviewer answers it


def test_starting_again_returns_the_same_draft(app):
    evaluation = started()
    again = start_evaluation(evaluation.interaction_id, evaluation.reviewer_id,
                             scorecard_id=evaluation.version.scorecard_id)
    assert again.id == evaluation.id


def test_nobody_reviews_their_own_interaction(app):
    both = make_person(Role.REVIEWER, Role.AGENT)
    interaction = good_chat(both, "own")
    with pytest.raises(Refused, match="Nobody reviews their own interaction"):
        start_evaluation(interaction.id, both.id, scorecard_id=autoqa_scorecard().id)


def test_an_interaction_that_is_not_ready_cannot_be_reviewed(app):
    [result] = import_file(b"Agent: Hello\nCustomer: hi\n", "waiting.txt", ImportOptions())
    db.session.commit()  # no processing job has run: it is still "received"
    with pytest.raises(Refused, match="is received; it can be reviewed once it is ready"):
        start_evaluation(result.interaction_id, make_person(Role.REVIEWER).id, scorecard_id=autoqa_scorecard().id)


@pytest.mark.parametrize("role", [Role.AGENT, Role.TRAINER])
def test_only_reviewers_review(app, role):
    interaction = good_chat(make_person(Role.AGENT), f"not for a {role.value}")
    with pytest.raises(Refused, match="Only an active reviewer or QA lead"):
        start_evaluation(interaction.id, make_person(role).id, scorecard_id=autoqa_scorecard().id)


def test_a_save_from_a_stale_page_is_refused_and_overwrites_nothing(app):
    evaluation = started()
    loaded_at = evaluation.revision
    save_answers(evaluation.id, evaluation.reviewer_id, {"greeting": AnswerInput("no", "Too late")},
                 base_revision=loaded_at)
    db.session.commit()
    with pytest.raises(Refused, match="changed in another window"):
        save_answers(evaluation.id, evaluation.reviewer_id, {"greeting": AnswerInput("yes")}, base_revision=loaded_at)
    db.session.rollback()
    assert values(evaluation)["greeting"] == "no"
    assert db.session.get(Evaluation, evaluation.id).answer_for("greeting").comment == "Too late"


def test_saved_time_is_capped_per_save_and_never_negative(app):
    evaluation = started()
    save_answers(evaluation.id, evaluation.reviewer_id, {}, base_revision=evaluation.revision, seconds=45)
    save_answers(evaluation.id, evaluation.reviewer_id, {}, base_revision=evaluation.revision, seconds=10_000)
    save_answers(evaluation.id, evaluation.reviewer_id, {}, base_revision=evaluation.revision, seconds=-30)
    assert evaluation.seconds_spent == 45 + MAX_SECONDS_PER_SAVE


def test_an_answer_the_criterion_does_not_allow_is_refused(app):
    evaluation = started()
    with pytest.raises(Refused, match='"maybe" is not an answer'):
        save_answers(evaluation.id, evaluation.reviewer_id, {"greeting": AnswerInput("maybe")},
                     base_revision=evaluation.revision)


def test_an_incomplete_review_cannot_be_submitted(app):
    evaluation = started()
    with pytest.raises(Refused, match="Still open: How courteous was the agent?"):
        submit_evaluation(evaluation.id, evaluation.reviewer_id)
    db.session.rollback()
    assert db.session.get(Evaluation, evaluation.id).status == "draft"


def test_submitting_stores_the_breakdown_audits_tells_the_agent_and_completes_the_assignment(app):
    reviewer = make_person(Role.REVIEWER)
    assignment = assigned_review(reviewer)
    evaluation = start_evaluation(0, reviewer.id, assignment_id=assignment.id)
    save_answers(evaluation.id, reviewer.id, {"further_help": AnswerInput("no"), **REST},
                 base_revision=evaluation.revision)
    submit_evaluation(evaluation.id, reviewer.id, seconds=30)
    db.session.commit()
    # Opening 100 %; closing: further help 0 of 1, courtesy 4 on 1-5 = 0.75 → 37.5 %; total 68.75.
    assert evaluation.score == pytest.approx(68.75) and evaluation.passed is False
    assert [s["percent"] for s in evaluation.breakdown["sections"]] == [100.0, 37.5]
    assert evaluation.answer_for("further_help").overridden and not evaluation.answer_for("greeting").overridden
    assert sum(a.earned for a in evaluation.answers) == pytest.approx(68.75)
    assert evaluation.seconds_spent == 30 and evaluation.submitted_at is not None
    assert assignment.status == AssignmentStatus.DONE.value
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "evaluation.submitted")).target_id \
        == evaluation.id
    assert db.session.scalar(db.select(Notification.link).where(Notification.user_id == evaluation.agent_id,
                                                                Notification.kind == "evaluation.submitted")) \
        == f"/evaluations/{evaluation.id}"


def test_a_second_submit_is_refused_and_changes_nothing(app):
    evaluation = started()
    save_answers(evaluation.id, evaluation.reviewer_id, REST, base_revision=evaluation.revision)
    submit_evaluation(evaluation.id, evaluation.reviewer_id)
    db.session.commit()
    with pytest.raises(Refused, match="submitted already"):
        submit_evaluation(evaluation.id, evaluation.reviewer_id)
    with pytest.raises(Refused, match="submitted already"):
        save_answers(evaluation.id, evaluation.reviewer_id, {"greeting": AnswerInput("no")},
                     base_revision=evaluation.revision)
    db.session.rollback()
    assert values(evaluation)["greeting"] == "yes"
    assert len(db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "evaluation.submitted")).all()) == 1


def test_a_submit_racing_another_is_refused_by_the_single_update(app):
    """Another process submits between this one reading the draft and writing it: one UPDATE decides."""
    evaluation = started()
    save_answers(evaluation.id, evaluation.reviewer_id, REST, base_revision=evaluation.revision)
    db.session.commit()
    assert evaluation.status == "draft"  # this session's copy, as loaded before the other submit
    db.session.execute(db.update(Evaluation).where(Evaluation.id == evaluation.id).values(status="submitted")
                       .execution_options(synchronize_session=False))
    with pytest.raises(Refused, match=r"^This evaluation was submitted already\.$"):
        submit_evaluation(evaluation.id, evaluation.reviewer_id)


def test_two_reviewers_on_one_assignment_one_submits_and_the_other_keeps_their_draft(app):
    first, second = make_person(Role.REVIEWER), make_person(Role.REVIEWER)
    assignment = assigned_review(first)
    early = start_evaluation(0, first.id, assignment_id=assignment.id)
    save_answers(early.id, first.id, {"greeting": AnswerInput("no", "Mumbled")}, base_revision=early.revision)
    reassign_assignment(assignment.id, second.id, "First reviewer is away", None)
    late = start_evaluation(0, second.id, assignment_id=assignment.id)
    save_answers(late.id, second.id, REST, base_revision=late.revision)
    submit_evaluation(late.id, second.id)
    db.session.commit()
    with pytest.raises(Refused, match=f"That assignment is {second.name}'s"):
        start_evaluation(0, first.id, assignment_id=assignment.id)
    db.session.rollback()
    kept = db.session.get(Evaluation, early.id)
    assert kept.assignment_id is None and kept.status == "draft"
    assert (kept.answer_for("greeting").value, kept.answer_for("greeting").comment) == ("no", "Mumbled")


def new_version(scorecard, change):
    definition = {**AUTOQA_DEFINITION, "sections": [dict(s, criteria=[dict(c) for c in s["criteria"]])
                                                    for s in AUTOQA_DEFINITION["sections"]]}
    change(definition)
    draft = start_new_draft(scorecard.id, None)
    save_draft(draft.id, definition, draft.revision, None)
    publish_version(draft.id, None)
    db.session.commit()
    return draft


def add_empathy(definition):
    definition["sections"][1]["criteria"].append(
        {"key": "empathy", "question": "Did the agent show empathy?", "answer_type": "yes_no", "weight": 1})


def test_a_review_of_a_retired_version_is_refused_with_the_way_out_and_loses_nothing(app):
    scorecard = autoqa_scorecard()
    evaluation = started(scorecard=scorecard)
    save_answers(evaluation.id, evaluation.reviewer_id, {"courtesy": AnswerInput("5", "Lovely")},
                 base_revision=evaluation.revision)
    db.session.commit()
    v2 = new_version(scorecard, add_empathy)
    with pytest.raises(Refused, match=f"v1 was retired after you started. Switch this review to v{v2.number}"):
        submit_evaluation(evaluation.id, evaluation.reviewer_id)
    db.session.rollback()
    switched = switch_version(evaluation.id, evaluation.reviewer_id)
    db.session.commit()
    assert switched.version.number == 2
    assert values(switched) == {"greeting": "yes", "introduction": "yes", "further_help": "yes", "courtesy": "5",
                                "empathy": None}
    assert switched.answer_for("courtesy").comment == "Lovely"
    save_answers(switched.id, switched.reviewer_id, {"empathy": AnswerInput("yes")}, base_revision=switched.revision)
    assert submit_evaluation(switched.id, switched.reviewer_id).score == pytest.approx(100)


def test_a_retired_scorecard_leaves_nothing_to_switch_to(app):
    scorecard = autoqa_scorecard()
    evaluation = started(scorecard=scorecard)
    retire_scorecard(scorecard.id, None)
    db.session.commit()
    with pytest.raises(Refused, match="no published version to switch to"):
        submit_evaluation(evaluation.id, evaluation.reviewer_id)
    with pytest.raises(Refused, match="no published version to review with"):
        switch_version(evaluation.id, evaluation.reviewer_id)


def test_moments_are_pinned_to_real_lines_of_ones_own_draft(app):
    evaluation = started()
    moment = pin_moment(evaluation.id, evaluation.reviewer_id, 3, "  Offered more help here  ", "further_help")
    assert (moment.position, moment.text, moment.criterion_key) == (3, "Offered more help here", "further_help")
    with pytest.raises(Refused, match="has no line 100"):
        pin_moment(evaluation.id, evaluation.reviewer_id, 99, "Nowhere")
    with pytest.raises(Refused, match="Write the comment"):
        pin_moment(evaluation.id, evaluation.reviewer_id, 0, "   ")
    with pytest.raises(Refused, match='"tone" is not a criterion'):
        pin_moment(evaluation.id, evaluation.reviewer_id, 0, "Hmm", "tone")
    with pytest.raises(Refused, match="another reviewer's evaluation"):
        pin_moment(evaluation.id, make_person(Role.REVIEWER).id, 0, "Not mine")
    remove_moment(evaluation.id, evaluation.reviewer_id, moment.id)
    assert evaluation.moments == []
