"""Who sees which evaluation, straight from the visibility query the pages and the API share."""
from qa.extensions import db
from qa.reviews.queries import visible_evaluations
from qa.reviews.services import AnswerInput, save_answers, start_evaluation, submit_evaluation
from qa.roles import Role
from qa.sampling.services import assign_interaction
from tests.qa.reviews.builders import (PERFECT_ANSWERS, draft_evaluation, make_person, published_scorecard,
                                      submitted_evaluation)


def _seen_by(user) -> set[int]:
    return set(db.session.scalars(visible_evaluations(user).with_only_columns(db.literal_column("evaluations.id"))))


def test_an_agent_sees_only_their_own_submitted_live_evaluations(app):
    agent, other = make_person(Role.AGENT), make_person(Role.AGENT)
    mine = submitted_evaluation(agent=agent)
    draft = draft_evaluation(agent=agent)
    calibration = draft_evaluation(agent=agent, kind="calibration")
    submit_evaluation(calibration.id, calibration.reviewer_id)
    theirs = submitted_evaluation(agent=other)
    db.session.commit()
    assert _seen_by(agent) == {mine.id}
    assert {draft.id, calibration.id, theirs.id}.isdisjoint(_seen_by(agent))


def test_a_reviewer_who_is_also_an_agent_sees_the_reviews_of_their_own_work(app):
    both = make_person(Role.REVIEWER, Role.AGENT)
    of_me = submitted_evaluation(agent=both)
    by_me = draft_evaluation(reviewer=both)
    someone_elses = submitted_evaluation()
    assert _seen_by(both) == {of_me.id, by_me.id}
    assert someone_elses.id not in _seen_by(both)


def test_a_lead_with_an_open_assignment_on_an_interaction_is_blind_to_its_other_reviews(app):
    lead, trainer = make_person(Role.QA_LEAD), make_person(Role.TRAINER)
    scorecard = published_scorecard()
    first = submitted_evaluation(scorecard=scorecard)
    assert first.id in _seen_by(lead) and first.id in _seen_by(trainer)
    assignment = assign_interaction(first.interaction_id, lead.id, scorecard.id)
    db.session.commit()
    assert first.id not in _seen_by(lead)
    assert first.id in _seen_by(trainer)
    mine = start_evaluation(first.interaction_id, lead.id, assignment_id=assignment.id)
    save_answers(mine.id, lead.id, {key: AnswerInput(value) for key, value in PERFECT_ANSWERS.items()},
                 base_revision=mine.revision)
    assert first.id not in _seen_by(lead)
    submit_evaluation(mine.id, lead.id)
    db.session.commit()
    assert {first.id, mine.id} <= _seen_by(lead)
