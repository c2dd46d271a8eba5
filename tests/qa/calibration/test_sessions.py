"""Calibration sessions at the service: what a session refuses when it is made, scoring once per participant,
when the answers are revealed, and that nobody sees them before."""
from datetime import timedelta

import pytest

from qa.audit.models import AuditEntry
from qa.calibration.models import CalibrationParticipant
from qa.calibration.services import create_session, list_sessions, revealed, start_scoring
from qa.calibration.side_by_side import side_by_side
from qa.errors import Refused
from qa.extensions import db
from qa.notifications.models import Notification
from qa.reviews.models import EvaluationKind
from qa.roles import Role
from qa.timeutil import utcnow
from scorecards.services import retire_scorecard, start_new_draft
from tests.qa.calibration.session_builders import score_all, score_item, session_scene
from tests.qa.reviews.builders import make_person, published_scorecard, ready_chat
from tests.qa.reviews.review_scenes import autoqa_scorecard, good_chat
from transcription.models import InteractionStatus


@pytest.fixture
def people(app):
    return {"lead": make_person(Role.QA_LEAD), "a": make_person(Role.REVIEWER), "b": make_person(Role.REVIEWER),
            "agent": make_person(Role.AGENT)}


def _create(people, *, version_id=None, interactions=None, reviewers=None, deadline=None, autoqa=False,
            kind="calibration"):
    version_id = version_id or published_scorecard().versions[0].id
    interactions = interactions if interactions is not None else [ready_chat(people["agent"]).id]
    reviewers = reviewers if reviewers is not None else [people["a"].id, people["b"].id]
    return create_session("Calibration", version_id, interactions, reviewers,
                          deadline or utcnow() + timedelta(days=1), people["lead"].id, autoqa, kind=kind)


def test_a_session_invites_its_participants_and_is_audited(people):
    session = _create(people)
    db.session.commit()
    assert [p.reviewer_id for p in session.participants] == [people["a"].id, people["b"].id]
    invited = db.session.scalars(db.select(Notification).where(Notification.kind == "calibration.invited")).all()
    assert {n.user_id for n in invited} == {people["a"].id, people["b"].id}
    assert all(n.link == f"/calibration/{session.id}" for n in invited)
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "calibration.created"))
    assert entry.target_id == session.id and entry.actor_id == people["lead"].id


@pytest.mark.parametrize("reviewers, autoqa", [(["a"], False), ([], True), ([], False)])
def test_fewer_than_two_scorers_is_refused(people, reviewers, autoqa):
    version = autoqa_scorecard().versions[0]
    with pytest.raises(Refused, match="at least two scorers"):
        _create(people, version_id=version.id, reviewers=[people[r].id for r in reviewers], autoqa=autoqa)


def test_one_reviewer_and_autoqa_are_two_scorers_and_autoqa_answers_are_kept(people):
    version = autoqa_scorecard().versions[0]
    interaction = good_chat(people["agent"], "one reviewer and AutoQA")
    session = _create(people, version_id=version.id, interactions=[interaction.id], reviewers=[people["a"].id],
                      autoqa=True)
    assert session.items[0].autoqa_answers == {"greeting": "yes", "introduction": "yes", "further_help": "yes"}


def test_autoqa_cannot_take_part_on_a_version_it_cannot_answer(people):
    with pytest.raises(Refused, match="AutoQA answers none"):
        _create(people, reviewers=[people["a"].id], autoqa=True)


def test_an_interaction_not_ready_or_missing_is_refused(people):
    interaction = ready_chat(people["agent"])
    interaction.status = InteractionStatus.FAILED.value
    db.session.commit()
    with pytest.raises(Refused, match=f"Interaction {interaction.id} is failed"):
        _create(people, interactions=[interaction.id])
    with pytest.raises(Refused, match="There is no interaction 999999"):
        _create(people, interactions=[999999])
    with pytest.raises(Refused, match="at least one interaction"):
        _create(people, interactions=[])


def test_reviewers_who_cannot_take_part_are_refused(people):
    inactive = make_person(Role.REVIEWER)
    inactive.active = False
    trainer = make_person(Role.TRAINER)
    db.session.commit()
    with pytest.raises(Refused, match="deactivated"):
        _create(people, reviewers=[people["a"].id, inactive.id])
    with pytest.raises(Refused, match="not a QA reviewer"):
        _create(people, reviewers=[people["a"].id, trainer.id])
    own = ready_chat(people["b"])
    with pytest.raises(Refused, match=f"agent of interaction {own.id}"):
        _create(people, interactions=[ready_chat(people["agent"]).id, own.id])
    with pytest.raises(Refused, match="no user 999999"):
        _create(people, reviewers=[people["a"].id, 999999])


def test_a_deadline_in_the_past_or_a_retired_scorecard_is_refused(people):
    with pytest.raises(Refused, match="deadline is in the past"):
        _create(people, deadline=utcnow() - timedelta(minutes=1))
    card = published_scorecard()
    retire_scorecard(card.id, None)
    db.session.commit()
    with pytest.raises(Refused, match="retired"):
        _create(people, version_id=card.versions[0].id)


def test_a_draft_version_can_be_calibrated_on(people):
    card = published_scorecard()
    draft = start_new_draft(card.id, None)
    session = _create(people, version_id=draft.id)
    assert session.version.status == "draft"


def test_each_participant_scores_each_interaction_once(app):
    scene = session_scene()
    reviewer, session = scene.reviewers[0], scene.session
    first = start_scoring(session.id, session.items[0].id, reviewer.id)
    assert start_scoring(session.id, session.items[0].id, reviewer.id).id == first.id  # the draft again
    assert first.kind == EvaluationKind.CALIBRATION.value and first.calibration_item_id == session.items[0].id
    score_item(session, reviewer)
    with pytest.raises(Refused, match="scored this interaction for this session already"):
        start_scoring(session.id, session.items[0].id, reviewer.id)


def test_only_participants_score_and_only_while_open(app):
    scene = session_scene()
    session, outsider = scene.session, make_person(Role.REVIEWER)
    with pytest.raises(Refused, match="Only the session's participants"):
        start_scoring(session.id, session.items[0].id, outsider.id)
    with pytest.raises(Refused, match="not part of this session"):
        start_scoring(session.id, 999999, scene.reviewers[0].id)
    with pytest.raises(Refused, match="deadline has passed"):
        start_scoring(session.id, session.items[0].id, scene.reviewers[0].id,
                      now=session.deadline_at + timedelta(seconds=1))


def test_revealed_when_everyone_has_scored_everything(app):
    scene = session_scene()
    session = scene.session
    assert not revealed(session)
    score_all(session, scene.reviewers[0])
    score_item(session, scene.reviewers[1], 0)
    assert not revealed(session)
    score_item(session, scene.reviewers[1], 1)
    assert revealed(session)


def test_revealed_when_the_deadline_passes(app):
    scene = session_scene()
    session = scene.session
    assert not revealed(session, now=session.deadline_at - timedelta(seconds=1))
    assert revealed(session, now=session.deadline_at)


def test_nobody_sees_the_answers_before_the_reveal(app):
    scene = session_scene()
    session = scene.session
    score_all(session, scene.reviewers[0])
    admin = make_person(Role.ADMIN)
    for viewer in (scene.lead, admin, scene.reviewers[0], scene.reviewers[1]):
        with pytest.raises(Refused, match="stay hidden"):
            side_by_side(session, viewer)
    with pytest.raises(Refused, match="Only the session's participants"):
        side_by_side(session, make_person(Role.REVIEWER))


def test_a_participant_sees_only_the_interactions_they_scored(app):
    scene = session_scene()
    session = scene.session
    score_all(session, scene.reviewers[0], {"greeting": "no"})
    score_item(session, scene.reviewers[1], 0)
    after = session.deadline_at + timedelta(seconds=1)
    board = side_by_side(session, scene.reviewers[1], now=after)
    assert [item.item.id for item in board.items] == [session.items[0].id]
    greeting = next(row for row in board.items[0].rows if row.criterion.key == "greeting")
    assert greeting.answers == {scene.reviewers[0].id: "no", scene.reviewers[1].id: "yes"} and greeting.disagree
    lead_board = side_by_side(session, scene.lead, now=after)
    assert len(lead_board.items) == 2
    late = make_person(Role.REVIEWER)
    session.participants.append(CalibrationParticipant(reviewer_id=late.id))  # invited after the others scored
    db.session.commit()
    with pytest.raises(Refused, match="you scored none"):
        side_by_side(session, late, now=after)


def test_a_score_submitted_after_the_deadline_does_not_count(app):
    scene = session_scene(interactions=1)
    session = scene.session
    score_item(session, scene.reviewers[0], answers={"greeting": "no"})
    late = score_item(session, scene.reviewers[1], submit=True)
    late.submitted_at = session.deadline_at + timedelta(minutes=5)
    db.session.commit()
    board = side_by_side(session, scene.lead, now=session.deadline_at + timedelta(hours=1))
    greeting = next(row for row in board.items[0].rows if row.criterion.key == "greeting")
    assert greeting.answers[scene.reviewers[1].id] is None


def test_leads_list_every_session_and_reviewers_their_own(app):
    scene = session_scene()
    other = session_scene()
    assert {s.id for s in list_sessions(scene.lead)} >= {scene.session.id, other.session.id}
    assert [s.id for s in list_sessions(scene.reviewers[0])] == [scene.session.id]
    assert list_sessions(scene.lead, scoring_only=True) == []
    assert list_sessions(make_person(Role.REVIEWER)) == []
